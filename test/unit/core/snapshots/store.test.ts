import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  applyRestore,
  planRestore,
  SnapshotStore,
  StoreError,
  takeCheckpoint,
  takeTargetedSnapshot,
  verifyStore,
  type StoreFs,
} from '../../../../src/core/snapshots';
import { acquireExclusive, acquireWriter } from '../../../../src/core/snapshots/locks';
import { decodeObject, encodeObject, Encoding, hashBytes } from '../../../../src/core/snapshots/objects';
import { buildPackIndex, packMagic, PackIndex, readPackIndex } from '../../../../src/core/snapshots/packs';
import { decodeTree } from '../../../../src/core/snapshots/tree';
import { parseManifest } from '../../../../src/core/snapshots/manifest';
import { makeWorld, picture } from './world';

describe('objects', () => {
  const rows: readonly [string, Buffer, number][] = [
    ['source text is deflated', Buffer.from('export const value = 42;\n'.repeat(200)), Encoding.deflate],
    ['random bytes stay raw', randomBytes(5000), Encoding.raw],
    ['a large incompressible file is not even tried whole', randomBytes(300_000), Encoding.raw],
    ['a tiny file stays raw', Buffer.from('hi\n'), Encoding.raw],
    ['the empty file', Buffer.alloc(0), Encoding.raw],
  ];
  for (const [name, data, encoding] of rows) {
    test(name, () => {
      const record = encodeObject(data);
      assert.equal(record[0], encoding);
      assert.ok(decodeObject(record).equals(data));
    });
  }

  test('a pack index finds every object it lists and nothing else', () => {
    const entries = new Map(Array.from({ length: 500 }, (_, i) => [hashBytes(Buffer.from(String(i))), { offset: i * 10 + 2 ** 33, length: i + 1, rawLength: i * 2 }] as const));
    const w = makeWorld();
    try {
      const file = path.join(w.base, 'test.pack');
      fs.writeFileSync(file, Buffer.concat([packMagic, buildPackIndex(entries, packMagic.length)]));
      const fd = fs.openSync(file, 'r');
      const idx = readPackIndex(fs, fd);
      assert.ok(idx instanceof PackIndex);
      assert.ok(idx.checksumOk());
      for (const [hash, e] of entries) {
        const i = idx.find(Buffer.from(hash, 'hex'));
        assert.ok(i >= 0);
        assert.deepEqual(idx.entry(i), e);
        assert.equal(idx.hashAt(i), hash);
      }
      assert.equal(idx.find(Buffer.from(hashBytes(Buffer.from('absent')), 'hex')), -1);
      fs.closeSync(fd);
      fs.writeFileSync(file, Buffer.alloc(100, 1));
      const fd2 = fs.openSync(file, 'r');
      assert.match(String(readPackIndex(fs, fd2)), /no pack trailer/);
      fs.closeSync(fd2);
    } finally {
      w.cleanup();
    }
  });
});

describe('untrusted store files are validated', () => {
  const treeRows: readonly [string, string, RegExp][] = [
    ['a parent-folder name', '[["..","f",420,1,0,0,0,"' + 'a'.repeat(64) + '"]]', /unsafe name/],
    ['a slash in a name', '[["a/b","f",420,1,0,0,0,"' + 'a'.repeat(64) + '"]]', /unsafe name/],
    ['unsorted names', `[["b","l",420,1,0,0,0,"x"],["a","l",420,1,0,0,0,"x"]]`, /not sorted/],
    ['a bad hash', '[["a","f",420,1,0,0,0,"xyz"]]', /malformed hash/],
    ['an unknown type', '[["a","q",420,1,0,0,0,"x"]]', /unknown type/],
  ];
  for (const [name, json, error] of treeRows) {
    test(`a tree node with ${name} is refused`, () => assert.throws(() => decodeTree(Buffer.from(json)), error));
  }
  const base = { format: 1, id: '20261121-100000-000-abcd', workspace: { root: '/w', id: '0123456789abcdef' }, createdAt: 1, fsTime: 1, exclude: [], stats: { files: 0, bytes: 0, skipped: 0, newObjects: 0, newBytes: 0, durationMs: 0 } };
  const manifestRows: readonly [string, unknown, RegExp][] = [
    ['an entry path with ..', { ...base, kind: 'targeted', complete: [], entries: [{ path: 'a/../../etc/passwd', type: 'missing' }] }, /unsafe/],
    ['an absolute path that is not normal', { ...base, kind: 'targeted', complete: [], entries: [{ path: '/a/./b', type: 'missing' }] }, /unsafe/],
    ['a file without a hash', { ...base, kind: 'targeted', complete: [], entries: [{ path: 'a', type: 'file', mode: 420, size: 1, mtimeMs: 0 }] }, /malformed/],
    ['an unknown kind', { ...base, kind: 'other' }, /unknown snapshot kind/],
    ['a bad id', { ...base, id: '../x', kind: 'targeted', complete: [], entries: [] }, /snapshot id/],
    ['a future format', { ...base, format: 2 }, /format/],
  ];
  for (const [name, value, error] of manifestRows) {
    test(`a manifest with ${name} is refused`, () => {
      const r = parseManifest(value);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, error);
    });
  }
});

describe('locks', () => {
  test('gc waits for running writers and gives up with a clear error', () => {
    const w = makeWorld();
    try {
      const { release } = acquireWriter(w.store.lock);
      const gcView = w.reopen({ lockTimeoutMs: 50 });
      assert.throws(() => acquireExclusive(gcView.lock), (e: unknown) => e instanceof StoreError && e.code === 'busy' && /being written/.test(e.message));
      release();
      acquireExclusive(gcView.lock)();
    } finally {
      w.cleanup();
    }
  });

  test('writers wait while gc runs', () => {
    const w = makeWorld();
    try {
      const release = acquireExclusive(w.store.lock);
      const writer = w.reopen({ lockTimeoutMs: 50 });
      w.write('a.txt', 'a');
      assert.throws(() => takeCheckpoint(writer, w.ws), /being cleaned up or repaired/);
      release();
      assert.equal(takeCheckpoint(writer, w.ws).unchanged, false);
    } finally {
      w.cleanup();
    }
  });

  test('a lock left by a process that died is taken over', () => {
    const w = makeWorld();
    try {
      // Lock files of a process that is gone (pid 999999 is taken to be dead below).
      const info = JSON.stringify({ pid: 999_999, host: w.store.owner.host, time: Date.now() });
      fs.writeFileSync(path.join(w.store.dirs.locks, 'exclusive'), info);
      fs.writeFileSync(path.join(w.store.dirs.locks, 'writer-abc-999999-0123abcd'), info);
      const live = w.reopen({ isAlive: (pid) => pid !== 999_999, lockTimeoutMs: 200 });
      w.write('a.txt', 'a');
      assert.equal(takeCheckpoint(live, w.ws).unchanged, false);
      acquireExclusive(live.lock)();
    } finally {
      w.cleanup();
    }
  });
});

describe('concurrent writers', () => {
  test('two handles snapshotting at once both commit whole snapshots', () => {
    const w = makeWorld();
    try {
      for (let i = 0; i < 20; i++) w.write(`f${i}.txt`, `file ${i}`);
      const other = w.reopen();
      const s1 = w.store.beginWrite();
      const s2 = other.beginWrite();
      const h1 = s1.put(Buffer.from('shared'));
      const h2 = s2.put(Buffer.from('shared'));
      assert.equal(h1, h2);
      s2.abort();
      s1.abort();
      // Interleave two real snapshots through separate handles.
      const a = takeTargetedSnapshot(w.store, w.ws, ['f1.txt', 'f2.txt']);
      const b = takeCheckpoint(other, w.ws);
      const c = takeTargetedSnapshot(other, w.ws, ['f3.txt']);
      assert.equal(verifyStore(w.reopen()).ok, true);
      for (const [m, file] of [[a.manifest, 'f1.txt'], [b.manifest, 'f1.txt'], [c.manifest, 'f3.txt']] as const) {
        fs.rmSync(path.join(w.ws, file));
        const r = applyRestore(w.store, planRestore(w.store, m));
        assert.deepEqual(r.failed, []);
        assert.equal(w.read(file).toString(), `file ${file[1]}`);
      }
    } finally {
      w.cleanup();
    }
  });
});

/** A file system whose writes fail with ENOSPC once `budget` bytes have been written. */
function fullDisk(budget: { left: number }): StoreFs {
  const writeSync = ((fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null) => {
    const len = length ?? buffer.length - (offset ?? 0);
    if (len > budget.left) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    budget.left -= len;
    return fs.writeSync(fd, buffer, offset, len, position);
  }) as StoreFs['writeSync'];
  return { ...fs, writeSync };
}

describe('a full disk', () => {
  test('a snapshot that does not fit fails with a clear error and leaves a usable store', () => {
    const budget = { left: Infinity };
    const w = makeWorld({ fs: fullDisk(budget) });
    try {
      w.write('small.txt', 'kept before the disk filled up');
      const before = takeCheckpoint(w.store, w.ws).manifest;
      for (let i = 0; i < 8; i++) w.write(`big${i}.bin`, randomBytes(400_000));
      budget.left = 1_000_000;
      assert.throws(
        () => takeCheckpoint(w.store, w.ws),
        (e: unknown) => e instanceof StoreError && e.code === 'disk-full' && /is full: the checkpoint was not saved and nothing was changed/.test(e.message),
      );
      assert.deepEqual(fs.readdirSync(w.store.dirs.tmp), [], 'no temporary files are left');
      assert.deepEqual(fs.readdirSync(w.store.dirs.locks).filter((n) => !n.startsWith('idle-')), [], 'no lock is held');
      const v = verifyStore(w.store);
      assert.equal(v.ok, true);
      assert.deepEqual(v.problems, []);
      // Earlier snapshots still restore, and once there is room again snapshots work.
      fs.rmSync(path.join(w.ws, 'small.txt'));
      assert.deepEqual(applyRestore(w.store, planRestore(w.store, before), { saveCurrent: false }).failed, []);
      assert.equal(w.read('small.txt').toString(), 'kept before the disk filled up');
      budget.left = Infinity;
      assert.equal(takeCheckpoint(w.store, w.ws).unchanged, false);
      assert.equal(verifyStore(w.store).ok, true);
    } finally {
      w.cleanup();
    }
  });

  test('a disk that fills up while writing the manifest leaves no half manifest', () => {
    const budget = { left: Infinity };
    const w = makeWorld({ fs: fullDisk(budget) });
    try {
      w.write('a.txt', 'a'.repeat(100));
      budget.left = 300; // the content and the folder node fit, the manifest does not
      assert.throws(() => takeCheckpoint(w.store, w.ws), /is full/);
      budget.left = Infinity;
      assert.deepEqual(w.store.snapshotIds(w.store.workspaceIds()[0] ?? 'none'), []);
      const v = verifyStore(w.store);
      assert.equal(v.ok, true);
    } finally {
      w.cleanup();
    }
  });

  test('a restore that does not fit reports the file and leaves no temporary file', () => {
    const budget = { left: Infinity };
    const w = makeWorld({ fs: fullDisk(budget) });
    try {
      w.write('doc.txt', 'x'.repeat(10_000));
      const m = takeCheckpoint(w.store, w.ws).manifest;
      fs.rmSync(path.join(w.ws, 'doc.txt'));
      budget.left = 100;
      const r = applyRestore(w.store, planRestore(w.store, m), { saveCurrent: false });
      assert.deepEqual(r.failed, [{ path: 'doc.txt', error: 'the disk is full' }]);
      assert.deepEqual(Object.keys(picture(w.ws)), []);
    } finally {
      w.cleanup();
    }
  });

  test('a real full file system (a 2 MB tmpfs; root only)', (t) => {
    const w = makeWorld();
    const mnt = path.join(w.base, 'small-disk');
    fs.mkdirSync(mnt);
    try {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'ignore' });
      } catch {
        t.skip('mounting a tmpfs needs root');
        return;
      }
      try {
        const store = SnapshotStore.open({ root: path.join(mnt, 'store') });
        w.write('ok.txt', 'fits');
        const first = takeCheckpoint(store, w.ws).manifest;
        for (let i = 0; i < 6; i++) w.write(`noise${i}.bin`, randomBytes(500_000));
        assert.throws(() => takeCheckpoint(store, w.ws), (e: unknown) => e instanceof StoreError && e.code === 'disk-full');
        assert.equal(verifyStore(store).ok, true);
        for (let i = 0; i < 6; i++) fs.rmSync(path.join(w.ws, `noise${i}.bin`));
        w.write('ok.txt', 'changed');
        const second = takeCheckpoint(store, w.ws).manifest;
        assert.notEqual(second.id, first.id);
        store.close();
      } finally {
        execFileSync('umount', [mnt], { stdio: 'ignore' });
      }
    } finally {
      w.cleanup();
    }
  });
});
