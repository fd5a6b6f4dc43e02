import * as path from 'node:path';
import { airlockPathsOfEnv, hookAirlockPaths } from '../core/airlockPaths';
import { hookTimeoutMs, maxPayloadBytes, parseHookArgs } from './commands/hookArgs';
import { askHookServer, exitWithAnswer, serverEnabled, startHookServer, type ServerOutcome } from './hookServerClient';
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
  const airlock = hookAirlockPaths(env);
  // The payload is read straight from file descriptor 0 (see readStdinFd); the stdin stream only as a fallback.
  const input = await readStdinFd(maxPayloadBytes, () => readAll(process.stdin, maxPayloadBytes));
  const args = parseHookArgs(argv);
  const deadline = args.agent !== undefined ? started + hookTimeoutMs({ ...args, agent: args.agent }) : undefined;

  const asked = airlock && input !== undefined && deadline !== undefined && !args.help && serverEnabled(env);
  const served = asked ? await askHookServer(airlock, engineFile, { argv, cwd: process.cwd(), env, input, deadline }) : undefined;
  if (served?.kind === 'answered') {
    if (env.AIRLOCK_HOOK_TRACE) process.stderr.write(`airlock: answered by the hook server (pid ${served.pid})\n`);
    return exitWithAnswer(served.answer);
  }
  const outcome: Exclude<ServerOutcome, { kind: 'answered' }> | undefined = served;
  if (env.AIRLOCK_HOOK_TRACE) process.stderr.write(`airlock: decided in the hook process${outcome ? ` (${outcome.reason})` : ''}\n`);
  const afterAnswer = outcome?.kind === 'absent' && airlock ? () => void startHookServer(airlock, __filename, env) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, loaded when this process decides
  const local = require(path.join(__dirname, 'hookLocal.js')) as Local;
  await local.decideHere({ argv, input, deadline, ...(afterAnswer ? { afterAnswer } : {}) });
}

/** The hook server: the engine loaded once, serving calls until it is idle (see hookServer.ts). */
async function serve(): Promise<void> {
  const airlock = airlockPathsOfEnv(process.env);
  if (!airlock) process.exit(2);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the engine bundle beside this file
  const engine = require(engineFile) as EngineBundle;
  await engine.serveHooks({ airlock, bundle: engineFile, env: process.env, exit: (code) => process.exit(code) });
}
