import * as fs from 'node:fs';
import * as path from 'node:path';
import { thisProcess } from './host';

/** The file-system calls an atomic write makes; passed in so a test can fail any one of them (a full disk). */
export type AtomicWriteFs = Pick<
  typeof fs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'chmodSync' | 'renameSync' | 'unlinkSync' | 'mkdirSync' | 'lstatSync' | 'readlinkSync'
>;

export interface AtomicWriteOptions {
  /** The new file's mode (default: the existing file's, else 0644). */
  readonly mode?: number;
  /** fsync the file before the rename (default true): after a crash, the old content or the new, never none. */
  readonly durable?: boolean;
  /**
   * fsync the folder after the rename (default: as durable), so the new content also survives a crash. Off where
   * many files are written at once and redoing the work is the recovery (restoring a snapshot).
   */
  readonly syncFolder?: boolean;
  /**
   * Write through a symbolic link to its target, so a dotfiles link stays a link (default true). Off where a link
   * in the way is to be replaced by the file (restore, Airlock's own private folders).
   */
  readonly followLinks?: boolean;
  /**
   * The folder for the temporary file (default: the target's own). It must be on the target's file system. There
   * the name starts `<time>-<pid>-<random>`, so whoever cleans that folder can tell a dead writer's file.
   */
  readonly tempDir?: string;
  readonly fs?: AtomicWriteFs;
}

/**
 * Replaces a file's content in one step: a temporary file (exclusive create, so two writers never share one),
 * written whole, optionally fsynced, given its mode, then renamed over the target. Readers see the old content or
 * the new, whole. Missing folders are created. On failure the temporary file is removed and the error thrown; the
 * target is untouched.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const fsx = options.fs ?? fs;
  const durable = options.durable ?? true;
  const target = options.followLinks === false ? file : linkTarget(fsx, file);
  const folder = path.dirname(target);
  const tempDir = options.tempDir ?? folder;
  fsx.mkdirSync(folder, { recursive: true });
  if (tempDir !== folder) fsx.mkdirSync(tempDir, { recursive: true });
  const mode = options.mode ?? modeOf(fsx, target) ?? 0o644;
  const temp = path.join(tempDir, tempName(path.basename(target), tempDir === folder));
  let fd: number | undefined;
  let created = false;
  try {
    // Private while it is written; the mode comes with chmod, which the umask does not narrow.
    fd = fsx.openSync(temp, 'wx', 0o600);
    created = true;
    writeAll(fsx, fd, typeof data === 'string' ? Buffer.from(data) : data);
    if (durable) fsx.fsyncSync(fd);
    fsx.closeSync(fd);
    fd = undefined;
    fsx.chmodSync(temp, mode);
    fsx.renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fsx.closeSync(fd);
      } catch {
        // the write's own error is the one to report
      }
    }
    if (created) {
      try {
        fsx.unlinkSync(temp);
      } catch {
        // renamed after all, or already gone
      }
    }
    throw e;
  }
  if (options.syncFolder ?? durable) fsyncFolder(folder, fsx);
}

/** fsync a folder, so the names just created or renamed in it survive a crash. */
export function fsyncFolder(dir: string, fsx: Pick<typeof fs, 'openSync' | 'fsyncSync' | 'closeSync'> = fs): void {
  let fd: number;
  try {
    fd = fsx.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsx.fsyncSync(fd);
  } catch {
    // Some file systems (and Windows) refuse fsync on a folder; the rename is still atomic.
  } finally {
    fsx.closeSync(fd);
  }
}

let tempsMade = 0;

/**
 * A fresh name: time, pid, a count and a random part, then a short piece of the target's name to tell what it was
 * for (short, so a target with a name near the 255-byte limit still gets one). Beside the target it starts with a
 * dot, hidden from listings and watchers. The file is created exclusively, so the name need not be unguessable:
 * it is made without `node:crypto`, which a hook writing its note of the call does not otherwise load.
 */
function tempName(base: string, beside: boolean): string {
  // Hex only: the store's clean-up reads the pid from `<time>-<pid>-<hex>` (pidOfName).
  const unique = `${Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, '0')}${(tempsMade++).toString(16)}`;
  const name = `${Date.now().toString(36)}-${thisProcess.pid}-${unique}.${Array.from(base).slice(0, 24).join('')}.tmp`;
  return beside ? `.${name}` : name;
}

/** Writes all of `data` at the file's position (or from `position`), looping over short writes. */
export function writeAll(fsx: Pick<typeof fs, 'writeSync'>, fd: number, data: Uint8Array, position?: number): void {
  let done = 0;
  while (done < data.length) {
    const n = fsx.writeSync(fd, data, done, data.length - done, position === undefined ? null : position + done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}

/** The file a path names, following symbolic links (also a link whose target does not exist yet). */
function linkTarget(fsx: AtomicWriteFs, file: string): string {
  let current = file;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = fsx.readlinkSync(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), link);
  }
  return current;
}

/** An existing regular file's mode (a link not followed has none worth keeping). */
function modeOf(fsx: AtomicWriteFs, file: string): number | undefined {
  try {
    const st = fsx.lstatSync(file);
    return st.isFile() ? st.mode & 0o7777 : undefined;
  } catch {
    return undefined;
  }
}
