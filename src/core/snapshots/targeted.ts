import * as path from 'node:path';
import { storeWriteError } from './errors';
import { compileExclusions, effectivePatterns, type Exclusions } from './exclusions';
import { baseCheckpoint } from './checkpoint';
import { newSnapshotId, type SnapshotEntry, type TargetedManifest } from './manifest';
import { defaultSnapshotSettings, type SnapshotSettings } from './settings';
import type { SnapshotStore } from './store';
import { isNotFound } from './storeFs';
import type { Tree, TreeEntry } from './tree';
import { racyWindowMs, Walker, type Budget } from './walk';
import { canonicalPath, storedPathFor, workspaceFor } from './workspace';

export interface TargetedOptions {
  readonly label?: string;
  readonly settings?: Pick<SnapshotSettings, 'exclude' | 'include' | 'maxFileSize'>;
  /** Absolute folders never read (the store itself). */
  readonly skip?: readonly string[];
  /** Reading stops here; the rest is recorded as skipped (default 100,000 files, 1 GiB). */
  readonly budget?: Budget;
}

export interface TargetedResult {
  readonly manifest: TargetedManifest;
  readonly filesRead: number;
  /** True when the budget ran out and some files were recorded without content. */
  readonly limited: boolean;
  readonly warnings: readonly string[];
}

export const defaultBudget: Budget = { maxFiles: 100_000, maxBytes: 1024 * 1024 * 1024 };

/** Version-control folders: left out of checkpoints, but kept when a command is about to delete them. */
const vcsFolders = new Set(['.git/', '.hg/', '.svn/', '.bzr/', '.jj/', '_darcs/']);

/**
 * The path as the snapshot records it: its folder's real path plus its own name, so a symlink named is kept as
 * a link, and a path reached through a linked folder is recorded where it really is.
 */
function canonicalTarget(store: SnapshotStore, root: string, p: string): string {
  const abs = path.resolve(root, p);
  const parent = path.dirname(abs);
  return parent === abs ? abs : path.join(canonicalPath(store.fsx, parent), path.basename(abs));
}

/**
 * Whether a named path is (or lies in) an excluded folder: `rm -rf node_modules` needs no copy of node_modules.
 * Version-control folders are not excluded here, so `rm -rf .git` is kept.
 */
function isExcluded(exclusions: Exclusions, stored: string, isDir: boolean): boolean {
  if (stored === '') return false;
  const absolute = path.isAbsolute(stored);
  const segs = absolute ? [path.basename(stored)] : stored.split('/');
  return segs.some((name, i) => exclusions.excludes(absolute ? name : segs.slice(0, i + 1).join('/'), name, i < segs.length - 1 || isDir));
}

/** The entry at a workspace-relative path in a checkpoint's tree, if there is one. */
function entryAt(store: SnapshotStore, rootHash: string, rel: string): TreeEntry | undefined {
  let tree: Tree = store.readTree(rootHash);
  const segs = rel.split('/');
  for (let i = 0; i < segs.length; i++) {
    const e = tree.find((x) => x.name === segs[i]);
    if (!e || i === segs.length - 1) return e;
    if (e.type !== 'd') return undefined;
    tree = store.readTree(e.ref);
  }
  return undefined;
}

/**
 * Snapshots the given paths (absolute, or relative to the workspace) right before a destructive action: files,
 * symlinks, folders with everything below them, and a tombstone for each path that does not exist yet (a file the
 * action will create). Dependency and build folders are left out, even when named (they are rebuilt by a command
 * and can be huge); version-control data is kept. Files unchanged since the latest checkpoint are not read again.
 */
export function takeTargetedSnapshot(store: SnapshotStore, workspaceDir: string, paths: readonly string[], options: TargetedOptions = {}): TargetedResult {
  const started = store.now();
  const ws = workspaceFor(store.fsx, workspaceDir);
  const settings = options.settings ?? defaultSnapshotSettings;
  const patterns = effectivePatterns(settings.exclude, settings.include).filter((p) => !vcsFolders.has(p));
  const exclusions = compileExclusions(patterns);
  const skip = [...(options.skip ?? []), store.root].map((s) => path.resolve(s));
  const warnings: string[] = [];

  const targets = new Map<string, string>();
  for (const p of paths) {
    const abs = canonicalTarget(store, ws.root, p);
    if (skip.some((s) => abs === s || abs.startsWith(s + path.sep))) {
      warnings.push(`${abs}: inside the snapshot store; not snapshotted`);
      continue;
    }
    targets.set(storedPathFor(ws.root, abs), abs);
  }
  // A path below another named folder is captured with it.
  const covered = (stored: string): boolean => {
    for (let q = path.posix.dirname(stored); ; q = path.posix.dirname(q)) {
      const key = q === '.' ? '' : q;
      if (key !== stored && targets.has(key)) return true;
      if (q === '.' || q === '/' || q === '') return false;
    }
  };
  const named = [...targets.keys()].filter((s) => s === '' || !covered(s)).sort();

  const session = store.beginWrite();
  try {
    const head = baseCheckpoint(store, ws, undefined);
    const walker = new Walker(session, exclusions, settings.maxFileSize, head ? head.fsTime - racyWindowMs : -Infinity, skip, options.budget ?? defaultBudget);
    const entries: SnapshotEntry[] = [];
    const complete: string[] = [];
    let files = 0;
    let bytes = 0;
    let unreadableDirs = 0;
    for (const stored of named) {
      const abs = targets.get(stored)!;
      const inside = !path.isAbsolute(stored);
      let st;
      try {
        st = store.fsx.lstatSync(abs);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        entries.push({ path: stored, type: 'missing' });
        continue;
      }
      if (isExcluded(exclusions, stored, st.isDirectory())) {
        entries.push({ path: stored, type: 'skipped', reason: 'excluded' });
        continue;
      }
      let prior: TreeEntry | undefined;
      if (head && inside && stored !== '') {
        try {
          prior = entryAt(store, head.root, stored);
        } catch {
          prior = undefined;
        }
      } else if (head && stored === '') {
        prior = { name: '', type: 'd', mode: head.rootMode, size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, ref: head.root };
      }
      const mtimeMs = st.mtimeMs;
      if (st.isDirectory()) {
        const limitedBefore = walker.limited;
        const sub = walker.walk(abs, inside ? stored : '', prior?.type === 'd' ? { hash: prior.ref, tree: walker.priorNode(prior.ref) } : undefined, true);
        if (typeof sub === 'string') {
          entries.push({ path: stored, type: 'skipped', reason: 'unreadable' });
          unreadableDirs++;
          continue;
        }
        entries.push({ path: stored, type: 'dir', mode: st.mode & 0o7777, mtimeMs, tree: sub.hash });
        if (walker.limited === limitedBefore) complete.push(stored);
        files += sub.totals.files;
        bytes += sub.totals.bytes;
        continue;
      }
      const leaf = walker.leafEntry(abs, stored, path.basename(abs), st, prior);
      if (!leaf) entries.push({ path: stored, type: 'skipped', reason: 'special' });
      else if (leaf.type === 'f') {
        entries.push({ path: stored, type: 'file', mode: leaf.mode, size: leaf.size, mtimeMs, blob: leaf.ref });
        files++;
        bytes += leaf.size;
      } else if (leaf.type === 'l') entries.push({ path: stored, type: 'symlink', target: leaf.ref, mtimeMs });
      else entries.push({ path: stored, type: 'skipped', reason: leaf.ref === 'too-large' ? 'too-large' : leaf.ref === 'limit' ? 'limit' : 'unreadable', size: st.size });
    }
    const manifest: TargetedManifest = {
      format: 1,
      id: newSnapshotId(store.now()),
      kind: 'targeted',
      workspace: ws,
      createdAt: store.now(),
      fsTime: session.fsTime,
      ...(options.label !== undefined ? { label: options.label } : {}),
      entries,
      complete,
      exclude: patterns,
      stats: {
        files,
        bytes,
        skipped: walker.skipped + unreadableDirs,
        newObjects: session.newObjects,
        newBytes: session.newBytes,
        durationMs: Math.max(0, store.now() - started),
      },
    };
    session.commit(manifest);
    return { manifest, filesRead: walker.filesRead, limited: walker.limited, warnings: [...warnings, ...walker.warnings] };
  } catch (e) {
    session.abort();
    throw storeWriteError(e, store.root, 'the snapshot');
  }
}
