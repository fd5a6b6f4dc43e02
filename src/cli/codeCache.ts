import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { AirlockPaths } from '../core/airlockPaths';
import { writeFileAtomic } from '../core/atomicWrite';
import { privateCacheDir } from '../core/privateDir';

/** A bundle loaded with a V8 code cache: its exports, and `save` to write the cache once the work is done. */
export interface CachedBundle<T> {
  readonly exports: T;
  /**
   * Writes the code cache when there was none, V8 refused it, or `work` names something the cache was not made
   * after (say, the first command after only file reads): call after the bundle did that work. The new cache holds
   * what the old one held (read from it) and what this process compiled.
   */
  save(work: readonly string[]): void;
}

/**
 * Loads a CommonJS bundle as `require` would, with V8's code cache kept in the user's own cache folder
 * (`cache/code` in Airlock's folder, mode 0700), so that a hook process does not compile Airlock's engine on every
 * tool call. The cache is named by Node's version and the bundle's size and time, and V8 itself refuses data made for
 * other source or flags; a refused or missing cache only costs the compile. Without a usable folder (or with
 * NODE_DISABLE_COMPILE_CACHE set) the bundle is simply required.
 */
export function requireWithCodeCache<T>(file: string, airlock: AirlockPaths, env: NodeJS.ProcessEnv = process.env, variant = ''): CachedBundle<T> {
  const dir = env.NODE_DISABLE_COMPILE_CACHE ? undefined : privateCacheDir(airlock.cache('code'));
  if (dir === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle beside this one, loaded on demand
    return { exports: require(file) as T, save: () => undefined };
  }
  const source = fs.readFileSync(file, 'utf8');
  const st = fs.statSync(file);
  // Named by Node's version too: two Nodes that run the hook keep a cache each. A `variant` keeps apart the caches
  // of loaders that run V8 with other flags (the hook's differ from the airlock command's), which V8 would refuse.
  const mine = `${path.basename(file)}${variant ? `.${variant}` : ''}-${process.version}-${process.arch}-`;
  const cacheFile = path.join(dir, `${mine}${st.size}-${Math.trunc(st.mtimeMs)}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // (The bundle has no `import()`, which a script compiled from cached data could not run on Node 20: esbuild.js.)
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(file);
  mod.filename = file;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  let stale = cachedData === undefined || script.cachedDataRejected === true;
  const workFile = `${cacheFile}.work`;
  const cachedWork = new Set(stale ? [] : readWork(workFile));
  return {
    exports: mod.exports as T,
    save(work) {
      if (!stale && work.every((w) => cachedWork.has(w))) return;
      for (const w of work) cachedWork.add(w);
      try {
        // Made after the work, so it holds the functions that ran (compiled lazily), not only the top level.
        writeFileAtomic(cacheFile, script.createCachedData(), { mode: 0o600, durable: false });
        writeFileAtomic(workFile, JSON.stringify([...cachedWork].sort()), { mode: 0o600, durable: false });
        stale = false;
        // Caches of older builds of this bundle for this Node are dropped (another Node's are its own).
        for (const name of fs.readdirSync(dir)) {
          const current = name === path.basename(cacheFile) || name === path.basename(workFile);
          if (name.startsWith(mine) && !current) fs.rmSync(path.join(dir, name), { force: true });
        }
      } catch {
        // no cache: the next run compiles, as without one
      }
    },
  };
}

/** What the cache was made after: the kinds of work of the processes that wrote it. */
function readWork(file: string): string[] {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(data) ? data.filter((w): w is string => typeof w === 'string') : [];
  } catch {
    return [];
  }
}
