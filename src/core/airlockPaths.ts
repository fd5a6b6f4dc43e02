import * as path from 'node:path';

/**
 * Airlock's user folder and everything it holds, named here and nowhere else. The editor's `activate` and the
 * CLI's entry build this value once and pass it down, so every part of Airlock finds the same files (and the data
 * earlier versions wrote).
 */
export interface AirlockPaths {
  /** `AIRLOCK_HOME` when it is an absolute path, else `~/.airlock`. */
  readonly root: string;
  /** The user's own policy, which the editor and a hook deciding alone both read: `policy.json`. */
  readonly userPolicy: string;
  /** The snapshot store: `store`. */
  readonly store: string;
  /** The CLI's snapshot settings: `snapshots.json`. */
  readonly snapshotSettings: string;
  /** The private folder (0700) where running editors announce their bridges: `bridge`. */
  readonly bridge: string;
  /** Where the hook server announces itself: `bridge/hook-server.json`. */
  readonly hookServer: string;
  /** Made while a hook server starts, so that one starts at a time: `bridge/hook-server.starting`. */
  readonly hookServerStarting: string;
  /** The agents whose hook calls were seen (`hooks status`): `hooks-seen.json`. */
  readonly hooksSeen: string;
  /** A workspace's audit trail: `trail/<workspace id>`. */
  trail(workspaceId: string): string;
  /** Where an editor announces its bridge for a workspace: `bridge/<workspace id>.json`. */
  bridgeDiscovery(workspaceId: string): string;
  /** A cache folder: `cache/<name>`. */
  cache(name: CacheName): string;
}

/** The caches: V8's code of the hook's engine, Node's compile cache, the compiled globs of the policy. */
export type CacheName = 'code' | 'node' | 'globs';

/** The files of an Airlock folder at `root`. */
export function airlockPathsIn(root: string): AirlockPaths {
  const bridge = path.join(root, 'bridge');
  return {
    root,
    userPolicy: path.join(root, 'policy.json'),
    store: path.join(root, 'store'),
    snapshotSettings: path.join(root, 'snapshots.json'),
    bridge,
    hookServer: path.join(bridge, 'hook-server.json'),
    hookServerStarting: path.join(bridge, 'hook-server.starting'),
    hooksSeen: path.join(root, 'hooks-seen.json'),
    trail: (workspaceId) => path.join(root, 'trail', workspaceId),
    bridgeDiscovery: (workspaceId) => path.join(bridge, `${workspaceId}.json`),
    cache: (name) => path.join(root, 'cache', name),
  };
}

/**
 * The user's Airlock folder: `AIRLOCK_HOME` when absolute, else `.airlock` in `home`. A relative `AIRLOCK_HOME` is
 * ignored: it would name a different folder from every working directory.
 */
export const airlockPathsFor = (env: NodeJS.ProcessEnv, home: string): AirlockPaths =>
  airlockPathsIn(env.AIRLOCK_HOME && path.isAbsolute(env.AIRLOCK_HOME) ? env.AIRLOCK_HOME : path.join(home, '.airlock'));

/**
 * The user's Airlock folder for a hook call: only with HOME an absolute path, as deciding needs HOME too (without
 * it a hook fails closed, and asks neither an editor nor the hook server).
 */
export const hookAirlockPaths = (env: NodeJS.ProcessEnv): AirlockPaths | undefined =>
  env.HOME && path.isAbsolute(env.HOME) ? airlockPathsFor(env, env.HOME) : undefined;

/**
 * The user's Airlock folder from the environment alone (the CLI's view): undefined when neither `AIRLOCK_HOME` nor
 * `HOME` is an absolute path, so that a command needing it can say so rather than guess a folder.
 */
export function airlockPathsOfEnv(env: NodeJS.ProcessEnv): AirlockPaths | undefined {
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : undefined;
  if (home !== undefined) return airlockPathsFor(env, home);
  return env.AIRLOCK_HOME && path.isAbsolute(env.AIRLOCK_HOME) ? airlockPathsIn(env.AIRLOCK_HOME) : undefined;
}
