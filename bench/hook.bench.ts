// The cost of the agent hook on every tool call: process start to exit, for allow, deny and ask decisions, against
// bare Node start and the peer hook in the same run, on Node 24 (the bench's own) and on the machine's Node (`node`
// on the PATH outside the project's cache, or HOOK_BENCH_NODE); with the hook server warm and without it
// (AIRLOCK_HOOK_SERVER=off), with an editor answering and without. Targets: at most 20 ms above `node -e 0` at the
// median; no slower than the peer; a deny no slower than an allow.
// Run: npm run bench -- hook   (or: node esbuild.js && node esbuild.js --bench && node out/bench/hook.bench.js)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridgeServer } from '../src/core/bridge/server';
import { createNodeEngine } from '../src/core/engine/create';
import { strictestVerdict } from '../src/core/verdict';
import { stopHookServer } from './hookServer';
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
  /** The Node that runs it (this bench's own when absent). */
  readonly node?: string;
}

/** The machine's own Node: the first `node` on the PATH that is not this project's cached Node 24. */
function machineNode(): string | undefined {
  if (process.env.HOOK_BENCH_NODE) return process.env.HOOK_BENCH_NODE;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir === '' || dir.includes('.cache/node24')) continue;
    const candidate = join(dir, 'node');
    try {
      const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
      if (version !== process.version) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The peer hook measured beside Airlock, installed by this bench into the project's git-ignored cache. */
const peer = { name: 'cc-safety-net', version: '2.4.5', bin: 'dist/bin/cc-safety-net.js' };

function installPeer(): string | undefined {
  const prefix = join(process.cwd(), '.cache', 'bench-peer');
  const bin = join(prefix, 'node_modules', peer.name, peer.bin);
  if (existsSync(bin)) return bin;
  try {
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `${peer.name}@${peer.version}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    console.log(`the peer hook ${peer.name}@${peer.version} could not be installed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): its rows are left out`);
    return undefined;
  }
  return existsSync(bin) ? bin : undefined;
}

/** Spawns without blocking the event loop, so the in-process editor bridge can answer meanwhile. */
function run(node: string, args: readonly string[], stdin: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(node, args, { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (status) => resolve({ status, stderr, ms: performance.now() - t0 }));
    child.stdin.end(stdin);
  });
}

/** A copy of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The Airlock folders whose hook servers the bench starts, stopped at its end. */
const servedHomes: string[] = [];

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'airlock-bench-hook-'));
  let closeBridge: (() => Promise<void>) | undefined;
  try {
    const home = join(base, 'home');
    const ws = join(base, 'ws');
    mkdirSync(home);
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
    const cli = join(process.cwd(), 'dist', 'cli.js');
    const hook = join(process.cwd(), 'dist', 'hook.js');
    // An editor for the workspace: a bridge answering from a warm engine, as the extension does.
    const editorHome = join(base, 'airlock-editor');
    const aloneHome = join(base, 'airlock-alone');
    const engine = await createNodeEngine({ roots: [ws], home, airlockHome: editorHome, workspacePolicies: [], workspaceTrusted: true, env: { HOME: home } });
    const bridge = await startBridgeServer({
      airlockHome: editorHome,
      roots: [realpathSync(ws)],
      handler: async (request) => ({ verdict: strictestVerdict(await Promise.all(request.actions.map((a) => engine.decide(a)))), decider: { by: 'policy' } }),
    });
    if (!bridge.ok) throw new Error(bridge.error);
    closeBridge = bridge.value.close;
    const payload = (tool: string, input: Record<string, unknown>): string =>
      JSON.stringify({ session_id: 'bench', transcript_path: join(home, 't.jsonl'), cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: 'toolu_bench' });

    const read = payload('Read', { file_path: join(ws, 'src', 'a.ts') });
    // Every hook call below either finds the hook server of its Airlock folder (started by the warm-up runs and
    // kept warm by the rounds) or, with AIRLOCK_HOOK_SERVER=off, decides in its own process: what the first call
    // after a quiet spell costs, and what every call costs for a user who turns the server off.
    const off = { AIRLOCK_HOOK_SERVER: 'off' };
    const editor = { AIRLOCK_HOME: editorHome };
    const alone = { AIRLOCK_HOME: aloneHome, ...off };
    const bash = (command: string) => payload('Bash', { command });
    const variants: Variant[] = [
      { name: 'node -e 0', args: ['-e', '0'], exitCode: 0 },
      { name: 'hook.js claude: Read (allow), editor answers', args: [hook, 'claude'], stdin: read, exitCode: 0, env: editor },
      { name: 'hook.js claude: Read (allow), editor answers, no server', args: [hook, 'claude'], stdin: read, exitCode: 0, env: { ...editor, ...off } },
      { name: 'cli.js hook claude: Read (allow), no editor, no server', args: [cli, 'hook', 'claude'], stdin: read, exitCode: 0, env: alone },
      // For the breakdown: loading the bundle alone.
      { name: 'cli --version (bundle load only)', args: [cli, '--version'], exitCode: 0 },
    ];
    // The three answers for a command, without an editor, on both Nodes: what an agent waits for on every call.
    const decisions: readonly (readonly [string, string, number])[] = [
      ['allow', 'git status && npm test', 0],
      ['deny', 'rm -rf ~', 2],
      ['ask', 'rm -rf src/*', 0],
    ];
    const other = machineNode();
    const nodes: readonly (readonly [string, string])[] = [[process.version, process.execPath], ...(other ? [[execFileSync(other, ['--version'], { encoding: 'utf8' }).trim(), other] as const] : [])];
    const peerBin = installPeer();
    for (const [version, node] of nodes) {
      // Each Node gets a server of its own (a folder of its own), started by its own first call.
      const served = { AIRLOCK_HOME: join(base, `airlock-served-${version}`) };
      servedHomes.push(served.AIRLOCK_HOME);
      if (node !== process.execPath) variants.push({ name: `${version} node -e 0`, args: ['-e', '0'], exitCode: 0, node });
      variants.push({ name: `${version} Read allow, no editor`, args: [hook, 'claude'], stdin: read, exitCode: 0, env: served, node });
      variants.push({ name: `${version} Read allow, no editor, no server`, args: [hook, 'claude'], stdin: read, exitCode: 0, env: alone, node });
      // What the engine's code cache buys a call decided in its own process: the same run with it turned off.
      variants.push({ name: `${version} Bash allow: git status && npm test, no editor, no server, no code cache`, args: [hook, 'claude'], stdin: bash('git status && npm test'), exitCode: 0, env: { ...alone, NODE_DISABLE_COMPILE_CACHE: '1' }, node });
      // The allow measured twice: how far two runs of the same call differ in this run (the noise of a ratio).
      variants.push({ name: `${version} Bash allow again: git status && npm test, no editor`, args: [hook, 'claude'], stdin: bash('git status && npm test'), exitCode: 0, env: served, node });
      for (const [decision, command, exitCode] of decisions) {
        variants.push({ name: `${version} Bash ${decision}: ${command}, no editor`, args: [hook, 'claude'], stdin: bash(command), exitCode, env: served, node });
        variants.push({ name: `${version} Bash ${decision}: ${command}, no editor, no server`, args: [hook, 'claude'], stdin: bash(command), exitCode, env: alone, node });
        // The same call with an editor answering (through the hook server, which asks it as the hook would).
        variants.push({ name: `${version} Bash ${decision}: ${command}, editor answers`, args: [hook, 'claude'], stdin: bash(command), exitCode, env: editor, node });
        // The peer answers every decision with exit 0 (a deny is in its JSON).
        if (peerBin) variants.push({ name: `${version} peer ${peer.name} ${peer.version}: Bash ${decision}: ${command}`, args: [peerBin, 'hook', '--claude-code'], stdin: bash(command), exitCode: 0, node });
      }
    }
    const env = { PATH: process.env.PATH ?? '', HOME: home };
    const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    // A fixed seed: the same order of rounds in every run of the bench.
    let seed = 0x2f6e2b1;
    const random = (): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    for (let i = 0; i < warmup + runs; i++) {
      // Interleaved, so a slow moment of the machine hits every variant alike, and in a new order each round, so
      // that no variant always follows the same one (the warm-up rounds keep the listed order: the first call of
      // each Airlock folder starts its server).
      const order = i < warmup ? variants : shuffled(variants, random);
      for (const v of order) {
        const r = await run(v.node ?? process.execPath, v.args, v.stdin ?? '', { ...env, ...v.env });
        if (r.status !== v.exitCode) throw new Error(`${v.name}: exit ${r.status}, stderr: ${r.stderr}`);
        if (i >= warmup) samples.get(v.name)?.push(r.ms);
      }
    }
    const stats = Object.fromEntries(variants.map((v) => [v.name, percentiles(samples.get(v.name) ?? [])]));
    const bare = stats['node -e 0'];
    const measured = stats['hook.js claude: Read (allow), editor answers'];
    console.log(`node ${process.version}, ${runs} runs each (after ${warmup} warm-up runs), milliseconds from spawn to exit`);
    for (const v of variants) {
      const s = stats[v.name];
      if (!s || !bare) continue;
      const own = v.node && v.node !== process.execPath ? stats[`${v.name.split(' ')[0]} node -e 0`] : bare;
      console.log(`  ${v.name.padEnd(78)} p50 ${s.p50.toFixed(1).padStart(6)}  p90 ${s.p90.toFixed(1).padStart(6)}   (+${(s.p50 - (own ?? bare).p50).toFixed(1)} ms over bare Node at p50)`);
    }
    const overhead = measured && bare ? measured.p50 - bare.p50 : NaN;
    console.log(`hook overhead at the median, editor answering: ${overhead.toFixed(1)} ms (target ≤ 20 ms): ${overhead <= 20 ? 'met' : 'MISSED'}`);
    // The targets without an editor, as ratios of the same run: Airlock against the peer hook on each Node and
    // decision, a deny against an allow, and Node 24's calls against bare Node. The same ratios for calls decided in
    // their own process (no server) are printed beside them, for the record.
    const targets: Record<string, number> = {};
    const record: Record<string, number> = {};
    for (const [version] of nodes) {
      for (const [decision, command] of decisions) {
        const theirs = stats[`${version} peer ${peer.name} ${peer.version}: Bash ${decision}: ${command}`];
        const ours = stats[`${version} Bash ${decision}: ${command}, no editor`];
        const cold = stats[`${version} Bash ${decision}: ${command}, no editor, no server`];
        if (ours && theirs) targets[`${version} ${decision}: Airlock / peer`] = ours.p50 / theirs.p50;
        if (cold && theirs) record[`${version} ${decision}, no server: Airlock / peer`] = cold.p50 / theirs.p50;
      }
      const deny = stats[`${version} Bash deny: rm -rf ~, no editor`];
      const allow = stats[`${version} Bash allow: git status && npm test, no editor`];
      const again = stats[`${version} Bash allow again: git status && npm test, no editor`];
      if (deny && allow && again) {
        // "No slower" within this run's noise: the ratio of the same call measured twice.
        const noise = Math.abs(again.p50 / allow.p50 - 1);
        record[`${version} allow again / allow (noise)`] = again.p50 / allow.p50;
        targets[`${version} deny / allow, less the noise`] = deny.p50 / allow.p50 - noise;
      }
      const coldDeny = stats[`${version} Bash deny: rm -rf ~, no editor, no server`];
      const coldAllow = stats[`${version} Bash allow: git status && npm test, no editor, no server`];
      if (coldDeny && coldAllow) record[`${version} deny / allow, no server`] = coldDeny.p50 / coldAllow.p50;
      const cached = stats[`${version} Bash allow: git status && npm test, no editor, no server`];
      const uncached = stats[`${version} Bash allow: git status && npm test, no editor, no server, no code cache`];
      if (cached && uncached) record[`${version} no server: with the code cache / without`] = cached.p50 / uncached.p50;
    }
    if (bare) {
      for (const what of ['Read allow', ...decisions.map(([d, c]) => `Bash ${d}: ${c}`)]) {
        const s = stats[`${process.version} ${what}, no editor`];
        if (s) targets[`${process.version} ${what.split(':')[0]}, no editor: ms over bare Node`] = s.p50 - bare.p50;
      }
    }
    for (const [name, value] of Object.entries(targets)) {
      const ok = name.endsWith('bare Node') ? value <= 20 : value <= 1;
      console.log(`  ${name.padEnd(58)} ${value.toFixed(2).padStart(7)}  ${ok ? 'met' : 'MISSED'}`);
    }
    for (const [name, value] of Object.entries(record)) console.log(`  ${name.padEnd(58)} ${value.toFixed(2).padStart(7)}`);
    writeResult('hook', { runs, warmup, stats, overheadP50: overhead, targetP50: 20, targets, record });
  } finally {
    await closeBridge?.();
    for (const dir of [...servedHomes, join(base, 'airlock-editor')]) stopHookServer(dir);
    rmSync(base, { recursive: true, force: true });
  }
}

void main();
