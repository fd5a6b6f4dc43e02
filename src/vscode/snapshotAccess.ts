import * as path from 'node:path';
import {
  applyRestore,
  findSnapshot,
  planRestore,
  SnapshotStore,
  type Manifest,
  type RestorePlan,
} from '../core/snapshots';
import { storedPathFor } from '../core/snapshots/workspace';

/** A file as a snapshot holds it. */
export type SnapshotFile =
  | { readonly kind: 'file'; readonly content: Uint8Array }
  /** The snapshot holds no content for it; `reason` says why in words (did not exist then, a folder, too large…). */
  | { readonly kind: 'none'; readonly reason: string };

/** A restore worked out and not yet carried out: what it would change, then `apply` to do it. */
export interface RestoreProposal {
  readonly snapshot: string;
  /** One line per path that would change (`overwrite src/a.ts — changed since the snapshot`). */
  readonly changes: readonly string[];
  apply(): { readonly ok: boolean; readonly message: string };
}

/**
 * What the audit panel needs from the snapshot store: a file's content for Diff, and a restore for Restore. An
 * interface so the panel stays about the panel; `storeSnapshotAccess` is the real one.
 */
export interface SnapshotAccess {
  /** The content `file` (absolute) had in snapshot `id` of `workspace`. Throws with a readable message when the snapshot is gone. */
  readFile(workspace: string, id: string, file: string): SnapshotFile;
  /**
   * Works out restoring `files` (absolute) from snapshot `id`: a targeted snapshot (taken for exactly this action)
   * is restored whole, a checkpoint only at those paths. Undefined when nothing would change.
   */
  proposeRestore(workspace: string, id: string, files: readonly string[]): RestoreProposal | undefined;
}

const maxDiffBytes = 16 * 1024 * 1024;

/** Opens the snapshot store in its folder (`AirlockPaths.store`) for one use, and closes it after. */
export function withSnapshotStore<T>(storeRoot: string, use: (store: SnapshotStore) => T): T {
  const store = SnapshotStore.open({ root: storeRoot });
  try {
    return use(store);
  } finally {
    store.close();
  }
}

/** The snapshot store in its folder (`AirlockPaths.store`), opened for each call and closed after. */
export function storeSnapshotAccess(storeRoot: string): SnapshotAccess {
  const withStore = <T>(use: (store: SnapshotStore) => T): T => withSnapshotStore(storeRoot, use);
  /** The snapshot with exactly this id: a record names one snapshot, never a prefix or 'latest'. */
  const exact = (store: SnapshotStore, workspace: string, id: string): Manifest => {
    const manifest = findSnapshot(store, workspace, id);
    if (manifest.id !== id) throw new Error(`there is no snapshot ${id} of ${workspace} (it may have been removed by gc)`);
    return manifest;
  };
  return {
    readFile: (workspace, id, file) =>
      withStore((store) => {
        const manifest = exact(store, workspace, id);
        return fileIn(store, manifest, storedPathFor(manifest.workspace.root, path.resolve(manifest.workspace.root, file)));
      }),
    proposeRestore: (workspace, id, files) => {
      const planned = withStore((store) => {
        const manifest = exact(store, workspace, id);
        let plan: RestorePlan = planRestore(store, manifest, manifest.kind === 'targeted' ? {} : { paths: files });
        if (plan.unmatched.length > 0) {
          const known = files.filter((f) => !plan.unmatched.includes(storedPathFor(manifest.workspace.root, path.resolve(manifest.workspace.root, f))));
          if (known.length === 0) throw new Error(`snapshot ${manifest.id} holds none of ${files.join(', ')}`);
          plan = planRestore(store, manifest, { paths: known });
        }
        return plan;
      });
      const changing = planned.items.filter((i) => i.action !== 'unchanged' && i.action !== 'keep-new');
      if (changing.length === 0) return undefined;
      return {
        snapshot: planned.manifest.id,
        changes: changing.map((i) => `${i.action} ${i.path === '' ? '.' : i.path} — ${i.reason}`),
        apply: () =>
          withStore((store) => {
            // The current versions go to a snapshot first (see applyRestore), not beside the files.
            const r = applyRestore(store, planned, { onConflict: 'overwrite' });
            const parts = [`Restored ${r.restored.length}`, ...(r.deleted.length > 0 ? [`removed ${r.deleted.length}`] : []), ...(r.failed.length > 0 ? [`failed ${r.failed.length}`] : [])];
            const kept = r.keptBeside.map((k) => ` ${k.path} changed while restoring and was kept as ${path.basename(k.keptAs)}.`).join('');
            const failed = r.failed.map((f) => ` ${f.path}: ${f.error}.`).join('');
            const undo = r.savedAs ? ` What was there before is in snapshot ${r.savedAs}.` : '';
            return { ok: r.failed.length === 0, message: `${parts.join(', ')} from snapshot ${planned.manifest.id}.${kept}${failed}${undo}` };
          }),
      };
    },
  };
}

/** The content at a stored path in a snapshot, walking folder nodes from the nearest entry that holds it. */
function fileIn(store: SnapshotStore, m: Manifest, stored: string): SnapshotFile {
  if (m.kind === 'checkpoint') return inTree(store, m.root, stored === '' ? [] : stored.split('/'));
  for (const e of m.entries) {
    if (e.path === stored) {
      switch (e.type) {
        case 'file':
          return read(store, e.blob, e.size);
        case 'missing':
          return { kind: 'none', reason: 'it did not exist when the snapshot was taken' };
        case 'dir':
          return { kind: 'none', reason: 'it was a folder' };
        case 'symlink':
          return { kind: 'none', reason: `it was a symbolic link to ${e.target}` };
        default:
          return { kind: 'none', reason: `its content was not kept (${e.reason})` };
      }
    }
    if (e.type === 'dir' && e.tree && stored.startsWith(e.path === '' ? '' : `${e.path}/`)) {
      const rest = e.path === '' ? stored : stored.slice(e.path.length + 1);
      return inTree(store, e.tree, rest.split('/'));
    }
  }
  return { kind: 'none', reason: 'the snapshot does not hold it' };
}

function inTree(store: SnapshotStore, root: string, segments: readonly string[]): SnapshotFile {
  let tree = store.readTree(root);
  for (let i = 0; i < segments.length; i++) {
    const e = tree.find((x) => x.name === segments[i]);
    if (!e) return { kind: 'none', reason: 'it did not exist when the snapshot was taken' };
    const last = i === segments.length - 1;
    if (e.type === 'd') {
      if (last) return { kind: 'none', reason: 'it was a folder' };
      tree = store.readTree(e.ref);
      continue;
    }
    if (!last) return { kind: 'none', reason: 'it did not exist when the snapshot was taken' };
    if (e.type === 'f') return read(store, e.ref, e.size);
    if (e.type === 'l') return { kind: 'none', reason: `it was a symbolic link to ${e.ref}` };
    return { kind: 'none', reason: `its content was not kept (${e.ref})` };
  }
  return { kind: 'none', reason: 'it was the workspace folder' };
}

function read(store: SnapshotStore, blob: string, size: number): SnapshotFile {
  if (size > maxDiffBytes) return { kind: 'none', reason: `it is too large to show (${size} bytes)` };
  return { kind: 'file', content: store.readObject(blob) };
}
