import type { Verdict } from '../verdict';
import { exit2Deny, parseSnakeCasePreToolUse, preToolUseOutput, warnOnly } from './claude';
import { readResultPayload, resultError, resultFacts, withheldMessage, type ResultAdapter } from './results';
import { str, type JsonObject } from './fields';
import { mcpToolPart } from './mcp';
import type { OutcomeBuilder } from './outcome';
import type { HookAdapter, HookResponse } from './types';
import { cannotAsk, describe, failedClosed } from './verdicts';
import { agentRegistry } from './registry';

/**
 * Codex `PreToolUse` hooks (developers.openai.com/codex/hooks; openai/codex `codex-rs/hooks/src/events/pre_tool_use.rs`,
 * `engine/output_parser.rs`).
 * In: Claude's snake_case payload plus `turn_id` and `model`; `tool_name` is `Bash` for shell commands (`tool_input`
 * `{command}`), `apply_patch` (`{command}` holding the patch) or `mcp__server__tool` (the MCP arguments).
 * Out: only `permissionDecision: "deny"` (with a non-empty reason) or exit 2 with a non-empty stderr blocks.
 * "ask" and a bare "allow" are rejected as unsupported output and the tool then runs, so Airlock never sends them:
 * allow is an empty stdout, ask becomes deny. The default hook timeout is 600 s.
 */

// Codex runs `apply_patch` itself when the shell command is one (it never reaches a shell).
const shellPatch = /^\s*(apply_patch|applypatch)\b|--codex-run-as-apply-patch/;

/**
 * Codex's tools that change nothing on the machine and reach nothing outside the agent: its goal list, a question
 * to the user, tool discovery, web search (run by the model's provider). Read from the tools Codex 0.171.0 offers
 * its model (captured by the agents test tier), whose local function tools reach hooks by their own names.
 */
const inertTools = new Set(['get_goal', 'create_goal', 'update_goal', 'update_plan', 'request_user_input', 'tool_search', 'web_search']);

export function codexToolActions(b: OutcomeBuilder, tool: string, input: JsonObject): void {
  if (inertTools.has(tool)) {
    b.inert();
  } else if (tool === 'write_stdin') {
    // Typed into a process an earlier command started: if that process is a shell, what is typed is a command,
    // and Airlock cannot see which process it is. Empty input only polls for output.
    const chars = str(input, 'chars') ?? '';
    if (chars.trim() === '') b.inert();
    else b.exec(chars);
  } else if (tool === 'view_image') {
    b.read(str(input, 'path'));
  } else if (tool === 'Bash') {
    const command = str(input, 'command');
    b.exec(command);
    if (command !== undefined && (shellPatch.test(command) || command.includes('*** Begin Patch'))) b.patch(command);
  } else if (tool === 'apply_patch') {
    b.patch(str(input, 'command') ?? str(input, 'input'));
  } else if (tool.startsWith('mcp__')) {
    b.mcp(mcpToolPart(tool), input);
  } else {
    b.unknown();
  }
}

const deny = (reason: string): HookResponse => exit2Deny(preToolUseOutput('deny', reason), reason);

export const codex: HookAdapter = {
  agent: 'codex',
  name: agentRegistry.codex.name,
  events: ['PreToolUse'],
  canAsk: () => false,
  parse: (payload) => parseSnakeCasePreToolUse(payload, 'codex', 'Codex', codexToolActions),
  respond(verdict: Verdict) {
    if (verdict.decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
    return deny(verdict.decision === 'ask' ? cannotAsk('Codex does not support a hook\'s "ask"', verdict) : describe(verdict));
  },
  respondToError: (message) => deny(failedClosed(message)),
};

/**
 * Codex `PostToolUse`: the result is `tool_response` (for a shell command, its output as a string); only
 * successful calls of Bash, apply_patch, MCP and local function tools reach it. A `"block"` decision with a reason
 * replaces what the model reads with the reason (codex-rs `core/src/tools/registry.rs`); `updatedMCPToolOutput`
 * is refused as unsupported. Read from the source and driven live with 0.171.0 (the agents test tier).
 */
export const codexResults: ResultAdapter = {
  ...resultFacts('codex'),
  parse(payload) {
    return readResultPayload(
      payload,
      { ...resultFacts('codex'), eventKeys: ['hook_event_name'], sessionKeys: ['session_id'], responseKeys: ['tool_response'] },
      (b, tool, input) => codexToolActions(b, tool, input),
    );
  },
  respond(verdict, request, findings) {
    if (verdict.decision !== 'deny') return warnOnly(verdict, request, findings, 'PostToolUse');
    const reason = withheldMessage(request.tool, verdict, findings, false);
    return { response: { stdout: `${JSON.stringify({ decision: 'block', reason })}\n`, stderr: '', exitCode: 0 }, told: 'withheld' };
  },
  respondToError: resultError,
};
