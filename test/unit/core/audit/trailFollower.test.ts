import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { appendOutcome, appendRecord, readTrail, type Trail } from '../../../../src/core/audit/trail';
import { TrailFollower } from '../../../../src/core/audit/trailFollower';
import { freshTrail, makeWorld, sampleInput, worldTrail, type World } from './fixtures';

let w: World;
before(() => (w = makeWorld('airlock-follow-')));
after(() => w.cleanup());

const fresh = (options: Parameters<typeof worldTrail>[1] = {}): Trail => freshTrail(w, options);

async function appendMany(trail: Trail, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) await appendRecord(trail, sampleInput(i));
}

describe('following a trail', () => {
  test('an absent trail loads empty and stays quiet until records arrive, then resets once', async () => {
    const trail = fresh();
    const f = new TrailFollower(trail);
    const first = await f.load();
    assert.equal(first.exists, false);
    assert.deepEqual(await f.poll(), { kind: 'none' });
    await appendMany(trail, 0, 2);
    const update = await f.poll();
    assert.equal(update.kind, 'reset');
    if (update.kind === 'reset') assert.equal(update.contents.records.length, 2);
    await appendMany(trail, 2, 1);
    const next = await f.poll();
    assert.equal(next.kind, 'append');
  });

  test('appends are read incrementally, checked, and counted as verified', async () => {
    const trail = fresh();
    await appendMany(trail, 0, 3);
    let reads = 0;
    const f = new TrailFollower(trail, (t) => (reads++, readTrail(t)));
    const loaded = await f.load();
    assert.equal(loaded.verification.verified, 3);
    assert.deepEqual(await f.poll(), { kind: 'none' });
    await appendMany(trail, 3, 2);
    await appendOutcome(trail, { ref: 4, source: { agent: 'claude-code', channel: 'hook' }, outcome: { status: 'failed', exitCode: 1 } });
    const update = await f.poll();
    assert.equal(update.kind, 'append');
    if (update.kind !== 'append') return;
    assert.deepEqual(update.records.map((r) => r.seq), [4, 5, 6]);
    assert.equal(update.records[2]!.type, 'outcome');
    assert.equal(update.verification.ok, true);
    assert.equal(update.verification.verified, 6);
    assert.equal(update.verification.lastSeq, 6);
    assert.deepEqual(await f.poll(), { kind: 'none' });
    assert.equal(reads, 1, 'the whole trail was read only once');
  });

  test('a half-written last line waits for the rest', async () => {
    const trail = fresh();
    await appendMany(trail, 0, 1);
    const f = new TrailFollower(trail);
    await f.load();
    const file = path.join(trail.dir, 'trail.jsonl');
    const before = fs.readFileSync(file);
    await appendMany(trail, 1, 1);
    const full = fs.readFileSync(file);
    const added = full.subarray(before.length);
    fs.writeFileSync(file, Buffer.concat([before, added.subarray(0, 20)]));
    assert.deepEqual(await f.poll(), { kind: 'none' });
    fs.writeFileSync(file, full);
    const update = await f.poll();
    assert.equal(update.kind, 'append');
  });

  test('an appended record that does not chain on makes a full read, which reports the break', async () => {
    const trail = fresh();
    await appendMany(trail, 0, 2);
    const f = new TrailFollower(trail);
    await f.load();
    const file = path.join(trail.dir, 'trail.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
    const forged = JSON.parse(lines[1]!) as Record<string, unknown>;
    forged.seq = 3;
    fs.appendFileSync(file, `${JSON.stringify(forged)}\n`);
    const update = await f.poll();
    assert.equal(update.kind, 'reset');
    if (update.kind !== 'reset') return;
    assert.equal(update.contents.verification.ok, false);
    assert.equal(update.contents.verification.break?.seq, 3);
    // A broken trail is not re-read until it changes again.
    assert.deepEqual(await f.poll(), { kind: 'none' });
  });

  test('an edited record already read makes a full read when the file shrinks or is replaced', async () => {
    const trail = fresh();
    await appendMany(trail, 0, 3);
    const f = new TrailFollower(trail);
    await f.load();
    const file = path.join(trail.dir, 'trail.jsonl');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(`${file}.new`, text.replace('"claude-code"', '"claude"'));
    fs.renameSync(`${file}.new`, file);
    const update = await f.poll();
    assert.equal(update.kind, 'reset');
    if (update.kind === 'reset') assert.equal(update.contents.verification.break?.problem, 'hash');
  });

  test('a rotation is followed by a full read that keeps every record', async () => {
    const trail = fresh({ maxSegmentBytes: 1500 });
    await appendMany(trail, 0, 2);
    const f = new TrailFollower(trail);
    await f.load();
    await appendMany(trail, 2, 6);
    let seen = 0;
    for (let i = 0; i < 3; i++) {
      const update = await f.poll();
      if (update.kind === 'reset') seen = update.contents.records.length;
      else if (update.kind === 'append') seen += update.records.length;
    }
    assert.equal(seen, 8);
  });
});
