import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { applyRestore, planRestore, snapshotEntries, takeCheckpoint, takeTargetedSnapshot, verifyStore } from '../../../../src/core/snapshots';
import { makeWorld, type World } from './world';

/** The single pack file of a store that has one. */
function onlyPack(w: World): string {
  const packs = fs.readdirSync(w.store.dirs.packs).filter((n) => n.endsWith('.pack'));
  assert.equal(packs.length, 1);
  return path.join(w.store.dirs.packs, packs[0]!);
}

describe('verify', () => {
  test('a healthy store passes', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      takeCheckpoint(w.store, w.ws);
      takeTargetedSnapshot(w.store, w.ws, ['a.txt', 'b.txt']);
      const r = verifyStore(w.store);
      assert.equal(r.ok, true);
      assert.deepEqual(r.problems, []);
      assert.equal(r.checked.snapshots, 2);
    } finally {
      w.cleanup();
    }
  });

  test("what a crashed writer left is reported as leftovers (the store is still consistent) and repair removes it", () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      takeCheckpoint(w.store, w.ws);
      const dead = 999_999;
      const stamp = Date.now().toString(36);
      fs.writeFileSync(path.join(w.store.dirs.tmp, `${stamp}-${dead}-0123abcd.pack`), 'half a pack');
      fs.writeFileSync(path.join(w.store.dirs.tmp, `${stamp}-${dead}-4567cdef.a1b2.tmp`), 'half a manifest');
      fs.writeFileSync(path.join(w.store.dirs.locks, `writer-${stamp}-${dead}-89abcdef`), JSON.stringify({ pid: dead, host: w.store.owner.host, time: Date.now() }));
      const store = w.reopen({ isAlive: (pid) => pid !== dead });
      const r = verifyStore(store);
      assert.equal(r.ok, true);
      assert.deepEqual(r.problems.map((p) => p.severity), ['leftover', 'leftover', 'leftover']);
      const fixed = verifyStore(store, { repair: true });
      assert.equal(fixed.ok, true);
      assert.equal(fixed.problems.filter((p) => !p.repaired).length, 0);
      assert.deepEqual(fs.readdirSync(w.store.dirs.tmp), []);
      assert.deepEqual(fs.readdirSync(w.store.dirs.locks).filter((n) => !n.startsWith('idle-')), []);
    } finally {
      w.cleanup();
    }
  });

  test('a damaged object is found, dropped by repair and recorded in the snapshots that lose it', () => {
    const w = makeWorld();
    try {
      w.write('good.txt', 'good content that survives');
      w.write('bad.txt', 'content that the disk will damage');
      const m = takeCheckpoint(w.store, w.ws).manifest;
      // Flip a byte in the middle of the pack: one object no longer matches its hash.
      const packFile = onlyPack(w);
      const bad = snapshotEntries(w.store, m).find((e) => e.path === 'bad.txt');
      assert.equal(bad?.type, 'file');
      const loc = w.store.locate(bad.blob)!;
      const fd = fs.openSync(packFile, 'r+');
      fs.writeSync(fd, Buffer.from('X'), 0, 1, loc.entry.offset + 3);
      fs.closeSync(fd);
      const r = verifyStore(w.reopen());
      assert.equal(r.ok, false);
      assert.ok(r.problems.some((p) => /damaged \(content does not match/.test(p.message)));
      assert.ok(r.problems.some((p) => /bad\.txt/.test(p.message)));
      const fixed = verifyStore(w.reopen(), { repair: true });
      assert.equal(fixed.ok, true);
      assert.deepEqual(fixed.damaged.map((d) => d.paths), [['bad.txt']]);
      // Restore says what it cannot restore and restores the rest; the next checkpoint stores the file anew.
      const store = w.reopen();
      fs.rmSync(path.join(w.ws, 'good.txt'));
      fs.rmSync(path.join(w.ws, 'bad.txt'));
      const again = store.readManifest(m.workspace.id, m.id)!;
      const plan = planRestore(store, again);
      assert.equal(plan.items.find((i) => i.path === 'bad.txt')?.action, 'unavailable');
      assert.deepEqual(applyRestore(store, plan).failed, []);
      assert.equal(w.read('good.txt').toString(), 'good content that survives');
      w.write('bad.txt', 'content that the disk will damage');
      const next = takeCheckpoint(store, w.ws);
      assert.equal(next.mode, 'initial', 'the damaged checkpoint is no longer the base');
      assert.equal(verifyStore(store).ok, true);
    } finally {
      w.cleanup();
    }
  });

  test('a truncated pack loses what was past the cut; repair records it', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a'.repeat(1000));
      const m = takeTargetedSnapshot(w.store, w.ws, ['a.txt']).manifest;
      fs.truncateSync(onlyPack(w), 10);
      assert.equal(verifyStore(w.reopen()).ok, false);
      const fixed = verifyStore(w.reopen(), { repair: true });
      assert.equal(fixed.ok, true);
      assert.deepEqual(fixed.damaged, [{ workspace: w.ws, id: m.id, paths: ['a.txt'] }]);
    } finally {
      w.cleanup();
    }
  });

  test('an unreadable manifest is moved to quarantine', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      const m = takeTargetedSnapshot(w.store, w.ws, ['a.txt']).manifest;
      fs.writeFileSync(w.store.manifestFile(m.workspace.id, m.id), '{"format":1,"id":');
      assert.equal(verifyStore(w.store).ok, false);
      const fixed = verifyStore(w.store, { repair: true });
      assert.equal(fixed.ok, true);
      assert.equal(fs.readdirSync(w.store.dirs.quarantine).length, 1);
      assert.deepEqual(w.store.snapshotIds(m.workspace.id), []);
    } finally {
      w.cleanup();
    }
  });

  test('a damaged pack index is found by its checksum and the pack set aside', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      takeTargetedSnapshot(w.store, w.ws, ['a.txt']);
      const file = onlyPack(w);
      const buf = fs.readFileSync(file);
      // The last index entry's length field, just before the trailer.
      const at = buf.length - 48 - 8;
      buf[at] = buf[at]! ^ 0xff;
      fs.writeFileSync(file, buf);
      const r = verifyStore(w.reopen());
      assert.equal(r.ok, false);
      assert.ok(r.problems.some((p) => /does not match its checksum/.test(p.message)), JSON.stringify(r.problems));
      assert.equal(verifyStore(w.reopen(), { repair: true }).ok, true);
      assert.equal(fs.readdirSync(w.store.dirs.quarantine).length, 1);
    } finally {
      w.cleanup();
    }
  });
});
