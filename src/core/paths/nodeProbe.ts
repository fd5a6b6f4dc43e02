import { readlinkSync, realpathSync } from 'node:fs';
import type { PathProbe } from './resolve';

/** The path probe over the real filesystem. */
export const nodeProbe: PathProbe = {
  realpath(path: string): string | undefined {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
  readlink(path: string): string | undefined {
    try {
      return readlinkSync(path);
    } catch {
      return undefined;
    }
  },
};
