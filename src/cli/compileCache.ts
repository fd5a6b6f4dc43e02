import * as fs from 'node:fs';
import * as module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { airlockHomeFor } from '../core/airlockHome';

/**
 * Lets Node keep the compiled code of Airlock's bundles between runs (`module.enableCompileCache`, Node ≥ 22.1),
 * so a command an agent's hook runs does not compile the bundle again each time. The cache lives in the user's
 * own Airlock folder (`<airlockHome>/cache/node`, mode 0700), never in a shared temporary folder another user
 * could write compiled code into. Does nothing on older Node, when NODE_DISABLE_COMPILE_CACHE is set, or when
 * the folder cannot be made: the cache only saves time.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  const enable = (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function' || env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    const dir = path.join(airlockHomeFor(env, os.homedir()), 'cache', 'node');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) return;
    enable(dir);
  } catch {
    // no cache: every run compiles, as without one
  }
}
