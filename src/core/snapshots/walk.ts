import type { Stats } from 'node:fs';
import * as path from 'node:path';
import type { Exclusions } from './exclusions';
import { addTotals, ArrayNode, emptyNode, type NodeView } from './nodeView';
import type { WriteSession } from './store';
import { errnoOf, isNotFound, readFileFd } from './storeFs';
import type { TreeEntry } from './tree';
import { storedPathFor } from './workspace';

/**
 * A file modified this close to (or after) the start of the checkpoint that recorded it may change again within
 * the same mtime tick without its metadata showing it; such entries are re-read next time (git's "racy" files).
 * Two seconds covers file systems with coarse timestamps.
 */
export const racyWindowMs = 2000;

export interface Totals {
  files: number;
  bytes: number;
}

/** How much a targeted snapshot may read before it records the rest as skipped. */
export interface Budget {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

/**
 * Walks folders into tree nodes (see tree.ts), reusing the previous checkpoint's entries for files whose
 * metadata is unchanged. Shared by checkpoints and by targeted snapshots of folders.
 */
export class Walker {
  filesRead = 0;
  bytesRead = 0;
  skipped = 0;
  /** Set when the budget ran out: some files are recorded without content. */
  limited = false;
  readonly warnings: string[] = [];
  /** Every folder node of the result the walk looked at or wrote, by hash (for the tree index). */
  readonly nodes = new Map<string, NodeView>();
  private readonly skipAbs: Set<string>;

  constructor(
    private readonly session: WriteSession,
    private readonly exclusions: Exclusions,
    private readonly maxFileSize: number,
    /** Cached metadata is trusted only for files last modified before this (fs clock, ms). */
    private readonly trustBefore: number,
    skip: readonly string[],
    private readonly budget?: Budget,
    /** The previous checkpoint's folder nodes read from the tree index, consulted before the store. */
    private readonly priorNodes?: ReadonlyMap<string, NodeView>,
  ) {
    this.skipAbs = new Set(skip.map((s) => path.resolve(s)));
  }

  /** A folder node of the previous checkpoint. */
  priorNode(hash: string): NodeView {
    return this.priorNodes?.get(hash) ?? new ArrayNode(this.session.readTree(hash));
  }

  /** Records a node of the result. */
  private keep(hash: string, node: NodeView): string {
    this.nodes.set(hash, node);
    return hash;
  }

  /** Whether entry i of a prior node still describes this file or symlink, so its content need not be read. */
  private unchangedLeaf(old: NodeView, i: number, st: Stats): boolean {
    const isFile = st.isFile();
    return (
      old.typeAt(i) === (isFile ? 'f' : 'l') &&
      (isFile || st.isSymbolicLink()) &&
      old.sameMeta(i, st.size, st.mode & 0o7777, st.mtimeMs, st.ctimeMs, st.ino) &&
      old.mtimeAt(i) < this.trustBefore
    );
  }

  private get fsx() {
    return this.session.store.fsx;
  }

  private warn(text: string): void {
    if (this.warnings.length < 100) this.warnings.push(text);
  }

  /** A folder entry from its stat and node. */
  private dirEntry(name: string, st: Stats, hash: string, t: Totals): TreeEntry {
    return { name, type: 'd', mode: st.mode & 0o7777, size: t.bytes, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: t.files, ref: hash };
  }

  /**
   * The entry for one non-folder path, reusing `prior` when its metadata is unchanged and old enough to trust.
   * Undefined when the path is gone or is not something a snapshot keeps (socket, device).
   */
  leafEntry(abs: string, rel: string, name: string, st: Stats, prior: TreeEntry | undefined): TreeEntry | undefined {
    // An unchanged file keeps its entry (the walk's own rule; targeted snapshots pass the checkpoint's entry).
    if (prior !== undefined && this.unchangedLeaf(new ArrayNode([prior]), 0, st)) return prior;
    const isFile = st.isFile();
    const base = { name, mode: st.mode & 0o7777, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
    if (isFile) {
      if (st.size > this.maxFileSize) {
        this.skipped++;
        return { ...base, type: 'x', ref: 'too-large' };
      }
      if (this.budget && (this.filesRead >= this.budget.maxFiles || this.bytesRead + st.size > this.budget.maxBytes)) {
        this.skipped++;
        this.limited = true;
        return { ...base, type: 'x', ref: 'limit' };
      }
      let data: Buffer;
      try {
        data = readFileFd(this.fsx, abs, st.size);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        this.skipped++;
        this.warn(`${rel}: not readable (${errnoOf(e) ?? (e as Error).message})`);
        return { ...base, type: 'x', ref: 'unreadable' };
      }
      this.filesRead++;
      this.bytesRead += data.length;
      return { ...base, size: data.length, type: 'f', ref: this.session.put(data) };
    }
    if (st.isSymbolicLink()) {
      try {
        return { ...base, type: 'l', ref: this.fsx.readlinkSync(abs) };
      } catch (e) {
        if (isNotFound(e)) return undefined;
        this.skipped++;
        return { ...base, type: 'x', ref: 'unreadable' };
      }
    }
    this.skipped++;
    return undefined;
  }

  private lstat(abs: string): Stats | undefined {
    try {
      return this.fsx.lstatSync(abs);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Whether a child folder is left out; CACHEDIR.TAG is only known after listing it. */
  private excluded(rel: string, name: string, isDir: boolean, abs: string): boolean {
    if (this.exclusions.excludes(rel, name, isDir)) return true;
    return isDir && this.skipAbs.has(abs);
  }

  /**
   * Walks a folder, comparing with its node in the previous checkpoint (`prior`, with its hash): unchanged files
   * keep their entry without being read, an unchanged folder keeps its node without being written. `excluded`
   * for a folder that marks itself as a cache (CACHEDIR.TAG, unless `named` by the caller); `unreadable` for one
   * that cannot be listed.
   */
  walk(abs: string, rel: string, prior: { hash: string; tree: NodeView } | undefined, named = false): { hash: string; totals: Totals } | 'excluded' | 'unreadable' {
    let names: string[];
    try {
      names = this.fsx.readdirSync(abs);
    } catch (e) {
      if (isNotFound(e)) return 'unreadable';
      this.warn(`${rel || '.'}: folder not readable (${errnoOf(e) ?? (e as Error).message})`);
      return 'unreadable';
    }
    if (this.exclusions.cacheDirTag && rel !== '' && !named && names.includes('CACHEDIR.TAG')) return 'excluded';
    names.sort();
    const old = prior?.tree ?? emptyNode;
    // New entries, or the position of an unchanged one in `old` (made into an entry only if the folder changed).
    const entries: (TreeEntry | number)[] = [];
    const totals: Totals = { files: 0, bytes: 0 };
    let same = prior !== undefined;
    let j = 0;
    for (const name of names) {
      while (j < old.length && old.nameAt(j) < name) {
        j++;
        same = false;
      }
      const at = j < old.length && old.nameAt(j) === name ? j : -1;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const childAbs = `${abs}${abs.endsWith(path.sep) ? '' : path.sep}${name}`;
      const st = this.fsx.lstatSync(childAbs, { throwIfNoEntry: false });
      if (!st) {
        if (name.includes('\uFFFD')) this.warn(`${childRel}: name is not valid UTF-8; not kept`);
        continue;
      }
      const isDir = st.isDirectory();
      if (this.excluded(childRel, name, isDir, childAbs)) continue;
      if (!isDir && at >= 0 && this.unchangedLeaf(old, at, st)) {
        entries.push(at);
        old.addTotals(at, totals);
        j++;
        continue;
      }
      let entry: TreeEntry | undefined;
      if (isDir) {
        const sub = this.walk(childAbs, childRel, at >= 0 && old.typeAt(at) === 'd' ? { hash: old.refAt(at), tree: this.priorNode(old.refAt(at)) } : undefined);
        if (sub === 'excluded') continue;
        if (sub === 'unreadable') {
          this.skipped++;
          entry = { name, type: 'x', mode: st.mode & 0o7777, size: 0, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, ref: 'unreadable' };
        } else {
          entry = this.dirEntry(name, st, sub.hash, sub.totals);
        }
      } else {
        entry = this.leafEntry(childAbs, childRel, name, st, undefined);
      }
      if (!entry) continue;
      if (at >= 0) {
        if (!sameEntry(entry, old.entryAt(at))) same = false;
        j++;
      } else {
        same = false;
      }
      entries.push(entry);
      addTotals(totals, entry);
    }
    if (same && j === old.length && prior) return { hash: this.keep(prior.hash, prior.tree), totals };
    const tree = entries.map((e) => (typeof e === 'number' ? old.entryAt(e) : e));
    return { hash: this.keep(this.session.putTree(tree), new ArrayNode(tree)), totals };
  }

  /**
   * Rebuilds a folder's node from the previous one, looking only at the children named in `touched` (a trie of
   * changed paths); a child marked `whole` is walked entirely.
   */
  rebuild(abs: string, rel: string, prior: { hash: string; tree: NodeView }, touched: Trie): { hash: string; totals: Totals } | 'excluded' | 'unreadable' {
    if (touched.whole) return this.walk(abs, rel, prior);
    const priorTree = prior.tree.entries();
    const updates = new Map<string, TreeEntry | undefined>();
    for (const [name, child] of touched.children) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const childAbs = path.join(abs, name);
      const priorEntry = priorTree.find((e) => e.name === name);
      const st = this.lstat(childAbs);
      if (!st || this.excluded(childRel, name, st.isDirectory(), childAbs)) {
        updates.set(name, undefined);
        continue;
      }
      if (st.isDirectory()) {
        const childPrior = priorEntry?.type === 'd' ? { hash: priorEntry.ref, tree: this.priorNode(priorEntry.ref) } : undefined;
        const sub = childPrior && !child.whole ? this.rebuild(childAbs, childRel, childPrior, child) : this.walk(childAbs, childRel, childPrior);
        if (sub === 'excluded') updates.set(name, undefined);
        else if (sub === 'unreadable') updates.set(name, { name, type: 'x', mode: st.mode & 0o7777, size: 0, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, ref: 'unreadable' });
        else updates.set(name, this.dirEntry(name, st, sub.hash, sub.totals));
      } else {
        updates.set(name, this.leafEntry(childAbs, childRel, name, st, priorEntry));
      }
    }
    const byName = new Map(priorTree.map((e) => [e.name, e] as const));
    let same = true;
    for (const [name, entry] of updates) {
      const before = byName.get(name);
      if (entry === undefined) {
        if (before) same = false;
        byName.delete(name);
      } else {
        if (!before || !sameEntry(before, entry)) same = false;
        byName.set(name, entry);
      }
    }
    const entries = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const totals: Totals = { files: 0, bytes: 0 };
    for (const e of entries) addTotals(totals, e);
    if (same) return { hash: this.keep(prior.hash, prior.tree), totals };
    return { hash: this.keep(this.session.putTree(entries), new ArrayNode(entries)), totals };
  }
}


export const sameEntry = (a: TreeEntry, b: TreeEntry): boolean =>
  a.name === b.name && a.type === b.type && a.mode === b.mode && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.ref === b.ref;

/** Changed paths as a trie of names; `whole` when the path itself was listed (walk all of it). */
export interface Trie {
  whole: boolean;
  readonly children: Map<string, Trie>;
}

export function buildTrie(root: string, paths: readonly string[]): Trie {
  const top: Trie = { whole: false, children: new Map() };
  for (const p of paths) {
    const stored = storedPathFor(root, path.resolve(root, p));
    if (path.isAbsolute(stored)) continue; // outside the workspace
    if (stored === '') {
      top.whole = true;
      continue;
    }
    let node = top;
    for (const seg of stored.split('/')) {
      let next = node.children.get(seg);
      if (!next) {
        next = { whole: false, children: new Map() };
        node.children.set(seg, next);
      }
      node = next;
    }
    node.whole = true;
  }
  return top;
}

