import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The filesystem the installer reads and writes, passed in so tests and the editor can supply their own. */
export interface InstallFs {
  /** The file's text; undefined when it does not exist. Throws on any other failure (a folder, no permission). */
  readText(file: string): string | undefined;
  /** Whether anything exists at the path. */
  exists(file: string): boolean;
  /**
   * Replaces the file's content in one step: a temporary file beside it, then a rename. Creates missing folders;
   * keeps an existing file's permissions; writes through a symbolic link to its target (a dotfiles link stays).
   */
  writeAtomic(file: string, text: string, mode?: number): void;
  /** Deletes the file; a missing file is not an error. */
  remove(file: string): void;
  /** The names in a folder; empty when it does not exist. Only for reading agents' settings folders. */
  list?(dir: string): string[];
  /** The file's last modification time in ms, or undefined. Only for agents' activity (session files). */
  mtime?(file: string): number | undefined;
  /** The path with links resolved, or undefined when it does not exist (Codex keys trust by its real folder). */
  realpath?(file: string): string | undefined;
}

export const nodeInstallFs: InstallFs = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  },
  exists: (file) => fs.existsSync(file),
  writeAtomic(file, text, mode) {
    const target = realTarget(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const existingMode = modeOf(target);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.airlock-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const fd = fs.openSync(temp, 'wx', mode ?? existingMode ?? 0o644);
      try {
        fs.writeFileSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      // The umask may have narrowed the mode given to open.
      fs.chmodSync(temp, mode ?? existingMode ?? 0o644);
      fs.renameSync(temp, target);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      throw e;
    }
  },
  remove(file) {
    fs.rmSync(file, { force: true });
  },
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
  mtime(file) {
    try {
      return fs.statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
  },
  realpath(file) {
    try {
      return fs.realpathSync.native(file);
    } catch {
      return undefined;
    }
  },
};

/** The file a path names, following symbolic links (also a link whose target does not exist yet). */
function realTarget(file: string): string {
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
