import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { recordHash } from '../../../../src/core/audit/chain';
import { genesisHash, type DecisionInput } from '../../../../src/core/audit/record';
import {
  appendOutcome,
  appendRecord,
  openTrail,
  readTrail,
  trailDir,
  TrailError,
  workspaceId,
  type Trail,
} from '../../../../src/core/audit/trail';
import type { Verdict } from '../../../../src/core/verdict';
import { allowVerdict, freshTrail, makeWorld, sampleInput, segmentFiles, tickingClock, worldTrail, type World } from './fixtures';

let w: World;
before(() => (w = makeWorld()));
after(() => w.cleanup());

const fresh = (options: Parameters<typeof worldTrail>[1] = {}): Trail => freshTrail(w, options);

const rawLines = (trail: Trail, name = 'trail.jsonl') => fs.readFileSync(path.join(trail.dir, name), 'utf8').split('\n').slice(0, -1);

describe('where a trail lives', () => {
  test('the workspace id is the first 16 hex digits of SHA-256 of the real path', () => {
    const expected = createHash('sha256').update(w.ws).digest('hex').slice(0, 16);
    assert.equal(workspaceId(w.ws), expected);
    assert.equal(trailDir(w.airlockHome, w.ws), path.join(w.airlockHome, 'trail', expected));
  });
  test('a workspace reached through a link shares the trail of its real folder', () => {
    const link = path.join(w.base, 'ws-link');
    fs.symlinkSync(w.ws, link);
    assert.equal(trailDir(w.airlockHome, link), trailDir(w.airlockHome, w.ws));
    assert.equal(openTrail({ airlockHome: w.airlockHome, workspace: link }).workspace, w.ws);
  });
});

describe('appendRecord', () => {
  test('numbers, stamps and chains records, and writes exactly what it returns', async () => {
    const trail = fresh({ clock: tickingClock(Date.parse('2026-01-02T03:04:05.000Z')) });
    const a = await appendRecord(trail, sampleInput(0));
    const b = await appendRecord(trail, sampleInput(1));
    assert.equal(a.seq, 1);
    assert.equal(a.prev, genesisHash);
    assert.equal(a.time, '2026-01-02T03:04:05.000Z');
    assert.equal(b.seq, 2);
    assert.equal(b.prev, a.hash);
    assert.equal(b.time, '2026-01-02T03:04:06.000Z');
    assert.equal(a.hash, recordHash(a as unknown as Record<string, unknown>));
    assert.deepEqual(rawLines(trail).map((l) => JSON.parse(l) as unknown), [a, b]);
    const { verification } = await readTrail(trail);
    assert.equal(verification.ok, true);
    assert.equal(verification.lastHash, b.hash);
  });

  test('records the source, action, verdict, who decided, snapshot, DNS and outcome', async () => {
    const trail = fresh();
    const exec = await appendRecord(trail, sampleInput(1));
    assert.deepEqual(exec.source, { agent: 'copilot', channel: 'hook' });
    assert.deepEqual(exec.action, { kind: 'exec', command: 'rm -rf build1', cwd: '/work/ws' });
    assert.deepEqual(exec.decidedBy, { by: 'user', decision: 'deny', button: 'Deny' });
    assert.equal(exec.snapshot, 'snap-1');
    const fetch = await appendRecord(trail, sampleInput(2));
    assert.deepEqual(fetch.dns, [{ host: '169.254.169.254', addresses: ['169.254.169.254'] }], 'DNS answers default to the verdict effects');
    assert.deepEqual(fetch.outcome, { status: 'not-run' });
    assert.deepEqual(fetch.decidedBy, { by: 'policy' });
  });

  test('redacts secrets before writing: they never reach the disk', async () => {
    const trail = fresh();
    const token = 'ghp_' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';
    const input: DecisionInput = {
      action: { kind: 'exec', command: `curl -H "Authorization: Bearer ${token}" https://api.github.com`, source: { agent: 'a', channel: 'hook' } },
      verdict: { ...allowVerdict, reason: `saw ${token}` },
      outcome: { status: 'failed', detail: `error for https://bob:pa55word@host/` },
    };
    const r = await appendRecord(trail, input);
    const text = fs.readFileSync(path.join(trail.dir, 'trail.jsonl'), 'utf8');
    assert.doesNotMatch(text, new RegExp(token));
    assert.doesNotMatch(text, /pa55word/);
    assert.equal(r.action.command, 'curl -H "Authorization: Bearer [REDACTED:github-token]" https://api.github.com');
    assert.equal(r.verdict.reason, 'saw [REDACTED:github-token]');
    assert.equal(r.outcome?.detail, 'error for https://bob:[REDACTED:url-password]@host/');
  });

  test('keeps only the known fields of what it is given, and cuts very long strings', async () => {
    const trail = fresh();
    const action = { kind: 'exec', command: `echo ${'x'.repeat(40_000)}`, source: { agent: 'a', channel: 'c', extra: 1 }, extra: 'no' };
    const r = await appendRecord(trail, { action: action as never, verdict: { ...allowVerdict, internal: true } as Verdict });
    assert.deepEqual(Object.keys(r.action), ['kind', 'command']);
    assert.deepEqual(r.source, { agent: 'a', channel: 'c' });
    assert.ok((r.action.command ?? '').length < 17_000);
    assert.match(r.action.command ?? '', /more characters\]$/);
    assert.equal((await readTrail(trail)).verification.ok, true);
  });

  test('refuses a record the format cannot hold, and writes nothing', async () => {
    const trail = fresh();
    await appendRecord(trail, sampleInput(0));
    const bad = { ...sampleInput(0), verdict: { ...allowVerdict, decision: 'maybe' } } as unknown as DecisionInput;
    await assert.rejects(appendRecord(trail, bad), (e: unknown) => e instanceof TrailError && /verdict\.decision/.test(e.message));
    assert.equal(rawLines(trail).length, 1);
    assert.equal(fs.existsSync(path.join(trail.dir, 'trail.lock')), false, 'the lock is released');
  });

  test('appends outcomes that refer to earlier decisions', async () => {
    const trail = fresh();
    const d = await appendRecord(trail, sampleInput(1));
    const o = await appendOutcome(trail, { ref: d.seq, source: { agent: 'copilot', channel: 'hook' }, outcome: { status: 'failed', exitCode: 2 } });
    assert.equal(o.type, 'outcome');
    assert.equal(o.ref, 1);
    assert.equal(o.seq, 2);
    assert.equal(o.prev, d.hash);
    const { records, verification } = await readTrail(trail);
    assert.equal(verification.ok, true);
    assert.deepEqual(records.map((r) => r.type), ['decision', 'outcome']);
  });

  test('concurrent appends from one process get distinct, consecutive numbers', async () => {
    const trail = fresh();
    const records = await Promise.all(Array.from({ length: 50 }, (_, i) => appendRecord(trail, sampleInput(i))));
    assert.deepEqual(records.map((r) => r.seq).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal((await readTrail(trail)).verification.ok, true);
  });

  test('store files are private to the user', async () => {
    const trail = fresh();
    await appendRecord(trail, sampleInput(0));
    assert.equal(fs.statSync(trail.dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(trail.dir, 'trail.jsonl')).mode & 0o777, 0o600);
  });
});

describe('rotation', () => {
  test('rotates by size into numbered segments and keeps one valid chain across them', async () => {
    const trail = fresh({ maxSegmentBytes: 4_000 });
    const written = [];
    for (let i = 0; i < 120; i++) written.push(await appendRecord(trail, sampleInput(i)));
    const files = segmentFiles(trail);
    assert.ok(files.length >= 10, `only ${files.join(', ')}`);
    assert.equal(files.at(-1), 'trail.jsonl');
    assert.equal(files[0], 'trail-000001.jsonl');
    for (const f of files.slice(0, -1)) assert.ok(fs.statSync(path.join(trail.dir, f)).size <= 4_000, `${f} is too big`);
    // Each segment's first record links to the previous segment's last.
    for (let i = 1; i < files.length; i++) {
      const last = JSON.parse(rawLines(trail, files[i - 1]).at(-1) ?? '{}') as { hash: string; seq: number };
      const first = JSON.parse(rawLines(trail, files[i])[0] ?? '{}') as { prev: string; seq: number };
      assert.equal(first.prev, last.hash);
      assert.equal(first.seq, last.seq + 1);
    }
    const index = JSON.parse(fs.readFileSync(path.join(trail.dir, 'index.json'), 'utf8')) as { segments: { file: string }[] };
    assert.deepEqual(index.segments.map((s) => s.file), files.slice(0, -1));
    const { verification, records } = await readTrail(trail);
    assert.equal(verification.ok, true, verification.break?.message);
    assert.deepEqual(verification.warnings, []);
    assert.equal(verification.segments, files.length);
    assert.deepEqual(records.map((r) => r.seq), written.map((r) => r.seq));
    assert.equal(verification.lastHash, written.at(-1)?.hash);
  });

  test('a record bigger than a segment gets a segment of its own', async () => {
    const trail = fresh({ maxSegmentBytes: 1_000 });
    await appendRecord(trail, sampleInput(0));
    await appendRecord(trail, { ...sampleInput(0), action: { kind: 'exec', command: `echo ${'y'.repeat(3_000)}`, source: { agent: 'a', channel: 'c' } } });
    await appendRecord(trail, sampleInput(0));
    assert.deepEqual(segmentFiles(trail), ['trail-000001.jsonl', 'trail-000002.jsonl', 'trail.jsonl']);
    assert.equal((await readTrail(trail)).verification.ok, true);
  });

  test('after a rotation the next append continues from the newest segment when the active file is gone', async () => {
    const trail = fresh({ maxSegmentBytes: 1_500 });
    for (let i = 0; i < 6; i++) await appendRecord(trail, sampleInput(i));
    // As if a rotation was interrupted after the rename.
    fs.renameSync(path.join(trail.dir, 'trail.jsonl'), path.join(trail.dir, `trail-${'9'.repeat(6)}.jsonl`));
    const next = await appendRecord(trail, sampleInput(6));
    assert.equal(next.seq, 7);
    assert.equal((await readTrail(trail)).verification.ok, true);
  });
});

describe('recovery', () => {
  test('an interrupted write is moved aside and the chain goes on', async () => {
    const trail = fresh();
    for (let i = 0; i < 3; i++) await appendRecord(trail, sampleInput(i));
    fs.appendFileSync(path.join(trail.dir, 'trail.jsonl'), '{"v":1,"seq":4,"ti');
    const before = await readTrail(trail);
    assert.equal(before.verification.ok, true);
    assert.match(before.verification.warnings.join('\n'), /unfinished line/);
    const next = await appendRecord(trail, sampleInput(3));
    assert.equal(next.seq, 4);
    assert.equal(fs.readFileSync(path.join(trail.dir, 'trail.torn'), 'utf8'), '{"v":1,"seq":4,"ti\n');
    const afterRead = await readTrail(trail);
    assert.equal(afterRead.verification.ok, true);
    assert.match(afterRead.verification.warnings.join('\n'), /trail\.torn/);
  });

  test('after a damaged last line, new records are still written and the damage stays reported', async () => {
    const trail = fresh();
    for (let i = 0; i < 3; i++) await appendRecord(trail, sampleInput(i));
    fs.appendFileSync(path.join(trail.dir, 'trail.jsonl'), 'garbage\n');
    const next = await appendRecord(trail, sampleInput(3));
    assert.equal(next.seq, 5, 'numbered after the damaged line');
    const { verification, records } = await readTrail(trail);
    assert.equal(verification.ok, false);
    assert.equal(verification.break?.line, 4);
    assert.equal(verification.break?.problem, 'not-json');
    assert.equal(records.length, 4);
  });
});

describe('the lock', () => {
  const lockOf = (t: Trail) => path.join(t.dir, 'trail.lock');
  const holdLock = (t: Trail, pid: number) => {
    fs.mkdirSync(t.dir, { recursive: true });
    fs.writeFileSync(lockOf(t), JSON.stringify({ pid, host: os.hostname(), nonce: 'other', time: Date.now() }));
  };

  test('a lock left by a dead process is broken at once', async () => {
    const trail = fresh({ lock: { isAlive: () => false, timeoutMs: 2_000 } });
    holdLock(trail, 424242);
    const r = await appendRecord(trail, sampleInput(0));
    assert.equal(r.seq, 1);
    assert.equal(fs.existsSync(lockOf(trail)), false);
  });

  test('a lock held by a live process makes the append wait, then fail with a TrailError', async () => {
    const trail = fresh({ lock: { isAlive: () => true, timeoutMs: 150 } });
    holdLock(trail, 424242);
    await assert.rejects(appendRecord(trail, sampleInput(0)), (e: unknown) => e instanceof TrailError && /locked by process 424242/.test(e.message));
    assert.equal(fs.existsSync(path.join(trail.dir, 'trail.jsonl')), false);
  });

  test('a lock released while waiting is taken', async () => {
    const trail = fresh({ lock: { isAlive: () => true, timeoutMs: 5_000 } });
    holdLock(trail, 424242);
    setTimeout(() => fs.rmSync(lockOf(trail)), 50);
    assert.equal((await appendRecord(trail, sampleInput(0))).seq, 1);
  });

  test('a lock older than the stale age is broken even if its PID is alive (reused)', async () => {
    const trail = fresh({ lock: { isAlive: () => true, staleMs: 1_000, timeoutMs: 5_000 } });
    holdLock(trail, 424242);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockOf(trail), old, old);
    assert.equal((await appendRecord(trail, sampleInput(0))).seq, 1);
  });

  test('an empty lock file (its writer just created it) is judged by age alone', async () => {
    const trail = fresh({ lock: { isAlive: () => false, staleMs: 60_000, timeoutMs: 120 } });
    fs.mkdirSync(trail.dir, { recursive: true });
    fs.writeFileSync(lockOf(trail), '');
    await assert.rejects(appendRecord(trail, sampleInput(0)), TrailError);
  });
});
