import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runCli } from './runCli';

const repo = path.join(__dirname, '../../../..');
const cli = path.join(repo, 'dist/cli.js');

/** A fresh home (with Airlock's folder) and workspace below one temporary `airlock-*` folder. */
interface World {
  readonly base: string;
  readonly home: string;
  readonly airlockHome: string;
  readonly ws: string;
  env(): NodeJS.ProcessEnv;
  write(rel: string, content: string | Buffer): void;
  read(rel: string): string;
}

let w: World;

beforeEach(() => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-')));
  const home = path.join(base, 'home');
  const airlockHome = path.join(home, '.airlock');
  const ws = path.join(base, 'ws');
  fs.mkdirSync(home);
  fs.mkdirSync(ws);
  w = {
    base,
    home,
    airlockHome,
    ws,
    env: () => ({ HOME: home, AIRLOCK_HOME: airlockHome, PATH: process.env.PATH ?? '/usr/bin:/bin' }),
    write(rel, content) {
      fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      fs.writeFileSync(path.join(ws, rel), content);
    },
    read: (rel) => fs.readFileSync(path.join(ws, rel), 'utf8'),
  };
});

afterEach(() => fs.rmSync(w.base, { recursive: true, force: true }));

const json = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
const cliRun = (args: string[]) => runCli(args, { env: w.env(), cwd: w.ws });

describe('airlock snapshot, snapshots, restore', () => {
  test('a checkpoint, then nothing to do, then a targeted snapshot; listed newest first', async () => {
    w.write('src/a.ts', 'export const a = 1;\n');
    w.write('.env', 'TOKEN=1\n');
    const first = await cliRun(['snapshot', '--workspace', '.', '--json', '--label', 'start']);
    assert.equal(first.code, 0, first.stderr);
    const c = json(first.stdout);
    assert.deepEqual([c.kind, c.unchanged, c.mode, c.files, c.workspace], ['checkpoint', false, 'initial', 2, w.ws]);
    const again = await cliRun(['snapshot', '--workspace', w.ws]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, new RegExp(`^Nothing changed in ${w.ws} since checkpoint ${String(c.id)}; no new snapshot\\.\\n$`));
    const t = await cliRun(['snapshot', '--workspace', w.ws, '--paths', 'src/a.ts', 'src/b.ts', '--json']);
    assert.equal(t.code, 0, t.stderr);
    const tj = json(t.stdout);
    assert.deepEqual([tj.kind, tj.files, tj.missing], ['targeted', 1, 1]);
    const list = await cliRun(['snapshots', '--workspace', w.ws, '--json']);
    const items = JSON.parse(list.stdout) as Record<string, unknown>[];
    assert.deepEqual(items.map((s) => s.id), [tj.id, c.id]);
    assert.equal(items[1]?.label, 'start');
    const text = await cliRun(['snapshots', '--workspace', w.ws]);
    assert.match(text.stdout, /targeted .* src\/a\.ts src\/b\.ts/);
    assert.match(text.stdout, /checkpoint .*"start"/);
    const show = await cliRun(['snapshots', 'show', '--workspace', w.ws, '--snapshot', String(tj.id)]);
    assert.match(show.stdout, /file +0644 +20 B +src\/a\.ts/);
    assert.match(show.stdout, /missing +src\/b\.ts +\(did not exist\)/);
  });

  test('restore: a dry run writes nothing; a restore keeps the newer copy beside and can be undone', async () => {
    w.write('a.txt', 'original');
    w.write('gone.txt', 'deleted later');
    const snap = json((await cliRun(['snapshot', '--workspace', w.ws, '--json'])).stdout);
    w.write('a.txt', 'agent edit');
    fs.rmSync(path.join(w.ws, 'gone.txt'));
    w.write('new.txt', 'created later');
    const dry = await cliRun(['restore', '--workspace', w.ws, '--snapshot', String(snap.id), '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /overwrite +a\.txt +— changed since the snapshot; the current copy is kept beside it/);
    assert.match(dry.stdout, /create +gone\.txt/);
    assert.match(dry.stdout, /keep-new +new\.txt +— created after the snapshot; kept \(pass --delete-new to remove it\)/);
    assert.match(dry.stdout, /Dry run: nothing was written\./);
    assert.equal(w.read('a.txt'), 'agent edit');
    assert.ok(!fs.existsSync(path.join(w.ws, 'gone.txt')));
    const r = await cliRun(['restore', '--workspace', w.ws, '--snapshot', String(snap.id).slice(0, 21)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(w.read('a.txt'), 'original');
    assert.equal(w.read('gone.txt'), 'deleted later');
    assert.equal(w.read('new.txt'), 'created later');
    const kept = fs.readdirSync(w.ws).find((n) => n.startsWith('a.txt.airlock-'));
    assert.ok(kept);
    assert.equal(w.read(kept), 'agent edit');
    assert.match(r.stdout, new RegExp(`kept beside +a\\.txt → ${kept.replace(/[.]/g, '\\.')}`));
    const undoId = /undo: airlock restore --workspace \S+ --snapshot (\S+)\)/.exec(r.stdout)?.[1];
    assert.ok(undoId, r.stdout);
    const undo = await cliRun(['restore', '--workspace', w.ws, '--snapshot', undoId, '--delete-new', '--on-conflict', 'overwrite', '--json']);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(w.read('a.txt'), 'agent edit');
    assert.ok(!fs.existsSync(path.join(w.ws, 'gone.txt')));
  });

  test('restore one path, with --delete-new and --on-conflict', async () => {
    w.write('keep/a.txt', 'a1');
    w.write('other.txt', 'o1');
    const snap = json((await cliRun(['snapshot', '--workspace', w.ws, '--json'])).stdout);
    w.write('keep/a.txt', 'a2');
    w.write('keep/extra.txt', 'x');
    w.write('other.txt', 'o2');
    const r = await cliRun(['restore', '--workspace', w.ws, '--snapshot', 'latest', '--path', 'keep', '--delete-new', '--on-conflict', 'overwrite', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = json(r.stdout) as { plan: { items: { path: string; action: string }[] }; result: { restored: string[]; deleted: string[] } };
    assert.deepEqual(out.plan.items.map((i) => [i.path, i.action]), [['keep/a.txt', 'overwrite'], ['keep/extra.txt', 'delete']]);
    assert.equal(w.read('keep/a.txt'), 'a1');
    assert.ok(!fs.existsSync(path.join(w.ws, 'keep/extra.txt')));
    assert.equal(w.read('other.txt'), 'o2');
    void snap;
  });

  test('verify and gc', async () => {
    w.write('a.txt', 'a');
    await cliRun(['snapshot', '--workspace', w.ws]);
    assert.deepEqual(fs.readdirSync(path.join(w.airlockHome, 'store/locks')), [], 'a finished command leaves no lock behind');
    const v = await cliRun(['snapshots', 'verify']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /The store is consistent: 1 snapshots, 2 objects in 1 packs checked\./);
    const gc = await cliRun(['snapshots', 'gc', '--max-age', '1', '--dry-run', '--json']);
    assert.equal(gc.code, 0, gc.stderr);
    assert.deepEqual(json(gc.stdout).decisions, []);
    const gcText = await cliRun(['snapshots', 'gc', '--max-size', '1MB']);
    assert.match(gcText.stdout, /^Nothing to remove; the store was [\d.]+ K?B, now [\d.]+ K?B\.\n$/);
  });

  const usage: readonly [string, string[], RegExp][] = [
    ['no workspace', ['snapshot'], /--workspace DIR is required/],
    ['a stray argument', ['snapshot', '--workspace', '.', 'oops'], /unexpected argument 'oops'/],
    ['no snapshot id', ['restore', '--workspace', '.'], /--snapshot ID is required/],
    ['a bad conflict choice', ['restore', '--workspace', '.', '--snapshot', 'x', '--on-conflict', 'merge'], /--on-conflict must be keep, overwrite or skip/],
    ['an unknown snapshots command', ['snapshots', 'prune'], /unknown snapshots command 'prune'/],
    ['a flag of another subcommand', ['snapshots', 'verify', '--max-size', '1G'], /--max-size does not apply to 'snapshots verify'/],
    ['a bad size', ['snapshots', 'gc', '--max-size', 'lots'], /--max-size: 'lots' is not a size/],
    ['an unknown flag', ['restore', '--workspace', '.', '--snapshot', 'x', '--force'], /Unknown option '--force'/],
  ];
  for (const [name, args, error] of usage) {
    test(`usage error: ${name} (exit 2, one line)`, async () => {
      const r = await cliRun(args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, error);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
  }

  test('a path not in the snapshot is a usage error; an unknown snapshot is a failure', async () => {
    w.write('a.txt', 'a');
    await cliRun(['snapshot', '--workspace', w.ws, '--paths', 'a.txt']);
    const r = await cliRun(['restore', '--workspace', w.ws, '--snapshot', 'latest', '--path', 'nope.txt']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nope\.txt is not in snapshot/);
    const u = await cliRun(['restore', '--workspace', w.ws, '--snapshot', '1999']);
    assert.equal(u.code, 1);
    assert.match(u.stderr, /^airlock: no snapshot '1999' of /);
  });

  test('snapshots.json settings apply; a malformed one is a usage error', async () => {
    fs.mkdirSync(w.airlockHome, { recursive: true });
    fs.writeFileSync(path.join(w.airlockHome, 'snapshots.json'), JSON.stringify({ exclude: ['*.log'], maxFileSize: 10 }));
    w.write('app.log', 'log');
    w.write('big.txt', 'more than ten bytes');
    w.write('ok.txt', 'small');
    const r = json((await cliRun(['snapshot', '--workspace', w.ws, '--json'])).stdout);
    const show = json((await cliRun(['snapshots', 'show', '--workspace', w.ws, '--snapshot', String(r.id), '--json'])).stdout) as { entries: { path: string; type: string }[] };
    assert.deepEqual(show.entries.map((e) => [e.path, e.type]), [['', 'dir'], ['big.txt', 'skipped'], ['ok.txt', 'file']]);
    fs.writeFileSync(path.join(w.airlockHome, 'snapshots.json'), JSON.stringify({ maxFileSize: 'big' }));
    const bad = await cliRun(['snapshot', '--workspace', w.ws]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /snapshots\.json: 'maxFileSize': 'big' is not a size/);
  });
});

/** Runs dist/cli.js in a child process; resolves with its exit code or signal and output. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const cliSync = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { env: w.env(), encoding: 'utf8' });

describe('airlock snapshot as separate processes', () => {
  test('two processes snapshotting the same workspace at once both succeed and both restore', async () => {
    for (let i = 0; i < 300; i++) w.write(`src/m${i % 10}/f${i}.ts`, `export const v${i} = ${i};\n`.repeat(20));
    const a = spawnCli(['snapshot', '--workspace', w.ws, '--json'], w.env());
    const b = spawnCli(['snapshot', '--workspace', w.ws, '--paths', 'src/m1', 'src/m2', '--json'], w.env());
    const [ra, rb] = await Promise.all([a.done, b.done]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    const ida = String(json(ra.stdout).id);
    const idb = String(json(rb.stdout).id);
    assert.equal(cliSync(['snapshots', 'verify']).status, 0);
    for (const [id, victim] of [[ida, 'src/m5'], [idb, 'src/m1']] as const) {
      fs.rmSync(path.join(w.ws, victim), { recursive: true });
      const r = cliSync(['restore', '--workspace', w.ws, '--snapshot', id]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(w.read(`${victim}/f${victim.slice(-1)}.ts`), `export const v${victim.slice(-1)} = ${victim.slice(-1)};\n`.repeat(20));
    }
  });

  test('a process killed with SIGKILL in the middle of a snapshot leaves a consistent store that verify cleans', async () => {
    // Enough incompressible data that the snapshot runs for a while.
    for (let i = 0; i < 1500; i++) w.write(`data/d${i % 30}/blob${i}.bin`, randomBytes(40_000));
    w.write('small.txt', 'small');
    const before = cliSync(['snapshot', '--workspace', w.ws, '--paths', 'small.txt', '--json']);
    assert.equal(before.status, 0, before.stderr);
    const tmp = path.join(w.airlockHome, 'store/tmp');
    const run = spawnCli(['snapshot', '--workspace', w.ws], w.env());
    // Kill it once its pack has started to fill.
    const started = Date.now();
    for (;;) {
      const packs = fs.existsSync(tmp) ? fs.readdirSync(tmp).filter((n) => n.endsWith('.pack')) : [];
      if (packs.some((n) => fs.statSync(path.join(tmp, n), { throwIfNoEntry: false })?.size)) break;
      assert.ok(Date.now() - started < 30_000, 'the snapshot never started writing');
      await new Promise((r) => setTimeout(r, 2));
    }
    run.child.kill('SIGKILL');
    const killed = await run.done;
    assert.equal(killed.signal, 'SIGKILL', 'the snapshot was killed before it finished');
    // No half manifest: only the earlier snapshot exists.
    const list = JSON.parse(cliSync(['snapshots', '--workspace', w.ws, '--json']).stdout) as unknown[];
    assert.equal(list.length, 1);
    const v = cliSync(['snapshots', 'verify', '--json']);
    assert.equal(v.status, 0, v.stdout);
    const report = json(v.stdout) as { ok: boolean; problems: { severity: string; message: string }[] };
    assert.equal(report.ok, true);
    assert.ok(report.problems.length >= 1 && report.problems.every((p) => p.severity === 'leftover'), JSON.stringify(report.problems));
    const fixed = cliSync(['snapshots', 'verify', '--repair']);
    assert.equal(fixed.status, 0, fixed.stdout);
    assert.deepEqual(fs.readdirSync(tmp), []);
    assert.deepEqual(json(cliSync(['snapshots', 'verify', '--json']).stdout).problems, []);
    // The store works on: a new checkpoint, and the old snapshot restores.
    assert.equal(cliSync(['snapshot', '--workspace', w.ws]).status, 0);
    fs.rmSync(path.join(w.ws, 'small.txt'));
    assert.equal(cliSync(['restore', '--workspace', w.ws, '--snapshot', String(json(before.stdout).id)]).status, 0);
    assert.equal(w.read('small.txt'), 'small');
  });

  test('a full disk (a 1 MB tmpfs; root only): a clear error, exit 1, and a store that still verifies', (t) => {
    const mnt = path.join(w.base, 'small-disk');
    fs.mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      t.skip('mounting a tmpfs needs root');
      return;
    }
    try {
      const env = { ...w.env(), AIRLOCK_HOME: mnt };
      w.write('ok.txt', 'ok');
      assert.equal(spawnSync(process.execPath, [cli, 'snapshot', '--workspace', w.ws], { env }).status, 0);
      for (let i = 0; i < 4; i++) w.write(`noise${i}.bin`, randomBytes(400_000));
      const r = spawnSync(process.execPath, [cli, 'snapshot', '--workspace', w.ws], { env, encoding: 'utf8' });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^airlock: the disk holding the snapshot store \(.*\) is full: the checkpoint was not saved and nothing was changed; free some space or run 'airlock snapshots gc'\n$/);
      const v = spawnSync(process.execPath, [cli, 'snapshots', 'verify'], { env, encoding: 'utf8' });
      assert.equal(v.status, 0, v.stdout);
    } finally {
      execFileSync('umount', [mnt], { stdio: 'ignore' });
    }
  });
});
