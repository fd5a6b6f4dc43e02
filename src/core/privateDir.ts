import * as fs from 'node:fs';
import { thisProcess } from './host';

/**
 * A cache folder inside Airlock's folder (`AirlockPaths.cache`, mode 0700) that only the user can write: made
 * when missing, and refused (undefined) when it is not a folder, belongs to someone else or is writable by group
 * or others. Whatever is read back from it (compiled code, compiled globs) is then the user's own.
 */
export function privateCacheDir(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    const uid = thisProcess.uid;
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}
