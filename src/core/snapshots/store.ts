import * as os from 'node:os';
import * as path from 'node:path';
import { StoreError, storeWriteError } from './errors';
import { acquireExclusive, WriterLock, type LockEnv, type Owner } from './locks';
import { parseManifest, type CheckpointManifest, type Manifest } from './manifest';
import { decodeObject, emptyHash, hashBytes } from './objects';
import { PackWriter, readPackIndex, type LoadedPack, type PackEntry } from './packs';
import { isNotFound, nodeStoreFs, readExactly, type StoreFs } from './storeFs';
import { decodeTree, type Tree } from './tree';
import { WriteSession } from './writeSession';
import { writeFileAtomic } from '../atomicWrite';
import { sleepSync } from '../fileLock';
import { processIsAlive, thisProcess } from '../host';

export { WriteSession };

/*
 * The snapshot store: one per user, outside every workspace (`<airlockHome>/store`), shared by the CLI (run by
 * agents' hooks) and the extension.
 *
 *   FORMAT                               {"format":1}
 *   packs/<name>.pack                    objects: file contents and checkpoint tree nodes, named by SHA-256,
 *                                        deflated when it pays, shared by every snapshot and workspace; each
 *                                        pack ends with its own index (see packs.ts)
 *   workspaces/<wsid>/workspace.json     {"root": "/real/path/of/the/workspace"}
 *   workspaces/<wsid>/snapshots/<id>.json  one manifest per snapshot; ids sort by time, and the newest
 *                                        checkpoint is the base the next one compares files against
 *   tmp/                                 files being written (`<time>-<pid>-<random>.*`), renamed into place
 *   locks/                               writer-* (one per running snapshot) and exclusive (gc, repair)
 *   quarantine/                          what repair took out of the way
 *
 * <wsid> is the first 16 hex digits of the SHA-256 of the workspace folder's real path. Every file is written
 * under a temporary name, fsynced and renamed, so a reader (or a crash) never sees half of one; a snapshot's
 * objects are durable before its manifest names them.
 */

export interface StoreOptions {
  /** The store's folder, `<airlockHome>/store` (see storeRootFor). */
  readonly root: string;
  readonly fs?: StoreFs;
  /** Wall clock in ms: snapshot ids and times, retention ages (locks and leftovers go by the real clock). */
  readonly now?: () => number;
  readonly owner?: Owner;
  readonly isAlive?: (pid: number) => boolean;
  readonly sleep?: (ms: number) => void;
  /** How long a writer waits for gc, and gc for writers (default 60 s). */
  readonly lockTimeoutMs?: number;
}

const treeCacheLimit = 400_000;

export class SnapshotStore {
  readonly root: string;
  readonly fsx: StoreFs;
  readonly now: () => number;
  readonly owner: Owner;
  readonly dirs: { readonly packs: string; readonly tmp: string; readonly locks: string; readonly workspaces: string; readonly quarantine: string };
  private readonly lockEnv: LockEnv;
  private readonly writerLock: WriterLock;
  private packs = new Map<string, LoadedPack>();
  private readonly fds = new Map<string, number>();
  private readonly trees = new Map<string, Tree>();
  private treeCacheSize = 0;

  private constructor(options: StoreOptions) {
    this.root = path.resolve(options.root);
    this.fsx = options.fs ?? nodeStoreFs;
    this.now = options.now ?? Date.now;
    this.owner = options.owner ?? { pid: thisProcess.pid, host: os.hostname() };
    this.dirs = {
      packs: path.join(this.root, 'packs'),
      tmp: path.join(this.root, 'tmp'),
      locks: path.join(this.root, 'locks'),
      workspaces: path.join(this.root, 'workspaces'),
      quarantine: path.join(this.root, 'quarantine'),
    };
    this.lockEnv = {
      fsx: this.fsx,
      dir: this.dirs.locks,
      owner: this.owner,
      now: Date.now,
      isAlive: options.isAlive ?? processIsAlive,
      sleep: options.sleep ?? sleepSync,
      timeoutMs: options.lockTimeoutMs ?? 60_000,
    };
    this.writerLock = new WriterLock(this.lockEnv);
  }

  /** Opens the store, creating its folders on first use. */
  static open(options: StoreOptions): SnapshotStore {
    const store = new SnapshotStore(options);
    const formatFile = path.join(store.root, 'FORMAT');
    try {
      for (const d of [store.dirs.packs, store.dirs.tmp, store.dirs.locks, store.dirs.workspaces]) store.fsx.mkdirSync(d, { recursive: true, mode: 0o700 });
      let text: string | undefined;
      try {
        text = store.fsx.readFileSync(formatFile, 'utf8');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      if (text === undefined) store.writeAtomic(formatFile, Buffer.from('{"format":1}\n'), true);
      else if (!/"format"\s*:\s*1\b/.test(text)) throw new StoreError('invalid', `${formatFile} names a store format this version of Airlock does not know`);
    } catch (e) {
      throw storeWriteError(e, store.root, 'opening the snapshot store');
    }
    store.reloadPacks();
    return store;
  }

  get lock(): LockEnv {
    return this.lockEnv;
  }

  /** Closes cached file descriptors and drops the idle writer lock. The store stays usable (both come back on demand). */
  close(): void {
    this.writerLock.close();
    for (const fd of this.fds.values()) {
      try {
        this.fsx.closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.fds.clear();
  }

  /** Re-reads the list of packs: new ones written by other processes, none that gc removed. */
  reloadPacks(): void {
    let names: string[];
    try {
      names = this.fsx.readdirSync(this.dirs.packs);
    } catch (e) {
      if (isNotFound(e)) names = [];
      else throw e;
    }
    const present = new Set(names.filter((n) => n.endsWith('.pack')).map((n) => n.slice(0, -5)));
    let vanished = false;
    for (const name of [...this.packs.keys()]) {
      if (present.has(name)) continue;
      this.forgetPack(name);
      vanished = true;
    }
    for (const name of present) {
      if (this.packs.has(name)) continue;
      const file = path.join(this.dirs.packs, `${name}.pack`);
      let fd: number;
      try {
        fd = this.fsx.openSync(file, 'r');
      } catch (e) {
        if (isNotFound(e)) continue;
        throw e;
      }
      let index;
      try {
        index = readPackIndex(this.fsx, fd);
      } catch {
        index = 'unreadable';
      }
      if (typeof index === 'string') {
        this.fsx.closeSync(fd); // verify reports it
        continue;
      }
      this.fds.set(name, fd);
      this.packs.set(name, { name, file, index });
    }
    if (vanished) {
      // Objects gc removed may be among the cached nodes; forget them all rather than trust any.
      this.trees.clear();
      this.treeCacheSize = 0;
    }
  }

  loadedPacks(): readonly LoadedPack[] {
    return [...this.packs.values()];
  }

  /** Where an object is stored, or undefined. The empty file is in every store without being written. */
  locate(hash: string): { pack: LoadedPack; entry: PackEntry } | undefined {
    const key = Buffer.from(hash, 'hex');
    for (const pack of this.packs.values()) {
      const i = pack.index.find(key);
      if (i >= 0) return { pack, entry: pack.index.entry(i) };
    }
    return undefined;
  }

  hasObject(hash: string): boolean {
    return hash === emptyHash || this.locate(hash) !== undefined;
  }

  private fdFor(pack: LoadedPack): number {
    let fd = this.fds.get(pack.name);
    if (fd === undefined) {
      fd = this.fsx.openSync(pack.file, 'r');
      this.fds.set(pack.name, fd);
    }
    return fd;
  }

  /** The stored record of an object (encoding byte + bytes), unverified. */
  readRecord(hash: string): Buffer {
    let at = this.locate(hash);
    if (!at) {
      this.reloadPacks();
      at = this.locate(hash);
    }
    if (!at) throw new StoreError('not-found', `object ${hash.slice(0, 12)}… is missing from the snapshot store; run 'airlock snapshots verify'`);
    try {
      return readExactly(this.fsx, this.fdFor(at.pack), at.entry.length, at.entry.offset);
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw new StoreError('corrupt', `object ${hash.slice(0, 12)}… cannot be read from ${at.pack.file}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** An object's bytes, checked against its hash: a damaged object is an error, never wrong content. */
  readObject(hash: string): Buffer {
    if (hash === emptyHash) return Buffer.alloc(0);
    const record = this.readRecord(hash);
    let data: Buffer;
    try {
      data = decodeObject(record);
    } catch (e) {
      throw new StoreError('corrupt', `object ${hash.slice(0, 12)}… is damaged (${(e as Error).message}); run 'airlock snapshots verify --repair'`);
    }
    if (hashBytes(data) !== hash) throw new StoreError('corrupt', `object ${hash.slice(0, 12)}… is damaged (its content does not match its hash); run 'airlock snapshots verify --repair'`);
    return data;
  }

  readTree(hash: string): Tree {
    const cached = this.trees.get(hash);
    if (cached) return cached;
    let tree: Tree;
    try {
      tree = decodeTree(this.readObject(hash));
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw new StoreError('corrupt', `tree node ${hash.slice(0, 12)}… is malformed: ${(e as Error).message}`);
    }
    this.cacheTree(hash, tree);
    return tree;
  }

  cacheTree(hash: string, tree: Tree): void {
    if (this.trees.has(hash)) return;
    this.trees.set(hash, tree);
    this.treeCacheSize += tree.length + 1;
    for (const [k, v] of this.trees) {
      if (this.treeCacheSize <= treeCacheLimit) break;
      this.trees.delete(k);
      this.treeCacheSize -= v.length + 1;
    }
  }

  /** Writes a file whole or not at all: temporary name in tmp/, (fsync), rename, (fsync of the folder). */
  writeAtomic(file: string, data: Buffer, durable: boolean): void {
    writeFileAtomic(file, data, { fs: this.fsx, tempDir: this.dirs.tmp, mode: 0o600, durable, followLinks: false });
  }

  workspaceDir(wsId: string): string {
    return path.join(this.dirs.workspaces, wsId);
  }

  manifestFile(wsId: string, id: string): string {
    return path.join(this.workspaceDir(wsId), 'snapshots', `${id}.json`);
  }

  /** Workspace ids with data in the store. */
  workspaceIds(): string[] {
    try {
      return this.fsx.readdirSync(this.dirs.workspaces).filter((n) => /^[0-9a-f]{16}$/.test(n));
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }

  /** The real path recorded for a workspace id. */
  workspaceRoot(wsId: string): string | undefined {
    try {
      const v = JSON.parse(this.fsx.readFileSync(path.join(this.workspaceDir(wsId), 'workspace.json'), 'utf8')) as { root?: unknown };
      return typeof v.root === 'string' ? v.root : undefined;
    } catch {
      return undefined;
    }
  }

  /** Snapshot ids of a workspace, oldest first (ids sort by time). */
  snapshotIds(wsId: string): string[] {
    try {
      return this.fsx
        .readdirSync(path.join(this.workspaceDir(wsId), 'snapshots'))
        .filter((n) => n.endsWith('.json'))
        .map((n) => n.slice(0, -5))
        .sort();
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }

  /** Reads and validates a manifest; undefined when it does not exist. */
  readManifest(wsId: string, id: string): Manifest | undefined {
    let text: string;
    try {
      text = this.fsx.readFileSync(this.manifestFile(wsId, id), 'utf8');
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
    let parsed;
    try {
      parsed = parseManifest(JSON.parse(text));
    } catch (e) {
      throw new StoreError('corrupt', `snapshot ${id} is unreadable (${(e as Error).message}); run 'airlock snapshots verify --repair'`);
    }
    if (!parsed.ok) throw new StoreError('corrupt', `snapshot ${id} is malformed: ${parsed.error}; run 'airlock snapshots verify --repair'`);
    return parsed.value;
  }

  /** Every readable manifest of a workspace, oldest first; unreadable ones are skipped (verify reports them). */
  manifests(wsId: string): Manifest[] {
    const out: Manifest[] = [];
    for (const id of this.snapshotIds(wsId)) {
      try {
        const m = this.readManifest(wsId, id);
        if (m) out.push(m);
      } catch {
        // reported by verify
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  /** Writes a manifest (durably, atomically) and records the workspace's folder on first use. */
  writeManifest(m: Manifest): void {
    const dir = path.join(this.workspaceDir(m.workspace.id), 'snapshots');
    this.fsx.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const wsFile = path.join(this.workspaceDir(m.workspace.id), 'workspace.json');
    if (this.workspaceRoot(m.workspace.id) === undefined) this.writeAtomic(wsFile, Buffer.from(`${JSON.stringify({ root: m.workspace.root })}\n`), true);
    this.writeAtomic(this.manifestFile(m.workspace.id, m.id), Buffer.from(JSON.stringify(m)), true);
  }

  /**
   * The newest checkpoint of a workspace that can serve as the base of the next one (readable, not damaged,
   * its root present), looking back over at most `limit` snapshots.
   */
  latestCheckpoint(wsId: string, limit = 64): CheckpointManifest | undefined {
    const ids = this.snapshotIds(wsId);
    for (let i = ids.length - 1; i >= 0 && i >= ids.length - limit; i--) {
      let m: Manifest | undefined;
      try {
        m = this.readManifest(wsId, ids[i]!);
      } catch {
        continue;
      }
      if (m?.kind === 'checkpoint' && (m.damaged?.length ?? 0) === 0 && this.hasObject(m.root)) return m;
    }
    return undefined;
  }

  /** Starts adding objects and a manifest. Waits while gc or repair runs. */
  beginWrite(what = 'the snapshot'): WriteSession {
    let release: () => void;
    try {
      release = this.writerLock.acquire();
    } catch (e) {
      throw storeWriteError(e, this.root, what);
    }
    // File times come from the same clock as Date.now (a timer tick behind it), so this bounds them.
    const fsTime = Date.now();
    try {
      this.reloadPacks();
      return new WriteSession(this, release, new PackWriter(this.fsx, this.dirs.tmp, this.dirs.packs, this.owner.pid), fsTime, what);
    } catch (e) {
      release();
      throw storeWriteError(e, this.root, what);
    }
  }

  /** Runs `fn` with the store to itself (gc, repair). */
  exclusive<T>(fn: () => T): T {
    const release = acquireExclusive(this.lockEnv);
    try {
      this.reloadPacks();
      return fn();
    } finally {
      release();
    }
  }

  /** Adds a pack written by this process (a session's, or gc's) without re-reading the folder. */
  addPack(pack: LoadedPack): void {
    this.packs.set(pack.name, pack);
  }

  forgetPack(name: string): void {
    const fd = this.fds.get(name);
    if (fd !== undefined) {
      try {
        this.fsx.closeSync(fd);
      } catch {
        // gone
      }
      this.fds.delete(name);
    }
    this.packs.delete(name);
  }
}
