import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import * as vscode from 'vscode';
import type { AirlockPaths } from '../../core/airlockPaths';
import {
  applyRestore,
  defaultSnapshotSettings,
  findSnapshot,
  listSnapshots,
  parseSnapshotSettings,
  planRestore,
  SnapshotStore,
  takeCheckpoint,
  takeTargetedSnapshot,
  updateTreeIndex,
  type CheckpointResult,
  type RestoreResult,
  type SnapshotSettings,
  type SnapshotSummary,
} from '../../core/snapshots';
import { compileExclusions, effectivePatterns, type Exclusions } from '../../core/snapshots/exclusions';
import { Disposable } from '../disposable';
import { changesLabel } from '../../core/snapshots/labels';
import { DeletionBurst, massDeletion, type Deletion } from '../../core/snapshots/deletionBurst';
import { realPathOf } from '../../core/workspace';
import { errorMessage } from '../../core/values';

/**
 * A mass deletion: at least `files` files deleted within `windowMs`. Fixed, not a setting: `rm -rf` of a real
 * folder easily deletes 20 files in well under 5 s, while people deleting by hand rarely do.
 */
export { massDeletion };

/** The watcher's changes are checkpointed once things have been quiet this long (or at the latest after maxWaitMs). */
const quietMs = 1_000;
const maxWaitMs = 30_000;

/** Many files deleted at once, and the checkpoint that still held them. */
export interface MassDeletion {
  readonly workspace: string;
  /** Files deleted (absolute), without the folders that held them. */
  readonly files: readonly string[];
  /**
   * What to restore from where: each deleted path (files and folders, absolute) from the newest checkpoint taken
   * before it was deleted. Usually one checkpoint; more when the deletions spanned a checkpoint.
   */
  readonly sources: readonly { readonly checkpoint: string; readonly paths: readonly string[] }[];
  readonly at: number;
}


/** One watched workspace folder. */
interface Folder {
  /** The real path of the workspace folder (what the store records and chokidar reports under). */
  readonly root: string;
  readonly watcher: FSWatcher;
  /** The newest checkpoint of this folder: the base the next incremental one builds on. */
  lastCheckpoint: string | undefined;
  /** Paths changed since lastCheckpoint; undefined when unknown (a watcher error): the next checkpoint compares all. */
  changed: Set<string> | undefined;
  /** The deletions of a mass deletion under way, alerted on once the folder is quiet again. */
  deletions: DeletionBurst;
  quietTimer: NodeJS.Timeout | undefined;
  firstChangeAt: number | undefined;
  /** The store refused the folder (the home folder, `/`): nothing more is tried. */
  refused: boolean;
  /** The folder's checkpoints leave the tree index behind (it costs time each); it is brought up to date on stop. */
  indexBehind: boolean;
}

/** (The real path, as the store files a workspace under it.) */
const realpath = realPathOf;

const within = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * The always-on safety net: keeps a current checkpoint of every workspace folder (a full one on activation, then
 * incremental ones from a file watcher's changes), snapshots what the editor is about to delete, rename or
 * overwrite on save, and offers to restore when many files disappear at once (`rm -rf` in a terminal, say).
 */
export class SafetyNet extends Disposable {
  readonly storeRoot: string;
  private opened: SnapshotStore | undefined;
  private readonly settings: SnapshotSettings;
  private readonly exclusions: Exclusions;
  /** The snapshots taken before editor operations, by real path, for the records of those operations. */
  private readonly takenBefore = new Map<string, { id: string; at: number }>();
  private readonly folders = new Map<string, Folder>();
  private readonly starting = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private latestMassDeletion: MassDeletion | undefined;

  constructor(
    airlock: AirlockPaths,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.storeRoot = airlock.store;
    this.settings = readSettings(airlock.snapshotSettings, log);
    this.exclusions = compileExclusions(effectivePatterns(this.settings.exclude, this.settings.include));
    this.register({ dispose: () => this.stopAll() });
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.stop(realpath(f.uri.fsPath));
        for (const f of e.added) if (f.uri.scheme === 'file') this.start(f.uri.fsPath);
      }),
    );
    this.register(
      vscode.workspace.onWillDeleteFiles((e) => e.waitUntil(this.snapshotBefore(e.files, 'deleting'))),
    );
    this.register(
      vscode.workspace.onWillRenameFiles((e) =>
        e.waitUntil(this.snapshotBefore(e.files.flatMap((f) => [f.oldUri, f.newUri]), 'renaming')),
      ),
    );
    this.register(
      vscode.workspace.onWillSaveTextDocument((e) => {
        // Only a save that overwrites different content on disk needs a copy of what is there.
        if (e.document.uri.scheme !== 'file' || !e.document.isDirty || !fs.existsSync(e.document.uri.fsPath)) return;
        e.waitUntil(this.snapshotBefore([e.document.uri], 'saving'));
      }),
    );
    for (const f of vscode.workspace.workspaceFolders ?? []) if (f.uri.scheme === 'file') this.start(f.uri.fsPath);
  }

  /** The workspace folders watched (real paths). */
  get workspaces(): string[] {
    return [...this.folders.keys()];
  }

  /** The newest checkpoint the safety net knows of for a workspace folder. */
  lastCheckpoint(workspace: string): string | undefined {
    return this.folders.get(realpath(workspace))?.lastCheckpoint;
  }

  /**
   * The snapshot taken just before the editor deleted, renamed or saved a file (by its path as given or as real),
   * so the record of that operation links it. Snapshots older than a minute are not its.
   */
  snapshotTakenBefore(file: string): string | undefined {
    const abs = path.join(realpath(path.dirname(file)), path.basename(file));
    const hit = this.takenBefore.get(abs);
    if (!hit || Date.now() - hit.at > 60_000) return undefined;
    return hit.id;
  }

  /** The newest snapshots of a workspace folder, newest first. */
  recent(workspace: string, count: number): SnapshotSummary[] {
    return this.useStore(() => listSnapshots(this.store, workspace).slice(0, count));
  }

  /** The latest mass deletion alerted on, if any. */
  get lastMassDeletion(): MassDeletion | undefined {
    return this.latestMassDeletion;
  }

  /** Resolves once the initial checkpoints are taken and no watched change is waiting for its checkpoint. */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.starting]);
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** A checkpoint of the whole folder now (metadata compared with the latest), labelled, written even when nothing changed. */
  checkpointNow(workspace: string, label: string): CheckpointResult {
    const folder = this.folders.get(realpath(workspace));
    if (folder?.quietTimer) clearTimeout(folder.quietTimer);
    const result = this.useStore(() => takeCheckpoint(this.store, workspace, this.checkpointOptions(label, { force: true })));
    if (folder) {
      folder.quietTimer = undefined;
      folder.firstChangeAt = undefined;
      folder.changed = new Set();
      folder.lastCheckpoint = result.manifest.id;
      this.notifyIdle();
    }
    return result;
  }

  /** Restores what a mass deletion removed from the checkpoint taken before it; current copies are kept beside. */
  restoreDeletion(deletion: MassDeletion): RestoreResult {
    return this.useStore(() => {
      const results = deletion.sources.map((source) => {
        const manifest = findSnapshot(this.store, deletion.workspace, source.checkpoint);
        return applyRestore(this.store, planRestore(this.store, manifest, { paths: source.paths }), { onConflict: 'keep-both' });
      });
      const last = results[results.length - 1];
      return {
        restored: results.flatMap((r) => r.restored),
        deleted: results.flatMap((r) => r.deleted),
        keptBeside: results.flatMap((r) => r.keptBeside),
        skipped: results.flatMap((r) => r.skipped),
        failed: results.flatMap((r) => r.failed),
        ...(last?.savedAs ? { savedAs: last.savedAs } : {}),
      };
    });
  }

  private start(dir: string): void {
    const root = realpath(dir);
    if (this.folders.has(root)) return;
    const watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (p, stats) => this.ignored(root, p, stats),
    });
    const folder: Folder = { root, watcher, lastCheckpoint: undefined, changed: new Set(), deletions: new DeletionBurst(), quietTimer: undefined, firstChangeAt: undefined, refused: false, indexBehind: false };
    this.folders.set(root, folder);
    watcher.on('all', (event, p) => this.onChange(folder, event, p));
    watcher.on('error', (err) => {
      this.log.warn(`Safety net: the file watcher of ${root} failed (${String(err)}); the next checkpoint compares every file`);
      folder.changed = undefined;
    });
    const initial = Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Airlock: checkpointing the workspace' }, () =>
        new Promise<void>((resolve) =>
          // Off the activation path: the checkpoint is synchronous, so let activation finish first.
          setImmediate(() => {
            this.checkpoint(folder, 'workspace opened', false);
            resolve();
          }),
        ),
      ),
    );
    this.starting.add(initial);
    void initial.finally(() => {
      this.starting.delete(initial);
      this.notifyIdle();
    });
  }

  private stop(root: string): void {
    const folder = this.folders.get(root);
    if (!folder) return;
    if (folder.quietTimer) clearTimeout(folder.quietTimer);
    void folder.watcher.close();
    this.folders.delete(root);
    if (folder.indexBehind) {
      // So that the CLI's next checkpoint of this folder (an agent's hook) compares with one file, not the store.
      try {
        this.useStore(() => updateTreeIndex(this.store, root));
      } catch (e) {
        this.log.debug(`Safety net: tree index of ${root} not updated: ${errorMessage(e)}`);
      }
    }
    this.notifyIdle();
  }

  private stopAll(): void {
    for (const root of [...this.folders.keys()]) this.stop(root);
    this.opened?.close();
  }

  /** Opened on first use, so a store that cannot be opened costs a logged warning, never the activation. */
  private get store(): SnapshotStore {
    this.opened ??= SnapshotStore.open({ root: this.storeRoot });
    return this.opened;
  }

  private ignored(root: string, p: string, stats: fs.Stats | undefined): boolean {
    if (within(p, this.storeRoot)) return true;
    const rel = path.relative(root, p);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const stored = rel.split(path.sep).join('/');
    // Without stats (chokidar asks twice) only patterns for any kind of entry can match.
    return this.exclusions.excludes(stored, path.basename(p), stats?.isDirectory() ?? false);
  }

  private onChange(folder: Folder, event: string, p: string): void {
    if (this.isDisposed || !this.folders.has(folder.root)) return;
    folder.changed?.add(p);
    if (event === 'unlink' || event === 'unlinkDir') this.noteDeletion(folder, p, event === 'unlinkDir');
    const now = Date.now();
    folder.firstChangeAt ??= now;
    if (folder.quietTimer) clearTimeout(folder.quietTimer);
    const wait = Math.max(0, Math.min(quietMs, folder.firstChangeAt + maxWaitMs - now));
    folder.quietTimer = setTimeout(() => this.flush(folder), wait);
  }

  private noteDeletion(folder: Folder, p: string, dir: boolean): void {
    folder.deletions.note(p, dir, folder.lastCheckpoint);
  }

  private flush(folder: Folder): void {
    folder.quietTimer = undefined;
    folder.firstChangeAt = undefined;
    const burst = folder.deletions.take();
    this.checkpoint(folder, changesLabel(folder.root, folder.changed), true);
    if (burst) this.alert(folder, burst);
    this.notifyIdle();
  }

  private checkpoint(folder: Folder, label: string, incremental: boolean): void {
    if (folder.refused || !this.folders.has(folder.root)) return;
    const changed = folder.changed;
    folder.changed = new Set();
    const since = incremental && changed && folder.lastCheckpoint ? { since: folder.lastCheckpoint, paths: [...changed] } : undefined;
    try {
      // The editor keeps the nodes in memory; the tree index, for the CLI's next checkpoint, is written on stop().
      const result = this.useStore(() => takeCheckpoint(this.store, folder.root, this.checkpointOptions(label, { ...(since ? { changes: since } : {}), index: false })));
      folder.lastCheckpoint = result.manifest.id;
      if (!result.unchanged) folder.indexBehind = true;
      if (!result.unchanged) this.log.debug(`Safety net: checkpoint ${result.manifest.id} of ${folder.root} (${result.mode}, ${result.filesRead} files read)`);
      for (const w of result.warnings) this.log.warn(`Safety net: ${w}`);
    } catch (e) {
      const message = errorMessage(e);
      if (/not checkpointed whole/.test(message)) folder.refused = true;
      else folder.changed = undefined;
      this.log.warn(`Safety net: no checkpoint of ${folder.root}: ${message}`);
    }
  }

  private alert(folder: Folder, burst: readonly Deletion[]): void {
    const byCheckpoint = new Map<string, string[]>();
    for (const d of burst) if (d.baseline !== undefined) byCheckpoint.set(d.baseline, [...(byCheckpoint.get(d.baseline) ?? []), d.path]);
    const deletion: MassDeletion = {
      workspace: folder.root,
      files: [...new Set(burst.filter((d) => !d.dir).map((d) => d.path))],
      sources: [...byCheckpoint].map(([checkpoint, paths]) => ({ checkpoint, paths: topOnly(paths) })),
      at: Date.now(),
    };
    this.latestMassDeletion = deletion;
    const from = deletion.sources.map((s) => s.checkpoint).join(', ');
    this.log.warn(`Safety net: ${deletion.files.length} files were deleted in ${folder.root}; ${from ? `checkpoint ${from} holds them` : 'no checkpoint was taken before'}`);
    void vscode.window
      .showWarningMessage(`Airlock: ${deletion.files.length} files were deleted in the last few seconds`, ...(deletion.sources.length > 0 ? ['Restore all'] : []))
      .then((choice) => {
        if (choice !== 'Restore all') return;
        try {
          const r = this.restoreDeletion(deletion);
          const kept = r.keptBeside.length > 0 ? ` ${r.keptBeside.length} current copies were kept beside.` : '';
          const failed = r.failed.map((f) => ` ${f.path}: ${f.error}.`).join('');
          const show = r.failed.length > 0 ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
          void show(`Airlock: restored ${r.restored.length} paths from checkpoint ${from}.${kept}${failed}`);
        } catch (e) {
          void vscode.window.showErrorMessage(`Airlock: could not restore: ${errorMessage(e)}`);
        }
      });
  }

  /** A targeted snapshot of the given files (folders with their content) in workspace folders, before an editor operation. */
  private snapshotBefore(uris: readonly vscode.Uri[], doing: string): Promise<void> {
    return new Promise((resolve) => {
      setImmediate(() => {
        const byRoot = new Map<string, string[]>();
        for (const uri of uris) {
          if (uri.scheme !== 'file') continue;
          const abs = path.join(realpath(path.dirname(uri.fsPath)), path.basename(uri.fsPath));
          const root = [...this.folders.keys()].find((r) => within(abs, r) && abs !== r);
          if (root) byRoot.set(root, [...(byRoot.get(root) ?? []), abs]);
        }
        for (const [root, paths] of byRoot) {
          const names = paths.map((p) => path.relative(root, p)).join(', ');
          try {
            const r = this.useStore(() => takeTargetedSnapshot(this.store, root, paths, { label: `before ${doing} ${names} in the editor`, settings: this.settings, skip: [this.storeRoot] }));
            this.log.debug(`Safety net: snapshot ${r.manifest.id} before ${doing} ${names}`);
            const now = Date.now();
            for (const p of paths) this.takenBefore.set(p, { id: r.manifest.id, at: now });
          } catch (e) {
            // The operation goes ahead: the safety net never blocks the editor.
            this.log.warn(`Safety net: no snapshot before ${doing} ${names}: ${errorMessage(e)}`);
          }
        }
        resolve();
      });
    });
  }

  private checkpointOptions(label: string, extra: { changes?: { since: string; paths: string[] }; force?: boolean; index?: boolean }) {
    const refuse = [os.homedir(), ...(process.env.HOME && path.isAbsolute(process.env.HOME) ? [process.env.HOME] : [])];
    return { label, settings: this.settings, refuse, skip: [this.storeRoot], ...extra };
  }

  /** Runs a store operation, then drops the idle writer lock so the CLI's gc is never kept waiting. */
  private useStore<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      this.opened?.close();
    }
  }

  private isIdle(): boolean {
    return this.starting.size === 0 && [...this.folders.values()].every((f) => f.quietTimer === undefined);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** `snapshots.json` next to the user policy, as the CLI reads it; a bad file is logged and the defaults used. */
function readSettings(file: string, log: vscode.LogOutputChannel): SnapshotSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') log.warn(`Safety net: ${file}: ${(e as Error).message}; using the default snapshot settings`);
    return defaultSnapshotSettings;
  }
  const parsed = parseSnapshotSettings(raw);
  if (parsed.ok) return parsed.value;
  log.warn(`Safety net: ${file}: ${parsed.error}; using the default snapshot settings`);
  return defaultSnapshotSettings;
}

/** The paths not below another one in the list. */
function topOnly(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const p of sorted) if (!out.some((q) => within(p, q))) out.push(p);
  return out;
}
