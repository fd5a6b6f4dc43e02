import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { applyRestore, planRestore, snapshotEntries, takeCheckpoint, takeTargetedSnapshot, verifyStore, type SnapshotEntry } from '../../../../src/core/snapshots';
import { ageTree, makeWorld } from './world';

const pathsOf = (entries: readonly SnapshotEntry[]): string[] => entries.map((e) => e.path).sort();

describe('checkpoint', () => {
  test('records files, folders, symlinks, empty files, secrets and non-ASCII names; leaves out dependency, build and VCS folders', () => {
    const w = makeWorld();
    try {
      w.write('src/index.ts', 'export {};\n');
      w.write('.env', 'TOKEN=secret\n');
      w.write('empty', '');
      w.write('ünï/日本.txt', 'x');
      fs.symlinkSync('src/index.ts', path.join(w.ws, 'link'));
      w.write('node_modules/left-pad/index.js', 'x');
      w.write('sub/project/node_modules/a.js', 'x');
      w.write('.git/objects/ab/cdef', 'x');
      w.write('dist/bundle.js', 'x');
      w.write('rust/target/CACHEDIR.TAG', 'Signature: 8a477f597d28d172789f06886806bc55');
      w.write('rust/target/debug/app', 'x');
      w.write('tools/build.sh', 'a file named like a folder rule stays');
      w.write('build', 'a file called build stays too');
      const r = takeCheckpoint(w.store, w.ws);
      assert.equal(r.mode, 'initial');
      assert.equal(r.unchanged, false);
      const entries = snapshotEntries(w.store, r.manifest);
      assert.deepEqual(pathsOf(entries), ['', '.env', 'build', 'empty', 'link', 'rust', 'src', 'src/index.ts', 'sub', 'sub/project', 'tools', 'tools/build.sh', 'ünï', 'ünï/日本.txt']);
      assert.deepEqual(entries.find((e) => e.path === 'link'), { path: 'link', type: 'symlink', target: 'src/index.ts', mtimeMs: fs.lstatSync(path.join(w.ws, 'link')).mtimeMs });
      assert.equal(r.manifest.stats.files, 6);
      assert.equal(r.filesRead, 6);
    } finally {
      w.cleanup();
    }
  });

  test('incremental: unchanged files are not read again; nothing changed means no new checkpoint', () => {
    const w = makeWorld();
    try {
      for (let i = 0; i < 50; i++) w.write(`src/m${i % 5}/f${i}.ts`, `export const v = ${i};\n`);
      ageTree(w.ws);
      const first = takeCheckpoint(w.store, w.ws);
      assert.equal(first.filesRead, 50);
      const again = takeCheckpoint(w.store, w.ws);
      assert.equal(again.unchanged, true);
      assert.equal(again.manifest.id, first.manifest.id);
      assert.equal(again.filesRead, 0);
      w.write('src/m1/f1.ts', 'export const v = "changed";\n');
      w.write('src/m2/new.ts', 'new');
      fs.rmSync(path.join(w.ws, 'src/m3/f3.ts'));
      const third = takeCheckpoint(w.store, w.ws);
      assert.equal(third.mode, 'compare');
      assert.equal(third.filesRead, 2);
      assert.equal(third.manifest.parent, first.manifest.id);
      assert.equal(third.manifest.stats.files, 50);
      const paths = pathsOf(snapshotEntries(w.store, third.manifest));
      assert.ok(paths.includes('src/m2/new.ts') && !paths.includes('src/m3/f3.ts'));
      // Two contents, and only the nodes on the paths to the changes: src/m1, src/m2, src/m3, src and the root.
      assert.equal(third.manifest.stats.newObjects, 2 + 5);
    } finally {
      w.cleanup();
    }
  });

  test('a large first checkpoint deflates on worker threads; every file comes back byte for byte', () => {
    const w = makeWorld();
    try {
      for (let i = 0; i < 600; i++) w.write(`m${i % 7}/f${i}.txt`, `line ${i}\n`.repeat(50 + (i % 40)));
      const r = takeCheckpoint(w.store, w.ws);
      assert.equal(r.filesRead, 600);
      assert.ok(r.manifest.stats.newBytes < r.manifest.stats.bytes / 3, 'content is deflated');
      assert.equal(verifyStore(w.store).ok, true);
      fs.rmSync(path.join(w.ws, 'm3'), { recursive: true });
      const before = snapshotEntries(w.store, r.manifest).length;
      assert.equal(before, 1 + 7 + 600);
      const store = w.reopen();
      assert.deepEqual(applyRestore(store, planRestore(store, r.manifest)).failed, []);
      assert.equal(w.read('m3/f3.txt').toString(), 'line 3\n'.repeat(53));
    } finally {
      w.cleanup();
    }
  });

  test('a change that keeps size and mtime is still seen (ctime and inode are compared too)', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'AAAA');
      ageTree(w.ws);
      takeCheckpoint(w.store, w.ws);
      const st = fs.statSync(path.join(w.ws, 'a.txt'));
      w.write('a.txt', 'BBBB');
      fs.utimesSync(path.join(w.ws, 'a.txt'), st.atime, st.mtime);
      const r = takeCheckpoint(w.store, w.ws);
      assert.equal(r.unchanged, false);
      assert.equal(r.filesRead, 1);
    } finally {
      w.cleanup();
    }
  });

  test('a file modified just before a checkpoint is read again next time (racy metadata)', () => {
    const w = makeWorld();
    try {
      w.write('old.txt', 'old');
      ageTree(w.ws);
      w.write('fresh.txt', 'fresh');
      takeCheckpoint(w.store, w.ws);
      const r = takeCheckpoint(w.store, w.ws);
      assert.equal(r.unchanged, true);
      assert.equal(r.filesRead, 1, 'only fresh.txt is re-read');
    } finally {
      w.cleanup();
    }
  });

  test('with the list of changed paths only those are looked at, and the result equals a full comparison', () => {
    const w = makeWorld();
    try {
      for (let i = 0; i < 40; i++) w.write(`pkg${i % 4}/src/file${i}.ts`, `// ${i}\n`);
      w.write('pkg9/old/gone.ts', 'to be deleted with its folder');
      ageTree(w.ws);
      const base = takeCheckpoint(w.store, w.ws).manifest;
      w.write('pkg1/src/file1.ts', '// edited\n');
      w.write('pkg2/src/brand/new/deep.ts', 'new folder');
      fs.rmSync(path.join(w.ws, 'pkg9'), { recursive: true });
      fs.rmSync(path.join(w.ws, 'pkg3/src/file3.ts'));
      w.write('node_modules/x.js', 'excluded even when listed');
      const changed = ['pkg1/src/file1.ts', 'pkg2/src/brand', path.join(w.ws, 'pkg9/old/gone.ts'), 'pkg3/src/file3.ts', 'node_modules/x.js', '/elsewhere/outside.txt'];
      const r = takeCheckpoint(w.store, w.ws, { changes: { since: base.id, paths: changed } });
      assert.equal(r.mode, 'changes');
      assert.equal(r.filesRead, 2);
      const full = takeCheckpoint(w.store, w.ws, { force: true });
      assert.equal(full.mode, 'compare');
      assert.equal(full.manifest.root, r.manifest.root);
      assert.equal(full.manifest.stats.files, r.manifest.stats.files);
      assert.equal(full.manifest.stats.bytes, r.manifest.stats.bytes);
    } finally {
      w.cleanup();
    }
  });

  test('changes since a checkpoint that is gone fall back to a full comparison', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      takeCheckpoint(w.store, w.ws);
      w.write('b.txt', 'b');
      const r = takeCheckpoint(w.store, w.ws, { changes: { since: '20200101-000000-000-dead', paths: [] } });
      assert.equal(r.mode, 'compare');
      assert.ok(pathsOf(snapshotEntries(w.store, r.manifest)).includes('b.txt'));
    } finally {
      w.cleanup();
    }
  });

  test('exclusions are configurable: extra patterns, and defaults lifted with include', () => {
    const w = makeWorld();
    try {
      w.write('app.log', 'x');
      w.write('logs/today.log', 'x');
      w.write('data/big.csv', 'x');
      w.write('nested/data/kept.csv', 'anchored patterns match from the root only');
      w.write('dist/app.js', 'kept once dist/ is lifted');
      w.write('src/a.ts', 'a');
      const r = takeCheckpoint(w.store, w.ws, { settings: { exclude: ['*.log', 'data/'], include: ['dist/'], maxFileSize: 1 << 20 } });
      const paths = pathsOf(snapshotEntries(w.store, r.manifest)).filter((p) => !['', 'logs', 'nested', 'src', 'dist'].includes(p));
      assert.deepEqual(paths, ['dist/app.js', 'src/a.ts']);
      assert.ok(r.manifest.exclude.includes('*.log') && !r.manifest.exclude.includes('dist/'));
    } finally {
      w.cleanup();
    }
  });

  test('a file larger than the cap is recorded with its size, its content left out', () => {
    const w = makeWorld();
    try {
      w.write('big.bin', Buffer.alloc(5000, 7));
      w.write('small.txt', 'ok');
      const r = takeCheckpoint(w.store, w.ws, { settings: { exclude: [], include: [], maxFileSize: 1000 } });
      const big = snapshotEntries(w.store, r.manifest).find((e) => e.path === 'big.bin');
      assert.deepEqual(big, { path: 'big.bin', type: 'skipped', reason: 'too-large', size: 5000 });
      assert.equal(r.manifest.stats.skipped, 1);
    } finally {
      w.cleanup();
    }
  });

  test('the store is never snapshotted into itself, even inside the workspace', () => {
    const w = makeWorld();
    try {
      const inner = w.reopen({ root: path.join(w.ws, '.airlock/store') });
      w.write('a.txt', 'a');
      const r1 = takeCheckpoint(inner, w.ws);
      w.write('b.txt', 'b');
      const r2 = takeCheckpoint(inner, w.ws);
      assert.deepEqual(pathsOf(snapshotEntries(inner, r2.manifest)), ['', '.airlock', 'a.txt', 'b.txt']);
      assert.equal(r1.unchanged, false);
      inner.close();
    } finally {
      w.cleanup();
    }
  });

  test('the file system root and the home folder are refused', () => {
    const w = makeWorld();
    try {
      assert.throws(() => takeCheckpoint(w.store, '/'), /file system root/);
      assert.throws(() => takeCheckpoint(w.store, w.home, { refuse: [w.home] }), /home folder/);
      assert.throws(() => takeCheckpoint(w.store, path.join(w.base, 'missing')), /cannot be read/);
    } finally {
      w.cleanup();
    }
  });

  test('content is stored once across snapshots and workspaces', () => {
    const w = makeWorld();
    try {
      const other = path.join(w.base, 'ws2');
      const text = 'shared content '.repeat(1000);
      w.write('a.txt', text);
      fs.mkdirSync(other);
      fs.writeFileSync(path.join(other, 'copy.txt'), text);
      const first = takeCheckpoint(w.store, w.ws).manifest;
      const second = takeCheckpoint(w.store, other).manifest;
      const targeted = takeTargetedSnapshot(w.store, w.ws, ['a.txt']).manifest;
      assert.ok(first.stats.newBytes > 0);
      assert.equal(second.stats.newObjects, 1, 'only the new folder node');
      assert.equal(targeted.stats.newObjects, 0);
      assert.notEqual(first.workspace.id, second.workspace.id);
      assert.ok(first.stats.newBytes < text.length / 4, 'text is compressed');
    } finally {
      w.cleanup();
    }
  });

  test('targeted snapshots keep version-control folders, leave out dependencies, and reuse checkpointed content', () => {
    const w = makeWorld();
    try {
      w.write('proj/.git/HEAD', 'ref: refs/heads/main\n');
      w.write('proj/node_modules/x.js', 'x');
      w.write('proj/src/a.ts', 'a'.repeat(100));
      ageTree(w.ws);
      takeCheckpoint(w.store, w.ws);
      w.write('build', 'a file named build is no build folder');
      w.write('node_modules/left-pad/index.js', 'x');
      const r = takeTargetedSnapshot(w.store, w.ws, ['proj', 'proj/src/a.ts', 'not-yet.txt', 'node_modules', 'build']);
      assert.equal(r.filesRead, 2, 'only .git/HEAD (which the checkpoint left out) and the new file are read');
      const entries = snapshotEntries(w.store, r.manifest);
      assert.deepEqual(pathsOf(entries), ['build', 'node_modules', 'not-yet.txt', 'proj', 'proj/.git', 'proj/.git/HEAD', 'proj/src', 'proj/src/a.ts']);
      assert.deepEqual(entries.find((e) => e.path === 'node_modules'), { path: 'node_modules', type: 'skipped', reason: 'excluded' });
      assert.deepEqual(r.manifest.complete, ['proj']);
      assert.equal(verifyStore(w.store).ok, true);
    } finally {
      w.cleanup();
    }
  });

  test('a targeted snapshot stops reading at its budget and says so', () => {
    const w = makeWorld();
    try {
      for (let i = 0; i < 10; i++) w.write(`big/f${i}.txt`, `content ${i}`);
      const r = takeTargetedSnapshot(w.store, w.ws, ['big'], { budget: { maxFiles: 4, maxBytes: 1 << 20 } });
      assert.equal(r.limited, true);
      assert.equal(r.filesRead, 4);
      assert.deepEqual(r.manifest.complete, []);
      const skipped = snapshotEntries(w.store, r.manifest).filter((e) => e.type === 'skipped');
      assert.equal(skipped.length, 6);
    } finally {
      w.cleanup();
    }
  });
});
