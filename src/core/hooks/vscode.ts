import { ok } from '../result';
import { exit2Deny, preToolUseOutput, respondPreToolUse, warnOnly } from './claude';
import { readResultPayload, resultError, resultFacts, type ResultAdapter } from './results';
import { firstStr, str, strList, type JsonObject } from './fields';
import { multiEditPaths } from './patch';
import { OutcomeBuilder } from './outcome';
import type { HookAdapter } from './types';
import { failedClosed } from './verdicts';
import { readToolEnvelope } from './envelope';
import { agentRegistry } from './registry';

/**
 * VS Code / GitHub Copilot agent hooks, `PreToolUse` (code.visualstudio.com/docs/copilot/customization/hooks;
 * microsoft/vscode-copilot-chat `chatHookService.ts`, `hookExecutor.ts`).
 * In: `{timestamp, hookEventName, sessionId, transcript_path, cwd?, tool_name, tool_input, tool_use_id}`, with
 * Copilot's tool names and camelCase arguments (`filePath`). `cwd` is only sent when the hook entry sets one.
 * Out: Claude's `hookSpecificOutput`; exit 2 denies with stderr shown to the model. "ask" opens VS Code's own
 * confirmation. VS Code also runs hooks from Claude's settings files, so `airlock hook claude` meets this payload.
 */

/** Copilot tools that change nothing on the machine and reach nothing outside the agent. */
const inertTools = new Set([
  'manage_todo_list',
  'runSubagent',
  'get_terminal_output',
  'terminal_selection',
  'terminal_last_command',
  'get_task_output',
  'read_notebook_cell_output',
  'copilot_getNotebookSummary',
  'get_vscode_api',
  'get_doc_info',
  'get_project_setup_info',
  'vscode_get_confirmation',
  'vscode_get_terminal_confirmation',
  'test_failure',
  'think',
]);

/** Copilot tools that read in the workspace (search, symbols, diagnostics): a read of where they look. */
const workspaceReads = new Set([
  'file_search',
  'grep_search',
  'semantic_search',
  'search_workspace_symbols',
  'list_code_usages',
  'get_search_view_results',
  'get_changed_files',
  'get_errors',
  'read_project_structure',
  'test_search',
]);

// The extension's contributed ids (`copilot_readFile`) and the names in VS Code's own docs (`runTerminalCommand`)
// both reach hooks; they map to the model-facing names.
const aliases: Record<string, string> = {
  copilot_applyPatch: 'apply_patch',
  copilot_searchCodebase: 'semantic_search',
  copilot_searchWorkspaceSymbols: 'search_workspace_symbols',
  copilot_listCodeUsages: 'list_code_usages',
  copilot_findFiles: 'file_search',
  copilot_findTextInFiles: 'grep_search',
  copilot_readFile: 'read_file',
  copilot_listDirectory: 'list_dir',
  copilot_getErrors: 'get_errors',
  copilot_getChangedFiles: 'get_changed_files',
  copilot_readProjectStructure: 'read_project_structure',
  copilot_insertEdit: 'insert_edit_into_file',
  copilot_createFile: 'create_file',
  copilot_replaceString: 'replace_string_in_file',
  copilot_multiReplaceString: 'multi_replace_string_in_file',
  copilot_editNotebook: 'edit_notebook_file',
  copilot_fetchWebPage: 'fetch_webpage',
  copilot_findTestFiles: 'test_search',
  copilot_getSearchResults: 'get_search_view_results',
  copilot_githubRepo: 'github_repo',
  copilot_openSimpleBrowser: 'open_simple_browser',
  copilot_createDirectory: 'create_directory',
  copilot_editFiles: 'edit_files',
  runTerminalCommand: 'run_in_terminal',
  runInTerminal: 'run_in_terminal',
  editFiles: 'edit_files',
  createFile: 'create_file',
  deleteFile: 'delete_file',
};

const filePathKeys = ['filePath', 'file_path', 'path'] as const;

export function vscodeToolActions(b: OutcomeBuilder, tool: string, input: JsonObject): void {
  const name = aliases[tool] ?? tool;
  switch (name) {
    case 'run_in_terminal':
      b.exec(str(input, 'command'));
      return;
    case 'create_file':
    case 'insert_edit_into_file':
    case 'replace_string_in_file':
    case 'edit_notebook_file':
      b.write(firstStr(input, filePathKeys), 'filePath');
      return;
    case 'multi_replace_string_in_file': {
      const paths = multiEditPaths(input.replacements, filePathKeys);
      if (paths.length === 0) b.unreadable('no replacement names its file');
      for (const p of paths) b.write(p);
      return;
    }
    case 'edit_files': {
      const paths = strList(input.files);
      if (paths.length === 0) b.unreadable('it names no files');
      for (const p of paths) b.write(p);
      return;
    }
    case 'delete_file':
      b.delete(firstStr(input, filePathKeys), 'filePath');
      return;
    case 'apply_patch':
      b.patch(firstStr(input, ['input', 'patch']));
      return;
    case 'create_directory':
      b.write(firstStr(input, ['dirPath', 'path']), 'dirPath');
      return;
    case 'read_file':
      b.read(firstStr(input, filePathKeys), 'filePath');
      return;
    case 'list_dir':
      b.read(firstStr(input, ['path', 'dirPath']));
      return;
    case 'fetch_webpage': {
      const urls = strList(input.urls);
      if (urls.length === 0) b.unreadable('it names no URL');
      for (const u of urls) b.fetch(u);
      return;
    }
    case 'open_simple_browser':
      b.fetch(str(input, 'url'));
      return;
    case 'github_repo': {
      const repo = str(input, 'repo');
      if (repo !== undefined && /^[\w.-]+\/[\w.-]+$/.test(repo)) b.fetch(`https://github.com/${repo}`);
      else b.unreadable('the repository is not "owner/name"');
      return;
    }
  }
  if (workspaceReads.has(name)) {
    const paths = [...strList(input.filePaths), ...strList(firstStr(input, ['path', 'dirPath']))];
    if (paths.length === 0) paths.push('.');
    for (const p of paths) b.read(p);
  } else if (inertTools.has(name)) b.inert();
  else if (/^mcp_/.test(name)) b.mcp(name.replace(/^mcp_+/, ''), input);
  else b.unknown();
}

export const vscode: HookAdapter = {
  agent: 'vscode',
  name: agentRegistry.vscode.name,
  events: ['PreToolUse'],
  canAsk: () => true,
  parse(payload) {
    const envelope = readToolEnvelope(payload, { event: 'PreToolUse', eventKeys: ['hookEventName', 'hook_event_name'], sessionKeys: ['sessionId', 'session_id'] });
    if (!envelope.ok) return envelope;
    const { event, tool, input, cwd, session } = envelope.value;
    const b = new OutcomeBuilder({ agent: 'vscode', channel: 'hook', ...(session ? { session } : {}) }, 'VS Code', tool, cwd);
    vscodeToolActions(b, tool, input);
    const outcome = b.done();
    if (!outcome.ok) return outcome;
    return ok({ agent: 'vscode', event, tool, ...(session ? { session } : {}), ...(cwd ? { cwd } : {}), roots: cwd ? [cwd] : [], ...outcome.value });
  },
  respond(verdict, request) {
    return respondPreToolUse(vscode, verdict, request);
  },
  respondToError(message) {
    const reason = failedClosed(message);
    return exit2Deny(preToolUseOutput('deny', reason), reason);
  },
};

/**
 * VS Code's `PostToolUse` (the Local agent's hooks): the result is `tool_response`, the text parts of the tool's
 * result joined into one string; only successful tools reach it. A `"block"` decision does not take the result
 * back: VS Code appends its reason to the result, as it does `additionalContext` (vscode-copilot-chat
 * `toolCalling.tsx`). So Airlock can only tell the model.
 */
export const vscodeResults: ResultAdapter = {
  ...resultFacts('vscode'),
  parse(payload) {
    return readResultPayload(
      payload,
      { ...resultFacts('vscode'), eventKeys: ['hookEventName', 'hook_event_name'], sessionKeys: ['sessionId', 'session_id'], responseKeys: ['tool_response'] },
      (b, tool, input) => vscodeToolActions(b, tool, input),
    );
  },
  respond: (verdict, request, findings) => warnOnly(verdict, request, findings, 'PostToolUse', true),
  respondToError: resultError,
};
