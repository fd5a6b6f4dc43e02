import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actionTarget, finalDecision, genesisHash, parseRecord, type DecisionRecord } from '../../../../src/core/audit/record';

const hash = 'a'.repeat(64);
const decision = {
  v: 1,
  seq: 3,
  time: '2026-11-21T10:00:00.000Z',
  type: 'decision',
  source: { agent: 'claude-code', channel: 'hook', session: 's' },
  action: { kind: 'delete', path: 'src', recursive: true },
  verdict: { decision: 'ask', layer: 'preset', rule: 'preset.delete-recursive', reason: 'Asked.', risk: 'high', effects: { paths: ['/w/src'], fileCount: 3 } },
  decidedBy: { by: 'user', decision: 'allow', button: 'Allow once' },
  snapshot: 'snap-1',
  dns: [{ host: 'example.com', addresses: ['93.184.216.34'] }],
  outcome: { status: 'succeeded' },
  prev: genesisHash,
  hash,
};
const outcome = { v: 1, seq: 4, time: '2026-11-21T10:00:01Z', type: 'outcome', ref: 3, source: { agent: 'a', channel: 'b' }, outcome: { status: 'failed', exitCode: 1, detail: 'x' }, prev: hash, hash };

const valid: readonly { name: string; data: unknown }[] = [
  { name: 'a full decision record', data: decision },
  { name: 'a minimal decision record', data: { ...decision, snapshot: undefined, dns: undefined, outcome: undefined, decidedBy: { by: 'policy' }, verdict: { decision: 'allow', layer: 'floor', rule: 'r', reason: '' } } },
  { name: 'a timeout', data: { ...decision, decidedBy: { by: 'timeout', decision: 'deny', afterMs: 30000 } } },
  { name: 'the paused guard', data: { ...decision, decidedBy: { by: 'pause', decision: 'allow' } } },
  { name: 'what the agent was told', data: { ...decision, told: 'agent-prompt' } },
  { name: 'an outcome record', data: outcome },
];

const invalid: readonly { name: string; data: unknown; error: RegExp }[] = [
  { name: 'not an object', data: [1], error: /JSON object/ },
  { name: 'another format version', data: { ...decision, v: 2 }, error: /"v" must be 1/ },
  { name: 'an unknown type', data: { ...decision, type: 'note' }, error: /type must be one of/ },
  { name: 'seq zero', data: { ...decision, seq: 0 }, error: /seq must be an integer ≥ 1/ },
  { name: 'a fractional seq', data: { ...decision, seq: 1.5 }, error: /seq/ },
  { name: 'a local time', data: { ...decision, time: '2026-11-21 10:00' }, error: /time must be an ISO 8601 UTC time/ },
  { name: 'a short hash', data: { ...decision, hash: 'abc' }, error: /hash must be 64/ },
  { name: 'an upper-case prev', data: { ...decision, prev: 'A'.repeat(64) }, error: /prev must be 64/ },
  { name: 'an unknown field', data: { ...decision, note: 1 }, error: /unknown field "note"/ },
  { name: 'an unknown action field', data: { ...decision, action: { kind: 'read', path: 'a', mode: 1 } }, error: /action has an unknown field "mode"/ },
  { name: 'an unknown action kind', data: { ...decision, action: { kind: 'chmod' } }, error: /action\.kind/ },
  { name: 'a bad decision', data: { ...decision, verdict: { ...decision.verdict, decision: 'maybe' } }, error: /verdict\.decision/ },
  { name: 'a bad layer', data: { ...decision, verdict: { ...decision.verdict, layer: 'god' } }, error: /verdict\.layer/ },
  { name: 'a user decision without its button', data: { ...decision, decidedBy: { by: 'user', decision: 'allow' } }, error: /decidedBy\.button/ },
  { name: 'a policy decision with extra fields', data: { ...decision, decidedBy: { by: 'policy', button: 'x' } }, error: /decidedBy has an unknown field "button"/ },
  { name: 'a pause without its decision', data: { ...decision, decidedBy: { by: 'pause' } }, error: /decidedBy\.decision/ },
  { name: 'a pause with a button', data: { ...decision, decidedBy: { by: 'pause', decision: 'allow', button: 'Pause Guard' } }, error: /decidedBy has an unknown field "button"/ },
  { name: 'something else told', data: { ...decision, told: 'maybe' }, error: /told must be one of/ },
  { name: 'a source without channel', data: { ...decision, source: { agent: 'a' } }, error: /source\.channel/ },
  { name: 'DNS answers that are not strings', data: { ...decision, dns: [{ host: 'h', addresses: [1] }] }, error: /dns\[0\]\.addresses\[0\]/ },
  { name: 'an outcome with an unknown status', data: { ...outcome, outcome: { status: 'maybe' } }, error: /outcome\.status/ },
  { name: 'an outcome without ref', data: { ...outcome, ref: undefined }, error: /ref must be an integer/ },
];

describe('parseRecord', () => {
  for (const c of valid) {
    test(`reads ${c.name}`, () => {
      const r = parseRecord(JSON.parse(JSON.stringify(c.data)));
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(r.value, JSON.parse(JSON.stringify(c.data)));
    });
  }
  for (const c of invalid) {
    test(`rejects ${c.name}`, () => {
      const r = parseRecord(JSON.parse(JSON.stringify(c.data)));
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, c.error);
    });
  }
});

describe('record helpers', () => {
  test('the final decision is the person’s, the timeout’s, or else the policy’s', () => {
    const r = decision as unknown as DecisionRecord;
    assert.equal(finalDecision(r), 'allow');
    assert.equal(finalDecision({ ...r, decidedBy: { by: 'policy' } }), 'ask');
    assert.equal(finalDecision({ ...r, decidedBy: { by: 'timeout', decision: 'deny', afterMs: 1 } }), 'deny');
  });
  const targets: { action: DecisionRecord['action']; expected: string }[] = [
    { action: { kind: 'exec', command: 'ls' }, expected: 'ls' },
    { action: { kind: 'fetch', url: 'https://x' }, expected: 'https://x' },
    { action: { kind: 'rename', path: 'a', to: 'b' }, expected: 'a → b' },
    { action: { kind: 'write', path: 'p' }, expected: 'p' },
  ];
  for (const c of targets) test(`the target of ${c.action.kind}`, () => assert.equal(actionTarget(c.action), c.expected));
});
