import { StoreError } from './errors';
import { RefCounts, manifestRefs } from './graph';
import { findLeftovers, removeLeftovers } from './leftovers';
import type { Manifest, SnapshotEntry, TargetedManifest } from './manifest';
import { repack } from './repack';
import { defaultSnapshotSettings, type RetentionSettings } from './settings';
import type { SnapshotStore } from './store';
import { isNotFound } from './storeFs';

export interface GcOptions {
  readonly retention?: RetentionSettings;
  /** Work out what would go, remove nothing. */
  readonly dryRun?: boolean;
}

export interface GcDecision {
  readonly workspace: string;
  readonly id: string;
  readonly createdAt: number;
  /** remove: nothing in it is the newest copy of anything; thin: only the files whose newest copy it holds stay. */
  readonly action: 'remove' | 'thin';
  readonly why: 'age' | 'size';
  /** For thin: how many files stay. */
  readonly kept?: number;
}

export interface GcReport {
  readonly decisions: readonly GcDecision[];
  /** Store size (packs and manifests on disk) before and after. */
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  /** Still larger than the cap, because what is left is the newest copy of something. */
  readonly overCap: boolean;
  readonly objectsRemoved: number;
  readonly leftoversRemoved: number;
  readonly dryRun: boolean;
}

const dayMs = 24 * 60 * 60 * 1000;

/** Calls `visit` for each file and symlink of a snapshot; `enterDir` may prune a folder node (return false). */
function visitContent(store: SnapshotStore, m: Manifest, enterDir: (p: string, hash: string) => boolean, visit: (e: SnapshotEntry) => void): void {
  const walk = (prefix: string, hash: string): void => {
    if (!enterDir(prefix, hash)) return;
    let tree;
    try {
      tree = store.readTree(hash);
    } catch {
      return;
    }
    for (const e of tree) {
      const p = prefix === '' ? e.name : prefix === '/' ? `/${e.name}` : `${prefix}/${e.name}`;
      if (e.type === 'f') visit({ path: p, type: 'file', mode: e.mode, size: e.size, mtimeMs: e.mtimeMs, blob: e.ref });
      else if (e.type === 'l') visit({ path: p, type: 'symlink', target: e.ref, mtimeMs: e.mtimeMs });
      else if (e.type === 'd') walk(p, e.ref);
    }
  };
  if (m.kind === 'checkpoint') return walk('', m.root);
  for (const e of m.entries) {
    if (e.type === 'file' || e.type === 'symlink') visit(e);
    else if (e.type === 'dir' && e.tree) walk(e.path, e.tree);
  }
}

function fileSize(store: SnapshotStore, file: string): number {
  try {
    return store.fsx.statSync(file).size;
  } catch (e) {
    if (isNotFound(e)) return 0;
    throw e;
  }
}

/** Bytes on disk: packs and manifests. */
export function storeSize(store: SnapshotStore): number {
  let n = 0;
  for (const p of store.loadedPacks()) n += fileSize(store, p.file);
  for (const ws of store.workspaceIds()) for (const id of store.snapshotIds(ws)) n += fileSize(store, store.manifestFile(ws, id));
  return n;
}

/**
 * Applies retention and reclaims space: removes snapshots older than the age limit, then the oldest while the
 * store is larger than the cap — but never the newest snapshot of a workspace, its latest checkpoint, or the
 * newest copy of any file: a snapshot that holds one is thinned to those files instead of removed. Then drops
 * unreferenced objects, rewrites packs and removes what crashed writers left. Runs with the store to itself.
 */
export function collectGarbage(store: SnapshotStore, options: GcOptions = {}): GcReport {
  const retention = options.retention ?? defaultSnapshotSettings.retention;
  const run = (): GcReport => plan(store, retention, options.dryRun === true);
  return options.dryRun ? run() : store.exclusive(run);
}

function plan(store: SnapshotStore, retention: RetentionSettings, dryRun: boolean): GcReport {
  const bytesBefore = storeSize(store);
  const now = store.now();
  const all: Manifest[] = [];
  const kept = new Set<string>();
  const unique = new Map<string, SnapshotEntry[]>();
  for (const ws of store.workspaceIds()) {
    const ids = store.snapshotIds(ws);
    const ms = store.manifests(ws);
    if (ms.length !== ids.length) {
      throw new StoreError('corrupt', `some snapshots of ${store.workspaceRoot(ws) ?? ws} cannot be read; run 'airlock snapshots verify --repair' before gc`);
    }
    const newest = ms[ms.length - 1];
    if (newest) kept.add(newest.id);
    const base = store.latestCheckpoint(ws);
    if (base) kept.add(base.id);
    // Newest first: a path not seen in any newer snapshot has its newest copy here.
    const seen = new Set<string>();
    const seenNodes = new Set<string>();
    for (const m of [...ms].reverse()) {
      const mine: SnapshotEntry[] = [];
      visitContent(
        store,
        m,
        (p, hash) => {
          const key = `${p}\0${hash}`;
          if (seenNodes.has(key)) return false;
          seenNodes.add(key);
          return true;
        },
        (e) => {
          if (!seen.has(e.path)) mine.push(e);
          seen.add(e.path);
        },
      );
      unique.set(m.id, mine);
      all.push(m);
    }
  }
  all.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const refs = new RefCounts(store);
  for (const m of all) refs.add(manifestRefs(m));
  let manifestBytes = all.reduce((n, m) => n + fileSize(store, store.manifestFile(m.workspace.id, m.id)), 0);

  const decisions: GcDecision[] = [];
  const thinned = new Map<string, TargetedManifest>();
  const removed = new Set<string>();
  const decide = (m: Manifest, why: GcDecision['why']): boolean => {
    const mine = unique.get(m.id) ?? [];
    if (mine.length === 0) {
      refs.remove(manifestRefs(m));
      manifestBytes -= fileSize(store, store.manifestFile(m.workspace.id, m.id));
      removed.add(m.id);
      decisions.push({ workspace: m.workspace.root, id: m.id, createdAt: m.createdAt, action: 'remove', why });
      return true;
    }
    const already = m.kind === 'targeted' && m.thinned !== undefined && mine.length === m.entries.length;
    if (already || mine.length >= m.stats.files + (m.kind === 'targeted' ? m.entries.filter((e) => e.type === 'symlink').length : 0)) return false;
    const t: TargetedManifest = {
      format: 1,
      id: m.id,
      kind: 'targeted',
      workspace: m.workspace,
      createdAt: m.createdAt,
      fsTime: m.fsTime,
      ...(m.label !== undefined ? { label: m.label } : {}),
      entries: mine,
      complete: [],
      exclude: m.exclude,
      thinned: { from: m.kind === 'targeted' && m.thinned ? m.thinned.from : m.kind, at: now },
      stats: { ...m.stats, files: mine.filter((e) => e.type === 'file').length, bytes: mine.reduce((n, e) => n + (e.type === 'file' ? e.size : 0), 0) },
      ...(m.damaged ? { damaged: m.damaged } : {}),
    };
    refs.add(manifestRefs(t));
    refs.remove(manifestRefs(m));
    thinned.set(m.id, t);
    decisions.push({ workspace: m.workspace.root, id: m.id, createdAt: m.createdAt, action: 'thin', why, kept: mine.length });
    return true;
  };

  const candidates = all.filter((m) => !kept.has(m.id));
  const handled = new Set<string>();
  for (const m of candidates) {
    if (now - m.createdAt > retention.maxAgeDays * dayMs) {
      decide(m, 'age');
      handled.add(m.id);
    }
  }
  for (const m of candidates) {
    if (refs.liveBytes + manifestBytes <= retention.maxBytes) break;
    if (handled.has(m.id)) continue;
    decide(m, 'size');
    handled.add(m.id);
  }
  const overCap = refs.liveBytes + manifestBytes > retention.maxBytes;

  if (dryRun) {
    return { decisions, bytesBefore, bytesAfter: bytesBefore, overCap, objectsRemoved: 0, leftoversRemoved: 0, dryRun };
  }
  for (const t of thinned.values()) store.writeManifest(t);
  for (const m of all) {
    if (!removed.has(m.id)) continue;
    store.fsx.rmSync(store.manifestFile(m.workspace.id, m.id), { force: true });
  }
  const report = repack(store, (h) => refs.isLive(h), { merge: true });
  const leftovers = findLeftovers(store);
  const failed = removeLeftovers(store, leftovers);
  return {
    decisions,
    bytesBefore,
    bytesAfter: storeSize(store),
    overCap,
    objectsRemoved: report.objectsDropped,
    leftoversRemoved: leftovers.length - failed.length,
    dryRun,
  };
}
