import * as path from 'node:path';

/** Airlock's user folder (store, trail, bridge, user policy): `AIRLOCK_HOME` when absolute, else `~/.airlock`. */
export const airlockHomeFor = (env: NodeJS.ProcessEnv, home: string): string =>
  env.AIRLOCK_HOME && path.isAbsolute(env.AIRLOCK_HOME) ? env.AIRLOCK_HOME : path.join(home, '.airlock');
