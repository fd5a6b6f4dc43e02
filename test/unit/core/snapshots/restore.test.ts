import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  applyRestore,
  findSnapshot,
  planRestore,
  takeCheckpoint,
  takeTargetedSnapshot,
  verifyStore,
  type ApplyOptions,
  type Manifest,
  type PlanOptions,
  type RestoreAction,
  type RestoreResult,
} from '../../../../src/core/snapshots';
import { makeWorld, picture, type World } from './world';

const binary = Buffer.from([...Array.from({ length: 256 }, (_, i) => i), ...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)]);

interface Case {
  readonly name: string;
  /** The workspace when the snapshot is taken. */
  readonly before: (w: World) => void;
  /** A checkpoint, or a targeted snapshot of these paths. */
  readonly snapshot: 'checkpoint' | readonly string[];
  /** What the agent does afterwards. */
  readonly after: (w: World) => void;
  readonly plan?: PlanOptions;
  readonly apply?: ApplyOptions;
  /** Expected actions in the plan, by stored path. */
  readonly actions: Readonly<Record<string, RestoreAction>>;
  /** Checks after the restore; by default the workspace must look exactly as at snapshot time. */
  readonly check?: (w: World, r: RestoreResult, beforePicture: Record<string, string>) => void;
}

const sameAsBefore = (w: World, _r: RestoreResult, before: Record<string, string>): void => assert.deepEqual(picture(w.ws), before);
/** The picture without the copies restore kept beside. */
const withoutKept = (p: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(p).filter(([k]) => !/\.airlock-\d{8}-\d{6}/.test(k)));

const cases: readonly Case[] = [
  {
    name: 'a deleted file comes back',
    before: (w) => w.write('src/a.ts', 'export const a = 1;\n'),
    snapshot: 'checkpoint',
    after: (w) => fs.rmSync(path.join(w.ws, 'src/a.ts')),
    actions: { 'src/a.ts': 'create', src: 'unchanged' },
  },
  {
    name: 'a deleted folder tree comes back from a targeted snapshot taken before rm -rf',
    before: (w) => {
      w.write('lib/x/one.txt', '1');
      w.write('lib/x/two.txt', '2');
      w.write('lib/y/three.txt', '3');
      w.write('keep.txt', 'k');
    },
    snapshot: ['lib'],
    after: (w) => fs.rmSync(path.join(w.ws, 'lib'), { recursive: true }),
    actions: { lib: 'create', 'lib/x': 'create', 'lib/x/one.txt': 'create', 'lib/y/three.txt': 'create' },
  },
  {
    name: 'a changed file is restored and the current copy kept beside it (the default)',
    before: (w) => w.write('config.json', '{"port": 8080}\n'),
    snapshot: ['config.json'],
    after: (w) => w.write('config.json', '{"port": 1}\n'),
    actions: { 'config.json': 'overwrite' },
    check: (w, r, before) => {
      assert.equal(w.read('config.json').toString(), '{"port": 8080}\n');
      assert.equal(r.keptBeside.length, 1);
      assert.match(path.basename(r.keptBeside[0]!.keptAs), /^config\.json\.airlock-\d{8}-\d{6}$/);
      assert.equal(fs.readFileSync(r.keptBeside[0]!.keptAs, 'utf8'), '{"port": 1}\n');
      assert.deepEqual(withoutKept(picture(w.ws)), before);
    },
  },
  {
    name: 'a changed file is replaced outright with overwrite',
    before: (w) => w.write('a.txt', 'original'),
    snapshot: 'checkpoint',
    after: (w) => w.write('a.txt', 'agent wrote this'),
    apply: { onConflict: 'overwrite' },
    actions: { 'a.txt': 'overwrite' },
    check: (w, r, before) => {
      assert.equal(r.keptBeside.length, 0);
      assert.deepEqual(picture(w.ws), before);
    },
  },
  {
    name: 'a changed file is left alone with skip',
    before: (w) => w.write('a.txt', 'original'),
    snapshot: 'checkpoint',
    after: (w) => w.write('a.txt', 'newer work'),
    apply: { onConflict: 'skip' },
    actions: { 'a.txt': 'overwrite' },
    check: (w, r) => {
      assert.equal(w.read('a.txt').toString(), 'newer work');
      assert.deepEqual(r.skipped.map((s) => s.path), ['a.txt']);
    },
  },
  {
    name: 'a rename is undone: the old name comes back, the new one is removed with deleteNew',
    before: (w) => w.write('docs/guide.md', '# Guide\n'),
    snapshot: ['docs/guide.md', 'docs/manual.md'],
    after: (w) => fs.renameSync(path.join(w.ws, 'docs/guide.md'), path.join(w.ws, 'docs/manual.md')),
    plan: { deleteNew: true },
    actions: { 'docs/guide.md': 'create', 'docs/manual.md': 'delete' },
  },
  {
    name: 'without deleteNew the renamed copy is kept and listed',
    before: (w) => w.write('docs/guide.md', '# Guide\n'),
    snapshot: ['docs/guide.md', 'docs/manual.md'],
    after: (w) => fs.renameSync(path.join(w.ws, 'docs/guide.md'), path.join(w.ws, 'docs/manual.md')),
    actions: { 'docs/guide.md': 'create', 'docs/manual.md': 'keep-new' },
    check: (w) => {
      assert.equal(w.read('docs/guide.md').toString(), '# Guide\n');
      assert.equal(w.read('docs/manual.md').toString(), '# Guide\n');
    },
  },
  {
    name: 'an empty file comes back empty',
    before: (w) => w.write('src/__init__.py', ''),
    snapshot: 'checkpoint',
    after: (w) => fs.rmSync(path.join(w.ws, 'src/__init__.py')),
    actions: { 'src/__init__.py': 'create' },
  },
  {
    name: 'a binary file comes back byte for byte',
    before: (w) => w.write('assets/logo.bin', binary),
    snapshot: 'checkpoint',
    after: (w) => w.write('assets/logo.bin', Buffer.from('truncated')),
    apply: { onConflict: 'overwrite' },
    actions: { 'assets/logo.bin': 'overwrite' },
    check: (w, _r, before) => {
      assert.ok(w.read('assets/logo.bin').equals(binary));
      assert.deepEqual(picture(w.ws), before);
    },
  },
  {
    name: 'a deleted symlink comes back as a link with its target (a dangling one too)',
    before: (w) => {
      w.write('real.txt', 'r');
      fs.symlinkSync('real.txt', path.join(w.ws, 'link'));
      fs.symlinkSync('nowhere/at/all', path.join(w.ws, 'dangling'));
    },
    snapshot: 'checkpoint',
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'link'));
      fs.rmSync(path.join(w.ws, 'dangling'));
    },
    actions: { link: 'create', dangling: 'create', 'real.txt': 'unchanged' },
  },
  {
    name: 'a symlink pointed elsewhere is pointed back',
    before: (w) => {
      w.write('a.txt', 'a');
      w.write('b.txt', 'b');
      fs.symlinkSync('a.txt', path.join(w.ws, 'current'));
    },
    snapshot: ['current'],
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'current'));
      fs.symlinkSync('b.txt', path.join(w.ws, 'current'));
    },
    apply: { onConflict: 'overwrite' },
    actions: { current: 'overwrite' },
  },
  {
    name: 'permissions of files and folders come back',
    before: (w) => {
      w.write('bin/run.sh', '#!/bin/sh\necho hi\n', 0o755);
      w.write('secret/key', 'k', 0o600);
      fs.chmodSync(path.join(w.ws, 'secret'), 0o700);
    },
    snapshot: 'checkpoint',
    after: (w) => {
      fs.chmodSync(path.join(w.ws, 'bin/run.sh'), 0o644);
      fs.chmodSync(path.join(w.ws, 'secret/key'), 0o666);
      fs.chmodSync(path.join(w.ws, 'secret'), 0o755);
    },
    actions: { 'bin/run.sh': 'chmod', 'secret/key': 'chmod', secret: 'chmod' },
  },
  {
    name: 'a file whose permissions and content both changed gets both back',
    before: (w) => w.write('tool', 'v1', 0o755),
    snapshot: 'checkpoint',
    after: (w) => {
      w.write('tool', 'v2');
      fs.chmodSync(path.join(w.ws, 'tool'), 0o600);
    },
    apply: { onConflict: 'overwrite' },
    actions: { tool: 'overwrite' },
  },
  {
    name: 'non-ASCII names come back',
    before: (w) => {
      w.write('übersicht/日本語 ファイル.txt', 'こんにちは');
      w.write('emoji 🚀/naïve café.md', 'ok');
    },
    snapshot: 'checkpoint',
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'übersicht'), { recursive: true });
      fs.rmSync(path.join(w.ws, 'emoji 🚀/naïve café.md'));
    },
    actions: { 'übersicht/日本語 ファイル.txt': 'create', 'emoji 🚀/naïve café.md': 'create' },
  },
  {
    name: 'a folder replaced by a file: the file is kept beside and the folder comes back',
    before: (w) => w.write('reports/data.csv', 'a,b\n'),
    snapshot: ['reports'],
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'reports'), { recursive: true });
      w.write('reports', 'now a file');
    },
    actions: { reports: 'overwrite', 'reports/data.csv': 'create' },
    check: (w, r, before) => {
      assert.equal(r.keptBeside.length, 1);
      assert.equal(fs.readFileSync(r.keptBeside[0]!.keptAs, 'utf8'), 'now a file');
      assert.deepEqual(withoutKept(picture(w.ws)), before);
    },
  },
  {
    name: 'a file replaced by a folder: the folder is moved aside, even with overwrite',
    before: (w) => w.write('notes', 'my notes'),
    snapshot: 'checkpoint',
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'notes'));
      w.write('notes/inside.txt', 'x');
    },
    apply: { onConflict: 'overwrite' },
    actions: { notes: 'overwrite' },
    check: (w, r) => {
      assert.equal(w.read('notes').toString(), 'my notes');
      assert.equal(r.keptBeside.length, 1);
      assert.equal(fs.readFileSync(path.join(r.keptBeside[0]!.keptAs, 'inside.txt'), 'utf8'), 'x');
    },
  },
  {
    name: 'a folder replaced by a symlink to elsewhere: nothing is written through the link',
    before: (w) => {
      w.write('src/main.ts', 'main');
      fs.mkdirSync(path.join(w.base, 'outside'));
      fs.writeFileSync(path.join(w.base, 'outside/main.ts'), 'outside content');
    },
    snapshot: 'checkpoint',
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'src'), { recursive: true });
      fs.symlinkSync(path.join(w.base, 'outside'), path.join(w.ws, 'src'));
    },
    apply: { onConflict: 'overwrite' },
    actions: { src: 'overwrite', 'src/main.ts': 'create' },
    check: (w) => {
      assert.equal(fs.readFileSync(path.join(w.base, 'outside/main.ts'), 'utf8'), 'outside content');
      assert.ok(fs.lstatSync(path.join(w.ws, 'src')).isDirectory());
      assert.equal(w.read('src/main.ts').toString(), 'main');
    },
  },
  {
    name: 'files created after a checkpoint are kept without deleteNew',
    before: (w) => w.write('a.txt', 'a'),
    snapshot: 'checkpoint',
    after: (w) => {
      w.write('generated.txt', 'new');
      w.write('newdir/one.txt', '1');
      w.write('newdir/two.txt', '2');
      w.write('node_modules/pkg/index.js', 'excluded, never new');
    },
    actions: { 'generated.txt': 'keep-new', newdir: 'keep-new' },
    check: (w) => {
      assert.ok(w.exists('generated.txt'));
      assert.ok(w.exists('newdir/two.txt'));
      assert.ok(w.exists('node_modules/pkg/index.js'));
    },
  },
  {
    name: 'files created after a checkpoint are removed with deleteNew (excluded folders are not touched)',
    before: (w) => w.write('a.txt', 'a'),
    snapshot: 'checkpoint',
    after: (w) => {
      w.write('generated.txt', 'new');
      w.write('newdir/one.txt', '1');
      w.write('node_modules/pkg/index.js', 'excluded');
    },
    plan: { deleteNew: true },
    actions: { 'generated.txt': 'delete', newdir: 'delete' },
    check: (w) => {
      assert.ok(!w.exists('generated.txt'));
      assert.ok(!w.exists('newdir'));
      assert.ok(w.exists('node_modules/pkg/index.js'));
      assert.ok(w.exists('a.txt'));
    },
  },
  {
    name: 'one file of a checkpoint: only that file is restored',
    before: (w) => {
      w.write('a.txt', 'a1');
      w.write('b.txt', 'b1');
    },
    snapshot: 'checkpoint',
    after: (w) => {
      w.write('a.txt', 'a2');
      w.write('b.txt', 'b2');
      w.write('c.txt', 'c2');
    },
    plan: { paths: ['a.txt'], deleteNew: true },
    apply: { onConflict: 'overwrite' },
    actions: { 'a.txt': 'overwrite' },
    check: (w, r) => {
      assert.equal(w.read('a.txt').toString(), 'a1');
      assert.equal(w.read('b.txt').toString(), 'b2');
      assert.ok(w.exists('c.txt'), 'a file outside the selection is never removed');
      assert.deepEqual(r.restored, ['a.txt']);
    },
  },
  {
    name: 'a set of paths: a folder and a file, new files inside the folder included',
    before: (w) => {
      w.write('src/a.ts', 'a');
      w.write('src/deep/b.ts', 'b');
      w.write('README.md', 'r1');
      w.write('other.txt', 'o1');
    },
    snapshot: 'checkpoint',
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'src/deep'), { recursive: true });
      w.write('src/added.ts', 'added');
      w.write('README.md', 'r2');
      w.write('other.txt', 'o2');
    },
    plan: { paths: ['src', path.join('README.md')], deleteNew: true },
    apply: { onConflict: 'overwrite' },
    actions: { 'src/deep': 'create', 'src/deep/b.ts': 'create', 'src/added.ts': 'delete', 'README.md': 'overwrite' },
    check: (w) => {
      assert.equal(w.read('README.md').toString(), 'r1');
      assert.equal(w.read('other.txt').toString(), 'o2');
      assert.ok(!w.exists('src/added.ts'));
      assert.equal(w.read('src/deep/b.ts').toString(), 'b');
    },
  },
  {
    name: 'a file larger than the cap is reported, not restored',
    before: (w) => {
      w.write('small.txt', 's');
      w.write('huge.bin', Buffer.alloc(20_000, 1));
    },
    snapshot: 'checkpoint',
    after: (w) => {
      fs.rmSync(path.join(w.ws, 'huge.bin'));
      fs.rmSync(path.join(w.ws, 'small.txt'));
    },
    actions: { 'small.txt': 'create', 'huge.bin': 'unavailable' },
    check: (w) => {
      assert.ok(w.exists('small.txt'));
      assert.ok(!w.exists('huge.bin'));
    },
  },
  {
    name: 'a file a command was about to create (tombstone) is removed again with deleteNew',
    before: () => undefined,
    snapshot: ['build.log'],
    after: (w) => w.write('build.log', 'output'),
    plan: { deleteNew: true },
    actions: { 'build.log': 'delete' },
  },
  {
    name: 'a path outside the workspace snapshotted before a command comes back',
    before: (w) => {
      fs.mkdirSync(path.join(w.base, 'elsewhere'));
      fs.writeFileSync(path.join(w.base, 'elsewhere/notes.txt'), 'outside');
    },
    snapshot: ['../elsewhere/notes.txt'],
    after: (w) => fs.rmSync(path.join(w.base, 'elsewhere'), { recursive: true }),
    actions: {},
    check: (w) => assert.equal(fs.readFileSync(path.join(w.base, 'elsewhere/notes.txt'), 'utf8'), 'outside'),
  },
  {
    name: 'the whole workspace deleted comes back',
    before: (w) => {
      w.write('a/b/c.txt', 'c');
      w.write('.env', 'TOKEN=1');
    },
    snapshot: 'checkpoint',
    after: (w) => fs.rmSync(w.ws, { recursive: true }),
    actions: { '': 'create', '.env': 'create', 'a/b/c.txt': 'create' },
  },
];

describe('restore', () => {
  for (const c of cases) {
    test(c.name, () => {
      const w = makeWorld();
      try {
        c.before(w);
        const beforePicture = picture(w.ws);
        const settings = { exclude: [], include: [], maxFileSize: 10_000 };
        const m: Manifest =
          c.snapshot === 'checkpoint'
            ? takeCheckpoint(w.store, w.ws, { settings }).manifest
            : takeTargetedSnapshot(w.store, w.ws, c.snapshot, { settings }).manifest;
        w.clock.now += 60_000;
        c.after(w);
        const plan = planRestore(w.store, m, c.plan);
        const actions = Object.fromEntries(plan.items.map((i) => [i.path, i.action]));
        for (const [p, a] of Object.entries(c.actions)) assert.equal(actions[p], a, `plan for ${p}: ${JSON.stringify(actions)}`);
        const r = applyRestore(w.store, plan, c.apply);
        assert.deepEqual(r.failed, []);
        (c.check ?? sameAsBefore)(w, r, beforePicture);
        assert.equal(verifyStore(w.store).ok, true);
      } finally {
        w.cleanup();
      }
    });
  }
});

describe('restore safety', () => {
  test('a plan writes nothing', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      w.write('b.txt', 'b');
      const m = takeCheckpoint(w.store, w.ws).manifest;
      fs.rmSync(path.join(w.ws, 'a.txt'));
      w.write('b.txt', 'changed');
      w.write('c.txt', 'new');
      const before = picture(w.ws);
      const plan = planRestore(w.store, m, { deleteNew: true });
      assert.deepEqual(plan.counts, { create: 1, overwrite: 1, chmod: 0, unchanged: 1, delete: 1, 'keep-new': 0, unavailable: 0 });
      assert.deepEqual(picture(w.ws), before);
    } finally {
      w.cleanup();
    }
  });

  test('a file that changes between the preview and the restore is kept beside, never lost', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'snapshot');
      const m = takeCheckpoint(w.store, w.ws).manifest;
      w.write('a.txt', 'agent');
      w.write('new.txt', 'created');
      const plan = planRestore(w.store, m, { deleteNew: true });
      w.write('a.txt', 'the user typed more after the preview');
      w.write('new.txt', 'also edited after the preview');
      const r = applyRestore(w.store, plan, { onConflict: 'overwrite' });
      assert.equal(w.read('a.txt').toString(), 'snapshot');
      assert.equal(r.keptBeside.length, 1);
      assert.equal(fs.readFileSync(r.keptBeside[0]!.keptAs, 'utf8'), 'the user typed more after the preview');
      assert.equal(w.read('new.txt').toString(), 'also edited after the preview');
      assert.deepEqual(r.skipped.map((s) => s.path), ['new.txt']);
    } finally {
      w.cleanup();
    }
  });

  test('a restore is undone by restoring the snapshot it saved first', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'v1');
      w.write('b.txt', 'b1');
      const m = takeCheckpoint(w.store, w.ws).manifest;
      w.write('a.txt', 'v2');
      fs.rmSync(path.join(w.ws, 'b.txt'));
      w.write('c.txt', 'c2');
      const agentState = picture(w.ws);
      const r = applyRestore(w.store, planRestore(w.store, m, { deleteNew: true }), { onConflict: 'overwrite' });
      assert.ok(r.savedAs);
      assert.equal(w.read('b.txt').toString(), 'b1');
      assert.ok(!w.exists('c.txt'));
      const undo = findSnapshot(w.store, w.ws, r.savedAs!);
      const r2 = applyRestore(w.store, planRestore(w.store, undo, { deleteNew: true }), { onConflict: 'overwrite' });
      assert.deepEqual(r2.failed, []);
      assert.deepEqual(withoutKept(picture(w.ws)), agentState);
    } finally {
      w.cleanup();
    }
  });

  test('a path the snapshot does not know is reported, not guessed', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      const m = takeTargetedSnapshot(w.store, w.ws, ['a.txt']).manifest;
      const plan = planRestore(w.store, m, { paths: ['b.txt'] });
      assert.deepEqual(plan.unmatched, ['b.txt']);
      assert.equal(plan.items.length, 0);
    } finally {
      w.cleanup();
    }
  });

  test('a snapshot id prefix finds the snapshot; an ambiguous or unknown one is an error', () => {
    const w = makeWorld();
    try {
      w.write('a.txt', 'a');
      const m1 = takeTargetedSnapshot(w.store, w.ws, ['a.txt']).manifest;
      w.clock.now += 1000;
      const m2 = takeTargetedSnapshot(w.store, w.ws, ['a.txt']).manifest;
      assert.equal(findSnapshot(w.store, w.ws, m1.id.slice(0, 22)).id, m1.id);
      assert.equal(findSnapshot(w.store, w.ws, 'latest').id, m2.id);
      assert.throws(() => findSnapshot(w.store, w.ws, '2026'), /names 2 snapshots/);
      assert.throws(() => findSnapshot(w.store, w.ws, 'nope'), /no snapshot 'nope'/);
    } finally {
      w.cleanup();
    }
  });
});
