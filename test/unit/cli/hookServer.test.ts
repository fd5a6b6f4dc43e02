// The hook server: dist/hook.js hands each call to a process of the user's that keeps the engine loaded. These tests
// run real hook processes and real servers (real sockets, real files) in throwaway folders: the server answers
// exactly what the hook process would, reads the policy afresh, is never asked when it runs another build or its
// files are not the user's alone, is replaced when it dies, fails closed when it hangs, and goes away when idle.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { airlockPathsIn } from '../../../src/core/airlockPaths';
import type { TrailRecord } from '../../../src/core/audit/record';
import { openTrail, readTrail } from '../../../src/core/audit/trail';
import { exchange } from '../../../src/core/bridge/client';
import { processIsAlive } from '../../../src/core/host';

const dist = join(__dirname, '../../../../dist');
let base = '';
const started = new Set<number>();

before(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-hook-server-')));
});
after(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  rmSync(base, { recursive: true, force: true });
});

interface World {
  readonly home: string;
  readonly ws: string;
  readonly hookJs: string;
  readonly discovery: string;
  readonly env: Record<string, string>;
}

/** A home, a workspace with a git repository, and (with `ownDist`) a copy of the hook's bundles that a test may change. */
function world(name: string, env: Record<string, string> = {}, ownDist = false): World {
  const dir = join(base, name);
  const home = join(dir, 'home');
  const ws = join(dir, 'ws');
  mkdirSync(home, { recursive: true });
  mkdirSync(join(ws, 'src'), { recursive: true });
  writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
  let hookJs = join(dist, 'hook.js');
  if (ownDist) {
    const copy = join(dir, 'dist');
    mkdirSync(copy);
    for (const f of readdirSync(dist)) if (/\.(js|wasm)$/.test(f)) copyFileSync(join(dist, f), join(copy, f));
    hookJs = join(copy, 'hook.js');
  }
  return { home, ws, hookJs, discovery: airlockPathsIn(join(home, '.airlock')).hookServer, env: { PATH: process.env.PATH ?? '', HOME: home, CLAUDE_PROJECT_DIR: ws, AIRLOCK_HOOK_TRACE: '1', ...env } };
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  /** stderr without the trace line. */
  readonly stderr: string;
  /** The trace line: who answered. */
  readonly by: string;
  readonly ms: number;
}

function hook(w: World, payload: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [w.hookJs, 'claude', ...args], { env: { ...w.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      const lines = stderr.split('\n');
      const by = lines.find((l) => /^airlock: (answered by|decided in)/.test(l)) ?? '';
      resolve({ code, stdout, stderr: lines.filter((l) => l !== by).join('\n'), by, ms: Date.now() - t0 });
    });
    child.stdin.end(payload);
  });
}

const served = (r: Run): boolean => r.by.startsWith('airlock: answered by the hook server');

const claude = (w: World, tool: string, input: Record<string, unknown>, event = 'PreToolUse', extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ session_id: 's', transcript_path: join(w.home, 't.jsonl'), cwd: w.ws, permission_mode: 'default', hook_event_name: event, tool_name: tool, tool_input: input, ...extra });

const bash = (w: World, command: string): string => claude(w, 'Bash', { command });

const decision = (stdout: string): string | undefined =>
  stdout.trim() === '' ? undefined : (JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } }).hookSpecificOutput?.permissionDecision;

async function until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The running server's pid, once it has announced itself. */
async function serverOf(w: World, other?: number): Promise<number> {
  const pid = await until('the hook server', () => {
    try {
      const p = (JSON.parse(readFileSync(w.discovery, 'utf8')) as { pid: number }).pid;
      return p !== other && processIsAlive(p) ? p : undefined;
    } catch {
      return undefined;
    }
  });
  started.add(pid);
  return pid;
}

/** Starts a server in `w` with a first call (decided in its own process) and returns its pid. */
async function warm(w: World): Promise<number> {
  const first = await hook(w, bash(w, 'git status'));
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.by, /decided in the hook process \(no hook server runs\)/);
  return serverOf(w);
}

describe('the hook server', () => {
  test('answers every kind of call exactly as the hook process does, and records the same', async () => {
    const w = world('same');
    const key = ['AKIA', 'Q3EG', 'RIT6', 'MZXW', 'BN4P'].join('');
    const calls: readonly (readonly [string, string, readonly string[]])[] = [
      ['allow', bash(w, 'git status && npm test'), []],
      ['deny', bash(w, 'rm -rf ~'), []],
      ['ask', bash(w, 'rm -rf src/*'), []],
      ['read', claude(w, 'Read', { file_path: join(w.ws, 'src', 'a.ts') }), []],
      ['write outside', claude(w, 'Write', { file_path: join(w.home, '.bashrc'), content: 'x' }), []],
      ['edit inside', claude(w, 'Edit', { file_path: join(w.ws, 'src', 'a.ts'), old_string: '1', new_string: '2' }), []],
      ['metadata fetch', claude(w, 'WebFetch', { url: 'http://169.254.169.254/latest/meta-data/', prompt: 'p' }), []],
      ['unknown tool', claude(w, 'FrobnicateEverything', { x: 1 }), []],
      ['not JSON', 'not json {', []],
      ['bad flag', bash(w, 'ls'), ['--timeout-ms', 'soon']],
      ['a result with a key', claude(w, 'Bash', { command: 'env' }, 'PostToolUse', { tool_response: { stdout: `AWS_ACCESS_KEY_ID=${key}\n`, stderr: '', interrupted: false, isImage: false } }), []],
    ];
    const alone: Run[] = [];
    for (const [, payload, args] of calls) alone.push(await hook(w, payload, args, { AIRLOCK_HOOK_SERVER: 'off' }));
    const trailAlone = await trailRecords(w);
    await warm(w);
    const before = await trailRecords(w);
    for (const [i, [name, payload, args]] of calls.entries()) {
      const r = await hook(w, payload, args);
      const a = alone[i];
      assert.ok(a);
      assert.ok(served(r), `${name}: ${r.by}`);
      assert.equal(r.code, a.code, name);
      assert.equal(r.stdout, a.stdout, name);
      assert.equal(r.stderr, a.stderr, name);
    }
    // The same records, in the same order, for the calls both made (the warm-up's own record aside).
    const strip = (records: readonly object[]) =>
      records.map((r) => r as { verdict?: { rule?: string; decision?: string }; told?: string; action?: { kind?: string } }).map((r) => `${r.action?.kind} ${r.verdict?.decision} ${r.verdict?.rule} ${r.told}`);
    assert.ok(trailAlone.length >= 6, `the calls were recorded (${trailAlone.length})`);
    const after = await trailRecords(w);
    assert.deepEqual(strip(after.slice(before.length)), strip(trailAlone));
    assert.ok(!JSON.stringify(after).includes(key), 'the key is nowhere in the trail');
  });

  test('reads the policy afresh on every call', async () => {
    const w = world('policy');
    await warm(w);
    const policy = join(w.ws, '.airlock', 'policy.json');
    mkdirSync(join(w.ws, '.airlock'));
    writeFileSync(policy, JSON.stringify({ rules: [{ id: 'no-npm-test', commands: ['npm test'], decision: 'deny' }] }));
    const denied = await hook(w, bash(w, 'git status && npm test'));
    assert.ok(served(denied), denied.by);
    assert.equal(decision(denied.stdout), 'deny');
    assert.match(denied.stdout, /no-npm-test/);
    rmSync(policy);
    const allowed = await hook(w, bash(w, 'git status && npm test'));
    assert.ok(served(allowed), allowed.by);
    assert.equal(allowed.code, 0);
    assert.equal(decision(allowed.stdout), undefined);
  });

  test('is not asked once its bundle is replaced; it stops, and the next call starts a server for the new one', async () => {
    const w = world('update', {}, true);
    const old = await warm(w);
    appendFileSync(join(w.hookJs, '..', 'airlock.js'), '\n// a new build\n');
    const r = await hook(w, bash(w, 'rm -rf ~'));
    assert.match(r.by, /decided in the hook process \(the hook server runs another build\)/);
    assert.equal(decision(r.stdout), 'deny');
    const fresh = await serverOf(w, old);
    assert.notEqual(fresh, old);
    await until('the old server to stop', () => !processIsAlive(old));
    const next = await hook(w, bash(w, 'git status'));
    assert.ok(served(next), next.by);
    assert.match(next.by, new RegExp(`pid ${fresh}\\)`));
  });

  test('is not asked when its announcement is not the user\'s alone', async () => {
    const w = world('loose');
    await warm(w);
    chmodSync(w.discovery, 0o644);
    const r = await hook(w, bash(w, 'rm -rf ~'));
    assert.match(r.by, /decided in the hook process \(the hook server is not safe to use: .*accessible to other users/);
    assert.equal(decision(r.stdout), 'deny');
    chmodSync(w.discovery, 0o600);
    assert.ok(served(await hook(w, bash(w, 'git status'))));
  });

  test('a killed server is replaced: the call is decided in its own process, and a new server starts', async () => {
    const w = world('killed');
    const pid = await warm(w);
    process.kill(pid, 'SIGKILL');
    await until('the server to die', () => !processIsAlive(pid));
    const r = await hook(w, bash(w, 'rm -rf ~'));
    assert.match(r.by, /decided in the hook process \(the hook server is gone\)/);
    assert.equal(decision(r.stdout), 'deny');
    const fresh = await serverOf(w, pid);
    assert.ok(served(await hook(w, bash(w, 'git status'))), `served by ${fresh}`);
  });

  test('a server that stops answering cannot hold the call past its deadline: the hook still answers, in time', async () => {
    const w = world('stopped');
    const pid = await warm(w);
    process.kill(pid, 'SIGSTOP');
    try {
      const r = await hook(w, bash(w, 'rm -rf ~'), ['--timeout-ms', '1500']);
      assert.match(r.by, /decided in the hook process \(the hook server did not answer within/);
      assert.equal(r.code, 2);
      assert.equal(decision(r.stdout), 'deny');
      // Claude Code's own timeout would come 2 s after the hook's.
      assert.ok(r.ms < 3_500, `answered after ${r.ms} ms`);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  test('serves calls that arrive together', async () => {
    const w = world('together');
    await warm(w);
    const runs = await Promise.all(Array.from({ length: 12 }, (_, i) => hook(w, bash(w, i % 2 === 0 ? 'git status' : 'rm -rf ~'))));
    for (const [i, r] of runs.entries()) {
      assert.ok(served(r), r.by);
      assert.equal(decision(r.stdout), i % 2 === 0 ? undefined : 'deny');
    }
  });

  test('goes away after AIRLOCK_HOOK_SERVER_IDLE_MS without calls, and takes its announcement with it', async () => {
    const w = world('idle', { AIRLOCK_HOOK_SERVER_IDLE_MS: '400' });
    const pid = await warm(w);
    await until('the idle server to exit', () => !processIsAlive(pid));
    assert.equal(existsSync(w.discovery), false);
  });

  test('AIRLOCK_HOOK_SERVER=off: no server is asked or started', async () => {
    const w = world('off', { AIRLOCK_HOOK_SERVER: 'off' });
    const r = await hook(w, bash(w, 'rm -rf ~'));
    assert.equal(r.by, 'airlock: decided in the hook process');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(existsSync(w.discovery), false);
    assert.equal(existsSync(airlockPathsIn(join(w.home, '.airlock')).hookServerStarting), false);
  });

  test('`airlock hooks status` names the server that runs, says when none does, and when it is off', async () => {
    const w = world('status');
    const cli = join(dist, 'cli.js');
    const status = (env: Record<string, string> = {}) => spawnSync(process.execPath, [cli, 'hooks', 'status'], { encoding: 'utf8', env: { ...w.env, ...env } }).stdout;
    assert.match(status(), /^hook server: none runs; the next hook call starts one$/m);
    const pid = await warm(w);
    assert.match(status(), new RegExp(`^hook server: pid ${pid}, Node v\\d+\\.\\d+\\.\\d+ since \\d{4}-`, 'm'));
    assert.match(status({ AIRLOCK_HOOK_SERVER: 'off' }), /^hook server: off \(AIRLOCK_HOOK_SERVER=off\); every hook call decides in its own process$/m);
  });

  test('`airlock snapshot` is run by the server when one runs (never starting one), with the same result', async () => {
    const w = world('snapshot');
    const cli = join(dist, 'cli.js');
    const snapshot = () => spawnSync(process.execPath, [cli, 'snapshot', '--workspace', w.ws, '--json'], { cwd: w.ws, encoding: 'utf8', env: w.env });
    const alone = snapshot();
    assert.equal(alone.status, 0, alone.stderr);
    assert.match(alone.stderr, /run in this process \(no hook server runs\)/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(existsSync(w.discovery), false, 'airlock snapshot started no server');
    await warm(w);
    writeFileSync(join(w.ws, 'src', 'b.ts'), 'export const b = 2;\n');
    const served = snapshot();
    assert.equal(served.status, 0, served.stderr);
    assert.match(served.stderr, /answered by the hook server/);
    const first = JSON.parse(alone.stdout) as { id: string; files: number };
    const second = JSON.parse(served.stdout) as { id: string; files: number; kind?: string };
    assert.equal(second.files, first.files + 1, served.stdout);
    // The checkpoint is in the store, as any other: listed by a command run in its own process.
    const listed = spawnSync(process.execPath, [cli, 'snapshots', '--workspace', w.ws, '--json'], { cwd: w.ws, encoding: 'utf8', env: w.env });
    assert.equal(listed.status, 0, listed.stderr);
    assert.ok(listed.stdout.includes(second.id), listed.stdout);
    const help = spawnSync(process.execPath, [cli, 'snapshot', '--bogus'], { encoding: 'utf8', env: w.env });
    assert.equal(help.status, 2);
    assert.match(help.stderr, /answered by the hook server[\s\S]*airlock: .*bogus/);
  });

  test('refuses a caller without its token, and a call for another Airlock folder', async () => {
    const w = world('refuse');
    await warm(w);
    const endpoint = JSON.parse(readFileSync(w.discovery, 'utf8')) as { socket: string; token: string };
    const call = { id: 'x', type: 'hook', argv: ['claude'], cwd: w.ws, input: bash(w, 'git status'), deadline: Date.now() + 5_000 };
    const wrong = await exchange(endpoint.socket, { ...call, token: 'f'.repeat(64), env: w.env }, 5_000, 1e6, 'test');
    assert.equal(wrong.kind, 'reply');
    assert.match(wrong.kind === 'reply' ? wrong.line : '', /"ok":false,"error":"not authenticated"/);
    const other = await exchange(endpoint.socket, { ...call, token: endpoint.token, env: { ...w.env, AIRLOCK_HOME: join(base, 'elsewhere') } }, 5_000, 1e6, 'test');
    assert.match(other.kind === 'reply' ? other.line : '', /"ok":false,"error":"the hook failed: the call is for another Airlock folder"/);
  });
});

/** The workspace's trail records, read as Airlock reads them (the hash chain checked). */
async function trailRecords(w: World): Promise<readonly TrailRecord[]> {
  const contents = await readTrail(openTrail({ airlockHome: join(w.home, '.airlock'), workspace: w.ws }));
  assert.equal(contents.verification.ok, true, 'the trail is whole');
  return contents.records;
}
