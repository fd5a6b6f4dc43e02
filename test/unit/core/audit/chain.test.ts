import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { canonicalJson, recordHash, sha256, verifyChain, type ChainProblem } from '../../../../src/core/audit/chain';
import { genesisHash } from '../../../../src/core/audit/record';
import { appendRecord, readTrail, type Trail } from '../../../../src/core/audit/trail';
import { makeWorld, sampleInput, segmentFiles, worldTrail, type World } from './fixtures';

describe('canonicalJson', () => {
  const cases: { name: string; value: unknown; expected: string }[] = [
    { name: 'sorted keys, nested', value: { b: 1, a: { d: [1, 'x'], c: null } }, expected: '{"a":{"c":null,"d":[1,"x"]},"b":1}' },
    { name: 'undefined fields left out', value: { a: undefined, b: true }, expected: '{"b":true}' },
    { name: 'unicode and escapes as JSON.stringify writes them', value: { k: 'é\n"\u2028' }, expected: '{"k":"é\\n\\"\u2028"}' },
    { name: 'keys sorted by code unit', value: { b: 0, B: 0, ä: 0, a: 0 }, expected: '{"B":0,"a":0,"b":0,"ä":0}' },
    { name: 'negative zero and exponent', value: [-0, 1e21, 0.1], expected: '[0,1e+21,0.1]' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(canonicalJson(c.value), c.expected));
  test('key order of the input does not matter', () => {
    assert.equal(canonicalJson({ x: 1, y: { p: 2, q: 3 } }), canonicalJson({ y: { q: 3, p: 2 }, x: 1 }));
  });
  test('non-finite numbers are refused', () => assert.throws(() => canonicalJson({ n: NaN }), TypeError));
  test('a record hash ignores the hash field and is reproducible from the parsed line', () => {
    const r = { v: 1, seq: 1, prev: genesisHash, time: '2026-01-01T00:00:00.000Z' };
    const h = recordHash(r);
    assert.equal(recordHash({ ...r, hash: 'x' }), h);
    assert.equal(recordHash(JSON.parse(JSON.stringify({ ...r, hash: h })) as Record<string, unknown>), h);
    assert.equal(h, sha256(canonicalJson(r)));
  });
});

let w: World;
before(() => (w = makeWorld()));
after(() => w.cleanup());

let counter = 0;

/** A trail of `n` records in a fresh workspace; `maxSegmentBytes` small enough to rotate when asked. */
async function freshTrail(n: number, rotate = false): Promise<Trail> {
  const ws = path.join(w.base, `ws-${++counter}`);
  fs.mkdirSync(ws);
  const trail = worldTrail({ ...w, ws }, rotate ? { maxSegmentBytes: 2_000 } : {});
  for (let i = 0; i < n; i++) await appendRecord(trail, sampleInput(i));
  return trail;
}

const file = (trail: Trail, name = 'trail.jsonl') => path.join(trail.dir, name);
const readLines = (p: string) => fs.readFileSync(p, 'utf8').split('\n').slice(0, -1);
const writeLines = (p: string, lines: string[]) => fs.writeFileSync(p, lines.map((l) => `${l}\n`).join(''));
const editLine = (p: string, i: number, f: (record: Record<string, unknown>) => Record<string, unknown>) => {
  const lines = readLines(p);
  lines[i] = JSON.stringify(f(JSON.parse(lines[i] ?? '{}') as Record<string, unknown>));
  writeLines(p, lines);
};
const resealed = (r: Record<string, unknown>) => ({ ...r, hash: recordHash(r) });

interface Tamper {
  readonly name: string;
  readonly rotate?: boolean;
  readonly tamper: (trail: Trail) => void;
  readonly problem: ChainProblem;
  readonly segment?: string;
  /** 1-based line of the first broken link (0: the segment or the end as a whole). */
  readonly line: number;
  readonly seq?: number;
}

const tampering: readonly Tamper[] = [
  {
    name: 'an edited field',
    tamper: (t) => editLine(file(t), 3, (r) => ({ ...r, verdict: { ...(r.verdict as object), decision: 'deny' } })),
    problem: 'hash',
    line: 4,
    seq: 4,
  },
  {
    name: 'an edited field with its own hash recomputed',
    tamper: (t) => editLine(file(t), 3, (r) => resealed({ ...r, action: { kind: 'read', path: 'innocent.txt' } })),
    problem: 'prev',
    line: 5,
    seq: 5,
  },
  { name: 'an edit that breaks the JSON', tamper: (t) => editLineText(file(t), 2, (l) => l.slice(0, -5)), problem: 'not-json', line: 3 },
  { name: 'a field the format does not have', tamper: (t) => editLine(file(t), 2, (r) => ({ ...r, note: 'hi' })), problem: 'invalid', line: 3, seq: 3 },
  { name: 'a deleted record', tamper: (t) => writeLines(file(t), readLines(file(t)).filter((_, i) => i !== 4)), problem: 'seq', line: 5, seq: 6 },
  { name: 'a deleted first record', tamper: (t) => writeLines(file(t), readLines(file(t)).slice(1)), problem: 'seq', line: 1, seq: 2 },
  { name: 'deleted last records', tamper: (t) => writeLines(file(t), readLines(file(t)).slice(0, -2)), problem: 'truncated', line: 0, seq: 10 },
  { name: 'a deleted last record', tamper: (t) => writeLines(file(t), readLines(file(t)).slice(0, -1)), problem: 'truncated', line: 0, seq: 10 },
  {
    name: 'an inserted record, correctly chained to the one before',
    tamper: (t) => {
      const lines = readLines(file(t));
      const prev = JSON.parse(lines[5] ?? '{}') as Record<string, unknown>;
      const forged = resealed({ ...prev, seq: (prev.seq as number) + 1, prev: prev.hash, hash: undefined });
      lines.splice(6, 0, JSON.stringify(forged));
      writeLines(file(t), lines);
    },
    problem: 'seq',
    line: 8,
    seq: 7,
  },
  { name: 'a duplicated record', tamper: (t) => writeLines(file(t), readLines(file(t)).flatMap((l, i) => (i === 2 ? [l, l] : [l]))), problem: 'seq', line: 4, seq: 3 },
  {
    name: 'two records swapped',
    tamper: (t) => {
      const lines = readLines(file(t));
      [lines[3], lines[4]] = [lines[4] ?? '', lines[3] ?? ''];
      writeLines(file(t), lines);
    },
    problem: 'seq',
    line: 4,
    seq: 5,
  },
  {
    name: 'a rewritten record at the head',
    tamper: (t) => {
      const lines = readLines(file(t));
      const last = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
      lines[lines.length - 1] = JSON.stringify(resealed({ ...last, hash: undefined, source: { agent: 'nobody', channel: 'hook' } }));
      writeLines(file(t), lines);
    },
    problem: 'head',
    line: 10,
    seq: 10,
  },
  {
    name: 'a blank line inserted',
    tamper: (t) => writeLines(file(t), readLines(file(t)).flatMap((l, i) => (i === 1 ? [l, ''] : [l]))),
    problem: 'not-json',
    line: 3,
  },
  {
    name: 'a deleted rotated segment',
    rotate: true,
    tamper: (t) => fs.rmSync(file(t, 'trail-000002.jsonl')),
    problem: 'missing-segment',
    segment: 'trail-000002.jsonl',
    line: 0,
  },
  {
    name: 'two rotated segments swapped',
    rotate: true,
    tamper: (t) => {
      const a = file(t, 'trail-000001.jsonl');
      const b = file(t, 'trail-000002.jsonl');
      const ta = fs.readFileSync(a);
      fs.writeFileSync(a, fs.readFileSync(b));
      fs.writeFileSync(b, ta);
    },
    problem: 'seq',
    segment: 'trail-000001.jsonl',
    line: 1,
  },
  {
    name: 'a record edited in an older segment',
    rotate: true,
    tamper: (t) => editLine(file(t, 'trail-000001.jsonl'), 1, (r) => ({ ...r, time: '2020-01-01T00:00:00.000Z' })),
    problem: 'hash',
    segment: 'trail-000001.jsonl',
    line: 2,
    seq: 2,
  },
  {
    name: 'a segment emptied and its index entry removed',
    rotate: true,
    tamper: (t) => {
      fs.writeFileSync(file(t, 'trail-000002.jsonl'), '');
      const index = JSON.parse(fs.readFileSync(path.join(t.dir, 'index.json'), 'utf8')) as { segments: { file: string }[] };
      index.segments = index.segments.filter((s) => s.file !== 'trail-000002.jsonl');
      fs.writeFileSync(path.join(t.dir, 'index.json'), JSON.stringify(index));
    },
    problem: 'seq',
    segment: 'trail-000003.jsonl',
    line: 1,
  },
];

function editLineText(p: string, i: number, f: (line: string) => string): void {
  const lines = readLines(p);
  lines[i] = f(lines[i] ?? '');
  writeLines(p, lines);
}

describe('chain verification catches each kind of tampering', () => {
  for (const c of tampering) {
    test(c.name, async () => {
      const trail = await freshTrail(c.rotate ? 40 : 10, c.rotate);
      if (c.rotate) assert.ok(segmentFiles(trail).length >= 4, `rotated into ${segmentFiles(trail).join(', ')}`);
      assert.equal((await readTrail(trail)).verification.ok, true, 'intact before tampering');
      c.tamper(trail);
      const { verification } = await readTrail(trail);
      assert.equal(verification.ok, false, 'broken after tampering');
      const b = verification.break;
      assert.ok(b);
      assert.equal(b.problem, c.problem, b.message);
      assert.equal(b.segment, c.segment ?? 'trail.jsonl', b.message);
      assert.equal(b.line, c.line, b.message);
      if (c.seq !== undefined) assert.equal(b.seq, c.seq, b.message);
      assert.match(b.message, /\w/);
    });
  }

  test('what it cannot see: the end cut off and the head file rewritten to match (anchor the head elsewhere)', async () => {
    const trail = await freshTrail(5);
    const lines = readLines(file(trail));
    writeLines(file(trail), lines.slice(0, -1));
    const last = JSON.parse(lines.at(-2) ?? '{}') as { seq: number; hash: string };
    fs.writeFileSync(path.join(trail.dir, 'head.json'), JSON.stringify({ seq: last.seq, hash: last.hash }));
    const { verification } = await readTrail(trail);
    assert.equal(verification.ok, true);
    assert.equal(verification.lastSeq, 4);
  });

  test('an intact trail verifies, with every record counted', async () => {
    const trail = await freshTrail(25, true);
    const { verification, records } = await readTrail(trail);
    assert.equal(verification.ok, true);
    assert.equal(verification.verified, 25);
    assert.equal(records.length, 25);
    assert.deepEqual(verification.warnings, []);
  });
});

describe('verifyChain over text', () => {
  test('an empty trail is intact', () => {
    const { verification } = verifyChain({ segments: [] });
    assert.equal(verification.ok, true);
    assert.equal(verification.lastHash, genesisHash);
  });
  test('an unfinished last line of the active file is a warning, not a break', async () => {
    const trail = await freshTrail(3);
    const text = fs.readFileSync(file(trail), 'utf8');
    const { verification } = verifyChain({ segments: [{ name: 'trail.jsonl', text: `${text}{"v":1,"se` }] });
    assert.equal(verification.ok, true);
    assert.match(verification.warnings.join('\n'), /unfinished line/);
  });
  test('without a head file a cut-off end is only warned about', async () => {
    const trail = await freshTrail(3);
    const { verification } = verifyChain({ segments: [{ name: 'trail.jsonl', text: fs.readFileSync(file(trail), 'utf8') }] });
    assert.equal(verification.ok, true);
    assert.match(verification.warnings.join('\n'), /no head file/);
  });
});
