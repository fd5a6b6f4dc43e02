// The cost of `airlock hook` on every tool call: process start to answer, for an allow decision, against bare Node
// start in the same run. Target: at most 20 ms above `node -e 0` at the median.
// Run: npm run bench -- hook   (or: node esbuild.js && node esbuild.js --bench && node out/bench/hook.bench.js)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentiles, writeResult } from './stats';

const runs = 30;
const warmup = 3;

interface Variant {
  readonly name: string;
  readonly args: readonly string[];
  readonly stdin?: string;
  /** The exit code the run must end with (a wrong answer would make the timing meaningless). */
  readonly exitCode: number;
  readonly env?: Readonly<Record<string, string>>;
}

function main(): void {
  const base = mkdtempSync(join(tmpdir(), 'airlock-bench-hook-'));
  try {
    const home = join(base, 'home');
    const ws = join(base, 'ws');
    mkdirSync(home);
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
    const cli = join(process.cwd(), 'dist', 'cli.js');
    const payload = (tool: string, input: Record<string, unknown>): string =>
      JSON.stringify({ session_id: 'bench', transcript_path: join(home, 't.jsonl'), cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: 'toolu_bench' });

    const variants: Variant[] = [
      { name: 'node -e 0', args: ['-e', '0'], exitCode: 0 },
      { name: 'hook claude: Read (allow)', args: [cli, 'hook', 'claude'], stdin: payload('Read', { file_path: join(ws, 'src', 'a.ts') }), exitCode: 0 },
      // For the breakdown: loading the bundle alone, and an exec decision (which needs the shell grammar anyway).
      { name: 'cli --version (bundle load only)', args: [cli, '--version'], exitCode: 0 },
      { name: 'hook claude: Bash ls (allow)', args: [cli, 'hook', 'claude'], stdin: payload('Bash', { command: 'ls -la src' }), exitCode: 0 },
      // What Node's on-disk compile cache (Node 22.1+) would save: most of the start-up is compiling the bundle.
      {
        name: 'hook claude: Read, NODE_COMPILE_CACHE',
        args: [cli, 'hook', 'claude'],
        stdin: payload('Read', { file_path: join(ws, 'src', 'a.ts') }),
        exitCode: 0,
        env: { NODE_COMPILE_CACHE: join(base, 'compile-cache') },
      },
    ];
    const env = { PATH: process.env.PATH ?? '', HOME: home };
    const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    for (let i = 0; i < warmup + runs; i++) {
      // Interleaved, so a slow moment of the machine hits every variant alike.
      for (const v of variants) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, v.args, { input: v.stdin ?? '', env: { ...env, ...v.env }, encoding: 'utf8' });
        const ms = performance.now() - t0;
        if (r.status !== v.exitCode) throw new Error(`${v.name}: exit ${r.status}, stderr: ${r.stderr}`);
        if (i >= warmup) samples.get(v.name)?.push(ms);
      }
    }
    const stats = Object.fromEntries(variants.map((v) => [v.name, percentiles(samples.get(v.name) ?? [])]));
    const bare = stats['node -e 0'];
    const hook = stats['hook claude: Read (allow)'];
    console.log(`node ${process.version}, ${runs} runs each (after ${warmup} warm-up runs), milliseconds from spawn to exit`);
    for (const v of variants) {
      const s = stats[v.name];
      if (!s || !bare) continue;
      console.log(`  ${v.name.padEnd(40)} p50 ${s.p50.toFixed(1).padStart(6)}  p90 ${s.p90.toFixed(1).padStart(6)}   (+${(s.p50 - bare.p50).toFixed(1)} ms over bare Node at p50)`);
    }
    const overhead = hook && bare ? hook.p50 - bare.p50 : NaN;
    console.log(`hook overhead at the median: ${overhead.toFixed(1)} ms (target ≤ 20 ms): ${overhead <= 20 ? 'met' : 'MISSED'}`);
    writeResult('hook', { runs, warmup, stats, overheadP50: overhead, targetP50: 20 });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main();
