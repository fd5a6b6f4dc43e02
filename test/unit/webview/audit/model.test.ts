import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditRow } from '../../../../src/shared/auditMessages';
import { bucketize, isFiltered, noFilter, restoreFilter, RowStore, type Filter } from '../../../../src/webview/audit/model';

const t0 = Date.parse('2026-11-21T10:00:00Z');
const row = (seq: number, over: Partial<AuditRow> = {}): AuditRow => ({
  seq,
  time: t0 + seq * 60_000,
  decision: 'allow',
  by: 'policy',
  agent: 'claude-code',
  kind: 'read',
  target: `/ws/src/file${seq}.ts`,
  rule: 'preset.workspace-read',
  snapshot: false,
  ...over,
});

const rows: AuditRow[] = [
  row(1),
  row(2, { decision: 'deny', kind: 'write', rule: 'floor.system-write', target: '/etc/passwd' }),
  row(3, { decision: 'ask', agent: 'cursor', kind: 'exec', target: 'rm -rf build' }),
  row(4, { agent: 'cursor', kind: 'fetch', target: 'https://example.com/API' }),
  row(5, { decision: 'deny', agent: 'codex', kind: 'exec', target: 'curl http://169.254.169.254/' }),
];

const seqs = (store: RowStore, f: Filter, now = t0 + 3_600_000) => [...store.filter(f, now)].map((i) => store.rows[i]!.seq);

test('filters by decision, agent, kind, time and words; newest first', () => {
  const store = new RowStore();
  store.replace(rows);
  const table: [string, Partial<Filter>, number[]][] = [
    ['nothing', {}, [5, 4, 3, 2, 1]],
    ['denied only', { decisions: ['deny'] }, [5, 2]],
    ['allowed or asked', { decisions: ['allow', 'ask'] }, [4, 3, 1]],
    ['no decision at all', { decisions: [] }, []],
    ['one agent', { agent: 'cursor' }, [4, 3]],
    ['one kind', { kind: 'exec' }, [5, 3]],
    ['agent and kind', { agent: 'cursor', kind: 'exec' }, [3]],
    ['a span', { time: { kind: 'range', from: t0 + 2 * 60_000, to: t0 + 4 * 60_000 } }, [4, 3, 2]],
    ['the last 2.5 minutes before t0+5min', { time: { kind: 'last', ms: 150_000 } }, []],
    ['words, any case', { text: 'API' }, [4]],
    ['every word must match', { text: 'rm build' }, [3]],
    ['a rule', { text: 'floor.' }, [2]],
    ['a seq', { text: '#3' }, [3]],
    ['text and decision', { text: 'exec', decisions: ['deny'] }, [5]],
  ];
  for (const [name, f, expected] of table) assert.deepEqual(seqs(store, { ...noFilter, ...f }), expected, name);
  assert.deepEqual(seqs(store, { ...noFilter, time: { kind: 'last', ms: 150_000 } }, t0 + 5 * 60_000), [5, 4, 3]);
});

test('appends keep trail order, ignore what is held, and are found by a search started before', () => {
  const store = new RowStore();
  store.replace([rows[2]!, rows[0]!, rows[1]!]);
  assert.deepEqual(store.rows.map((r) => r.seq), [1, 2, 3]);
  assert.deepEqual(seqs(store, { ...noFilter, text: 'example' }), []);
  assert.equal(store.append([rows[1]!, rows[4]!, rows[3]!]), 2);
  assert.deepEqual(store.rows.map((r) => r.seq), [1, 2, 3, 4, 5]);
  assert.deepEqual(seqs(store, { ...noFilter, text: 'example' }), [4]);
  assert.deepEqual(store.agents, ['claude-code', 'codex', 'cursor']);
  assert.deepEqual(store.kinds, ['exec', 'fetch', 'read', 'write']);
  assert.ok(store.setOutcome(3, 'failed'));
  assert.equal(store.rows[2]!.outcome, 'failed');
  assert.equal(store.setOutcome(99, 'failed'), false);
});

test('buckets count decisions over the span of the rows', () => {
  const store = new RowStore();
  store.replace(rows);
  const b = bucketize(store.rows, store.filter(noFilter, 0), 2);
  assert.ok(b);
  assert.equal(b.from, t0 + 60_000);
  assert.deepEqual(b.counts, [
    { allow: 1, ask: 1, deny: 1 },
    { allow: 1, ask: 0, deny: 1 },
  ]);
  assert.equal(b.max, 3);
  // The bars are final decisions; the rows a person answered (or let time out) are counted beside them.
  assert.equal(b.prompted, rows.filter((r) => r.by === 'user' || r.by === 'timeout').length);
  assert.equal(bucketize(store.rows, new Int32Array(0), 10), undefined);
});

test('a saved filter comes back as it was, and anything odd as the default', () => {
  const f: Filter = { decisions: ['deny'], agent: 'cursor', kind: 'exec', time: { kind: 'range', from: 1, to: 2 }, text: 'rm' };
  assert.deepEqual(restoreFilter(JSON.parse(JSON.stringify(f))), f);
  assert.deepEqual(restoreFilter(undefined), noFilter);
  assert.deepEqual(restoreFilter({ decisions: ['nope'], agent: 3, time: { kind: 'range', from: 5, to: 1 } }), { ...noFilter, decisions: [] });
  assert.equal(isFiltered(noFilter), false);
  assert.equal(isFiltered({ ...noFilter, text: '  ' }), false);
  assert.equal(isFiltered({ ...noFilter, kind: 'exec' }), true);
});
