import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hookAdapters } from '../../../../src/core/hooks/adapters';
import { detectAgent } from '../../../../src/core/hooks/detect';
import type { HookRequest } from '../../../../src/core/hooks/types';
import { loadHookFixtures } from './fixtures';

const vars = { WS: '/work/ws', HOME: '/home/dev' };

/** The fields of an action a fixture names (kind, path, to, command, url, cwd), for comparison. */
function pick(action: HookRequest['actions'][number], keys: readonly string[]): Record<string, string> {
  const a = action as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => a[k] !== undefined).map((k) => [k, String(a[k])]));
}

describe('hook adapters read their agents\' documented payloads', () => {
  for (const { agent, name, fixture, stdin } of loadHookFixtures(vars)) {
    test(`${name}: ${fixture.description}`, () => {
      let payload: unknown;
      try {
        payload = JSON.parse(stdin);
      } catch {
        assert.ok('error' in fixture.parse, 'only a malformed-input fixture may carry stdin that is not JSON');
        return;
      }
      const detected = detectAgent(payload);
      if (fixture.detected) assert.equal(detected, fixture.detected);
      else if (detected !== undefined) assert.equal(detected, agent, 'the payload is recognised as its own agent\'s');
      const adapter = hookAdapters[detected ?? agent];
      const parsed = adapter.parse(payload);
      if ('error' in fixture.parse) {
        assert.equal(parsed.ok, false, 'the payload must be refused');
        if (!parsed.ok) assert.ok(parsed.error.includes(fixture.parse.error), `error "${parsed.error}" names "${fixture.parse.error}"`);
        return;
      }
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
      const request = parsed.value;
      const expected = fixture.parse.actions;
      assert.deepEqual(
        request.actions.map((a, i) => pick(a, Object.keys(expected[i] ?? { kind: '', path: '', to: '', command: '', url: '' }))),
        expected,
      );
      assert.deepEqual(request.verdicts.map((v) => v.rule), fixture.parse.verdicts);
      for (const a of request.actions) {
        assert.equal(a.source.agent, request.agent);
        assert.equal(a.source.channel, 'hook');
      }
    });
  }
});

describe('every agent has the fixtures the issue asks for', () => {
  const all = loadHookFixtures(vars);
  for (const agent of Object.keys(hookAdapters)) {
    test(agent, () => {
      const mine = all.filter((f) => f.agent === agent);
      const exits = new Set(mine.map((f) => f.fixture.expect.rule ?? f.fixture.expect.decision ?? 'error'));
      assert.ok(mine.some((f) => f.fixture.raw !== undefined || 'error' in f.fixture.parse), 'malformed input');
      assert.ok(mine.some((f) => f.fixture.expect.rule === 'hook.unknown-tool'), 'an unknown tool');
      assert.ok(mine.some((f) => /mcp/i.test(JSON.stringify(f.fixture.payload ?? ''))), 'an MCP tool');
      assert.ok(exits.size >= 4, 'allow, deny and ask outcomes');
    });
  }
});
