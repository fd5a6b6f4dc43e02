import * as path from 'node:path';
import type { AirlockPaths } from '../core/airlockPaths';
import { createNodeEngine } from '../core/engine/create';
import type { Engine, LoadedPolicy } from '../core/engine/engine';
import { loadPolicies } from '../core/guard/policies';
import { FileGlobCache, globCacheFile } from '../core/paths/globCache';
import { privateCacheDir } from '../core/privateDir';
import type { Resolver } from '../core/network/resolve';
import { formatPolicyError } from '../core/policy/parse';
import { presets, type Preset } from '../core/policy/types';
import { UsageError, type CliIo } from './io';

/** The flags every deciding command shares: `--workspace DIR…`, `--policy FILE`, `--preset NAME`. */
export interface EngineFlags {
  readonly workspace?: readonly string[];
  readonly policy?: string;
  readonly preset?: string;
}

export interface CliEngine {
  readonly engine: Engine;
  readonly roots: readonly string[];
  readonly home: string;
  readonly airlock: AirlockPaths;
  /** The policy files in force: the user's, then each workspace folder's. */
  readonly policies: readonly LoadedPolicy[];
  /** The compiled globs kept between processes, when asked for: save it once the decisions are made. */
  readonly globCache?: FileGlobCache;
}

/**
 * Builds the engine a CLI command decides with: the user and workspace policies, the real filesystem, DNS and
 * the shell parser. A bad flag or an unusable policy is a usage error (exit 2) naming the file and the field.
 */
export async function setupEngine(values: EngineFlags, io: CliIo, extra: { readonly resolver?: Resolver; readonly cacheGlobs?: boolean } = {}): Promise<CliEngine> {
  const home = io.env.HOME;
  const airlock = io.airlock;
  // (With HOME absolute, Airlock's folder is known too.)
  if (!home || !path.isAbsolute(home) || !airlock) throw new UsageError('HOME must be set to an absolute path');
  if (!values.workspace || values.workspace.length === 0) throw new UsageError('--workspace DIR is required');
  const roots = values.workspace.map((w) => path.resolve(io.cwd, w));
  if (values.preset !== undefined && !presets.includes(values.preset as Preset)) {
    throw new UsageError(`--preset must be one of ${presets.join(', ')}`);
  }
  const platform = process.platform === 'win32' ? 'win32' : 'posix';
  // The CLI has no notion of workspace trust; workspace rules can only tighten, so applying them is safe.
  const loaded = loadPolicies({
    home,
    platform,
    airlockHome: airlock.root,
    roots,
    trusted: true,
    ...(values.policy !== undefined ? { userFile: path.resolve(io.cwd, values.policy) } : {}),
  });
  if (!loaded.ok) throw new UsageError(`policy error: ${formatPolicyError(loaded.error)}`);
  const { user, workspace: workspacePolicies } = loaded.value;
  // A hook decides once and exits: the compiled globs of the rules are kept for the next one.
  const cacheDir = extra.cacheGlobs ? privateCacheDir(airlock.cache('globs')) : undefined;
  const globCache = cacheDir !== undefined ? globCacheIn(cacheDir) : undefined;
  const engine = await createNodeEngine({
    roots,
    home,
    airlockHome: airlock.root,
    ...(values.preset ? { preset: values.preset as Preset } : {}),
    ...(user ? { userPolicy: user } : {}),
    workspacePolicies,
    workspaceTrusted: true,
    env: { HOME: home, ...(io.env.USER ? { USER: io.env.USER } : {}) },
    ...(io.forOtherProcess ? { processEnv: io.env } : {}),
    ...(extra.resolver ? { resolver: extra.resolver } : {}),
    ...(globCache ? { globCache } : {}),
  });
  return { engine, roots, home, airlock, policies: [...(user ? [user] : []), ...workspacePolicies], ...(globCache ? { globCache } : {}) };
}

/**
 * One glob cache per file for the life of the process: a hook process reads it once, and the hook server, which
 * decides call after call, keeps it in memory instead of reading the file again for each.
 */
const globCaches = new Map<string, FileGlobCache>();

function globCacheIn(cacheDir: string): FileGlobCache {
  const file = globCacheFile(cacheDir);
  let cache = globCaches.get(file);
  if (!cache) {
    cache = new FileGlobCache(file);
    globCaches.set(file, cache);
  }
  return cache;
}
