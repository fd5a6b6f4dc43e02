import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecisionRecord } from '../../../src/core/audit/record';
import { parseHostMessage } from '../../../src/shared/auditMessages';
import { actedFile, toDetail, toRow, toVerification } from '../../../src/shared/auditRows';

const base: DecisionRecord = {
  v: 1,
  seq: 3,
  time: '2026-11-21T10:00:00.000Z',
  type: 'decision',
  source: { agent: 'claude-code', channel: 'hook', session: 's' },
  action: { kind: 'exec', command: 'rm -rf build', cwd: '/ws' },
  verdict: { decision: 'ask', layer: 'preset', rule: 'shell.rm-recursive', reason: 'Recursive deletes are asked.', risk: 'high', effects: { paths: ['/ws/build'], fileCount: 3 } },
  decidedBy: { by: 'user', decision: 'allow', button: 'Allow once' },
  snapshot: '20261121-100000-000-abcd',
  prev: '0'.repeat(64),
  hash: 'f'.repeat(64),
};

test('a row carries the final decision, who made it, the target and whether a snapshot was taken', () => {
  assert.deepEqual(toRow(base, { status: 'failed', exitCode: 1 }), {
    seq: 3,
    time: Date.parse('2026-11-21T10:00:00.000Z'),
    decision: 'allow',
    by: 'user',
    agent: 'claude-code',
    kind: 'exec',
    target: 'rm -rf build',
    rule: 'shell.rm-recursive',
    snapshot: true,
    outcome: 'failed',
  });
});

test('a long target is cut in the row, whole in the detail', () => {
  const command = 'x'.repeat(5000);
  const r = { ...base, action: { kind: 'exec' as const, command } };
  assert.equal(toRow(r).target.length, 2001);
  assert.equal(toDetail(r).action.command, command);
});

test('Diff and Restore act on the action path, else the first effect path, and only with a snapshot', () => {
  assert.equal(actedFile(base), '/ws/build');
  assert.equal(actedFile({ ...base, action: { kind: 'write', path: '/ws/a.ts' } }), '/ws/a.ts');
  assert.equal(actedFile({ ...base, snapshot: undefined } as DecisionRecord), undefined);
});

test('rows, details and verification pass the webview guard as they are', () => {
  const v = toVerification({ ok: false, verified: 2, segments: 1, lastSeq: 2, lastHash: 'a'.repeat(64), warnings: [], break: { segment: 'trail.jsonl', line: 3, seq: 3, problem: 'hash', message: 'record 3 does not match its hash' } });
  assert.equal(v.problem, 'trail.jsonl line 3: record 3 does not match its hash');
  assert.equal(v.brokenSeq, 3);
  const init = { type: 'init', workspace: '/ws', exists: true, rows: [toRow(base)], verification: v };
  assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify(init))), { ok: true, value: init });
  const detail = { type: 'detail', seq: 3, detail: toDetail(base) };
  assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify(detail))), { ok: true, value: detail });
});

test("a checked result shows what the agent was told and what was found, not the verdict's notes twice", () => {
  const result: DecisionRecord = {
    ...base,
    action: { kind: 'exec', command: 'cat .env', cwd: '/ws' },
    verdict: { decision: 'deny', layer: 'preset', rule: 'output.secret', reason: "The tool's result holds a credential (aws-access-key, line 1).", risk: 'high', effects: { notes: ['line 1 · secret:aws-access-key · KEY=[REDACTED:aws-access-key]'] } },
    decidedBy: { by: 'policy' },
    told: 'withheld',
    findings: [{ rule: 'output.secret', kind: 'aws-access-key', line: 1, excerpt: 'KEY=[REDACTED:aws-access-key]' }],
    snapshot: undefined,
  } as DecisionRecord;
  const d = toDetail(result);
  assert.equal(d.told, 'withheld');
  assert.deepEqual(d.findings, ['line 1 · secret:aws-access-key · KEY=[REDACTED:aws-access-key]']);
  assert.equal(d.effects, undefined);
  const detail = { type: 'detail', seq: 3, detail: d };
  assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify(detail))), { ok: true, value: detail });
  assert.equal(parseHostMessage({ type: 'detail', seq: 3, detail: { ...d, told: 'shrugged' } }).ok, false);
});
