import * as fs from 'node:fs';
import { writeFileAtomic } from '../../atomicWrite';

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
    writeFileAtomic(file, text, mode !== undefined ? { mode } : {});
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
