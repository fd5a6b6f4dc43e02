// Where an incremental `airlock snapshot` process spends its time on a generated 10,000-file workspace: the whole
// process against a shadow git's `add -A && commit`, interleaved, and the process's own phases (Node's start-up,
// loading the command, the checkpoint), and the same process with the hook server warm. A diagnostic beside
// snapshots.bench.ts, not one of its targets.
// Run: node esbuild.js && node esbuild.js --bench && node out/bench/snapshotProcess.bench.js [files] [rounds]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHookServer, stopHookServer } from './hookServer';
import { changeFiles, generateWorkspace } from './snapshotWorkspace';

const cli = path.join(process.cwd(), 'dist/cli.js');
const files = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 7);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function timed(program: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return performance.now() - t0;
}

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-snapprof-')));
try {
  const ws = generateWorkspace(path.join(base, 'ws'), files);
  const env = { PATH: process.env.PATH, HOME: path.join(base, 'home'), AIRLOCK_HOME: path.join(base, 'airlock') };
  const gitDir = path.join(base, 'shadow.git');
  const git = (...args: string[]): number => timed('git', [`--git-dir=${gitDir}`, `--work-tree=${ws.root}`, ...args], env);
  git('init', '-q');
  for (const [k, v] of [['user.name', 'c'], ['user.email', 'c@example.invalid'], ['commit.gpgsign', 'false'], ['gc.auto', '0']] as const) git('config', k, v);
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'initial');
  const own = { ...env, AIRLOCK_HOOK_SERVER: 'off' };
  timed(process.execPath, [cli, 'snapshot', '--workspace', ws.root], own);
  // The same store with the hook server warm, as while an agent's hook calls keep one running: its first call starts it.
  startHookServer(ws.root, env);
  const rows = { git: [] as number[], airlock: [] as number[], served: [] as number[], version: [] as number[], bare: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    changeFiles(ws, 10, round);
    spawnSync('sync');
    rows.git.push(git('add', '-A') + git('commit', '-q', '--allow-empty', '-m', `r${round}`));
    spawnSync('sync');
    rows.airlock.push(timed(process.execPath, [cli, 'snapshot', '--workspace', ws.root], own));
    // Another 10 files, checkpointed by git and by the process the hook server answers: each sees 10 changes.
    changeFiles(ws, 10, round + 1000);
    spawnSync('sync');
    rows.git.push(git('add', '-A') + git('commit', '-q', '--allow-empty', '-m', `s${round}`));
    spawnSync('sync');
    rows.served.push(timed(process.execPath, [cli, 'snapshot', '--workspace', ws.root], env));
    rows.version.push(timed(process.execPath, [cli, '--version'], env));
    rows.bare.push(timed(process.execPath, ['-e', '0'], env));
  }
  const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])) as Record<keyof typeof rows, number>;
  console.log(`node ${process.version}, ${files} files, ${rounds} rounds (medians)`);
  console.log(`  git add -A && commit        ${m.git.toFixed(1)} ms`);
  console.log(`  airlock snapshot process    ${m.airlock.toFixed(1)} ms (${(m.airlock / m.git).toFixed(2)}× git)`);
  console.log(`  the same, hook server warm  ${m.served.toFixed(1)} ms (${(m.served / m.git).toFixed(2)}× git)`);
  console.log(`  airlock --version           ${m.version.toFixed(1)} ms`);
  console.log(`  node -e 0                   ${m.bare.toFixed(1)} ms`);
  stopHookServer(env.AIRLOCK_HOME);
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
