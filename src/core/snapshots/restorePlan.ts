import * as path from 'node:path';
import { compileExclusions, type Exclusions } from './exclusions';
import { parentOf, type Manifest, type SnapshotEntry } from './manifest';
import { hashBytes } from './objects';
import type { SnapshotStore } from './store';
import { isNotFound, readFileFd } from './storeFs';
import type { Tree, TreeEntry } from './tree';
import { racyWindowMs } from './walk';
import { absoluteFor, storedPathFor, type WorkspaceRef } from './workspace';

/**
 * What restore does to one path:
 *   create      missing now (deleted since): written back
 *   overwrite   there with other content or of another kind: replaced, the current copy kept beside it unless
 *               the caller decides otherwise (a conflict)
 *   chmod       same content, other permissions
 *   unchanged   as in the snapshot
 *   delete      did not exist when the snapshot was taken (a tombstone, or new in a folder captured whole): removed
 *   keep-new    the same, left alone because removing was not asked for
 *   unavailable the snapshot holds no content for it (larger than the cap, unreadable, lost)
 */
export type RestoreAction = 'create' | 'overwrite' | 'chmod' | 'unchanged' | 'delete' | 'keep-new' | 'unavailable';

/** For a conflict: keep the current copy beside the restored one, replace it, or leave the path alone. */
export type ConflictChoice = 'keep-both' | 'overwrite' | 'skip';

/** What is at a path now, as the plan saw it (apply checks nothing moved since). */
export interface Observed {
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly mode: number;
}

export interface RestoreItem {
  /** The stored path: workspace-relative with `/` ('' for the folder itself), or absolute outside it. */
  readonly path: string;
  readonly abs: string;
  readonly action: RestoreAction;
  /** What the snapshot holds here; undefined for paths created after it. */
  readonly entry?: SnapshotEntry;
  readonly current?: Observed;
  /** Why, in words. */
  readonly reason: string;
  /** For a new folder: how many files lie below it (counted up to 10,000). */
  readonly files?: number;
}

export interface RestorePlan {
  readonly manifest: Manifest;
  readonly workspace: WorkspaceRef;
  /** Pre-order: a folder comes before what it holds. */
  readonly items: readonly RestoreItem[];
  readonly counts: Readonly<Record<RestoreAction, number>>;
  /** Selected paths the snapshot knows nothing about. */
  readonly unmatched: readonly string[];
  readonly deleteNew: boolean;
}

export interface PlanOptions {
  /** Only these paths (absolute or workspace-relative; a folder brings everything below it). Default: all. */
  readonly paths?: readonly string[];
  /** Plan to remove files created after the snapshot (else they are listed as keep-new). */
  readonly deleteNew?: boolean;
}

const countCap = 10_000;

export function observe(store: SnapshotStore, abs: string): Observed | undefined {
  let st;
  try {
    st = store.fsx.lstatSync(abs);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
  return { type, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, mode: st.mode & 0o7777 };
}

export const sameObserved = (a: Observed | undefined, b: Observed | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.type === b.type && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.mode === b.mode);

function toEntry(p: string, e: TreeEntry): SnapshotEntry {
  switch (e.type) {
    case 'f':
      return { path: p, type: 'file', mode: e.mode, size: e.size, mtimeMs: e.mtimeMs, blob: e.ref };
    case 'l':
      return { path: p, type: 'symlink', target: e.ref, mtimeMs: e.mtimeMs };
    case 'd':
      return { path: p, type: 'dir', mode: e.mode, mtimeMs: e.mtimeMs, tree: e.ref };
    default:
      return { path: p, type: 'skipped', reason: e.ref === 'too-large' || e.ref === 'limit' ? e.ref : 'unreadable', size: e.size };
  }
}

const join = (dir: string, name: string): string => (dir === '' ? name : dir === '/' ? `/${name}` : `${dir}/${name}`);

/** True when `p` is `base` or below it (stored paths). */
export const within = (p: string, base: string): boolean => base === '' ? !path.isAbsolute(p) : p === base || p.startsWith(base === '/' ? '/' : `${base}/`);

class Planner {
  readonly items: RestoreItem[] = [];
  readonly matched = new Set<string>();
  private readonly exclusions: Exclusions;
  private readonly trustBefore: number;
  private readonly damaged: readonly string[];

  constructor(
    private readonly store: SnapshotStore,
    m: Manifest,
    private readonly root: string,
    private readonly selection: readonly string[] | undefined,
    private readonly deleteNew: boolean,
  ) {
    this.exclusions = compileExclusions(m.exclude);
    this.trustBefore = m.fsTime - racyWindowMs;
    this.damaged = m.damaged ?? [];
  }

  private selected(p: string): boolean {
    return !this.selection || this.selection.some((s) => within(p, s));
  }

  /** Whether a selected path lies below `p` (so the walk goes on through it without acting on it). */
  private leadsToSelection(p: string): boolean {
    return this.selection !== undefined && this.selection.some((s) => s !== p && within(s, p));
  }

  private isDamaged(p: string): boolean {
    return this.damaged.some((d) => within(p, d));
  }

  private push(item: RestoreItem): void {
    this.items.push(item);
    for (const s of this.selection ?? []) if (within(item.path, s) || within(s, item.path)) this.matched.add(s);
  }

  /** Plans one path of the snapshot. `realParent`: its folder exists now as a real folder (not a link). */
  node(entry: SnapshotEntry, te: TreeEntry | undefined, complete: boolean, realParent: boolean): void {
    const p = entry.path;
    const abs = absoluteFor(this.root, p);
    const isSelected = this.selected(p);
    if (!isSelected && !this.leadsToSelection(p)) return;
    if (!isSelected) {
      // On the way to a selected path: only folders lead anywhere.
      if (entry.type === 'dir' && entry.tree) {
        const cur = realParent ? observe(this.store, abs) : undefined;
        this.dir(p, abs, entry.tree, complete, cur?.type === 'dir');
      }
      return;
    }
    const cur = realParent ? observe(this.store, abs) : undefined;
    if (this.isDamaged(p)) {
      this.push({ path: p, abs, action: 'unavailable', entry, ...(cur ? { current: cur } : {}), reason: 'its content was lost (see snapshots verify)' });
      return;
    }
    const at = { path: p, abs, entry, ...(cur ? { current: cur } : {}) };
    switch (entry.type) {
      case 'file': {
        if (!cur) this.push({ ...at, action: 'create', reason: 'deleted since the snapshot' });
        else if (cur.type !== 'file') this.push({ ...at, action: 'overwrite', reason: `a ${describe(cur.type)} is there now` });
        else if (!this.sameContent(abs, cur, entry, te)) this.push({ ...at, action: 'overwrite', reason: 'changed since the snapshot' });
        else if (cur.mode !== entry.mode) this.push({ ...at, action: 'chmod', reason: `permissions changed (${octal(cur.mode)} → ${octal(entry.mode)})` });
        else this.push({ ...at, action: 'unchanged', reason: 'as in the snapshot' });
        return;
      }
      case 'symlink': {
        let target: string | undefined;
        if (cur?.type === 'symlink') {
          try {
            target = this.store.fsx.readlinkSync(abs);
          } catch {
            target = undefined;
          }
        }
        if (!cur) this.push({ ...at, action: 'create', reason: 'deleted since the snapshot' });
        else if (target === entry.target) this.push({ ...at, action: 'unchanged', reason: 'as in the snapshot' });
        else this.push({ ...at, action: 'overwrite', reason: cur.type === 'symlink' ? 'the link points elsewhere now' : `a ${describe(cur.type)} is there now` });
        return;
      }
      case 'dir': {
        if (!cur) this.push({ ...at, action: 'create', reason: 'deleted since the snapshot' });
        else if (cur.type !== 'dir') this.push({ ...at, action: 'overwrite', reason: `a ${describe(cur.type)} is there now` });
        else if (cur.mode !== entry.mode) this.push({ ...at, action: 'chmod', reason: `permissions changed (${octal(cur.mode)} → ${octal(entry.mode)})` });
        else this.push({ ...at, action: 'unchanged', reason: 'as in the snapshot' });
        if (entry.tree) this.dir(p, abs, entry.tree, complete, cur?.type === 'dir');
        return;
      }
      case 'missing': {
        if (cur) this.newPath(p, abs, cur, 'did not exist when the snapshot was taken');
        else this.push({ path: p, abs, action: 'unchanged', entry, reason: 'did not exist then and does not now' });
        return;
      }
      case 'skipped': {
        const why = { 'too-large': 'it was larger than the size cap', unreadable: 'it could not be read', special: 'it is not a regular file', limit: 'the snapshot reached its size limit', excluded: 'its folder is excluded', damaged: 'its content was lost' }[entry.reason];
        this.push({ ...at, action: 'unavailable', reason: `not kept: ${why}` });
        return;
      }
    }
  }

  /** A folder's content: its entries in the snapshot, and (when captured whole) what is new in it now. */
  private dir(p: string, abs: string, hash: string, complete: boolean, realNow: boolean): void {
    let tree: Tree;
    try {
      tree = this.store.readTree(hash);
    } catch (e) {
      this.push({ path: p, abs, action: 'unavailable', reason: `its content cannot be read from the store: ${(e as Error).message}` });
      return;
    }
    for (const te of tree) this.node(toEntry(join(p, te.name), te), te, complete, realNow);
    if (!complete || !realNow) return;
    let names: string[];
    try {
      names = this.store.fsx.readdirSync(abs);
    } catch {
      return;
    }
    const known = new Set(tree.map((e) => e.name));
    for (const name of names.sort()) {
      if (known.has(name)) continue;
      const childP = join(p, name);
      if (!this.selected(childP)) continue;
      const childAbs = path.join(abs, name);
      const cur = observe(this.store, childAbs);
      if (!cur) continue;
      const rel = path.isAbsolute(childP) ? name : childP;
      if (this.exclusions.excludes(rel, name, cur.type === 'dir')) continue;
      if (childAbs === this.store.root || this.store.root.startsWith(childAbs + path.sep)) continue;
      if (cur.type === 'dir' && this.exclusions.cacheDirTag && this.hasCacheTag(childAbs)) continue;
      this.newPath(childP, childAbs, cur, 'created after the snapshot');
    }
  }

  private hasCacheTag(abs: string): boolean {
    try {
      this.store.fsx.lstatSync(path.join(abs, 'CACHEDIR.TAG'));
      return true;
    } catch {
      return false;
    }
  }

  private newPath(p: string, abs: string, cur: Observed, why: string): void {
    const files = cur.type === 'dir' ? countFiles(this.store, abs) : undefined;
    this.push({
      path: p,
      abs,
      action: this.deleteNew ? 'delete' : 'keep-new',
      current: cur,
      reason: this.deleteNew ? why : `${why}; kept (removing it needs confirmation)`,
      ...(files !== undefined ? { files } : {}),
    });
  }

  /** Whether the file now holds the snapshot's content: metadata when it can be trusted, else its hash. */
  private sameContent(abs: string, cur: Observed, entry: SnapshotEntry & { type: 'file' }, te: TreeEntry | undefined): boolean {
    if (cur.size !== entry.size) return false;
    if (te && te.mtimeMs === cur.mtimeMs && te.ctimeMs === cur.ctimeMs && te.ino === cur.ino && te.mtimeMs < this.trustBefore) return true;
    try {
      return hashBytes(readFileFd(this.store.fsx, abs, cur.size)) === entry.blob;
    } catch {
      return false;
    }
  }

  /** A selected path that is not in the snapshot but lies in a folder it captured whole: new since. */
  selectionNotInSnapshot(completeDirs: ReadonlySet<string>): void {
    for (const s of this.selection ?? []) {
      if (this.matched.has(s)) continue;
      const parent = parentOf(s);
      if (parent === undefined || !completeDirs.has(parent)) continue;
      const abs = absoluteFor(this.root, s);
      const cur = observe(this.store, abs);
      if (cur) this.newPath(s, abs, cur, 'created after the snapshot');
    }
  }
}

function countFiles(store: SnapshotStore, abs: string): number {
  let n = 0;
  const stack = [abs];
  while (stack.length > 0 && n < countCap) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = store.fsx.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const child = path.join(dir, name);
      try {
        const st = store.fsx.lstatSync(child);
        if (st.isDirectory()) stack.push(child);
        else n++;
      } catch {
        // vanished
      }
    }
  }
  return Math.min(n, countCap);
}

const describe = (t: Observed['type']): string => (t === 'dir' ? 'folder' : t === 'symlink' ? 'symlink' : t === 'file' ? 'file' : 'special file');
const octal = (mode: number): string => mode.toString(8).padStart(3, '0');

/** Every folder a snapshot captured whole: files found in them now that it does not list are new since. */
function completeFolders(store: SnapshotStore, m: Manifest): Set<string> {
  const out = new Set<string>();
  const add = (p: string, hash: string): void => {
    out.add(p);
    for (const e of store.readTree(hash)) if (e.type === 'd') add(join(p, e.name), e.ref);
  };
  try {
    if (m.kind === 'checkpoint') add('', m.root);
    else for (const e of m.entries) if (e.type === 'dir' && e.tree && m.complete.includes(e.path)) add(e.path, e.tree);
  } catch {
    // a damaged tree: no new-file detection below it
  }
  return out;
}

/**
 * Works out what restoring a snapshot (or some of its paths) would do, writing nothing: the preview shown before
 * a restore. Content is compared by hash (metadata first when the snapshot's own metadata can be trusted).
 */
export function planRestore(store: SnapshotStore, manifest: Manifest, options: PlanOptions = {}): RestorePlan {
  const root = manifest.workspace.root;
  const selection = options.paths?.map((p) => {
    const abs = path.resolve(root, p);
    const parent = path.dirname(abs);
    return storedPathFor(root, parent === abs ? abs : path.join(parent, path.basename(abs)));
  });
  const planner = new Planner(store, manifest, root, selection, options.deleteNew === true);
  const rootReal = observe(store, root)?.type === 'dir';
  if (manifest.kind === 'checkpoint') {
    planner.node({ path: '', type: 'dir', mode: manifest.rootMode, mtimeMs: 0, tree: manifest.root }, undefined, true, true);
  } else {
    for (const e of manifest.entries) {
      const parentAbs = path.dirname(absoluteFor(root, e.path));
      const realParent = observe(store, parentAbs)?.type === 'dir';
      planner.node(e, undefined, e.type === 'dir' && manifest.complete.includes(e.path), realParent && (rootReal || path.isAbsolute(e.path)));
    }
  }
  if (selection) planner.selectionNotInSnapshot(completeFolders(store, manifest));
  const counts = { create: 0, overwrite: 0, chmod: 0, unchanged: 0, delete: 0, 'keep-new': 0, unavailable: 0 };
  for (const i of planner.items) counts[i.action]++;
  return {
    manifest,
    workspace: manifest.workspace,
    items: planner.items,
    counts,
    unmatched: (selection ?? []).filter((s) => !planner.matched.has(s)),
    deleteNew: options.deleteNew === true,
  };
}

