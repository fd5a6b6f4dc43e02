import { airlockPathsFor } from './airlockPaths';

/** Airlock's user folder (store, trail, bridge, user policy): `AIRLOCK_HOME` when absolute, else `~/.airlock`. */
export const airlockHomeFor = (env: NodeJS.ProcessEnv, home: string): string => airlockPathsFor(env, home).root;
