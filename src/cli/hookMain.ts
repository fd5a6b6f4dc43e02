import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { airlockPathsFor } from '../core/airlockPaths';
import { askEditor, readAll, runHook, type HookDeps } from './commands/hook';
import { requireWithCodeCache, type CachedBundle } from './codeCache';
import { processIo } from './io';
import { readStdinFd } from './stdinFd';

// The payload is read straight from file descriptor 0 (see readStdinFd); the stdin stream only as a fallback.
const io = processIo((limit) => readStdinFd(limit, () => readAll(process.stdin, limit)));

/**
 * `dist/hook.js <agent>`: the command agents' hook entries run. It holds only the agents' formats and the editor
 * bridge client, so asking a running editor costs little more than starting Node; the policy engine (in airlock.js
 * beside it) is loaded only when no editor answers, with a V8 code cache of its compiled code kept between runs
 * (codeCache.ts). Node's own compile cache keeps only what a module compiles as it loads; this one is made after
 * the decision, so it also holds the shell guard and the grammar's glue, compiled on first use (measured in
 * docs/benchmarks.md), and works on Node 20, which has no compile cache.
 */
type EngineBundle = { engineDeps(): HookDeps };
let bundle: CachedBundle<EngineBundle> | undefined;

function engine(): HookDeps {
  if (!bundle) {
    // Before compiling: V8 checks a code cache against the flags in force, so they must be the same when the cache
    // is made (after the work) as when it is read (see engineDeps for why the grammar is compiled this way).
    v8.setFlagsFromString('--liftoff-only');
    // The code cache needs no HOME: without one, it is kept under the home folder the system names.
    bundle = requireWithCodeCache<EngineBundle>(path.join(__dirname, 'airlock.js'), io.airlock ?? airlockPathsFor(process.env, os.homedir()));
  }
  return bundle.exports.engineDeps();
}

/**
 * Runs one step of the engine, then keeps its compiled code for the next process when there was no cache yet or
 * this step ran code the cache does not hold (`work`: the kinds of what was decided).
 */
async function step<T>(work: readonly string[], run: (deps: HookDeps) => Promise<T>): Promise<T> {
  const result = await run(engine());
  bundle?.save(work);
  return result;
}

const deps: HookDeps = {
  decideAlone: (request, roots, flags, io, tell) => step(request.actions.map((a) => a.kind), (d) => d.decideAlone(request, roots, flags, io, tell)),
  bridge: askEditor,
  judgeOutput: (roots, flags, io) =>
    step(['result'], async (d) => {
      if (!d.judgeOutput) throw new Error('the policy engine cannot judge results');
      return d.judgeOutput(roots, flags, io);
    }),
  recordResult: (request, roots, verdict, findings, told, io) => step(['result'], async (d) => d.recordResult?.(request, roots, verdict, findings, told, io)),
};

void runHook(process.argv.slice(2), io, deps).then((code) => {
  process.exitCode = code;
});
