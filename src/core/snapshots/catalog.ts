import { StoreError } from './errors';
import { summarize, type Manifest, type SnapshotEntry, type SnapshotSummary } from './manifest';
import type { SnapshotStore } from './store';
import type { Tree } from './tree';
import { workspaceFor } from './workspace';

/** A workspace's snapshots, newest first. */
export function listSnapshots(store: SnapshotStore, workspaceDir: string): SnapshotSummary[] {
  const ws = workspaceFor(store.fsx, workspaceDir);
  return store
    .manifests(ws.id)
    .reverse()
    .map(summarize);
}

/**
 * A snapshot of the workspace by id, by a prefix of one that names only one, or `latest`. Errors name what was
 * not found or which snapshots a prefix matches.
 */
export function findSnapshot(store: SnapshotStore, workspaceDir: string, ref: string): Manifest {
  const ws = workspaceFor(store.fsx, workspaceDir);
  const ids = store.snapshotIds(ws.id);
  let id: string | undefined;
  if (ref === 'latest') {
    const all = store.manifests(ws.id);
    id = all[all.length - 1]?.id;
    if (!id) throw new StoreError('not-found', `there are no snapshots of ${ws.root}`);
  } else {
    const matches = ids.filter((i) => i === ref || i.startsWith(ref));
    if (matches.length === 0) throw new StoreError('not-found', `no snapshot '${ref}' of ${ws.root} (see 'airlock snapshots --workspace ${ws.root}')`);
    if (matches.length > 1 && !matches.includes(ref)) throw new StoreError('invalid', `'${ref}' names ${matches.length} snapshots (${matches.slice(0, 3).join(', ')}${matches.length > 3 ? ', …' : ''}); give more of the id`);
    id = matches.includes(ref) ? ref : matches[0]!;
  }
  const m = store.readManifest(ws.id, id);
  if (!m) throw new StoreError('not-found', `snapshot ${id} has just been removed`);
  return m;
}

/** Calls `visit` for every entry below a tree node (pre-order, folders before their content). */
export function walkTree(store: SnapshotStore, hash: string, prefix: string, visit: (entry: SnapshotEntry) => void): void {
  const tree: Tree = store.readTree(hash);
  for (const e of tree) {
    const p = prefix === '' ? e.name : prefix === '/' ? `/${e.name}` : `${prefix}/${e.name}`;
    switch (e.type) {
      case 'f':
        visit({ path: p, type: 'file', mode: e.mode, size: e.size, mtimeMs: e.mtimeMs, blob: e.ref });
        break;
      case 'l':
        visit({ path: p, type: 'symlink', target: e.ref, mtimeMs: e.mtimeMs });
        break;
      case 'd':
        visit({ path: p, type: 'dir', mode: e.mode, mtimeMs: e.mtimeMs });
        walkTree(store, e.ref, p, visit);
        break;
      case 'x':
        visit({ path: p, type: 'skipped', reason: e.ref === 'too-large' || e.ref === 'limit' ? e.ref : 'unreadable', size: e.size });
        break;
    }
  }
}

/** Every path a snapshot holds, flattened (for listings and `snapshots show`). */
export function snapshotEntries(store: SnapshotStore, m: Manifest): SnapshotEntry[] {
  const out: SnapshotEntry[] = [];
  if (m.kind === 'checkpoint') {
    out.push({ path: '', type: 'dir', mode: m.rootMode, mtimeMs: 0 });
    walkTree(store, m.root, '', (e) => out.push(e));
    return out;
  }
  for (const e of m.entries) {
    out.push(e.type === 'dir' && e.tree ? { path: e.path, type: 'dir', mode: e.mode, mtimeMs: e.mtimeMs } : e);
    if (e.type === 'dir' && e.tree) walkTree(store, e.tree, e.path, (x) => out.push(x));
  }
  return out;
}
