// Snapshot store against a shadow-git checkpoint (what Cline, Roo Code and Gemini CLI do), on generated workspaces
// of 10,000 and 100,000 files: initial checkpoint time, incremental checkpoint time after an agent turn that changes
// 10 files, and the store's size on disk.
// Run: npm run bench -- snapshots   (or: node esbuild.js && node esbuild.js --bench && node out/bench/snapshots.bench.js)
// SNAPSHOT_BENCH_SIZES=10000 limits the sizes; SNAPSHOT_BENCH_ROUNDS sets the incremental rounds (default 3).
// Writes bench/results/snapshots.json. Everything happens below one temporary folder, removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultExclusions, SnapshotStore, takeCheckpoint } from '../src/core/snapshots';
import { startHookServer, stopHookServer } from './hookServer';
import { changeFiles, generateWorkspace } from './snapshotWorkspace';
import { writeResult } from './stats';

const cli = path.join(process.cwd(), 'dist/cli.js');
const sizes = (process.env.SNAPSHOT_BENCH_SIZES ?? '10000,100000').split(',').map(Number).filter((n) => n > 0);
const rounds = Number(process.env.SNAPSHOT_BENCH_ROUNDS ?? 3);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (t0: number): number => performance.now() - t0;
const fmtMs = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
const fmtMB = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
const sleep = (t: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, t);

/**
 * Writes back every dirty page (untimed unless asked), so no measurement pays for the write-back of the one
 * before it: git leaves its objects to the kernel (no fsync for loose objects), Airlock fsyncs its packs.
 */
function flushDisks(): number {
  const t0 = performance.now();
  spawnSync('sync');
  return ms(t0);
}

/** Disk usage: blocks allocated (what `du` reports) and apparent bytes. */
function du(dir: string): { onDisk: number; apparent: number } {
  const onDisk = Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]) * 1024;
  const apparent = Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
  return { onDisk, apparent };
}

/** A shadow repository as the peers keep one: its own git dir, the workspace as work tree, the same exclusions. */
function shadowGit(gitDir: string, ws: string) {
  const git = (...args: string[]): number => {
    const t0 = performance.now();
    const r = spawnSync('git', [`--git-dir=${gitDir}`, `--work-tree=${ws}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.toString()}`);
    return ms(t0);
  };
  git('init', '-q');
  for (const [k, v] of [['user.name', 'Checkpoint'], ['user.email', 'checkpoint@example.invalid'], ['commit.gpgsign', 'false'], ['gc.auto', '0'], ['core.autocrlf', 'false']]) git('config', k!, v!);
  // Same exclusions as Airlock's defaults (the CACHEDIR.TAG rule has no gitignore form; the generator makes none).
  fs.writeFileSync(path.join(gitDir, 'info/exclude'), `${defaultExclusions.filter((p) => !p.startsWith('<')).join('\n')}\n`);
  let n = 0;
  return {
    checkpoint(): { add: number; commit: number; total: number } {
      const add = git('add', '-A');
      const commit = git('commit', '-q', '--no-verify', '--allow-empty', '-m', `checkpoint ${n++}`);
      return { add, commit, total: add + commit };
    },
  };
}

/**
 * What any comparison of metadata pays from Node: listing every folder and lstat-ing every entry, nothing else
 * (the excluded folders of the generated workspace are node_modules and dist).
 */
function statFloor(root: string): number {
  const t0 = performance.now();
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name === '.git') continue;
      const p = `${dir}/${name}`;
      if (fs.lstatSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return ms(t0);
}

/**
 * A whole `airlock snapshot` process. `server`: with the hook server of its Airlock folder warm (as while an agent's
 * hook calls keep one running), else on its own (AIRLOCK_HOOK_SERVER=off).
 */
function cliSnapshot(ws: string, airlockHome: string, server = false): { ms: number; out: Record<string, unknown> } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'snapshot', '--workspace', ws, '--json'], {
    env: { HOME: path.dirname(airlockHome), AIRLOCK_HOME: airlockHome, PATH: process.env.PATH, AIRLOCK_HOOK_SERVER: server ? 'on' : 'off' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const t = ms(t0);
  if (r.status !== 0) throw new Error(`airlock snapshot failed: ${r.stderr}`);
  return { ms: t, out: JSON.parse(r.stdout) as Record<string, unknown> };
}

function benchSize(fileCount: number): Record<string, unknown> {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-snapshots-')));
  try {
    let t0 = performance.now();
    const ws = generateWorkspace(path.join(base, 'ws'), fileCount);
    const generateMs = ms(t0);
    const folders = Number(execFileSync('find', [ws.root, '-type', 'd']).toString().trim().split('\n').length);
    console.log(`\n${fileCount.toLocaleString('en-US')} files (${fmtMB(ws.bytes)}) in ${folders.toLocaleString('en-US')} folders, plus ${ws.excludedFiles.toLocaleString('en-US')} in node_modules/dist; generated in ${fmtMs(generateMs)}`);
    // Files older than the racy window, as in a real workspace (git's index has the same rule, on a finer clock).
    sleep(2500);

    const gitDir = path.join(base, 'shadow.git');
    const git = shadowGit(gitDir, ws.root);
    flushDisks();
    const gitInitial = git.checkpoint();
    const gitWriteBack = flushDisks();
    const gitInitialSize = du(gitDir);
    console.log(
      `  initial      git add -A + commit: ${fmtMs(gitInitial.total)} (add ${fmtMs(gitInitial.add)}, commit ${fmtMs(gitInitial.commit)}; ` +
        `then ${fmtMs(gitWriteBack)} until its objects are on disk); shadow repo ${fmtMB(gitInitialSize.onDisk)} on disk`,
    );

    // Airlock in process, with a long-lived store handle as the extension keeps one (and, like it, leaving the
    // tree index for the CLI to when it stops: updateTreeIndex).
    const homeA = path.join(base, 'home-a/.airlock');
    const storeA = SnapshotStore.open({ root: path.join(homeA, 'store') });
    t0 = performance.now();
    let last = takeCheckpoint(storeA, ws.root, { index: false });
    const airlockInitial = ms(t0);
    flushDisks();
    const airlockInitialSize = du(path.join(homeA, 'store'));
    console.log(`  initial      airlock in process: ${fmtMs(airlockInitial)}; store ${fmtMB(airlockInitialSize.onDisk)} on disk`);

    // Airlock as a whole `airlock snapshot` process (Node's start-up included), on its own store.
    const homeB = path.join(base, 'home-b/.airlock');
    flushDisks();
    const processInitial = cliSnapshot(ws.root, homeB);
    console.log(`  initial      airlock snapshot process: ${fmtMs(processInitial.ms)}`);
    // And with the hook server warm, on a store of its own.
    const homeC = path.join(base, 'home-c/.airlock');
    startHookServer(ws.root, { HOME: path.dirname(homeC), AIRLOCK_HOME: homeC, PATH: process.env.PATH });
    flushDisks();
    const servedInitial = cliSnapshot(ws.root, homeC, true);
    console.log(`  initial      airlock snapshot process, hook server warm: ${fmtMs(servedInitial.ms)}`);

    const samples = { floor: [] as number[], git: [] as number[], compare: [] as number[], changes: [] as number[], process: [] as number[], served: [] as number[], compareRead: [] as number[], changesRead: [] as number[] };
    for (let round = 1; round <= rounds; round++) {
      // An agent turn changes 10 files; Airlock compares every file's metadata (no knowledge of what changed).
      changeFiles(ws, 10, round * 2);
      flushDisks();
      samples.git.push(git.checkpoint().total);
      flushDisks();
      t0 = performance.now();
      last = takeCheckpoint(storeA, ws.root, { index: false });
      samples.compare.push(ms(t0));
      samples.compareRead.push(last.filesRead);
      samples.floor.push(statFloor(ws.root));
      flushDisks();
      samples.process.push(cliSnapshot(ws.root, homeB).ms);
      flushDisks();
      samples.served.push(cliSnapshot(ws.root, homeC, true).ms);
      // Another turn; this time Airlock is told what changed, as the editor's file watcher will tell it.
      const changed = changeFiles(ws, 10, round * 2 + 1);
      flushDisks();
      samples.git.push(git.checkpoint().total);
      flushDisks();
      t0 = performance.now();
      last = takeCheckpoint(storeA, ws.root, { changes: { since: last.manifest.id, paths: changed }, index: false });
      samples.changes.push(ms(t0));
      samples.changesRead.push(last.filesRead);
      if (last.mode !== 'changes') throw new Error(`expected a checkpoint from the list of changes, got ${last.mode}`);
      flushDisks();
      samples.process.push(cliSnapshot(ws.root, homeB).ms);
      flushDisks();
      samples.served.push(cliSnapshot(ws.root, homeC, true).ms);
    }
    storeA.close();
    stopHookServer(homeC);
    const gitSize = du(gitDir);
    const airlockSize = du(path.join(homeA, 'store'));
    const processStoreSize = du(path.join(homeB, 'store'));
    const m = { floor: median(samples.floor), git: median(samples.git), compare: median(samples.compare), changes: median(samples.changes), process: median(samples.process), served: median(samples.served) };
    console.log(
      `  incremental  (10 files changed; median of ${rounds * 2} git, ${rounds} + ${rounds} in process, ${rounds * 2} process runs)\n` +
        `               git ${fmtMs(m.git)} | airlock in process, comparing metadata ${fmtMs(m.compare)} | told what changed ${fmtMs(m.changes)}\n` +
        `               airlock snapshot process ${fmtMs(m.process)} (${(m.process / m.git).toFixed(2)}× git) | with the hook server warm ${fmtMs(m.served)} (${(m.served / m.git).toFixed(2)}× git)\n` +
        `               listing and lstat-ing the workspace alone (any metadata comparison's floor in Node): ${fmtMs(m.floor)}`,
    );
    console.log(`  store        git ${fmtMB(gitSize.onDisk)} on disk (${fmtMB(gitSize.apparent)} apparent) | airlock ${fmtMB(airlockSize.onDisk)} on disk (${fmtMB(airlockSize.apparent)} apparent)`);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const targets = {
      initialNoSlowerThanGit: verdict(airlockInitial <= gitInitial.total),
      incrementalInProcess10xFaster: { toldWhatChanged: verdict(m.changes * 10 <= m.git), comparingMetadata: verdict(m.compare * 10 <= m.git) },
      incrementalProcessAtMost1_5xGit: { ownProcess: verdict(m.process <= 1.5 * m.git), hookServerWarm: verdict(m.served <= 1.5 * m.git) },
      storeNoLargerThanGit: verdict(airlockSize.onDisk <= gitSize.onDisk),
    };
    console.log(`  targets      ${JSON.stringify(targets)}`);
    return {
      files: fileCount,
      bytes: ws.bytes,
      folders,
      excludedFiles: ws.excludedFiles,
      generateMs: Math.round(generateMs),
      initial: {
        gitMs: Math.round(gitInitial.total),
        gitAddMs: Math.round(gitInitial.add),
        gitCommitMs: Math.round(gitInitial.commit),
        gitWriteBackAfterMs: Math.round(gitWriteBack),
        airlockInProcessMs: Math.round(airlockInitial),
        airlockProcessMs: Math.round(processInitial.ms),
        airlockProcessHookServerMs: Math.round(servedInitial.ms),
        gitStoreOnDisk: gitInitialSize.onDisk,
        airlockStoreOnDisk: airlockInitialSize.onDisk,
      },
      incremental: {
        changedFiles: 10,
        gitMs: +m.git.toFixed(1),
        airlockComparingMs: +m.compare.toFixed(1),
        statFloorMs: +m.floor.toFixed(1),
        airlockToldWhatChangedMs: +m.changes.toFixed(2),
        airlockProcessMs: +m.process.toFixed(1),
        airlockProcessHookServerMs: +m.served.toFixed(1),
        filesReadComparing: samples.compareRead,
        filesReadToldWhatChanged: samples.changesRead,
        samples,
      },
      storeAfterRounds: { git: gitSize, airlock: airlockSize, airlockProcessStore: processStoreSize },
      targets,
    };
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

function main(): void {
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run node esbuild.js first');
  const git = execFileSync('git', ['--version']).toString().trim();
  console.log(`${git}; ${os.cpus().length} cores; node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const results = sizes.map(benchSize);
  writeResult('snapshots', { git, cores: os.cpus().length, loadAverage: os.loadavg(), rounds, results });
}

main();
