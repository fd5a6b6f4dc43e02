import * as os from 'node:os';
import * as path from 'node:path';
import type * as V8 from 'node:v8';
import { airlockPathsFor, type AirlockPaths } from '../core/airlockPaths';
import { askEditor, runHook, type HookDeps } from './commands/hook';
import { requireWithCodeCache, type CachedBundle } from './codeCache';
import { guarded, processIo } from './io';

/**
 * `dist/hookLocal.js`: a hook call decided in its own process, which dist/hook.js loads when no hook server
 * answers. It holds the agents' formats and the editor bridge client, so that asking a running editor costs little;
 * the policy engine (airlock.js beside it) is loaded only when no editor answers, with a V8 code cache of its
 * compiled code kept between runs (codeCache.ts). Node's own compile cache keeps only what a module compiles as it
 * loads; this one is made after the decision, so it also holds the shell guard and the grammar's glue, compiled on
 * first use (measured in docs/benchmarks.md), and works on Node 20, which has no compile cache.
 */
type EngineBundle = typeof import('./main');

export interface LocalCall {
  readonly argv: readonly string[];
  /** The payload as read (undefined: larger than the hook takes). */
  readonly input: string | undefined;
  readonly deadline: number | undefined;
  /** Runs once the answer is written, before the process exits. */
  readonly afterAnswer?: () => void;
}

/** Decides the call in this process and sets its exit code. */
export async function decideHere(call: LocalCall): Promise<void> {
  const io = processIo(async (limit) => (call.input !== undefined && Buffer.byteLength(call.input) <= limit ? call.input : undefined));
  process.exitCode = await guarded(io, () =>
    runHook([...call.argv], io, localDeps(io.airlock), {
      ...(call.deadline !== undefined ? { deadline: call.deadline } : {}),
      ...(call.afterAnswer ? { afterAnswer: call.afterAnswer } : {}),
    }),
  );
}

/** The engine of this process: loaded with its code cache only when no editor answers. */
function localDeps(airlock: AirlockPaths | undefined): HookDeps {
  let bundle: CachedBundle<EngineBundle> | undefined;
  const engine = (): HookDeps => {
    if (!bundle) {
      // Before compiling: V8 checks a code cache against the flags in force, so they must be the same when the cache
      // is made (after the work) as when it is read (see engineDeps for why the grammar is compiled this way).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built-in module, loaded on first use
      (require('node:v8') as typeof V8).setFlagsFromString('--liftoff-only');
      // The code cache needs no HOME: without one, it is kept under the home folder the system names.
      bundle = requireWithCodeCache<EngineBundle>(path.join(__dirname, 'airlock.js'), airlock ?? airlockPathsFor(process.env, os.homedir()));
    }
    return bundle.exports.engineDeps();
  };
  /** Runs one step of the engine, then keeps its compiled code for the next process when it ran code the cache lacks. */
  async function step<T>(work: readonly string[], run: (deps: HookDeps) => Promise<T>): Promise<T> {
    const result = await run(engine());
    bundle?.save(work);
    return result;
  }
  return {
    decideAlone: (request, roots, flags, io, tell) => step(request.actions.map((a) => a.kind), (d) => d.decideAlone(request, roots, flags, io, tell)),
    bridge: askEditor,
    judgeOutput: (roots, flags, io) =>
      step(['result'], async (d) => {
        if (!d.judgeOutput) throw new Error('the policy engine cannot judge results');
        return d.judgeOutput(roots, flags, io);
      }),
    recordResult: (request, roots, verdict, findings, told, io) => step(['result'], async (d) => d.recordResult?.(request, roots, verdict, findings, told, io)),
  };
}
