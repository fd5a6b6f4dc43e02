import * as os from 'node:os';
import * as path from 'node:path';
import { airlockPathsFor, hookAirlockPaths } from '../core/airlockPaths';
import { askHookServer, exitWithAnswer, serverEnabled } from './hookServerClient';
import { requireWithCodeCache } from './codeCache';
import { enableCompileCache } from './compileCache';

/*
 * `dist/cli.js`, the `airlock` command: loads the command bundle (`dist/airlock.js`) beside it with its compiled
 * code kept between runs. Node ≥ 22.1 keeps it in its compile cache; on older Node the bundle gets a V8 code cache
 * of its own (codeCache.ts), written after the command ran, so it also holds the functions the command compiled
 * as it went (the walk of a checkpoint, say), not only the bundle's top level. Required instead of run (by another
 * script), it hands over the bundle's exports.
 */
// The caches need no HOME: without one, they are kept under the home folder the system names.
const airlock = airlockPathsFor(process.env, os.homedir());
type Cli = Pick<typeof import('./main'), 'main' | 'workOf'>;

/** Loads a bundle beside this file with its compiled code kept between runs. */
function load(name: string): { exports: Cli; save: (work: readonly string[]) => void } {
  const file = path.join(__dirname, name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this file, loaded at run time
  return enableCompileCache(airlock) ? { exports: require(file) as Cli, save: () => undefined } : requireWithCodeCache<Cli>(file, airlock, process.env, 'cli');
}

/** Runs the command in this process, then keeps the bundle's compiled code for the next run. */
function runHere(bundle: ReturnType<typeof load>): void {
  void bundle.exports.main().then(() => {
    const work = bundle.exports.workOf(process.argv.slice(2));
    if (work !== undefined) bundle.save([work]);
  });
}

/**
 * `airlock snapshot`: handed to the hook server when one runs for this build (an agent's hook calls started it; the
 * command never starts one), which has the snapshot store's code compiled already; else run here from its own
 * bundle (snapshotMain.ts), which loads the snapshot store and nothing else of the CLI.
 */
async function snapshot(): Promise<void> {
  const env = process.env;
  const own = hookAirlockPaths(env);
  if (own && serverEnabled(env)) {
    const argv = process.argv.slice(2);
    // A checkpoint of a large workspace can take minutes: the server has an hour before this process runs it itself.
    const served = await askHookServer(own, path.join(__dirname, 'airlock.js'), { command: 'snapshot', argv, cwd: process.cwd(), env, input: '', deadline: Date.now() + 60 * 60_000 });
    if (env.AIRLOCK_HOOK_TRACE) process.stderr.write(served.kind === 'answered' ? `airlock: answered by the hook server (pid ${served.pid})\n` : `airlock: run in this process (${served.reason})\n`);
    if (served.kind === 'answered') return exitWithAnswer(served.answer);
  }
  runHere(load('snapshot.js'));
}

if (require.main === module && process.argv[2] === 'snapshot') {
  void snapshot();
} else {
  const bundle = load('airlock.js');
  // Required by another script instead of run, it hands over the bundle's exports.
  module.exports = bundle.exports;
  if (require.main === module) runHere(bundle);
}
