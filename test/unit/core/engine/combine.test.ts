import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { combineLayers, tableLayer } from '../../../../src/core/engine/outcomes';
import type { Decision, Layer, Verdict } from '../../../../src/core/verdict';

const v = (rule: string, decision: Decision, layer: Layer = 'preset'): Verdict => ({ decision, rule, layer, reason: `${rule} says ${decision}.` });
const unmatched = v('preset.unmatched', 'ask');
const decisions: readonly Decision[] = ['allow', 'ask', 'deny'];

describe('combineLayers: one precedence for paths, fetches and commands', () => {
  test('a floor deny is the answer whatever the other layers say', () => {
    for (const d of decisions) {
      const floor = v('floor.home', 'deny', 'floor');
      const got = combineLayers({ floor, user: v('user:x', d, 'user'), preset: [v('p', d)], workspace: [v('w', d, 'workspace')], unmatched });
      assert.equal(got, floor);
    }
  });

  test("a user rule on the subject replaces the preset's answer, a deny included", () => {
    for (const p of decisions) {
      for (const u of decisions) {
        const user = v('user:x', u, 'user');
        assert.equal(combineLayers({ user, preset: [v('p', p)], workspace: [], unmatched }), user);
      }
    }
  });

  test("with presetDeniesHold a user rule answers the preset's asks but not its denies", () => {
    const user = v('user:cmd', 'allow', 'user');
    assert.equal(combineLayers({ user, preset: [v('find', 'ask'), v('effect', 'ask')], presetDeniesHold: true, workspace: [], unmatched }), user);
    const denied = v('secret-upload', 'deny');
    assert.equal(combineLayers({ user, preset: [v('find', 'ask'), denied], presetDeniesHold: true, workspace: [], unmatched }), denied);
    // A user deny stays a deny.
    const userDeny = v('user:cmd', 'deny', 'user');
    assert.equal(combineLayers({ user: userDeny, preset: [v('find', 'allow')], presetDeniesHold: true, workspace: [], unmatched }), userDeny);
  });

  test("without a user rule the strictest of the preset's answers wins, the first on a tie", () => {
    const first = v('a', 'ask');
    assert.equal(combineLayers({ preset: [v('x', 'allow'), first, v('b', 'ask')], workspace: [], unmatched }), first);
    const deny = v('d', 'deny');
    assert.equal(combineLayers({ preset: [v('x', 'allow'), v('a', 'ask'), deny], workspace: [], unmatched }), deny);
  });

  test('with no answer at all, the unmatched verdict', () => {
    assert.equal(combineLayers({ preset: [], workspace: [], unmatched }), unmatched);
  });

  test('workspace rules only ever make the answer stricter', () => {
    for (const base of decisions) {
      for (const ws of decisions) {
        const preset = v('p', base);
        const workspace = v('w', ws, 'workspace');
        const got = combineLayers({ preset: [preset], workspace: [workspace], unmatched });
        const stricter = decisions.indexOf(ws) > decisions.indexOf(base);
        assert.equal(got, stricter ? workspace : preset, `${base} + workspace ${ws}`);
      }
    }
  });

  test("a guard's table row is its layer's one answer, with specificity 0", () => {
    const row = { id: 'network.metadata', layer: 'floor' as const, decision: 'deny' as const, reason: 'Metadata.', origin: 'built-in' };
    const layer = tableLayer('floor', row);
    assert.equal(layer.winner?.rule, row);
    assert.deepEqual(layer.matches, [{ rule: row, specificity: 0 }]);
    assert.deepEqual(tableLayer('floor', undefined), { layer: 'floor', matches: [] });
  });
});
