import * as nodePath from 'node:path';
import { err, ok } from '../result';
import type { Verdict } from '../verdict';
import { decoded, firstStr, isObject, objectOrJson, str, strList, type JsonObject } from './fields';
import { OutcomeBuilder } from './outcome';
import type { HookAdapter, HookResponse } from './types';
import { cannotAsk, describe, failedClosed } from './verdicts';
import { agentRegistry } from './registry';
import { resultFacts, resultRequest, stoppedMessage, warningMessage, type ResultAdapter } from './results';

/**
 * Cline `PreToolUse` hooks (docs.cline.bot; cline/cline `docs/features/hooks/hook-reference.mdx`, `sdk/packages/core/src/hooks/`).
 * In: `{clineVersion, hookName: "PreToolUse", timestamp, taskId, workspaceRoots, userId, preToolUse: {toolName,
 * parameters}}`, where every parameter is a string (objects JSON-encoded). The SDK-based Cline (CLI and extension
 * 4.x) names the event `tool_call` and adds `tool_call: {id, name, input}` with the raw input, and has new tools
 * (`run_commands`, `read_files`, `editor`, `apply_patch`, `fetch_web_content`).
 * Out: the last JSON object on stdout, `{"cancel": true, "errorMessage": …}` blocks. Cline has no "ask" (the hook
 * runs after its own approval), so Airlock's "ask" becomes a cancel. Exit 0 always: the SDK treats a failing or
 * timed-out hook as no objection, so only the JSON blocks everywhere.
 */

const events = new Set(['PreToolUse', 'tool_call']);

const inertTools = new Set([
  'ask_followup_question',
  'attempt_completion',
  'plan_mode_respond',
  'act_mode_respond',
  'new_task',
  'focus_chain',
  'condense',
  'summarize_task',
  'report_bug',
  'load_mcp_documentation',
  'use_skill',
  'use_subagents',
  'web_search',
  'skills',
  'ask_question',
  'submit_and_exit',
  // Sub-agents and teammates (Cline CLI 3.0.65): each one's own tool calls come through this hook again, checked
  // as any other (seen live by the agents test tier), so starting, messaging or waiting for them changes nothing.
  'spawn_agent',
  'team_spawn_teammate',
  'team_shutdown_teammate',
  'team_status',
  'team_task',
  'team_run_task',
  'team_cancel_run',
  'team_list_runs',
  'team_await_runs',
  'team_send_message',
  'team_broadcast',
  'team_read_mailbox',
  'team_mission_log',
  'team_cleanup',
  'team_create_outcome',
  'team_attach_outcome_fragment',
  'team_review_outcome_fragment',
  'team_finalize_outcome',
  'team_list_outcomes',
]);

/** A structured command `{command, args}` runs without a shell; its shell spelling is what the engine judges. */
function commandLine(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry === '' ? undefined : entry;
  if (!isObject(entry)) return undefined;
  const command = str(entry, 'command') ?? str(entry, 'cmd');
  if (command === undefined) return undefined;
  return [command, ...strList(entry.args)].map((a, i) => (i === 0 || /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function commandEntries(input: unknown): unknown[] {
  const value = decoded(input);
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [value];
  if (!isObject(value)) return [];
  if (value.commands !== undefined) {
    const c = decoded(value.commands);
    return Array.isArray(c) ? c : [c];
  }
  return [value];
}

function readPaths(input: unknown): string[] {
  const value = decoded(input);
  const paths: string[] = [];
  const take = (v: unknown): void => {
    const d = decoded(v);
    if (typeof d === 'string') paths.push(d);
    else if (Array.isArray(d)) d.forEach(take);
    else if (isObject(d)) {
      const p = firstStr(d, ['path', 'file_path', 'filePath']);
      if (p !== undefined) paths.push(p);
      else for (const key of ['files', 'file_paths', 'paths']) if (d[key] !== undefined) take(d[key]);
    }
  };
  take(value);
  return paths.filter((p) => p !== '');
}

export function clineToolActions(b: OutcomeBuilder, tool: string, rawInput: unknown): void {
  const input: JsonObject = objectOrJson(rawInput) ?? {};
  switch (tool) {
    case 'execute_command':
      b.exec(str(input, 'command'));
      return;
    case 'run_commands': {
      const lines = commandEntries(rawInput).map(commandLine);
      if (lines.length === 0 || lines.some((l) => l === undefined)) b.unreadable('a command is missing or not a command line');
      for (const l of lines) if (l !== undefined) b.exec(l);
      return;
    }
    case 'write_to_file':
    case 'replace_in_file':
    case 'new_rule':
    case 'editor':
      b.write(firstStr(input, ['path', 'file_path', 'absolutePath']));
      return;
    case 'apply_patch':
      b.patch(typeof rawInput === 'string' ? rawInput : str(input, 'input'));
      return;
    case 'read_file':
      b.read(firstStr(input, ['path', 'file_path']));
      return;
    case 'read_files': {
      const paths = readPaths(rawInput);
      if (paths.length === 0) b.unreadable('it names no files');
      for (const p of paths) b.read(p);
      return;
    }
    case 'list_files':
    case 'search_files':
    case 'list_code_definition_names':
    case 'search_codebase':
      b.read(str(input, 'path') ?? '.');
      return;
    case 'web_fetch':
      b.fetch(str(input, 'url'));
      return;
    case 'fetch_web_content': {
      const requests = decoded(input.requests);
      const urls = Array.isArray(requests) ? requests.map((r) => (isObject(r) ? str(r, 'url') : undefined)) : [];
      if (urls.length === 0 || urls.some((u) => u === undefined)) b.unreadable('a request names no URL');
      for (const u of urls) if (u !== undefined) b.fetch(u);
      return;
    }
    case 'browser_action': {
      // Only `launch` opens a URL; clicks and scrolls act on the page already open.
      const url = str(input, 'url');
      if (url !== undefined) b.fetch(url);
      else b.inert();
      return;
    }
    case 'use_mcp_tool':
      b.mcp(str(input, 'tool_name') ?? tool, objectOrJson(input.arguments) ?? decoded(input.arguments) ?? {});
      return;
    case 'access_mcp_resource':
      b.mcp('read_resource', { uri: input.uri });
      return;
  }
  if (inertTools.has(tool)) b.inert();
  else if (tool.includes('__')) b.mcp(tool.split('__').slice(1).join('__') || tool, input);
  else b.unknown();
}

const cancel = (reason: string): HookResponse => ({
  stdout: `${JSON.stringify({ cancel: true, errorMessage: reason })}\n`,
  stderr: `${reason}\n`,
  exitCode: 0,
});

export const cline: HookAdapter = {
  agent: 'cline',
  name: agentRegistry.cline.name,
  events: [...events],
  canAsk: () => false,
  parse(payload) {
    if (!isObject(payload)) return err('the payload is not a JSON object');
    const event = str(payload, 'hookName');
    if (event === undefined || !events.has(event)) return err(`the hook is ${JSON.stringify(payload.hookName ?? null)}, not "PreToolUse"`);
    const call = isObject(payload.tool_call) ? payload.tool_call : undefined;
    const pre = isObject(payload.preToolUse) ? payload.preToolUse : undefined;
    const tool = str(call, 'name') ?? str(pre, 'toolName');
    if (tool === undefined) return err('"preToolUse.toolName" is missing');
    const input = call !== undefined && call.input !== undefined ? call.input : pre?.parameters;
    if (input === undefined) return err('"preToolUse.parameters" is missing');
    const roots = strList(payload.workspaceRoots);
    if (roots.some((r) => !nodePath.isAbsolute(r))) return err('"workspaceRoots" holds a path that is not absolute');
    const cwd = roots[0];
    const session = str(payload, 'taskId');
    const b = new OutcomeBuilder({ agent: 'cline', channel: 'hook', ...(session ? { session } : {}) }, 'Cline', tool, cwd, str(payload, 'clineVersion'));
    clineToolActions(b, tool, input);
    const outcome = b.done();
    if (!outcome.ok) return outcome;
    return ok({ agent: 'cline', event, tool, ...(session ? { session } : {}), ...(cwd ? { cwd } : {}), roots, ...outcome.value });
  },
  respond(verdict: Verdict) {
    if (verdict.decision === 'allow') return { stdout: `${JSON.stringify({ cancel: false })}\n`, stderr: '', exitCode: 0 };
    return cancel(verdict.decision === 'ask' ? cannotAsk('a Cline hook cannot ask', verdict) : describe(verdict));
  },
  respondToError: (message) => cancel(failedClosed(message)),
};

/**
 * Cline `PostToolUse` (the extension since 3.36; `tool_result` in the SDK-based Cline CLI 3.x and extension 4.x).
 * In: the PreToolUse envelope with `postToolUse: {toolName, parameters, result, success, executionTimeMs}`, where
 * `result` is the output as a string (JSON-encoded when it is not one); the SDK adds `tool_result: {id, name,
 * input, output, error?, durationMs, …}` with the output as the tool returned it. Failed tools come through too.
 * Out: the same `{cancel, contextModification, errorMessage}`. No field replaces the result. `contextModification`
 * reaches the model with its next request, after the result (`<hook_context source="PostToolUse">`); `cancel`
 * stops the task: the SDK throws before the result joins the conversation (@cline/agents `afterTool`, @cline/core
 * hook output `cancel` → `stop`, 3.0.65), the extension aborts the task before its next request (cline/cline#13298).
 * So a denied result stops the task, as a denied tool call does in Cline: a credential the model has read has
 * already gone to the model's provider, and no warning calls it back. A result the policy only asks about goes
 * through with a warning. Exit 0 always: the SDK reads a failing hook as no objection.
 */
export const clineResults: ResultAdapter = {
  ...resultFacts('cline'),
  parse(payload) {
    if (!isObject(payload)) return err('the payload is not a JSON object');
    const event = str(payload, 'hookName');
    if (event === undefined || !clineResults.events.includes(event)) return err(`the hook is ${JSON.stringify(payload.hookName ?? null)}, not "PostToolUse"`);
    const record = isObject(payload.tool_result) ? payload.tool_result : undefined;
    const post = isObject(payload.postToolUse) ? payload.postToolUse : undefined;
    const tool = str(record, 'name') ?? str(post, 'toolName');
    if (tool === undefined) return err('"postToolUse.toolName" is missing');
    // The SDK's record holds the output as the tool returned it; the older field, the same as a string (JSON text
    // for an object, scanned as text: its keys say what its values are).
    const response =
      record !== undefined && (record.output !== undefined || record.error !== undefined)
        ? { output: record.output, ...(record.error !== undefined ? { error: record.error } : {}) }
        : post?.result;
    if (response === undefined) return err('the result ("postToolUse.result") is missing');
    const roots = strList(payload.workspaceRoots);
    if (roots.some((r) => !nodePath.isAbsolute(r))) return err('"workspaceRoots" holds a path that is not absolute');
    const cwd = roots[0];
    const session = str(payload, 'taskId');
    const input = record !== undefined && record.input !== undefined ? record.input : (post?.parameters ?? {});
    return ok(
      resultRequest(
        { agent: 'cline', name: clineResults.name, event, tool, response, roots, ...(cwd ? { cwd } : {}), ...(session ? { session } : {}) },
        (b) => clineToolActions(b, tool, input),
      ),
    );
  },
  respond(verdict, request, findings) {
    if (verdict.decision === 'allow') return { response: { stdout: '{}\n', stderr: '', exitCode: 0 }, told: 'allow' };
    if (verdict.decision === 'ask') {
      const contextModification = warningMessage(request.tool, verdict, findings);
      return { response: { stdout: `${JSON.stringify({ cancel: false, contextModification })}\n`, stderr: '', exitCode: 0 }, told: 'warned' };
    }
    return { response: cancel(stoppedMessage(clineResults.name, request.tool, verdict, findings)), told: 'withheld' };
  },
  respondToError: (message) => cancel(`Airlock could not check this tool's result (${message}), so the task is stopped before the model reads it.`),
};
