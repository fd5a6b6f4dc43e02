import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Action } from '../../../../src/core/actions';
import { decideForHook, decideRequest, maxActionsPerCall } from '../../../../src/core/hooks/decide';
import { detectAgent } from '../../../../src/core/hooks/detect';
import type { HookRequest } from '../../../../src/core/hooks/types';
import type { Decision, Verdict } from '../../../../src/core/verdict';

const source = { agent: 'claude', channel: 'hook' };
const read = (path: string): Action => ({ kind: 'read', path, source });
const v = (decision: Decision, rule = `r.${decision}`): Verdict => ({ decision, rule, layer: 'preset', reason: decision });
/** A decider from a table of paths to decisions. */
const table = (t: Record<string, Decision>) => ({ decide: async (a: Action) => v(t[a.path ?? ''] ?? 'allow', `r.${a.path}`) });

describe('decideForHook', () => {
  test('the strictest verdict of all actions wins', async () => {
    const deps = table({ a: 'allow', b: 'ask', c: 'deny' });
    assert.equal((await decideForHook([read('a'), read('b')], deps)).decision, 'ask');
    assert.equal((await decideForHook([read('a'), read('c'), read('b')], deps)).rule, 'r.c');
    assert.equal((await decideForHook([read('a')], deps)).decision, 'allow');
  });
  test('a failing decision is a deny, not a gap', async () => {
    const deps = { decide: async (a: Action) => (a.path === 'boom' ? Promise.reject(new Error('probe failed')) : v('allow')) };
    const verdict = await decideForHook([read('ok'), read('boom')], deps);
    assert.equal(verdict.decision, 'deny');
    assert.match(verdict.reason, /probe failed/);
  });
  test('no actions: deny', async () => {
    assert.equal((await decideForHook([], table({}))).decision, 'deny');
  });
  test('too many targets: asked, not judged one by one', async () => {
    const many = Array.from({ length: maxActionsPerCall + 1 }, (_, i) => read(`f${i}`));
    assert.equal((await decideForHook(many, table({}))).rule, 'hook.too-many-targets');
  });
});

describe('decideRequest', () => {
  const request = (actions: Action[], verdicts: Verdict[]): HookRequest => ({ agent: 'claude', event: 'PreToolUse', tool: 'T', roots: [], actions, verdicts });
  const decide = async (actions: readonly Action[]) => decideForHook(actions, table({ secret: 'ask', etc: 'deny' }));
  test('the adapter\'s own verdicts and the actions\' combine, strictest first', async () => {
    assert.equal((await decideRequest(request([read('x')], [v('ask', 'hook.mcp-opaque')]), decide)).rule, 'hook.mcp-opaque');
    assert.equal((await decideRequest(request([read('etc')], [v('ask', 'hook.mcp-opaque')]), decide)).rule, 'r.etc');
    assert.equal((await decideRequest(request([], [v('allow', 'hook.no-side-effect')]), decide)).decision, 'allow');
  });
  test('nothing at all is a deny', async () => {
    assert.equal((await decideRequest(request([], []), decide)).decision, 'deny');
  });
});

describe('detectAgent', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['Claude Code', { session_id: 's', hook_event_name: 'PreToolUse', permission_mode: 'default', tool_name: 'Bash', tool_input: {} }, 'claude'],
    ['Codex (turn_id)', { session_id: 's', turn_id: '1', hook_event_name: 'PreToolUse', model: 'gpt-5-codex' }, 'codex'],
    ['Gemini CLI', { session_id: 's', hook_event_name: 'BeforeTool', timestamp: 't' }, 'gemini'],
    ['VS Code', { hookEventName: 'PreToolUse', sessionId: 's', timestamp: 't', tool_name: 'read_file' }, 'vscode'],
    ['Cursor', { conversation_id: 'c', generation_id: 'g', hook_event_name: 'beforeShellExecution' }, 'cursor'],
    ['Cursor (roots only)', { hook_event_name: 'preToolUse', workspace_roots: ['/w'] }, 'cursor'],
    ['Cline 3.x', { clineVersion: '3.36.0', hookName: 'PreToolUse', preToolUse: {} }, 'cline'],
    ['Cline SDK', { hookName: 'tool_call', tool_call: {} }, 'cline'],
    ['Claude Code with a field Gemini also sends', { session_id: 's', hook_event_name: 'PreToolUse', timestamp: 't' }, 'claude'],
    ['a Gemini event without a timestamp', { session_id: 's', hook_event_name: 'AfterTool' }, 'gemini'],
    ['an event both share, with Gemini\'s timestamp', { session_id: 's', hook_event_name: 'SessionStart', timestamp: 't' }, 'gemini'],
    ['nothing known', { foo: 1 }, undefined],
    ['not an object', ['PreToolUse'], undefined],
    ['null', null, undefined],
  ];
  for (const [name, payload, want] of cases) test(name, () => assert.equal(detectAgent(payload), want));
});
