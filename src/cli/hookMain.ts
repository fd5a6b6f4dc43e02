import * as fs from 'node:fs';
import * as path from 'node:path';
import { airlockPathsOfEnv } from '../core/airlockPaths';
import { hookTimeoutMs, maxPayloadBytes, parseHookArgs } from './commands/hookArgs';
import { askHookServer, serverEnabled, startHookServer, type ServerOutcome } from './hookServerClient';
import { readAll, readStdinFd } from './stdinFd';

/**
 * `dist/hook.js <agent>`: the command agents' hook entries run. It reads the payload, then hands the whole call to
 * the hook server when one runs for this build (hookServerClient.ts), which answers from an engine already loaded
 * and compiled. Otherwise the call is decided in this process (dist/hookLocal.js, loaded only then), and a server
 * is started after the answer, for the next call. This file holds nothing else, so that a call the server answers
 * costs little more than starting Node.
 *
 * `dist/hook.js --server` is that server.
 */
type EngineBundle = typeof import('./main');
type Local = typeof import('./hookLocal');
const engineFile = path.join(__dirname, 'airlock.js');
const argv = process.argv.slice(2);

if (argv[0] === '--server') void serve();
else void main();

async function main(): Promise<void> {
  const started = Date.now();
  const env = process.env;
  // As the hook itself needs: Airlock's folder only with HOME an absolute path.
  const airlock = env.HOME && path.isAbsolute(env.HOME) ? airlockPathsOfEnv(env) : undefined;
  // The payload is read straight from file descriptor 0 (see readStdinFd); the stdin stream only as a fallback.
  const input = await readStdinFd(maxPayloadBytes, () => readAll(process.stdin, maxPayloadBytes));
  const args = parseHookArgs(argv);
  const deadline = args.agent !== undefined ? started + hookTimeoutMs({ ...args, agent: args.agent }) : undefined;

  const asked = airlock && input !== undefined && deadline !== undefined && !args.help && serverEnabled(env);
  const served = asked ? await askHookServer(airlock, engineFile, { argv, cwd: process.cwd(), env, input, deadline }) : undefined;
  if (served?.kind === 'answered') {
    if (env.AIRLOCK_HOOK_TRACE) process.stderr.write(`airlock: answered by the hook server (pid ${served.pid})\n`);
    return answer(served.answer.stdout, served.answer.stderr, served.answer.exitCode);
  }
  const outcome: Exclude<ServerOutcome, { kind: 'answered' }> | undefined = served;
  if (env.AIRLOCK_HOOK_TRACE) process.stderr.write(`airlock: decided in the hook process${outcome ? ` (${outcome.reason})` : ''}\n`);
  const afterAnswer = outcome?.kind === 'absent' && airlock ? () => void startHookServer(airlock, __filename, env) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, loaded when this process decides
  const local = require(path.join(__dirname, 'hookLocal.js')) as Local;
  await local.decideHere({ argv, input, deadline, ...(afterAnswer ? { afterAnswer } : {}) });
}

/**
 * Writes an answer the server gave and exits: nothing else is left to do. Written straight to file descriptors 2
 * and 1 (making Node's stream for a pipe costs more than the write); a descriptor that would block takes the rest
 * through its stream.
 */
function answer(stdout: string, stderr: string, code: number): void {
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

/** The hook server: the engine loaded once, serving calls until it is idle (see hookServer.ts). */
async function serve(): Promise<void> {
  const airlock = airlockPathsOfEnv(process.env);
  if (!airlock) process.exit(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the engine bundle beside this file
  const engine = require(engineFile) as EngineBundle;
  await engine.serveHooks({ airlock, bundle: engineFile, env: process.env, exit: (code) => process.exit(code) });
}
