import * as nodePath from 'node:path';
import { ok } from '../result';
import type { Verdict } from '../verdict';
import { firstStr, isObject, str, strList, type JsonObject } from './fields';
import { globSearchRoot } from './globs';
import { mcpToolPart } from './mcp';
import { OutcomeBuilder } from './outcome';
import type { HookAdapter, HookResponse } from './types';
import { cannotAsk, describe, failedClosed } from './verdicts';
import { readToolEnvelope } from './envelope';
import { readResultPayload, resultError, resultFacts, warningMessage, withheldMessage, type ResultAdapter } from './results';
import { agentRegistry } from './registry';

/**
 * Gemini CLI `BeforeTool` hooks (geminicli.com/docs/hooks/reference; google-gemini/gemini-cli
 * `packages/core/src/hooks/`).
 * In: `{session_id, transcript_path, cwd, hook_event_name, timestamp, tool_name, tool_input, mcp_context?}`.
 * Out: `{"decision": "deny", "reason": …}` blocks and the reason goes to the model; exit 2 blocks with stderr as
 * the reason. On exit 2 Gemini reads stdout first when it is JSON, so the deny JSON is printed there too.
 * Recent versions also read `"decision": "ask"`, but it is undocumented and older ones run the tool on it:
 * Airlock's "ask" becomes a deny. The default hook timeout is 60 s.
 */

/**
 * Read from the tool list Gemini CLI 0.61.0 sends to its model (captured by the agents test tier) and its docs. The
 * tracker_* tools are its task list when `experimental.taskTracker` is on (kept in its own temp folder).
 */
const inertTools = new Set([
  'google_web_search',
  'list_background_processes',
  'read_background_output',
  'invoke_agent',
  'write_todos',
  'ask_user',
  'enter_plan_mode',
  'exit_plan_mode',
  'activate_skill',
  'get_internal_docs',
  'update_topic',
  'complete_task',
  'list_mcp_resources',
  'tracker_create_task',
  'tracker_update_task',
  'tracker_get_task',
  'tracker_list_tasks',
  'tracker_add_dependency',
  'tracker_visualize',
]);

const urlInText = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi;

export function geminiToolActions(b: OutcomeBuilder, tool: string, input: JsonObject, cwd: string | undefined, mcpTool: string | undefined): void {
  switch (tool) {
    case 'run_shell_command': {
      const dir = firstStr(input, ['dir_path', 'directory']);
      // `dir_path` is relative to the project folder (the payload's cwd).
      const workdir = dir === undefined ? cwd : nodePath.isAbsolute(dir) ? dir : cwd !== undefined ? nodePath.resolve(cwd, dir) : undefined;
      b.exec(str(input, 'command'), workdir);
      return;
    }
    case 'write_file':
    case 'replace':
      b.write(firstStr(input, ['file_path', 'absolute_path', 'path']), 'file_path');
      return;
    case 'read_file':
      b.read(firstStr(input, ['file_path', 'absolute_path', 'path']), 'file_path');
      return;
    case 'read_many_files': {
      const paths = [...strList(input.include), ...strList(input.paths)];
      if (paths.length === 0) b.unreadable('it names no files');
      for (const p of paths) b.read(p);
      return;
    }
    case 'glob': {
      // The pattern can search outside `dir_path`: an absolute one, or one that climbs with `..`.
      const pattern = str(input, 'pattern');
      b.read(pattern !== undefined ? globSearchRoot(pattern, firstStr(input, ['dir_path', 'path'])) : undefined, 'pattern');
      return;
    }
    case 'list_directory':
    case 'grep_search':
    case 'search_file_content':
      b.read(firstStr(input, ['dir_path', 'path']) ?? '.');
      return;
    case 'web_fetch': {
      const urls = [...new Set([...(str(input, 'url') ? [str(input, 'url') as string] : []), ...(str(input, 'prompt')?.match(urlInText) ?? [])])];
      if (urls.length === 0) b.unreadable('its prompt names no URL');
      for (const u of urls) b.fetch(u.replace(/[.,;:!?]+$/, ''));
      return;
    }
    case 'save_memory':
      b.write('~/.gemini/GEMINI.md');
      return;
    case 'read_mcp_resource':
      b.mcp('read_resource', input);
      return;
  }
  if (inertTools.has(tool)) b.inert();
  else if (mcpTool !== undefined) b.mcp(mcpTool, input);
  else b.unknown();
}

const deny = (reason: string): HookResponse => ({
  stdout: `${JSON.stringify({ decision: 'deny', reason })}\n`,
  stderr: `${reason}\n`,
  exitCode: 2,
});

export const gemini: HookAdapter = {
  agent: 'gemini',
  name: agentRegistry.gemini.name,
  events: ['BeforeTool'],
  canAsk: () => false,
  parse(payload) {
    const envelope = readToolEnvelope(payload, { event: 'BeforeTool', eventKeys: ['hook_event_name'], sessionKeys: ['session_id'] });
    if (!envelope.ok) return envelope;
    const { event, tool, input, cwd, session } = envelope.value;
    const context = isObject(envelope.value.payload.mcp_context) ? envelope.value.payload.mcp_context : undefined;
    const mcpTool = str(context, 'tool_name') ?? (/^mcp_/.test(tool) ? mcpToolPart(tool).replace(/^mcp_+/, '') : undefined);
    const b = new OutcomeBuilder({ agent: 'gemini', channel: 'hook', ...(session ? { session } : {}) }, 'Gemini CLI', tool, cwd);
    geminiToolActions(b, tool, input, cwd, mcpTool);
    const outcome = b.done();
    if (!outcome.ok) return outcome;
    return ok({ agent: 'gemini', event, tool, ...(session ? { session } : {}), ...(cwd ? { cwd } : {}), roots: cwd ? [cwd] : [], ...outcome.value });
  },
  respond(verdict: Verdict) {
    if (verdict.decision === 'allow') return { stdout: '{}\n', stderr: '', exitCode: 0 };
    return deny(verdict.decision === 'ask' ? cannotAsk('older Gemini CLI versions run a hook\'s "ask" without asking', verdict) : describe(verdict));
  },
  respondToError: (message) => deny(failedClosed(message)),
};

/**
 * Gemini CLI `AfterTool`: the result is `tool_response: {llmContent, returnDisplay, error}`. A `"deny"` (or
 * `"block"`) decision replaces what the model reads with "Tool result blocked: <reason>"; `additionalContext` is
 * appended to the result inside `<hook_context>`; exit 2 is a deny with stderr as the reason (read from 0.61.0's
 * `packages/core/src/scheduler` and `hooks/types`).
 */
export const geminiResults: ResultAdapter = {
  ...resultFacts('gemini'),
  parse(payload) {
    return readResultPayload(
      payload,
      { ...resultFacts('gemini'), eventKeys: ['hook_event_name'], sessionKeys: ['session_id'], responseKeys: ['tool_response'] },
      (b, tool, input, cwd) => {
        const context = isObject(payload) && isObject(payload.mcp_context) ? payload.mcp_context : undefined;
        geminiToolActions(b, tool, input, cwd, str(context, 'tool_name') ?? (/^mcp_/.test(tool) ? mcpToolPart(tool).replace(/^mcp_+/, '') : undefined));
      },
    );
  },
  respond(verdict, request, findings) {
    if (verdict.decision === 'allow') return { response: { stdout: '{}\n', stderr: '', exitCode: 0 }, told: 'allow' };
    if (verdict.decision === 'ask') {
      const additionalContext = warningMessage(request.tool, verdict, findings);
      return { response: { stdout: `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'AfterTool', additionalContext } })}\n`, stderr: '', exitCode: 0 }, told: 'warned' };
    }
    const reason = withheldMessage(request.tool, verdict, findings, false);
    return { response: { stdout: `${JSON.stringify({ decision: 'deny', reason })}\n`, stderr: '', exitCode: 0 }, told: 'withheld' };
  },
  respondToError: resultError,
};
