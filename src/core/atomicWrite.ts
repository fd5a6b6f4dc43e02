import * as fs from 'node:fs';
import * as path from 'node:path';
import { thisProcess } from './host';

export interface AtomicWriteOptions {
  /** The new file's mode (default: the existing file's, else 0644). */
  readonly mode?: number;
  /** fsync the file before the rename (default true): after a crash, the old content or the new, never none. */
  readonly durable?: boolean;
}

let counter = 0;

/**
 * Replaces a file's content in one step: a temporary file beside it (exclusive create, so two writers never share
 * one), written whole, optionally fsynced, given its mode, then renamed over the target. Readers see the old
 * content or the new, whole. A symbolic link is written through to its target (a dotfiles link stays a link);
 * missing folders are created. On failure the temporary file is removed and the error thrown.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const target = linkTarget(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const mode = options.mode ?? modeOf(target) ?? 0o644;
  counter = (counter + 1) % 1_000_000;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${thisProcess.pid}.${Date.now().toString(36)}.${counter}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
      if (options.durable ?? true) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // The umask may have narrowed the mode given to open.
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

/** The file a path names, following symbolic links (also a link whose target does not exist yet). */
function linkTarget(file: string): string {
  let current = file;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = fs.readlinkSync(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), link);
  }
  return current;
}

function modeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}
