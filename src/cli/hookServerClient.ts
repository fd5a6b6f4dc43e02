import type * as ChildProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AirlockPaths } from '../core/airlockPaths';
import { exchange } from '../core/bridge/client';
import { ensureBridgeDir, readEndpoint } from '../core/bridge/discovery';
import { maxHookRunBytes, parseHookRunResponse, type HookRunAnswer } from '../core/bridge/protocol';
import { processIsAlive, thisProcess } from '../core/host';
import { errorMessage } from '../core/values';

/**
 * The hook server: a process of the user's that keeps the policy engine loaded and compiled, so that a hook call
 * costs little more than starting Node. `dist/hook.js` hands it the whole call (arguments, folder, environment,
 * payload) over the private bridge folder's socket and writes back what it answers; with none running, the call is
 * decided in its own process as before, and a server is started for the next one.
 */

/** Bumped when the request or the answer changes shape: a server speaking another version is not asked. */
export const hookServerProtocol = 1;
/** `AIRLOCK_HOOK_SERVER=off` (or 0, false, no): no server is asked or started; every call decides in its own process. */
export const serverSwitch = 'AIRLOCK_HOOK_SERVER';
/** How long the server waits for a call before it exits, in milliseconds (default 15 minutes). */
export const idleSetting = 'AIRLOCK_HOOK_SERVER_IDLE_MS';
export const defaultIdleMs = 15 * 60_000;
/** Payloads above this are decided in their own process (as JSON in JSON they could pass the request cap). */
export const maxServedInputBytes = 4 * 1024 * 1024;
/** Time kept back from the agent's deadline: the server answers this much before it, and we wait this long after. */
const answerMarginMs = 400;
/** A start that has not announced a server within this long has failed; the next call tries again. */
const startingStaleMs = 10_000;

export const serverEnabled = (env: NodeJS.ProcessEnv): boolean => !/^(off|0|false|no)$/i.test((env[serverSwitch] ?? '').trim());

/**
 * What identifies the engine a server runs: the protocol and the bundle file's size, time, inode and device. An
 * update that replaces the bundle makes every running server a stranger, and it is not asked again.
 */
export function bundleIdentity(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return `${hookServerProtocol}:${st.size}:${st.mtimeMs}:${st.ino}:${st.dev}`;
  } catch {
    return undefined;
  }
}

/** One call as its process sees it: a hook call, or an `airlock snapshot` command. */
export interface HookCall {
  readonly command?: 'hook' | 'snapshot';
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly input: string;
  /** When the agent's time for the answer ends (epoch ms). */
  readonly deadline: number;
}

export type ServerOutcome =
  | { readonly kind: 'answered'; readonly answer: HookRunAnswer; readonly pid: number }
  /** No server runs for this build: decide here, then start one. */
  | { readonly kind: 'absent'; readonly reason: string }
  /** A server runs but gave no answer (refused, failed, too slow), or its files are not safe: decide here. */
  | { readonly kind: 'failed'; readonly reason: string };

let calls = 0;

/** Hands the call to the running hook server. Never throws; an unusable server is never an answer. */
export async function askHookServer(airlock: AirlockPaths, bundle: string, call: HookCall): Promise<ServerOutcome> {
  try {
    if (Buffer.byteLength(call.input) > maxServedInputBytes) return { kind: 'failed', reason: 'the payload is decided in its own process' };
    const found = readEndpoint(airlock.root, airlock.hookServer);
    if (!found.ok) return { kind: 'failed', reason: `the hook server is not safe to use: ${found.error}` };
    const endpoint = found.value;
    if (!endpoint) return { kind: 'absent', reason: 'no hook server runs' };
    if (endpoint.fields.bundle !== bundleIdentity(bundle)) return { kind: 'absent', reason: 'the hook server runs another build' };
    if (!processIsAlive(endpoint.pid)) return { kind: 'absent', reason: 'the hook server is gone' };
    const id = `${thisProcess.pid.toString(36)}-${Date.now().toString(36)}-${(calls++).toString(36)}`;
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(call.env)) if (value !== undefined) env[name] = value;
    const request = { token: endpoint.token, id, type: 'hook', command: call.command ?? 'hook', argv: call.argv, cwd: call.cwd, env, input: call.input, deadline: call.deadline - answerMarginMs };
    const reply = await exchange(endpoint.socket, request, call.deadline - answerMarginMs / 2 - Date.now(), maxHookRunBytes, 'the hook server');
    if (reply.kind === 'unreachable') return { kind: 'absent', reason: reply.reason };
    if (reply.kind === 'failed') return reply;
    const parsed = parseHookRunResponse(JSON.parse(reply.line), id);
    if (!parsed.ok) return { kind: 'failed', reason: `the hook server's answer is unusable: ${parsed.error}` };
    if (!parsed.value.ok) return { kind: 'failed', reason: `the hook server refused: ${parsed.value.error}` };
    return { kind: 'answered', answer: parsed.value.answer, pid: endpoint.pid };
  } catch (e) {
    return { kind: 'failed', reason: `the hook server could not be asked: ${errorMessage(e)}` };
  }
}

/**
 * Starts a hook server in the background (`node dist/hook.js --server`), detached from this process and the
 * agent, unless another start is under way. Returns whether one was started. Never throws.
 */
export function startHookServer(airlock: AirlockPaths, hookScript: string, env: NodeJS.ProcessEnv): boolean {
  try {
    if (!ensureBridgeDir(airlock.root).ok) return false;
    if (!claimStart(airlock.hookServerStarting)) return false;
    // Loaded only here: a call answered by the server, or decided while one starts, never loads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
    const { spawn } = require('node:child_process') as typeof ChildProcess;
    const child = spawn(process.execPath, [hookScript, '--server'], {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
      // Not the agent's folder: a server must not keep a workspace's folder busy.
      cwd: path.parse(airlock.root).root,
      env,
    });
    child.on('error', () => fs.rmSync(airlock.hookServerStarting, { force: true }));
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Takes the "starting" marker (created exclusively); a marker left by a start that failed is taken over. */
function claimStart(marker: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.closeSync(fs.openSync(marker, 'wx', 0o600));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      try {
        if (Date.now() - fs.statSync(marker).mtimeMs < startingStaleMs) return false;
        fs.rmSync(marker, { force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}

/** One line on the hook server for `airlock hooks status`: on or off, and the one that runs, if any. */
export function describeHookServer(airlock: AirlockPaths, env: NodeJS.ProcessEnv): string {
  if (!serverEnabled(env)) return `hook server: off (${serverSwitch}=${env[serverSwitch] ?? ''}); every hook call decides in its own process`;
  const found = readEndpoint(airlock.root, airlock.hookServer);
  if (!found.ok) return `hook server: not used: ${found.error}`;
  const endpoint = found.value;
  if (!endpoint || !processIsAlive(endpoint.pid)) return 'hook server: none runs; the next hook call starts one';
  const since = typeof endpoint.fields.started === 'number' ? ` since ${new Date(endpoint.fields.started).toISOString()}` : '';
  const node = typeof endpoint.fields.node === 'string' ? `, Node ${endpoint.fields.node}` : '';
  return `hook server: pid ${endpoint.pid}${node}${since} (${serverSwitch}=off turns it off)`;
}

/**
 * Writes what the server answered, as the process would have, and exits: nothing else is left to do. Written
 * straight to file descriptors 2 and 1 (making Node's stream for a pipe costs more than the write); a descriptor
 * that would block takes the rest through its stream.
 */
export function exitWithAnswer({ stdout, stderr, exitCode: code }: HookRunAnswer): void {
  const rest = [writeDirect(2, stderr), writeDirect(1, stdout)];
  let pending = rest.filter((r) => r !== '').length;
  if (pending === 0) process.exit(code);
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  if (rest[0]) process.stderr.write(rest[0], done);
  if (rest[1]) process.stdout.write(rest[1], done);
}

/** Writes what it can without blocking; returns what is left (nothing when the reader is gone). */
function writeDirect(fd: number, text: string): Buffer | '' {
  let data = Buffer.from(text);
  try {
    while (data.length > 0) data = data.subarray(fs.writeSync(fd, data));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EAGAIN' ? data : '';
  }
  return '';
}
