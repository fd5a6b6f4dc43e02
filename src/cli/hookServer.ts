import * as fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { airlockPathsOfEnv, type AirlockPaths } from '../core/airlockPaths';
import { readEndpoint } from '../core/bridge/discovery';
import { maxHookRunBytes, type HookRunAnswer, type HookRunRequest } from '../core/bridge/protocol';
import { startBridgeServer } from '../core/bridge/server';
import { processIsAlive, thisProcess } from '../core/host';
import { runHook } from './commands/hook';
import { engineDeps } from './commands/hookEngine';
import { runSnapshot } from './commands/snapshot';
import { bundleIdentity, defaultIdleMs, hookServerProtocol, idleSetting } from './hookServerClient';
import { guarded, type CliIo } from './io';

export interface HookServerOptions {
  readonly airlock: AirlockPaths;
  /** The engine bundle this server runs (dist/airlock.js): when it changes, the server stops. */
  readonly bundle: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called once the server has stopped (the process then exits). */
  readonly exit: (code: number) => void;
}

/** Hook calls served at once; more are refused, and decided in their own processes. */
const maxConcurrentCalls = 32;
/** How often the server checks that it is still the one announced and its bundle is unchanged. */
const checkEveryMs = 5_000;

/**
 * Serves hook calls, and `airlock snapshot` commands handed to it, until it has been idle for
 * `AIRLOCK_HOOK_SERVER_IDLE_MS` (15 minutes), another server takes its place, its bundle changes, or Airlock's folder
 * goes. Each call runs `airlock hook` (or `airlock snapshot`) exactly as its own process would (its arguments, folder,
 * environment and payload; the policy files read afresh), with the engine and the grammar already compiled.
 */
export async function serveHooks(options: HookServerOptions): Promise<void> {
  const { airlock } = options;
  const identity = bundleIdentity(options.bundle);
  const done = () => fs.rmSync(airlock.hookServerStarting, { force: true });
  if (identity === undefined || anotherServes(airlock, identity)) {
    done();
    return options.exit(0);
  }
  const idleMs = idleFrom(options.env);
  let lastCall = Date.now();
  let running = 0;
  let stopping = false;

  const runCall = async (request: HookRunRequest): Promise<HookRunAnswer> => {
    running++;
    lastCall = Date.now();
    try {
      if (bundleIdentity(options.bundle) !== identity) {
        void stop();
        throw new Error('the hook server runs a build that has since been replaced');
      }
      const env: NodeJS.ProcessEnv = { ...request.env };
      const callers = airlockPathsOfEnv(env);
      if (callers?.root !== airlock.root) throw new Error('the call is for another Airlock folder');
      const stdout = collector();
      const stderr = collector();
      const io: CliIo = {
        stdin: Readable.from([request.input]),
        stdout: stdout.stream,
        stderr: stderr.stream,
        env,
        cwd: request.cwd,
        airlock: callers,
        readInput: async (limit) => (Buffer.byteLength(request.input) > limit ? undefined : request.input),
        forOtherProcess: true,
      };
      const argv = [...request.argv];
      const exitCode = await guarded(io, () => (request.command === 'snapshot' ? runSnapshot(argv.slice(1), io) : runHook(argv, io, engineDeps, { deadline: request.deadline })));
      return { stdout: stdout.text(), stderr: stderr.text(), exitCode };
    } finally {
      running--;
      lastCall = Date.now();
    }
  };

  const started = await startBridgeServer({
    airlockHome: airlock.root,
    roots: [],
    runHook: runCall,
    announce: { files: [airlock.hookServer], extra: { kind: 'hook-server', protocol: hookServerProtocol, bundle: identity, node: process.version, started: Date.now() } },
    maxBytes: maxHookRunBytes,
    maxConcurrent: maxConcurrentCalls,
  });
  done();
  if (!started.ok) return options.exit(1);
  const server = started.value;

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(check);
    await server.close();
    options.exit(0);
  };
  const check = setInterval(() => {
    const idle = running === 0 && Date.now() - lastCall >= idleMs;
    const replaced = readEndpoint(airlock.root, airlock.hookServer);
    const stillOurs = replaced.ok && replaced.value?.socket === server.socket;
    if (idle || !stillOurs || bundleIdentity(options.bundle) !== identity) void stop();
  }, Math.min(checkEveryMs, idleMs));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => void stop());
}

/** Whether a live server for the same build is already announced (two starts raced): then this one is not needed. */
function anotherServes(airlock: AirlockPaths, identity: string): boolean {
  const found = readEndpoint(airlock.root, airlock.hookServer);
  return found.ok && found.value !== undefined && found.value.fields.bundle === identity && found.value.pid !== thisProcess.pid && processIsAlive(found.value.pid);
}

function idleFrom(env: NodeJS.ProcessEnv): number {
  const text = env[idleSetting];
  const ms = text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : defaultIdleMs;
  return Math.max(100, Math.min(ms, 24 * 60 * 60_000));
}

/** A writable that keeps what is written, as the hook process's stdout or stderr would have carried it. */
function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
