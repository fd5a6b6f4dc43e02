import type { Told } from '../audit/record';
import type { OutputFinding } from '../output/scan';
import { ok, type Result } from '../result';
import type { Decision, Verdict } from '../verdict';
import { str, type JsonObject } from './fields';
import { globSearchRoot } from './globs';
import { mcpToolPart } from './mcp';
import { OutcomeBuilder } from './outcome';
import type { AgentId, HookAdapter, HookRequest, HookResponse } from './types';
import { cannotAsk, describe, failedClosed, runsCodeUnhooked } from './verdicts';
import { readToolEnvelope } from './envelope';
import { cutDenied, readResultPayload, resultError, resultFacts, warningMessage, withheldMessage, type ResultAdapter, type ResultRequest } from './results';
import { agentRegistry } from './registry';

/**
 * Claude Code `PreToolUse` hooks (code.claude.com/docs/en/hooks).
 * In: `{session_id, transcript_path, cwd, permission_mode, hook_event_name, tool_name, tool_input, tool_use_id}`.
 * Out: `hookSpecificOutput.permissionDecision` allow/deny/ask on stdout with exit 0, or exit 2 with the reason on
 * stderr (stdout ignored), which blocks in every version. VS Code and Codex read the same output.
 */

/** `hookSpecificOutput` for a decision, as Claude Code, VS Code and Codex read it. */
export const preToolUseOutput = (decision: 'allow' | 'deny' | 'ask', reason: string): string =>
  `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } })}\n`;

/** A deny by exit code 2, the blocking convention of Claude Code, VS Code, Codex and Gemini CLI; stdout mirrors it. */
export const exit2Deny = (stdout: string, reason: string): HookResponse => ({ stdout, stderr: `${reason}\n`, exitCode: 2 });

/** "No objection": exit 0 and no decision, so the agent's own permission rules and prompts still apply. */
export const noObjection: HookResponse = { stdout: '{}\n', stderr: '', exitCode: 0 };

/** Permission modes in which Claude Code shows a hook's "ask" as a prompt. In `auto`, `dontAsk` and
 * `bypassPermissions` an "ask" has been seen to run the tool unasked (anthropics/claude-code #77212, #89561). */
const askingModes = new Set(['default', 'acceptEdits', 'plan']);

/**
 * Claude Code's tools that change nothing on the machine and reach nothing outside the agent: task lists, questions,
 * messages between its agents, its own background tasks, session-only schedules, and sub-agents and skills, whose
 * own tool calls come through this hook again. Read from the tool list Claude Code 2.1.197 sends to its model,
 * with each tool's description (the agents test tier captures it), and from code.claude.com/docs/en/tools.
 */
const inertTools = new Set([
  'TodoWrite',
  'TodoRead',
  'Task',
  'Agent',
  'AskUserQuestion',
  'ExitPlanMode',
  'EnterPlanMode',
  'BashOutput',
  'TaskOutput',
  'TaskCreate',
  'TaskGet',
  'TaskList',
  'TaskUpdate',
  'TaskStop',
  'KillShell',
  'KillBash',
  'WebSearch',
  'ListMcpResourcesTool',
  'ToolSearch',
  'CronList',
  'CronDelete',
  'ScheduleWakeup',
  'SendMessage',
  'Skill',
  'ReportFindings',
]);

export function claudeToolActions(b: OutcomeBuilder, tool: string, input: JsonObject): void {
  switch (tool) {
    case 'Bash':
      b.exec(str(input, 'command'));
      return;
    case 'Write':
    case 'Edit':
    case 'MultiEdit':
      b.write(str(input, 'file_path'), 'file_path');
      return;
    case 'NotebookEdit':
      b.write(str(input, 'notebook_path'), 'notebook_path');
      return;
    case 'Read':
      b.read(str(input, 'file_path'), 'file_path');
      return;
    case 'NotebookRead':
      b.read(str(input, 'notebook_path'), 'notebook_path');
      return;
    case 'Glob': {
      // The pattern can search outside `path`: an absolute one is searched from its own folder.
      const pattern = str(input, 'pattern');
      b.read(pattern !== undefined ? globSearchRoot(pattern, str(input, 'path')) : undefined, 'pattern');
      return;
    }
    case 'Grep':
    case 'LS':
      b.read(str(input, 'path') ?? '.');
      return;
    case 'WebFetch':
      b.fetch(str(input, 'url'));
      return;
    case 'ReadMcpResourceTool':
      b.mcp('read_resource', input);
      return;
    case 'CronCreate':
      // A durable job is kept in the project's .claude/scheduled_tasks.json and runs in later sessions; a
      // session-only one dies with the session, and what it prompts comes through this hook when it fires.
      if (input.durable === true) b.write('.claude/scheduled_tasks.json');
      else b.inert();
      return;
    case 'EnterWorktree':
      // A new git worktree: a folder of its own (under .claude/worktrees unless a path is given).
      b.write(str(input, 'path') ?? `.claude/worktrees/${str(input, 'name') ?? 'worktree'}`);
      return;
    case 'ExitWorktree':
      if (str(input, 'action') === 'remove' || input.discard_changes === true) b.unreadable("it removes the session's worktree, which the call does not name");
      else b.inert();
      return;
    case 'Workflow':
      b.verdict(runsCodeUnhooked(tool, 'runs a workflow script that starts agents from Claude Code itself'));
      return;
  }
  if (inertTools.has(tool)) b.inert();
  else if (tool.startsWith('mcp__')) b.mcp(mcpToolPart(tool), input);
  else b.unknown();
}

export const claude: HookAdapter = {
  agent: 'claude',
  name: agentRegistry.claude.name,
  events: ['PreToolUse'],
  projectDirEnv: 'CLAUDE_PROJECT_DIR',
  canAsk: (request) => request.permissionMode !== undefined && askingModes.has(request.permissionMode),
  parse(payload) {
    return parseSnakeCasePreToolUse(payload, 'claude', 'Claude Code', claudeToolActions);
  },
  respond(verdict, request) {
    return respondPreToolUse(claude, verdict, request);
  },
  respondToError(message) {
    const reason = failedClosed(message);
    return exit2Deny(preToolUseOutput('deny', reason), reason);
  },
};

/** The shared answer of agents that read `hookSpecificOutput` (Claude Code, VS Code). */
export function respondPreToolUse(adapter: HookAdapter, verdict: Verdict, request: HookRequest): HookResponse {
  if (verdict.decision === 'allow') return noObjection;
  if (verdict.decision === 'ask' && adapter.canAsk(request)) {
    return { stdout: preToolUseOutput('ask', describe(verdict)), stderr: '', exitCode: 0 };
  }
  const reason = verdict.decision === 'ask' ? cannotAsk(askRefusal(adapter.name, request), verdict) : describe(verdict);
  return exit2Deny(preToolUseOutput('deny', reason), reason);
}

function askRefusal(agentName: string, request: HookRequest): string {
  return request.permissionMode !== undefined
    ? `${agentName} in "${request.permissionMode}" mode may run a hook's "ask" without asking`
    : `${agentName} did not say which permission mode runs, and some run a hook's "ask" without asking`;
}

/** Claude Code and Codex send the same snake_case `PreToolUse` payload; only their tools differ. */
export function parseSnakeCasePreToolUse(
  payload: unknown,
  agent: AgentId,
  agentName: string,
  toolActions: (b: OutcomeBuilder, tool: string, input: JsonObject) => void,
): Result<HookRequest, string> {
  const envelope = readToolEnvelope(payload, { event: 'PreToolUse', eventKeys: ['hook_event_name'], sessionKeys: ['session_id'] });
  if (!envelope.ok) return envelope;
  const { event, tool, input, cwd, session } = envelope.value;
  const permissionMode = str(envelope.value.payload, 'permission_mode');
  const b = new OutcomeBuilder({ agent, channel: 'hook', ...(session ? { session } : {}) }, agentName, tool, cwd);
  toolActions(b, tool, input);
  const outcome = b.done();
  if (!outcome.ok) return outcome;
  return ok({
    agent,
    event,
    tool,
    ...(session ? { session } : {}),
    ...(cwd ? { cwd } : {}),
    roots: cwd ? [cwd] : [],
    ...outcome.value,
    ...(permissionMode ? { permissionMode } : {}),
  });
}

/**
 * Claude Code `PostToolUse`: the result is `tool_response` (Bash `{stdout, stderr, interrupted, …}`, Read
 * `{type, file: {content, …}}`, MCP content blocks). Claude Code 2.1 replaces the result the model reads with
 * `hookSpecificOutput.updatedToolOutput` when it has the tool's shape (read from 2.1.197's hook handling; MCP tools
 * take `updatedMCPToolOutput` in older versions), and shows `additionalContext` and a `"block"` decision's reason
 * to the model. Airlock sends the result with what the policy denies cut out, and the reason; a version that
 * ignores the replacement still tells the model.
 */
export const claudeResults: ResultAdapter = {
  // A command that fails comes back through PostToolUseFailure, as `error` (its output and exit code), and can
  // only be warned about: that event takes `additionalContext` alone.
  ...resultFacts('claude'),
  parse(payload) {
    return readResultPayload(
      payload,
      { ...resultFacts('claude'), eventKeys: ['hook_event_name'], sessionKeys: ['session_id'], responseKeys: ['tool_response', 'error'] },
      (b, tool, input) => claudeToolActions(b, tool, input),
    );
  },
  respond(verdict, request, findings, decide) {
    if (request.event === 'PostToolUseFailure') return warnOnly(verdict, request, findings, 'PostToolUseFailure');
    return respondPostToolUse(verdict, request, findings, decide);
  },
  respondToError: resultError,
};

/**
 * Where a hook cannot take a result back, the model is told what it holds: the result stands, with the reason
 * after it (`additionalContext`; VS Code also appends a `"block"` decision's reason).
 */
export function warnOnly(verdict: Verdict, request: ResultRequest, findings: readonly OutputFinding[], hookEventName: string, block = false): { response: HookResponse; told: Told } {
  if (verdict.decision === 'allow') return { response: noObjection, told: 'allow' };
  const message = warningMessage(request.tool, verdict, findings, verdict.decision === 'deny');
  const output = { ...(block && verdict.decision === 'deny' ? { decision: 'block', reason: message } : {}), hookSpecificOutput: { hookEventName, additionalContext: message } };
  return { response: { stdout: `${JSON.stringify(output)}\n`, stderr: '', exitCode: 0 }, told: 'warned' };
}

/** The `PostToolUse` answer of agents that read Claude Code's output (Claude Code, and VS Code's own reading of it). */
export function respondPostToolUse(
  verdict: Verdict,
  request: ResultRequest,
  findings: readonly OutputFinding[],
  decide: (f: OutputFinding) => Decision,
): { response: HookResponse; told: Told } {
  if (verdict.decision === 'allow') return { response: noObjection, told: 'allow' };
  if (verdict.decision === 'ask') {
    const context = warningMessage(request.tool, verdict, findings);
    return { response: { stdout: `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: context } })}\n`, stderr: '', exitCode: 0 }, told: 'warned' };
  }
  const { value } = cutDenied(request.response, decide);
  const reason = withheldMessage(request.tool, verdict, findings, true);
  const isMcp = request.tool.startsWith('mcp__');
  const output = {
    decision: 'block',
    reason,
    hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: reason, updatedToolOutput: value, ...(isMcp ? { updatedMCPToolOutput: value } : {}) },
  };
  return { response: { stdout: `${JSON.stringify(output)}\n`, stderr: '', exitCode: 0 }, told: 'withheld' };
}
