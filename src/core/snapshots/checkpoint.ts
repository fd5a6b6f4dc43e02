import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { StoreError, storeWriteError } from './errors';
import { compileExclusions, effectivePatterns } from './exclusions';
import { newSnapshotId, type CheckpointManifest } from './manifest';
import { defaultSnapshotSettings, type SnapshotSettings } from './settings';
import type { SnapshotStore } from './store';
import { errnoOf } from './storeFs';
import { readTreeIndex, writeTreeIndex } from './treeIndex';
import { buildTrie, racyWindowMs, Walker } from './walk';
import { workspaceFor, type WorkspaceRef } from './workspace';

export interface CheckpointOptions {
  readonly label?: string;
  readonly settings?: Pick<SnapshotSettings, 'exclude' | 'include' | 'maxFileSize'>;
  /** Absolute folders never walked into, such as the store itself when it lies inside the workspace. */
  readonly skip?: readonly string[];
  /** Folders that are never checkpointed whole (the home folder, `/`): an error names them. */
  readonly refuse?: readonly string[];
  /**
   * What changed since an earlier checkpoint, as the editor's file watcher reports it (absolute or
   * workspace-relative; a folder stands for everything below it). Only these paths are looked at; everything
   * else is taken from that checkpoint. Without it, every file's metadata is compared with the latest checkpoint.
   */
  readonly changes?: { readonly since: string; readonly paths: readonly string[] };
  /** Write a checkpoint even when nothing changed since the latest one (which is otherwise returned). */
  readonly force?: boolean;
  /**
   * Update the workspace's tree index (treeIndex.ts) for the next process's checkpoint; default true. A process
   * that takes checkpoints often and keeps their nodes in memory (the editor) writes it once, with
   * updateTreeIndex, when it is done.
   */
  readonly index?: boolean;
}

export interface CheckpointResult {
  readonly manifest: CheckpointManifest;
  /** True when nothing changed since the latest checkpoint, which is returned instead of a new one. */
  readonly unchanged: boolean;
  /** How the workspace was read: all metadata compared, only the listed changes, or everything read. */
  readonly mode: 'compare' | 'changes' | 'initial';
  /** Files whose content was read (not known unchanged from the previous checkpoint). */
  readonly filesRead: number;
  readonly warnings: readonly string[];
}

/** The checkpoint the next one builds on: the one named, else the workspace's newest usable one. */
export function baseCheckpoint(store: SnapshotStore, ws: WorkspaceRef, id: string | undefined): CheckpointManifest | undefined {
  if (id === undefined) return store.latestCheckpoint(ws.id);
  let m;
  try {
    m = store.readManifest(ws.id, id);
  } catch {
    return undefined;
  }
  if (!m || m.kind !== 'checkpoint' || (m.damaged?.length ?? 0) > 0 || !store.hasObject(m.root)) return undefined;
  return m;
}

/**
 * Takes a checkpoint of the whole workspace. Incremental: files whose metadata matches the latest checkpoint are
 * not read, and with `changes` only the listed paths are looked at. Leaves out the excluded folders and keeps
 * larger files than the size cap as a record of their existence only.
 */
export function takeCheckpoint(store: SnapshotStore, workspaceDir: string, options: CheckpointOptions = {}): CheckpointResult {
  const started = store.now();
  const ws = workspaceFor(store.fsx, workspaceDir);
  if (path.parse(ws.root).root === ws.root || (options.refuse ?? []).some((r) => path.resolve(r) === ws.root)) {
    throw new StoreError('invalid', `${ws.root} is not checkpointed whole (it is ${path.parse(ws.root).root === ws.root ? 'the file system root' : 'a protected folder such as your home folder'}); checkpoint a project folder instead`);
  }
  let rootStat: Stats;
  try {
    rootStat = store.fsx.statSync(ws.root);
  } catch (e) {
    throw new StoreError('not-found', `the workspace folder ${ws.root} cannot be read: ${errnoOf(e) ?? (e as Error).message}`);
  }
  if (!rootStat.isDirectory()) throw new StoreError('invalid', `${ws.root} is not a folder`);
  const settings = options.settings ?? defaultSnapshotSettings;
  const patterns = effectivePatterns(settings.exclude, settings.include);
  const exclusions = compileExclusions(patterns);
  const skip = [...(options.skip ?? []), store.root];

  const session = store.beginWrite('the checkpoint');
  try {
    const base = (options.changes && baseCheckpoint(store, ws, options.changes.since)) || baseCheckpoint(store, ws, undefined);
    // Only a base with the same exclusions and cap describes the same set of files.
    const usable = base && base.maxFileSize === settings.maxFileSize && base.exclude.join('\n') === patterns.join('\n') ? base : undefined;
    const indexed = usable ? readTreeIndex(store, ws.id, usable.root) : undefined;
    const walker = new Walker(session, exclusions, settings.maxFileSize, usable ? usable.fsTime - racyWindowMs : -Infinity, skip, undefined, indexed);
    const prior = usable ? { hash: usable.root, tree: walker.priorNode(usable.root) } : undefined;
    let mode: CheckpointResult['mode'] = prior ? 'compare' : 'initial';
    // A walk of the whole workspace kept every folder node of its result: the index is written from them without
    // following the tree again. Rebuilding from a change list leaves the untouched folders' nodes in the old index.
    const updateIndex = (root: string): void => {
      if (options.index !== false) writeTreeIndex(store, ws.id, root, (h) => walker.nodes.get(h) ?? indexed?.get(h), mode === 'changes' ? undefined : walker.nodes);
    };
    let result;
    if (prior && options.changes && usable?.id === options.changes.since) {
      mode = 'changes';
      result = walker.rebuild(ws.root, '', prior, buildTrie(ws.root, options.changes.paths));
    } else {
      result = walker.walk(ws.root, '', prior);
    }
    if (typeof result === 'string') throw new StoreError('invalid', `the workspace folder ${ws.root} cannot be listed`);
    if (usable && !options.force && result.hash === usable.root && (rootStat.mode & 0o7777) === usable.rootMode) {
      session.abort();
      if (!indexed) updateIndex(usable.root);
      return { manifest: usable, unchanged: true, mode, filesRead: walker.filesRead, warnings: walker.warnings };
    }
    const manifest: CheckpointManifest = {
      format: 1,
      id: newSnapshotId(store.now()),
      kind: 'checkpoint',
      workspace: ws,
      createdAt: store.now(),
      fsTime: session.fsTime,
      ...(options.label !== undefined ? { label: options.label } : {}),
      root: result.hash,
      rootMode: rootStat.mode & 0o7777,
      exclude: patterns,
      maxFileSize: settings.maxFileSize,
      ...(base ? { parent: base.id } : {}),
      stats: {
        files: result.totals.files,
        bytes: result.totals.bytes,
        skipped: walker.skipped,
        newObjects: session.newObjects,
        newBytes: session.newBytes,
        durationMs: Math.max(0, store.now() - started),
      },
    };
    session.commit(manifest);
    updateIndex(manifest.root);
    return { manifest, unchanged: false, mode, filesRead: walker.filesRead, warnings: walker.warnings };
  } catch (e) {
    session.abort();
    throw storeWriteError(e, store.root, 'the checkpoint');
  }
}

/**
 * Writes the tree index of the workspace's latest checkpoint unless it is up to date; for a process that took
 * its checkpoints with `index: false`. False when there is no checkpoint or the index cannot be written.
 */
export function updateTreeIndex(store: SnapshotStore, workspaceDir: string): boolean {
  const ws = workspaceFor(store.fsx, workspaceDir);
  const latest = store.latestCheckpoint(ws.id);
  if (!latest) return false;
  if (readTreeIndex(store, ws.id, latest.root)) return true;
  return writeTreeIndex(store, ws.id, latest.root, () => undefined);
}
