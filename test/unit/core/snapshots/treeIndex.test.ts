import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { nodeStoreFs, snapshotEntries, takeCheckpoint, updateTreeIndex, workspaceFor, type StoreFs } from '../../../../src/core/snapshots';
import { encodeNode, IndexedNode } from '../../../../src/core/snapshots/nodeView';
import type { Tree } from '../../../../src/core/snapshots/tree';
import { readTreeIndex, treeIndexFile } from '../../../../src/core/snapshots/treeIndex';
import { ageTree, makeWorld, type World } from './world';

/** A file system that counts reads from pack files: reading a checkpoint's nodes from the store reads them. */
function countingFs(): { fsx: StoreFs; packReads: () => number } {
  let reads = 0;
  const packFds = new Set<number>();
  const fsx = new Proxy(nodeStoreFs, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'openSync') {
        return (file: fs.PathLike, ...rest: unknown[]) => {
          const fd = (value as (...a: unknown[]) => number)(file, ...rest);
          if (String(file).endsWith('.pack')) packFds.add(fd);
          return fd;
        };
      }
      if (key === 'closeSync') {
        return (fd: number) => {
          packFds.delete(fd);
          (value as (fd: number) => void)(fd);
        };
      }
      if (key === 'readSync') {
        return (fd: number, ...rest: unknown[]) => {
          if (packFds.has(fd)) reads++;
          return (value as (...a: unknown[]) => number)(fd, ...rest);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { fsx, packReads: () => reads };
}

const indexFiles = (w: World): string[] => {
  const dir = path.dirname(treeIndexFile(w.store, workspaceFor(w.store.fsx, w.ws).id, '0'.repeat(64)));
  return fs.readdirSync(dir).filter((n) => n.startsWith('index-'));
};

function seed(w: World, files = 60): void {
  for (let i = 0; i < files; i++) w.write(`src/m${i % 6}/d${i % 3}/f${i}.ts`, `export const v = ${i};\n`);
  w.write('ünï/日本.txt', 'non-ASCII');
  w.write('empty', '');
  fs.symlinkSync('src/m0', path.join(w.ws, 'link'));
  ageTree(w.ws);
}

describe('tree index', () => {
  test('a node survives the binary form: names, hashes, link targets, skipped entries, modes and times', () => {
    const tree: Tree = [
      { name: '.env', type: 'f', mode: 0o600, size: 12, mtimeMs: 1763700000123.25, ctimeMs: 1763700000456.5, ino: 2 ** 40 + 3, ref: 'a'.repeat(64) },
      { name: 'big.iso', type: 'x', mode: 0o644, size: 2 ** 33, mtimeMs: 1, ctimeMs: 2, ino: 3, ref: 'too-large' },
      { name: 'link', type: 'l', mode: 0o777, size: 9, mtimeMs: 3, ctimeMs: 4, ino: 5, ref: '../日本/ü' },
      { name: 'src', type: 'd', mode: 0o755, size: 4096, mtimeMs: 5, ctimeMs: 6, ino: 77, ref: 'b'.repeat(64) },
      { name: '日本語.md', type: 'f', mode: 0o644, size: 0, mtimeMs: 7, ctimeMs: 8, ino: 9, ref: 'c'.repeat(64) },
    ];
    const bytes = encodeNode('d'.repeat(64), tree);
    const node = new IndexedNode(bytes, 0, bytes.length);
    assert.equal(node.hash, 'd'.repeat(64));
    assert.equal(node.end, bytes.length);
    assert.deepEqual(node.entries(), tree);
    assert.equal(node.sameMeta(0, 12, 0o600, 1763700000123.25, 1763700000456.5, 2 ** 40 + 3), true);
    assert.equal(node.sameMeta(0, 12, 0o600, 1763700000123.25, 1763700000456.5, 2 ** 40 + 4), false, 'another inode');
    const totals = { files: 0, bytes: 0 };
    for (let i = 0; i < node.length; i++) node.addTotals(i, totals);
    assert.deepEqual(totals, { files: 1 + 0 + 77 + 1, bytes: 12 + 4096 });
  });

  test('a cut-short or malformed node is refused, and an unsafe name is never handed out', () => {
    const bytes = encodeNode('d'.repeat(64), [{ name: 'a', type: 'f', mode: 0o644, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, ref: 'a'.repeat(64) }]);
    assert.throws(() => new IndexedNode(bytes, 0, bytes.length - 1), /cut short/);
    const badType = Buffer.from(bytes);
    badType[40 + 42] = 0x7a;
    assert.throws(() => new IndexedNode(badType, 0, badType.length), /unknown type/);
    const unsafe = encodeNode('d'.repeat(64), [{ name: '..', type: 'f', mode: 0o644, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, ref: 'a'.repeat(64) }]);
    assert.throws(() => new IndexedNode(unsafe, 0, unsafe.length).entryAt(0), /unsafe name/);
    assert.throws(() => encodeNode('d'.repeat(64), [{ name: 'a', type: 'f', mode: 0o644, size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, ref: 'not-a-hash' }]), /malformed hash/);
  });

  test('a new process compares with the index instead of reading the nodes from the store, with the same result', () => {
    const w = makeWorld();
    try {
      seed(w);
      const first = takeCheckpoint(w.store, w.ws);
      assert.equal(indexFiles(w).length, 1);
      w.write('src/m1/d1/f1.ts', 'changed');
      w.write('src/m2/new.ts', 'new');
      fs.rmSync(path.join(w.ws, 'src/m3/d0/f3.ts'));

      const counted = countingFs();
      const fresh = w.reopen({ fs: counted.fsx });
      const opened = counted.packReads(); // opening the store reads the packs' own indexes
      const withIndex = takeCheckpoint(fresh, w.ws);
      assert.equal(withIndex.mode, 'compare');
      assert.equal(withIndex.filesRead, 2);
      assert.equal(counted.packReads() - opened, 0, 'no node was read from a pack');
      assert.equal(withIndex.manifest.parent, first.manifest.id);
      assert.deepEqual(indexFiles(w), [path.basename(treeIndexFile(w.store, withIndex.manifest.workspace.id, withIndex.manifest.root))], 'only the newest index is kept');

      // The same comparison without any index reads the nodes and arrives at the same checkpoint.
      const control = makeWorld();
      try {
        fs.cpSync(w.storeRoot, control.storeRoot, { recursive: true });
        fs.rmSync(path.join(control.storeRoot, 'workspaces', withIndex.manifest.workspace.id, indexFiles(w)[0]!));
        const plain = countingFs();
        const noIndex = control.reopen({ fs: plain.fsx });
        const plainOpened = plain.packReads();
        fs.rmSync(path.join(control.storeRoot, 'workspaces', withIndex.manifest.workspace.id, 'snapshots', `${withIndex.manifest.id}.json`));
        const again = takeCheckpoint(noIndex, w.ws);
        assert.ok(plain.packReads() > plainOpened, 'without the index the nodes come from the packs');
        assert.equal(again.manifest.root, withIndex.manifest.root);
        noIndex.close();
      } finally {
        control.cleanup();
      }
      fresh.close();
    } finally {
      w.cleanup();
    }
  });

  test('many rounds of changes: checkpoints made through the index equal those made from the store', () => {
    const w = makeWorld();
    const control = makeWorld();
    try {
      seed(w, 120);
      for (let round = 0; round < 12; round++) {
        // Each round changes, adds, removes and retypes a few paths, then checkpoints in a new process's view.
        w.write(`src/m${round % 6}/d${round % 3}/f${(round * 7) % 120}.ts`, `round ${round}`);
        w.write(`src/m${(round + 1) % 6}/r${round}/new.ts`, `new ${round}`);
        if (round % 3 === 0) fs.rmSync(path.join(w.ws, `src/m${(round + 2) % 6}`), { recursive: true, force: true });
        if (round % 4 === 1) fs.chmodSync(path.join(w.ws, 'empty'), round % 8 === 1 ? 0o600 : 0o644);
        if (round === 5) {
          fs.rmSync(path.join(w.ws, 'link'));
          fs.mkdirSync(path.join(w.ws, 'link'));
          w.write('link/now-a-folder', 'x');
        }
        const handle = w.reopen();
        const viaIndex = takeCheckpoint(handle, w.ws);
        handle.close();
        // The control store starts each round from a copy without the index.
        fs.rmSync(control.storeRoot, { recursive: true, force: true });
        fs.cpSync(w.storeRoot, control.storeRoot, { recursive: true });
        const wsDir = path.join(control.storeRoot, 'workspaces', viaIndex.manifest.workspace.id);
        for (const n of fs.readdirSync(wsDir)) if (n.startsWith('index-')) fs.rmSync(path.join(wsDir, n));
        if (!viaIndex.unchanged) fs.rmSync(path.join(wsDir, 'snapshots', `${viaIndex.manifest.id}.json`));
        const controlHandle = control.reopen();
        const fromStore = takeCheckpoint(controlHandle, w.ws, { force: true });
        assert.equal(fromStore.manifest.root, viaIndex.manifest.root, `round ${round}`);
        assert.deepEqual(snapshotEntries(w.store, viaIndex.manifest).map((e) => e.path), snapshotEntries(controlHandle, fromStore.manifest).map((e) => e.path));
        controlHandle.close();
      }
    } finally {
      w.cleanup();
      control.cleanup();
    }
  });

  test("an index written from a walk's nodes, keeping the old index's bytes, reads back as one written by following the tree", () => {
    const w = makeWorld();
    try {
      seed(w, 90);
      // Two identical folders share one node: it is written once either way.
      for (const dir of ['twin/a', 'twin/b']) w.write(`${dir}/same.ts`, 'same');
      ageTree(w.ws);
      takeCheckpoint(w.store, w.ws);
      const readBack = (root: string): Map<string, Tree> => {
        const nodes = readTreeIndex(w.store, workspaceFor(w.store.fsx, w.ws).id, root);
        assert.ok(nodes, 'the index reads back');
        return new Map([...nodes].map(([hash, node]) => [hash, node.entries()]));
      };
      for (let round = 0; round < 4; round++) {
        w.write(`src/m${round}/d${round % 3}/f${round}.ts`, `round ${round}`);
        w.write(`src/m${round + 1}/added${round}/new.ts`, `new ${round}`);
        if (round === 2) fs.rmSync(path.join(w.ws, 'src/m5'), { recursive: true });
        ageTree(w.ws);
        w.clock.now += 60_000; // each checkpoint the latest in turn
        const handle = w.reopen();
        const r = takeCheckpoint(handle, w.ws);
        handle.close();
        assert.equal(r.mode, 'compare');
        const fromWalk = readBack(r.manifest.root);
        // The same checkpoint's index, written again by following its tree through the store's objects.
        fs.rmSync(treeIndexFile(w.store, r.manifest.workspace.id, r.manifest.root));
        const later = w.reopen();
        assert.equal(updateTreeIndex(later, w.ws), true);
        later.close();
        const followed = readBack(r.manifest.root);
        assert.deepEqual([...fromWalk.keys()].sort(), [...followed.keys()].sort(), `round ${round}: the same nodes`);
        for (const [hash, tree] of followed) assert.deepEqual(fromWalk.get(hash), tree, `round ${round}: node ${hash}`);
      }
    } finally {
      w.cleanup();
    }
  });

  test('a damaged, foreign or truncated index is ignored and the checkpoint is still right', () => {
    const w = makeWorld();
    try {
      seed(w);
      const first = takeCheckpoint(w.store, w.ws);
      const wsId = first.manifest.workspace.id;
      const file = treeIndexFile(w.store, wsId, first.manifest.root);
      const good = fs.readFileSync(file);
      assert.ok(readTreeIndex(w.store, wsId, first.manifest.root));
      const damaged = Buffer.from(good);
      damaged.writeUInt8(damaged.readUInt8(damaged.length - 3) ^ 0xff, damaged.length - 3);
      const cases: [string, Buffer][] = [
        ['a flipped byte', damaged],
        ['cut short', good.subarray(0, good.length - 100)],
        ['empty', Buffer.alloc(0)],
        ['another format', Buffer.concat([Buffer.from('ALKTIDX9'), good.subarray(8)])],
      ];
      for (const [what, bytes] of cases) {
        fs.writeFileSync(file, bytes);
        assert.equal(readTreeIndex(w.store, wsId, first.manifest.root), undefined, what);
      }
      assert.equal(readTreeIndex(w.store, wsId, 'e'.repeat(64)), undefined, 'an index of another checkpoint');
      w.write('src/m4/d1/f4.ts', 'changed after the index was damaged');
      const counted = countingFs();
      const handle = w.reopen({ fs: counted.fsx });
      const opened = counted.packReads();
      const r = takeCheckpoint(handle, w.ws);
      handle.close();
      assert.ok(counted.packReads() > opened, 'the nodes were read from the store');
      assert.equal(r.filesRead, 1);
      assert.equal(snapshotEntries(w.store, r.manifest).find((e) => e.path === 'src/m4/d1/f4.ts')?.type, 'file');
      assert.ok(readTreeIndex(w.store, wsId, r.manifest.root), 'a good index replaces the damaged one');
    } finally {
      w.cleanup();
    }
  });

  test('checkpoints taken without updating the index (the editor) leave it to updateTreeIndex', () => {
    const w = makeWorld();
    try {
      seed(w);
      takeCheckpoint(w.store, w.ws, { index: false });
      assert.deepEqual(indexFiles(w), []);
      assert.equal(updateTreeIndex(w.store, w.ws), true);
      assert.equal(indexFiles(w).length, 1);
      const latest = w.store.latestCheckpoint(workspaceFor(w.store.fsx, w.ws).id)!;
      assert.ok(readTreeIndex(w.store, latest.workspace.id, latest.root));
      const other = makeWorld();
      try {
        assert.equal(updateTreeIndex(other.store, other.ws), false, 'no checkpoint, no index');
      } finally {
        other.cleanup();
      }
    } finally {
      w.cleanup();
    }
  });
});
