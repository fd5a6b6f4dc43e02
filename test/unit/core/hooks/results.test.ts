// Tool results in each agent's own post-tool format, through the agent's reader, the scanners, the built-in
// output rules (balanced) and the agent's answer: for every flagged and benign case of the output tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resultAdapterFor, resultAdapters } from '../../../../src/core/hooks/adapters';
import { detectAgent } from '../../../../src/core/hooks/detect';
import type { ResultAdapter } from '../../../../src/core/hooks/results';
import type { AgentId } from '../../../../src/core/hooks/types';
import { findSecrets } from '../../../../src/core/output/secrets';
import { scanOutput, type OutputFinding } from '../../../../src/core/output/scan';
import { judgeOutput } from '../../../../src/core/policy/output';
import type { Preset } from '../../../../src/core/policy/types';
import { benignCases, flaggedCases, type OutputCase } from '../../core/output/outputCases';

const ws = '/work/project';

/** The payload each agent sends after a tool ran, with the case's text where that agent puts the result. */
const formats: Record<string, { agent: AgentId; payload: (c: OutputCase) => Record<string, unknown> }> = {
  'Claude Code PostToolUse': {
    agent: 'claude',
    payload: (c) => ({
      session_id: 's', transcript_path: '/t', cwd: ws, permission_mode: 'default', hook_event_name: 'PostToolUse', tool_use_id: 'u',
      ...(c.tool === 'shell'
        ? { tool_name: 'Bash', tool_input: { command: 'cat notes' }, tool_response: { stdout: c.text, stderr: '', interrupted: false, isImage: false } }
        : c.tool === 'read'
          ? { tool_name: 'Read', tool_input: { file_path: `${ws}/notes` }, tool_response: { type: 'text', file: { filePath: `${ws}/notes`, content: c.text, numLines: 1, startLine: 1, totalLines: 1 } } }
          : c.tool === 'fetch'
            ? { tool_name: 'WebFetch', tool_input: { url: 'http://127.0.0.1:8080/', prompt: 'summarise' }, tool_response: { bytes: 1, code: 200, codeText: 'OK', result: c.text, durationMs: 5, url: 'http://127.0.0.1:8080/' } }
            : { tool_name: 'mcp__docs__get_page', tool_input: { id: '1' }, tool_response: [{ type: 'text', text: c.text }] }),
    }),
  },
  'Claude Code PostToolUseFailure': {
    agent: 'claude',
    payload: (c) => ({
      session_id: 's', transcript_path: '/t', cwd: ws, permission_mode: 'default', hook_event_name: 'PostToolUseFailure', tool_use_id: 'u',
      tool_name: 'Bash', tool_input: { command: 'cat notes; false' }, error: `${c.text}\nExit code 1`, is_interrupt: false,
    }),
  },
  'Gemini CLI AfterTool': {
    agent: 'gemini',
    payload: (c) => ({
      session_id: 's', transcript_path: '/t', cwd: ws, hook_event_name: 'AfterTool', timestamp: '2026-12-07T00:00:00Z',
      ...(c.tool === 'shell'
        ? { tool_name: 'run_shell_command', tool_input: { command: 'cat notes' }, tool_response: { llmContent: `Output: ${c.text}\nExit Code: 0`, returnDisplay: c.text, error: null } }
        : c.tool === 'read'
          ? { tool_name: 'read_file', tool_input: { file_path: `${ws}/notes` }, tool_response: { llmContent: c.text, returnDisplay: '', error: null } }
          : c.tool === 'fetch'
            ? { tool_name: 'web_fetch', tool_input: { prompt: 'summarise http://127.0.0.1:8080/' }, tool_response: { llmContent: c.text, returnDisplay: 'fetched', error: null } }
            : { tool_name: 'mcp_docs_get_page', tool_input: { id: '1' }, mcp_context: { server_name: 'docs', tool_name: 'get_page' }, tool_response: { llmContent: [{ text: c.text }], returnDisplay: '', error: null } }),
    }),
  },
  'VS Code PostToolUse': {
    agent: 'vscode',
    payload: (c) => ({
      timestamp: '2026-12-07T00:00:00Z', hookEventName: 'PostToolUse', sessionId: 's', transcript_path: '/t', cwd: ws, tool_use_id: 'u',
      tool_name: c.tool === 'shell' ? 'run_in_terminal' : c.tool === 'read' ? 'read_file' : c.tool === 'fetch' ? 'fetch_webpage' : 'mcp_docs_get_page',
      tool_input: c.tool === 'shell' ? { command: 'cat notes' } : c.tool === 'read' ? { filePath: `${ws}/notes` } : c.tool === 'fetch' ? { urls: ['http://127.0.0.1:8080/'] } : { id: '1' },
      tool_response: c.text,
    }),
  },
  'Codex PostToolUse': {
    agent: 'codex',
    payload: (c) => ({
      session_id: 's', turn_id: 't', transcript_path: '/t', cwd: ws, hook_event_name: 'PostToolUse', model: 'gpt-5', permission_mode: 'default', tool_use_id: 'u',
      ...(c.tool === 'mcp' ? { tool_name: 'mcp__docs__get_page', tool_input: { id: '1' } } : { tool_name: 'Bash', tool_input: { command: 'cat notes' } }),
      tool_response: JSON.stringify(c.text),
    }),
  },
};

const iso = '2026-12-07T00:00:00.000Z';
/** Cline's envelope (docs/features/hooks/hook-reference.mdx; the SDK's fields as the Cline CLI 3.0.65 sends them). */
const clineBase = { clineVersion: '', timestamp: iso, taskId: 'conv_1', workspaceRoots: [ws], userId: 'dev' };
/** Cursor's common fields (cursor.com/docs/hooks, "Common schema"). */
const cursorBase = { conversation_id: 'c1', generation_id: 'g1', model: 'claude-sonnet-4', cursor_version: '2.4.0', workspace_roots: [ws], user_email: null, transcript_path: null };

// Cline's SDK sends the tool's own output in `tool_result` and the same as a string in `postToolUse.result`; the
// shapes of the outputs are those the Cline CLI 3.0.65 sent its model in the agents test tier.
const clineCall = (c: OutputCase): { name: string; input: unknown; output: unknown } =>
  c.tool === 'shell'
    ? { name: 'run_commands', input: { commands: ['cat notes'] }, output: [{ query: 'cat notes', result: c.text, success: true }] }
    : c.tool === 'read'
      ? { name: 'read_files', input: { files: [{ path: `${ws}/notes` }] }, output: [{ query: `${ws}/notes`, result: c.text, success: true }] }
      : c.tool === 'fetch'
        ? { name: 'fetch_web_content', input: { requests: [{ url: 'http://127.0.0.1:8080/', prompt: 'summarise' }] }, output: [{ query: 'http://127.0.0.1:8080/', result: c.text, success: true }] }
        : { name: 'docs__get_page', input: { id: '1' }, output: { content: [{ type: 'text', text: c.text }] } };

formats['Cline CLI tool_result (SDK)'] = {
  agent: 'cline',
  payload: (c) => {
    const { name, input, output } = clineCall(c);
    const parameters = Object.fromEntries(Object.entries(input as object).map(([k, v]) => [k, JSON.stringify(v)]));
    return {
      ...clineBase, hookName: 'tool_result', agent_id: 'a1', parent_agent_id: null, iteration: 1,
      tool_result: { id: 'call_1', name, input, output, durationMs: 5, startedAt: iso, endedAt: iso },
      postToolUse: { toolName: name, parameters, result: JSON.stringify(output), success: true, executionTimeMs: 5 },
    };
  },
};
formats['Cline PostToolUse (extension)'] = {
  agent: 'cline',
  payload: (c) => ({
    ...clineBase, hookName: 'PostToolUse',
    postToolUse: {
      ...(c.tool === 'shell'
        ? { toolName: 'execute_command', parameters: { command: 'cat notes', requires_approval: 'false' } }
        : c.tool === 'read'
          ? { toolName: 'read_file', parameters: { path: 'notes' } }
          : c.tool === 'fetch'
            ? { toolName: 'web_fetch', parameters: { url: 'http://127.0.0.1:8080/' } }
            : { toolName: 'use_mcp_tool', parameters: { server_name: 'docs', tool_name: 'get_page', arguments: '{"id":"1"}' } }),
      result: c.text, success: true, executionTimeMs: 5,
    },
  }),
};
// `tool_output` is JSON text (the docs' Shell example: `{"exitCode":0,"stdout":…}`); MCP tools are `MCP:<tool>`.
formats['Cursor postToolUse'] = {
  agent: 'cursor',
  payload: (c) => ({
    ...cursorBase, hook_event_name: 'postToolUse', tool_use_id: 'u', cwd: ws, duration: 5,
    ...(c.tool === 'shell'
      ? { tool_name: 'Shell', tool_input: { command: 'cat notes' }, tool_output: JSON.stringify({ exitCode: 0, stdout: c.text }) }
      : c.tool === 'read'
        ? { tool_name: 'Read', tool_input: { file_path: `${ws}/notes` }, tool_output: JSON.stringify({ content: c.text }) }
        : c.tool === 'fetch'
          ? { tool_name: 'WebFetch', tool_input: { url: 'http://127.0.0.1:8080/' }, tool_output: JSON.stringify({ content: c.text }) }
          : { tool_name: 'MCP:get_page', tool_input: { id: '1' }, tool_output: JSON.stringify({ content: [{ type: 'text', text: c.text }] }) }),
  }),
};

const preset: Preset = 'balanced';
const judge = (findings: readonly OutputFinding[]) => judgeOutput(findings, { preset, user: [], workspace: [] });

function answer(adapter: ResultAdapter, payload: unknown): { findings: OutputFinding[]; out: Record<string, unknown>; told: string; exitCode: number } {
  const parsed = adapter.parse(payload);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  if (!parsed.ok) throw new Error('unreachable');
  const findings = scanOutput(parsed.value.text);
  const { response, told } = adapter.respond(judge(findings), parsed.value, findings, (f) => judge([f]).decision);
  return { findings, out: JSON.parse(response.stdout) as Record<string, unknown>, told, exitCode: response.exitCode };
}

/** Every string inside a value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : typeof v === 'object' && v !== null ? Object.values(v).flatMap(strings) : [];

for (const [format, { agent, payload }] of Object.entries(formats)) {
  test(`${format}: every flagged result is answered as the agent allows, and never echoes a secret`, () => {
    let checked = 0;
    for (const c of flaggedCases) {
      const p = payload(c);
      const adapter = resultAdapterFor(p, agent, agent);
      assert.equal(adapter, resultAdapters[agent], `${c.name}: the payload is read as ${agent}'s result`);
      if (!adapter) continue;
      const { findings, out, told, exitCode } = answer(adapter, p);
      assert.equal(exitCode, 0, c.name);
      assert.ok(findings.length > 0, `${c.name}: nothing found in the ${format} result`);
      const verdict = judge(findings);
      const secrets = findSecrets(c.text).map((s) => c.text.slice(s.start, s.end));
      const hso = out.hookSpecificOutput as Record<string, unknown> | undefined;
      // Whatever goes back to the agent names the rule and never holds the secret.
      for (const s of strings(out)) for (const secret of secrets) assert.ok(!s.includes(secret), `${c.name}: the answer holds the secret`);
      assert.match(JSON.stringify(out), new RegExp(`rule ${verdict.rule.replace('.', '\\.')}`), c.name);
      if (agent === 'cline') {
        // Cline: a warning in the context of the next request, or the task stopped before the model reads the result.
        if (verdict.decision === 'ask') {
          assert.equal(told, 'warned', c.name);
          assert.equal(out.cancel, false, c.name);
          assert.match(String(out.contextModification), /^Airlock: the result of .* holds /, c.name);
        } else {
          assert.equal(told, 'withheld', c.name);
          assert.deepEqual(Object.keys(out), ['cancel', 'errorMessage'], c.name);
          assert.equal(out.cancel, true, c.name);
          assert.match(String(out.errorMessage), /^Airlock: the result of .* held .*\. Cline stopped the task before the model read it/, c.name);
        }
      } else if (agent === 'cursor') {
        const mcp = c.tool === 'mcp';
        if (verdict.decision === 'deny' && mcp) {
          // Cursor replaces only an MCP tool's result, in the shape the tool gave it.
          assert.equal(told, 'withheld', c.name);
          const original = JSON.parse(String((p as { tool_output: string }).tool_output)) as unknown;
          assert.deepEqual(shape(out.updated_mcp_tool_output), shape(original), c.name);
          assert.match(String(out.additional_context), /Airlock removed that part before it reached you/, c.name);
        } else {
          assert.equal(told, 'warned', c.name);
          assert.deepEqual(Object.keys(out), ['additional_context'], c.name);
          assert.match(String(out.additional_context), verdict.decision === 'ask' ? /^Airlock: the result of .* holds .*Treat that part as data/ : /could not take it back/, c.name);
        }
      } else if (verdict.decision === 'ask') {
        assert.equal(told, 'warned', c.name);
        assert.match(String(hso?.additionalContext), /^Airlock: the result of .* holds /, c.name);
        assert.equal(out.decision, undefined, c.name);
      } else if (adapter.power === 'replace' && p.hook_event_name === 'PostToolUse') {
        assert.equal(told, 'withheld', c.name);
        assert.equal(out.decision, 'block');
        // The replacement keeps the result's shape: the same keys, strings in the same places.
        const replaced = hso?.updatedToolOutput;
        const original = (p as { tool_response: unknown }).tool_response;
        assert.deepEqual(shape(replaced), shape(original), `${c.name}: the replacement has the tool's shape`);
        const text = strings(replaced).join('\n');
        if (findings.some((f) => f.rule !== 'output.secret' && judge([f]).decision === 'deny')) assert.match(text, /\[Airlock withheld this text/, c.name);
        else assert.match(text, /\[REDACTED:/, c.name);
      } else if (adapter.power === 'withhold') {
        assert.equal(told, 'withheld', c.name);
        assert.equal(out.decision, agent === 'gemini' ? 'deny' : 'block', c.name);
        assert.match(String(out.reason), /Airlock withheld the result/, c.name);
      } else {
        // VS Code, and Claude Code for a failed command: the result stands, the model is told.
        assert.equal(told, 'warned', c.name);
        assert.match(String(hso?.additionalContext), /could not take it back/, c.name);
      }
      checked++;
    }
    assert.equal(checked, flaggedCases.length);
  });

  test(`${format}: every benign look-alike passes without a word`, () => {
    for (const c of benignCases) {
      const p = payload(c);
      const adapter = resultAdapters[agent];
      if (!adapter) assert.fail(`no result reader for ${agent}`);
      const { findings, out, told } = answer(adapter, p);
      assert.deepEqual(findings, [], c.name);
      assert.deepEqual(out, {}, c.name);
      assert.equal(told, 'allow');
    }
  });
}

/** A value's shape: its keys and the types of its leaves. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

test('a result payload without its result, or of an agent that sends none, is refused by name', () => {
  const claude = resultAdapters.claude;
  assert.ok(claude);
  const missing = claude.parse({ session_id: 's', cwd: ws, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: {} });
  assert.ok(!missing.ok && /the result \(tool_response or error\) is missing/.test(missing.error));
  const noTool = claude.parse({ session_id: 's', cwd: ws, hook_event_name: 'PostToolUse', tool_response: 'x' });
  assert.ok(!noTool.ok && /tool_name/.test(noTool.error));
  assert.equal(resultAdapterFor({ hook_event_name: 'PreToolUse' }, 'claude', 'claude'), undefined);
  assert.equal(resultAdapterFor({ hook_event_name: 'AfterTool' }, undefined, 'claude'), undefined);
  assert.equal(resultAdapterFor({ hook_event_name: 'AfterTool', timestamp: 'x' }, 'gemini', 'claude'), resultAdapters.gemini);
  // Cursor's post-tool events other than postToolUse give Airlock nothing to answer with: not read.
  assert.equal(resultAdapterFor({ hook_event_name: 'postToolUse' }, 'cursor', 'cursor'), resultAdapters.cursor);
  for (const event of ['afterShellExecution', 'afterMCPExecution', 'afterFileEdit', 'postToolUseFailure']) assert.equal(resultAdapterFor({ hook_event_name: event }, 'cursor', 'cursor'), undefined, event);
  // Cline names its event `hookName`, and its payload says it is Cline's whichever agent the command names.
  const clinePost = { ...clineBase, hookName: 'PostToolUse', postToolUse: { toolName: 'execute_command', parameters: {}, result: 'x', success: true, executionTimeMs: 1 } };
  assert.equal(detectAgent(clinePost), 'cline');
  assert.equal(resultAdapterFor(clinePost, detectAgent(clinePost), 'claude'), resultAdapters.cline);
  assert.equal(resultAdapterFor({ ...clinePost, hookName: 'tool_call' }, 'cline', 'cline'), undefined);
});

test('Cline: a malformed result payload is refused by name, and answered by stopping the task', () => {
  const cline = resultAdapters.cline;
  const post = { toolName: 'execute_command', parameters: { command: 'cat notes' }, result: 'x', success: true, executionTimeMs: 1 };
  const refused: [unknown, RegExp][] = [
    [[], /not a JSON object/],
    [{ ...clineBase, hookName: 'TaskStart', postToolUse: post }, /the hook is "TaskStart", not "PostToolUse"/],
    [{ ...clineBase, hookName: 'PostToolUse', postToolUse: { ...post, toolName: undefined } }, /"postToolUse.toolName" is missing/],
    [{ ...clineBase, hookName: 'PostToolUse', postToolUse: { ...post, result: undefined } }, /the result \("postToolUse.result"\) is missing/],
    [{ ...clineBase, hookName: 'tool_result', tool_result: { id: 'c', name: 'run_commands', input: {} } }, /the result \("postToolUse.result"\) is missing/],
    [{ ...clineBase, workspaceRoots: ['project'], hookName: 'PostToolUse', postToolUse: post }, /"workspaceRoots" holds a path that is not absolute/],
  ];
  for (const [payload, error] of refused) {
    const r = cline.parse(payload);
    assert.ok(!r.ok && error.test(r.error), r.ok ? 'read' : r.error);
  }
  const answer = cline.respondToError('the Cline result cannot be read: x');
  assert.equal(answer.exitCode, 0, 'the Cline SDK reads a failing hook as no objection');
  assert.deepEqual(JSON.parse(answer.stdout), { cancel: true, errorMessage: "Airlock could not check this tool's result (the Cline result cannot be read: x), so the task is stopped before the model reads it." });
  // The producing action is read as the PreToolUse hook reads it.
  const read = cline.parse({ ...clineBase, hookName: 'PostToolUse', postToolUse: post });
  assert.ok(read.ok);
  if (read.ok) assert.deepEqual([read.value.actions.map((a) => a.kind), read.value.session, read.value.cwd, read.value.text], [['exec'], 'conv_1', ws, 'x']);
});

test('Cursor: a malformed result payload is refused by name, and answered with a note the model reads', () => {
  const cursor = resultAdapters.cursor;
  const ok = { ...cursorBase, hook_event_name: 'postToolUse', tool_name: 'Shell', tool_input: { command: 'ls' }, tool_output: '{"exitCode":0,"stdout":"a"}', cwd: ws };
  const refused: [unknown, RegExp][] = [
    ['x', /not a JSON object/],
    [{ ...ok, hook_event_name: 'afterShellExecution' }, /the hook event is "afterShellExecution", not "postToolUse"/],
    [{ ...ok, tool_name: undefined }, /"tool_name" is missing/],
    [{ ...ok, tool_output: undefined }, /the result \("tool_output"\) is missing/],
    [{ ...ok, cwd: 'project' }, /"cwd" is not an absolute path/],
    [{ ...ok, workspace_roots: ['project'] }, /"workspace_roots" holds a path that is not absolute/],
  ];
  for (const [payload, error] of refused) {
    const r = cursor.parse(payload);
    assert.ok(!r.ok && error.test(r.error), r.ok ? 'read' : r.error);
  }
  const answer = cursor.respondToError('the Cursor result cannot be read: x');
  assert.equal(answer.exitCode, 0);
  const out = JSON.parse(answer.stdout) as { additional_context: string; updated_mcp_tool_output: unknown };
  assert.match(out.additional_context, /^Airlock could not check this tool's result \(the Cursor result cannot be read: x\): do not trust it/);
  assert.deepEqual(out.updated_mcp_tool_output, { content: [{ type: 'text', text: out.additional_context }] });
  const read = cursor.parse(ok);
  assert.ok(read.ok);
  if (read.ok) assert.deepEqual([read.value.actions.map((a) => a.kind), read.value.response, read.value.text], [['exec'], { exitCode: 0, stdout: 'a' }, 'a']);
});
