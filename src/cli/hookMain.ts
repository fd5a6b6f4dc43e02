import * as path from 'node:path';
import * as v8 from 'node:v8';
import { askEditor, readAll, runHook, type HookDeps } from './commands/hook';
import { requireWithCodeCache, type CachedBundle } from './codeCache';
import { enableCompileCache } from './compileCache';
import type { CliIo } from './io';
import { readStdinFd } from './stdinFd';

/**
 * `dist/hook.js <agent>`: the command agents' hook entries run. It holds only the agents' formats and the editor
 * bridge client, so asking a running editor costs little more than starting Node; the policy engine (in airlock.js
 * beside it) is loaded only when no editor answers, with its compiled code cached between runs: by Node's compile
 * cache where Node has one (22.1 and later), else by a V8 code cache of its own.
 */
type EngineBundle = { engineDeps(): HookDeps };
let bundle: CachedBundle<EngineBundle> | undefined;

function engine(): HookDeps {
  if (!bundle) {
    const file = path.join(__dirname, 'airlock.js');
    // Before compiling: V8 checks a code cache against the flags in force, so they must be the same when the cache
    // is made (after the work) as when it is read (see engineDeps for why the grammar is compiled this way).
    v8.setFlagsFromString('--liftoff-only');
    if (enableCompileCache()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time, and only when needed
      bundle = { exports: require(file) as EngineBundle, save: () => undefined };
    } else {
      bundle = requireWithCodeCache<EngineBundle>(file);
    }
  }
  return bundle.exports.engineDeps();
}

/** Runs one step of the engine, then keeps its compiled code for the next process (when that is still to do). */
async function step<T>(run: (deps: HookDeps) => Promise<T>): Promise<T> {
  const result = await run(engine());
  bundle?.save();
  return result;
}

const deps: HookDeps = {
  decideAlone: (request, roots, flags, io, tell) => step((d) => d.decideAlone(request, roots, flags, io, tell)),
  bridge: askEditor,
  judgeOutput: (roots, flags, io) =>
    step(async (d) => {
      if (!d.judgeOutput) throw new Error('the policy engine cannot judge results');
      return d.judgeOutput(roots, flags, io);
    }),
  recordResult: (request, roots, verdict, findings, told, io) => step(async (d) => d.recordResult?.(request, roots, verdict, findings, told, io)),
};

const io: CliIo = {
  // Made only if read: the payload is read straight from file descriptor 0 (see readStdinFd).
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  readInput: (limit) => readStdinFd(limit, () => readAll(process.stdin, limit)),
};

void runHook(process.argv.slice(2), io, deps).then((code) => {
  process.exitCode = code;
});
