import * as path from 'node:path';
import { defaultExclusions } from '../snapshots/exclusions';
import { defaultSnapshotSettings } from '../snapshots/settings';
import type { EffectFs } from '../shell/effects';

/**
 * How much one action may delete on the word of the snapshot taken before it. Well inside the targeted snapshot's
 * own budget (100,000 files, 1 GiB), so that what is allowed is kept whole, and small enough to count while deciding.
 */
export const restorableLimits = { maxFiles: 10_000, maxBytes: 512 * 1024 * 1024, maxFileSize: defaultSnapshotSettings.maxFileSize };

/** Folders the snapshot leaves out (dependencies, build output): rebuilt by a command, so not counted. */
const leftOut = new Set(defaultExclusions.filter((p) => /^[^*?[/<]+\/$/.test(p) && !/^\.(git|hg|svn|bzr|jj)\/$|^_darcs\/$/.test(p)).map((p) => p.slice(0, -1)));

/**
 * Shell findings that only say "this deletes folders". Where the path guard judged every folder the command
 * deletes (no unknown or pattern target) and allows each one, its verdict stands for them: a folder it will
 * snapshot first, a build folder, a scratch folder in /tmp.
 */
export const decidedByPaths: ReadonlySet<string> = new Set(['shell.rm-recursive', 'shell.find-delete']);

/**
 * What one action may still delete on the snapshot's word. Every target of the action draws on the same budget,
 * so ten folders of 5,000 files are judged as the 50,000 files they are.
 */
export class RestoreBudget {
  private files = 0;
  private bytes = 0;

  constructor(private readonly fs: EffectFs | undefined) {}

  /**
   * Whether the snapshot will hold `p` (and everything below it) completely: nothing there yet, or a tree within
   * the limits whose every file is small enough to keep and every folder readable, in no folder the snapshot
   * leaves out (`relative`: the path in its workspace). Without a filesystem view, no.
   */
  holds(p: string, relative: string): boolean {
    const fs = this.fs;
    if (!fs || relative.split('/').some((seg) => leftOut.has(seg))) return false;
    try {
      if (!fs.existsSync(p)) return true;
      return this.walk(fs, p, 0);
    } catch {
      return false;
    }
  }

  private walk(fs: EffectFs, p: string, depth: number): boolean {
    // The effect preview's view promises only the kind of entry; a size it does not give cannot be vouched for.
    const st = fs.lstatSync(p) as ReturnType<EffectFs['lstatSync']> & { size?: unknown };
    if (st.isSymbolicLink()) return this.count(0);
    if (!st.isDirectory()) return typeof st.size === 'number' && st.size <= restorableLimits.maxFileSize && this.count(st.size);
    if (depth > 64) return false;
    for (const name of fs.readdirSync(p)) {
      const child = path.join(p, String(name));
      if (leftOut.has(String(name)) && fs.lstatSync(child).isDirectory()) continue;
      if (!this.walk(fs, child, depth + 1)) return false;
    }
    return true;
  }

  private count(size: number): boolean {
    this.files++;
    this.bytes += size;
    return this.files <= restorableLimits.maxFiles && this.bytes <= restorableLimits.maxBytes;
  }
}
