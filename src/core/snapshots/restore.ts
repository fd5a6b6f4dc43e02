import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { StoreError } from './errors';
import type { SnapshotEntry } from './manifest';
import type { SnapshotStore } from './store';
import { errnoOf } from './storeFs';
import { takeTargetedSnapshot } from './targeted';
import { storedPathFor } from './workspace';
import { writeFileAtomic } from '../atomicWrite';
import { errorMessage } from '../values';

import { observe, sameObserved, within, type ConflictChoice, type RestoreAction, type RestoreItem, type RestorePlan } from './restorePlan';

// Restoring in two files: the plan (what each path would become, restorePlan.ts) and applying it (here).
export { planRestore, type ConflictChoice, type Observed, type PlanOptions, type RestoreAction, type RestoreItem, type RestorePlan } from './restorePlan';

export interface ApplyOptions {
  /** What to do where the current content differs (default keep-both); a function decides per item (ask). */
  readonly onConflict?: ConflictChoice | ((item: RestoreItem) => ConflictChoice);
  /** Snapshot what restore will replace or remove first, so the restore itself can be undone (default true). */
  readonly saveCurrent?: boolean;
}

export interface RestoreResult {
  readonly restored: readonly string[];
  readonly deleted: readonly string[];
  /** Current copies moved aside, by the path restored and where the copy is now (absolute). */
  readonly keptBeside: readonly { readonly path: string; readonly keptAs: string }[];
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  readonly failed: readonly { readonly path: string; readonly error: string }[];
  /** The snapshot of what was there before the restore. */
  readonly savedAs?: string;
}

const stampOf = (now: number): string => {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
};

const actsOn = (a: RestoreAction): boolean => a === 'create' || a === 'overwrite' || a === 'chmod' || a === 'delete';

/**
 * Carries out a plan. Before anything is written, what will be replaced or removed is snapshotted (so the
 * restore can be undone); then folders and files are written (each file to a temporary name, fsynced, renamed
 * into place), files created after the snapshot are removed (only when the plan says delete), and folder
 * permissions are set last. A path that changed since the plan was made is never overwritten or removed: its
 * current copy is kept beside. Never writes through a symlink: every folder on the way must be a real folder.
 */
export function applyRestore(store: SnapshotStore, plan: RestorePlan, options: ApplyOptions = {}): RestoreResult {
  const fsx = store.fsx;
  const root = plan.workspace.root;
  const restored: string[] = [];
  const deleted: string[] = [];
  const keptBeside: { path: string; keptAs: string }[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const failed: { path: string; error: string }[] = [];
  const stamp = stampOf(store.now());
  const choose = (item: RestoreItem): ConflictChoice =>
    typeof options.onConflict === 'function' ? options.onConflict(item) : (options.onConflict ?? 'keep-both');

  let savedAs: string | undefined;
  // Folders whose permissions change keep their content, so only their files are saved; paths to be created are
  // saved as not existing, so restoring this snapshot (with deleteNew) undoes the whole restore.
  const touched = plan.items.filter(
    (i) => i.action === 'create' || (i.current && (i.action === 'overwrite' || i.action === 'delete' || (i.action === 'chmod' && i.current.type !== 'dir'))),
  );
  if (touched.length > 0 && options.saveCurrent !== false) {
    const saved = takeTargetedSnapshot(store, root, topOnly(touched.map((i) => i.abs)), { label: `before restoring ${plan.manifest.id}` });
    savedAs = saved.manifest.id;
  }

  const realDirs = new Set<string>();
  /** Makes every folder from the file system root down to `dir` exist as a real folder (never a link). */
  const ensureDir = (dir: string): void => {
    if (realDirs.has(dir)) return;
    const parent = path.dirname(dir);
    if (parent !== dir) ensureDir(parent);
    const cur = observe(store, dir);
    if (!cur) fsx.mkdirSync(dir, { mode: 0o755 });
    else if (cur.type !== 'dir') throw new StoreError('invalid', `${dir} is not a folder (a ${describe(cur.type)} is in the way)`);
    realDirs.add(dir);
  };

  const moveAside = (abs: string): string => {
    let target = `${abs}.airlock-${stamp}`;
    for (let n = 2; observe(store, target); n++) target = `${abs}.airlock-${stamp}-${n}`;
    fsx.renameSync(abs, target);
    return target;
  };

  const writeFile = (abs: string, entry: SnapshotEntry & { type: 'file' }): void => {
    // A link in the way is replaced, not written through. The folder is not synced per file: a restore cut short
    // by a crash is run again.
    writeFileAtomic(abs, store.readObject(entry.blob), { fs: fsx, mode: entry.mode, followLinks: false, syncFolder: false });
  };

  const writeLink = (abs: string, target: string): void => {
    const tmp = path.join(path.dirname(abs), `.airlock-restore-${randomBytes(4).toString('hex')}.tmp`);
    fsx.symlinkSync(target, tmp);
    try {
      fsx.renameSync(tmp, abs);
    } catch (e) {
      try {
        fsx.unlinkSync(tmp);
      } catch {
        // gone
      }
      throw e;
    }
  };

  // Paths below something left alone are left alone too.
  const blocked: string[] = [];
  const isBlocked = (p: string): boolean => blocked.some((b) => within(p, b) && p !== b);
  const dirModes: { abs: string; mode: number }[] = [];

  for (const item of plan.items) {
    if (!actsOn(item.action) || item.action === 'delete') continue;
    if (isBlocked(item.path)) {
      skipped.push({ path: item.path, reason: 'its folder was not restored' });
      continue;
    }
    const entry = item.entry!;
    try {
      ensureDir(path.dirname(item.abs));
      const now = observe(store, item.abs);
      const moved = !sameObserved(now, item.current);
      if (item.action === 'chmod' && !moved) {
        if (entry.type === 'dir') dirModes.push({ abs: item.abs, mode: entry.mode });
        else if (entry.type === 'file') fsx.chmodSync(item.abs, entry.mode);
        restored.push(item.path);
        continue;
      }
      if (now) {
        // Something is there: a conflict, or it changed after the preview (then it is always kept).
        const choice = moved ? 'keep-both' : choose(item);
        if (choice === 'skip') {
          skipped.push({ path: item.path, reason: 'left as it is' });
          blocked.push(item.path);
          continue;
        }
        if (item.action === 'chmod' && moved && entry.type === 'dir' && now.type === 'dir') {
          dirModes.push({ abs: item.abs, mode: entry.mode });
          restored.push(item.path);
          continue;
        }
        if (entry.type === 'dir' && now.type === 'dir') {
          // A folder where a folder belongs: its content is handled item by item.
        } else if (choice === 'keep-both' || now.type === 'dir') {
          keptBeside.push({ path: item.path, keptAs: moveAside(item.abs) });
        } else if (entry.type === 'dir') {
          fsx.unlinkSync(item.abs);
        }
      }
      if (entry.type === 'file') writeFile(item.abs, entry);
      else if (entry.type === 'symlink') writeLink(item.abs, entry.target);
      else if (entry.type === 'dir') {
        if (observe(store, item.abs)?.type !== 'dir') fsx.mkdirSync(item.abs, { mode: 0o700 });
        dirModes.push({ abs: item.abs, mode: entry.mode });
      }
      realDirs.delete(item.abs);
      restored.push(item.path);
    } catch (e) {
      failed.push({ path: item.path, error: describeError(e) });
      blocked.push(item.path);
    }
  }

  // Removals, deepest first; only what the plan saw, unchanged since.
  const removals = plan.items.filter((i) => i.action === 'delete').sort((a, b) => b.path.length - a.path.length);
  for (const item of removals) {
    try {
      const now = observe(store, item.abs);
      if (!now) continue;
      if (!sameObserved(now, item.current)) {
        skipped.push({ path: item.path, reason: 'changed after the preview; not removed' });
        continue;
      }
      if (now.type === 'dir') fsx.rmSync(item.abs, { recursive: true, force: true });
      else fsx.unlinkSync(item.abs);
      deleted.push(item.path);
    } catch (e) {
      failed.push({ path: item.path, error: describeError(e) });
    }
  }

  // Folder permissions last (a read-only folder would refuse its own content), deepest first.
  for (const { abs, mode } of dirModes.sort((a, b) => b.abs.length - a.abs.length)) {
    try {
      fsx.chmodSync(abs, mode);
    } catch (e) {
      failed.push({ path: storedPathFor(root, abs), error: describeError(e) });
    }
  }
  return { restored, deleted, keptBeside, skipped, failed, ...(savedAs ? { savedAs } : {}) };
}

function describeError(e: unknown): string {
  if (e instanceof StoreError) return e.message;
  const code = errnoOf(e);
  if (code === 'ENOSPC') return 'the disk is full';
  return errorMessage(e);
}

/** Paths not below another of them. */
function topOnly(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const p of sorted) if (!out.some((q) => p.startsWith(q + path.sep))) out.push(p);
  return out;
}
