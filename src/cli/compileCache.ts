import * as module from 'node:module';
import type { AirlockPaths } from '../core/airlockPaths';
import { privateCacheDir } from '../core/privateDir';

/**
 * Lets Node keep the compiled code of Airlock's bundles between runs (`module.enableCompileCache`, Node ≥ 22.1),
 * so a command an agent's hook runs does not compile the bundle again each time. The cache lives in the user's
 * own Airlock folder (`cache/node`, mode 0700), never in a shared temporary folder another user could write
 * compiled code into. Does nothing on older Node, when NODE_DISABLE_COMPILE_CACHE is set, or when the folder
 * cannot be made: the cache only saves time. False when this Node has no compile cache at all.
 */
export function enableCompileCache(airlock: AirlockPaths, env: NodeJS.ProcessEnv = process.env): boolean {
  const enable = (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function') return false;
  if (env.NODE_DISABLE_COMPILE_CACHE) return true;
  const dir = privateCacheDir(airlock.cache('node'));
  if (dir === undefined) return true;
  try {
    enable(dir);
  } catch {
    // no cache: every run compiles, as without one
  }
  return true;
}
