import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import type { PathProbe } from './resolve';

/** lstat without an exception for a missing path: most probed paths do not exist yet, and errors are costly. */
function lstat(path: string) {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES, ELOOP: nothing to resolve here
  }
}

/** The path probe over the real filesystem. */
export const nodeProbe: PathProbe = {
  realpath(path: string): string | undefined {
    if (lstat(path) === undefined) return undefined;
    try {
      return realpathSync.native(path);
    } catch {
      return undefined; // a dangling link: readlink follows it
    }
  },
  readlink(path: string): string | undefined {
    if (!lstat(path)?.isSymbolicLink()) return undefined;
    try {
      return readlinkSync(path);
    } catch {
      return undefined;
    }
  },
};
