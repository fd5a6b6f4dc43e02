import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  applyRestore,
  collectGarbage,
  findSnapshot,
  listSnapshots,
  planRestore,
  storeSize,
  takeCheckpoint,
  takeTargetedSnapshot,
  verifyStore,
} from '../../../../src/core/snapshots';
import { makeWorld } from './world';

const day = 24 * 60 * 60 * 1000;
const roomy = { maxBytes: 1 << 30, maxAgeDays: 30 };

describe('retention', () => {
  test('snapshots past the age limit go, and their content with them', () => {
    const w = makeWorld();
    try {
      w.write('a.bin', randomBytes(50_000));
      const old = takeCheckpoint(w.store, w.ws).manifest;
      w.clock.now += 40 * day;
      w.write('a.bin', randomBytes(50_000));
      const recent = takeCheckpoint(w.store, w.ws).manifest;
      const before = storeSize(w.store);
      const r = collectGarbage(w.store, { retention: roomy });
      assert.deepEqual(r.decisions.map((d) => [d.id, d.action, d.why]), [[old.id, 'remove', 'age']]);
      assert.ok(r.bytesAfter < before - 40_000, `${r.bytesAfter} < ${before} - 40000`);
      assert.equal(r.objectsRemoved, 2);
      assert.deepEqual(listSnapshots(w.store, w.ws).map((s) => s.id), [recent.id]);
      assert.equal(verifyStore(w.store).ok, true);
      fs.rmSync(path.join(w.ws, 'a.bin'));
      assert.deepEqual(applyRestore(w.store, planRestore(w.store, recent)).failed, []);
    } finally {
      w.cleanup();
    }
  });

  test('the newest copy of a file is never deleted: an old snapshot holding one is thinned to it', () => {
    const w = makeWorld();
    try {
      w.write('keep/notes.txt', 'the only copy of my notes');
      w.write('src/a.ts', 'a');
      const old = takeCheckpoint(w.store, w.ws).manifest;
      // The agent deletes the notes; later checkpoints no longer have them.
      fs.rmSync(path.join(w.ws, 'keep'), { recursive: true });
      w.clock.now += 40 * day;
      w.write('src/a.ts', 'a2');
      takeCheckpoint(w.store, w.ws);
      const r = collectGarbage(w.store, { retention: roomy });
      assert.deepEqual(r.decisions.map((d) => [d.id, d.action, d.kept]), [[old.id, 'thin', 1]]);
      const thinned = findSnapshot(w.store, w.ws, old.id);
      assert.equal(thinned.kind, 'targeted');
      assert.ok(thinned.kind === 'targeted' && thinned.thinned?.from === 'checkpoint');
      const plan = planRestore(w.store, thinned);
      assert.deepEqual(plan.items.map((i) => [i.path, i.action]), [['keep/notes.txt', 'create']]);
      assert.deepEqual(applyRestore(w.store, plan).failed, []);
      assert.equal(w.read('keep/notes.txt').toString(), 'the only copy of my notes');
      // Run again: nothing more to do, the thinned snapshot stays.
      assert.deepEqual(collectGarbage(w.store, { retention: roomy }).decisions, []);
      assert.equal(verifyStore(w.store).ok, true);
    } finally {
      w.cleanup();
    }
  });

  test('over the size cap the oldest go first; the newest snapshot and the latest checkpoint stay', () => {
    const w = makeWorld();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        w.write('data.bin', randomBytes(30_000));
        ids.push(takeCheckpoint(w.store, w.ws).manifest.id);
        w.clock.now += 1000;
      }
      w.write('note.txt', 'n');
      const targeted = takeTargetedSnapshot(w.store, w.ws, ['note.txt']).manifest;
      const r = collectGarbage(w.store, { retention: { maxBytes: 45_000, maxAgeDays: 30 } });
      assert.deepEqual(r.decisions.map((d) => [d.id, d.action, d.why]), [[ids[0], 'remove', 'size'], [ids[1], 'remove', 'size'], [ids[2], 'remove', 'size']]);
      assert.equal(r.overCap, false);
      assert.deepEqual(listSnapshots(w.store, w.ws).map((s) => s.id).sort(), [ids[3], targeted.id].sort());
      assert.ok(r.bytesAfter <= 45_000, String(r.bytesAfter));
    } finally {
      w.cleanup();
    }
  });

  test('a cap smaller than what must stay is reported, not forced', () => {
    const w = makeWorld();
    try {
      w.write('data.bin', randomBytes(30_000));
      takeCheckpoint(w.store, w.ws);
      const r = collectGarbage(w.store, { retention: { maxBytes: 1000, maxAgeDays: 30 } });
      assert.deepEqual(r.decisions, []);
      assert.equal(r.overCap, true);
    } finally {
      w.cleanup();
    }
  });

  test('a dry run changes nothing', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      takeCheckpoint(w.store, w.ws);
      w.clock.now += 40 * day;
      w.write('a.txt', 'b');
      takeCheckpoint(w.store, w.ws);
      const before = listSnapshots(w.store, w.ws);
      const r = collectGarbage(w.store, { retention: roomy, dryRun: true });
      assert.equal(r.decisions.length, 1);
      assert.deepEqual(listSnapshots(w.store, w.ws), before);
    } finally {
      w.cleanup();
    }
  });

  test('many small packs are merged into one; what crashed writers left is removed', () => {
    const w = makeWorld();
    try {
      for (let i = 0; i < 12; i++) {
        w.write(`f${i}.txt`, `file ${i}`);
        takeTargetedSnapshot(w.store, w.ws, [`f${i}.txt`]);
      }
      fs.writeFileSync(path.join(w.store.dirs.tmp, `${Date.now().toString(36)}-999999-00aa00aa.pack`), 'debris');
      const store = w.reopen({ isAlive: (pid) => pid !== 999_999 });
      assert.equal(store.loadedPacks().length, 12);
      const r = collectGarbage(store, { retention: roomy });
      assert.equal(store.loadedPacks().length, 1);
      assert.equal(r.leftoversRemoved, 1);
      assert.equal(verifyStore(store).ok, true);
      for (let i = 0; i < 12; i++) fs.rmSync(path.join(w.ws, `f${i}.txt`));
      for (const s of listSnapshots(store, w.ws)) assert.deepEqual(applyRestore(store, planRestore(store, findSnapshot(store, w.ws, s.id))).failed, []);
      assert.equal(w.read('f11.txt').toString(), 'file 11');
    } finally {
      w.cleanup();
    }
  });
});
