import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hookAdapters } from '../../../../src/core/hooks/adapters';
import type { AgentId, HookRequest, HookResponse } from '../../../../src/core/hooks/types';
import type { Decision, Verdict } from '../../../../src/core/verdict';
import { assertMatches } from './fixtures';

const verdict = (decision: Decision): Verdict => ({ decision, rule: 'test.rule', layer: 'preset', reason: `It is ${decision}.` });

const request = (agent: AgentId, extra: Partial<HookRequest> = {}): HookRequest => ({
  agent,
  event: agent === 'gemini' ? 'BeforeTool' : agent === 'cursor' ? 'beforeShellExecution' : 'PreToolUse',
  tool: 'T',
  roots: ['/ws'],
  actions: [],
  verdicts: [],
  ...extra,
});

const json = (r: HookResponse): unknown => (r.stdout === '' ? null : JSON.parse(r.stdout));

const denyClaudeShape = (reason: string) => ({
  hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason },
});

/** Per agent: the answer to allow, deny, an ask it cannot show, and an internal error. */
const table: Record<AgentId, { allow: unknown; deny: (reason: string) => unknown; denyExit: number; askable: Partial<HookRequest> | undefined }> = {
  claude: { allow: {}, deny: denyClaudeShape, denyExit: 2, askable: { permissionMode: 'default' } },
  vscode: { allow: {}, deny: denyClaudeShape, denyExit: 2, askable: {} },
  codex: { allow: null, deny: denyClaudeShape, denyExit: 2, askable: undefined },
  gemini: { allow: {}, deny: (reason) => ({ decision: 'deny', reason }), denyExit: 2, askable: undefined },
  cursor: {
    allow: { permission: 'allow' },
    deny: (reason) => ({ permission: 'deny', user_message: reason, agent_message: reason }),
    denyExit: 0,
    askable: undefined,
  },
  cline: { allow: { cancel: false }, deny: (reason) => ({ cancel: true, errorMessage: reason }), denyExit: 0, askable: undefined },
};

describe('hook answers, per agent', () => {
  for (const [agent, row] of Object.entries(table) as [AgentId, (typeof table)[AgentId]][]) {
    const adapter = hookAdapters[agent];
    test(`${agent}: allow is no objection`, () => {
      const r = adapter.respond(verdict('allow'), request(agent, row.askable ?? {}));
      assert.equal(r.exitCode, 0);
      assert.equal(r.stderr, '');
      assert.deepEqual(json(r), row.allow);
    });
    test(`${agent}: deny blocks and names the rule`, () => {
      const r = adapter.respond(verdict('deny'), request(agent));
      assert.equal(r.exitCode, row.denyExit);
      assert.match(r.stderr, /It is deny\. \[rule test\.rule\]/);
      assertMatches(json(r), row.deny('re:^Airlock: It is deny\\. \\[rule test\\.rule\\]$'));
    });
    test(`${agent}: an ask it cannot show is a deny that says so`, () => {
      const r = adapter.respond(verdict('ask'), request(agent, agent === 'claude' ? { permissionMode: 'dontAsk' } : {}));
      if (agent === 'vscode') {
        assert.equal(r.exitCode, 0, 'VS Code always shows its confirmation');
        return;
      }
      assert.equal(r.exitCode, row.denyExit);
      assertMatches(json(r), row.deny('re:A person must approve this, but .* so Airlock denies it\\.'));
    });
    test(`${agent}: an internal error fails closed`, () => {
      const r = adapter.respondToError('the disk caught fire');
      assert.equal(r.exitCode, row.denyExit);
      assert.match(r.stderr, /could not decide this tool call \(the disk caught fire\), so it is denied/);
      const out = json(r) as Record<string, unknown>;
      assert.ok(out !== null);
      // Cursor answers `permission` alone here: the event, and so the fields it accepts, may be unknown.
      if (agent === 'cursor') assert.deepEqual(out, { permission: 'deny' });
      else assertMatches(out, row.deny('re:the disk caught fire'));
    });
  }
});

describe('"ask" is passed on only where the agent shows it', () => {
  test('Claude Code: in default, acceptEdits and plan modes only', () => {
    for (const mode of ['default', 'acceptEdits', 'plan']) {
      const r = hookAdapters.claude.respond(verdict('ask'), request('claude', { permissionMode: mode }));
      assert.equal(r.exitCode, 0, mode);
      assertMatches(json(r), {
        hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: 're:It is ask\\.' },
      });
    }
    for (const mode of ['bypassPermissions', 'dontAsk', 'auto', undefined]) {
      const r = hookAdapters.claude.respond(verdict('ask'), request('claude', mode ? { permissionMode: mode } : {}));
      assert.equal(r.exitCode, 2, String(mode));
    }
  });
  test('VS Code: always (its confirmation UI)', () => {
    const r = hookAdapters.vscode.respond(verdict('ask'), request('vscode'));
    assert.equal(r.exitCode, 0);
    assert.equal((json(r) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision, 'ask');
  });
  test('Cursor file reads answer `permission` only', () => {
    for (const decision of ['allow', 'deny', 'ask'] as const) {
      const r = hookAdapters.cursor.respond(verdict(decision), request('cursor', { event: 'beforeReadFile' }));
      assert.deepEqual(json(r), { permission: decision === 'allow' ? 'allow' : 'deny' });
    }
  });
  test('Codex never prints "ask" or a bare "allow" (both are unsupported output there)', () => {
    for (const decision of ['allow', 'ask', 'deny'] as const) {
      const r = hookAdapters.codex.respond(verdict(decision), request('codex'));
      assert.doesNotMatch(r.stdout, /"ask"|"allow"/);
    }
  });
  test('a deny reason is never empty (Codex ignores a deny without one)', () => {
    for (const adapter of Object.values(hookAdapters)) {
      const r = adapter.respond({ ...verdict('deny'), reason: '' }, request(adapter.agent));
      assert.ok(r.stderr.trim().length > 0, adapter.agent);
    }
  });
});
