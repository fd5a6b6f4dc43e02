import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { StoreError, storeWriteError } from './errors';
import { acquireExclusive, processIsAlive, sleepSync, WriterLock, type LockEnv, type Owner } from './locks';
import { parseManifest, type CheckpointManifest, type Manifest } from './manifest';
import { CompressionPool } from './compress';
import { decodeObject, deflateLevel, emptyHash, hashBytes, recordOf, worthCompressing } from './objects';
import { PackWriter, readPackIndex, uniqueName, type LoadedPack, type PackEntry } from './packs';
import { fsyncDir, isNotFound, nodeStoreFs, readExactly, writeAll, type StoreFs } from './storeFs';
import { decodeTree, encodeTree, type Tree } from './tree';
import { thisProcess } from '../host';

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
/** Packs of at most this many objects count as small; from `mergeAt` small packs on, a writer merges them. */
const smallPackObjects = 4096;
const mergeAt = 16;
/** A session deflates this many objects itself before starting workers (worker start-up costs ~20 ms). */
const poolAfter = 200;
const maxInflight = 256;
const maxInflightBytes = 64 * 1024 * 1024;

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
    const tmp = path.join(this.dirs.tmp, `${uniqueName(this.owner.pid)}.${randomBytes(2).toString('hex')}.tmp`);
    let fd: number | undefined;
    try {
      fd = this.fsx.openSync(tmp, 'wx', 0o600);
      writeAll(this.fsx, fd, data);
      if (durable) this.fsx.fsyncSync(fd);
      this.fsx.closeSync(fd);
      fd = undefined;
      this.fsx.renameSync(tmp, file);
      if (durable) fsyncDir(this.fsx, path.dirname(file));
    } catch (e) {
      if (fd !== undefined) {
        try {
          this.fsx.closeSync(fd);
        } catch {
          // closing after a failed write
        }
      }
      try {
        this.fsx.unlinkSync(tmp);
      } catch {
        // not created, or already renamed
      }
      throw e;
    }
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

/** One operation's additions: objects go into one new pack; the manifest is written after the pack is durable. */
export class WriteSession {
  private objects = 0;
  private bytes = 0;
  private done = false;
  /** Deflating on worker threads, started once a session has deflated enough objects itself to make it pay. */
  private pool: CompressionPool | undefined | null;
  private deflatedHere = 0;
  private readonly inflight = new Map<number, { hash: string; data: Buffer }>();
  private readonly pendingHashes = new Set<string>();
  private inflightBytes = 0;
  private nextId = 0;

  constructor(
    readonly store: SnapshotStore,
    private readonly release: () => void,
    private readonly writer: PackWriter,
    /** When the session began, as file times count (files modified later are re-read next time). */
    readonly fsTime: number,
    /** What is being written, for error messages ("the checkpoint"). */
    private readonly what: string,
  ) {}

  /** Objects this session added, and their stored size (waits for objects still being deflated). */
  get newObjects(): number {
    this.settle();
    return this.objects;
  }

  get newBytes(): number {
    this.settle();
    return this.bytes;
  }

  /** Stores bytes (once: content already in the store is not written again); returns their hash. */
  put(data: Buffer): string {
    const hash = hashBytes(data);
    this.putHashed(hash, data);
    return hash;
  }

  putHashed(hash: string, data: Buffer, compress = true): void {
    if (hash === emptyHash || this.writer.has(hash) || this.pendingHashes.has(hash) || this.store.hasObject(hash)) return;
    if (compress && worthCompressing(data)) {
      if (this.pool === undefined && ++this.deflatedHere > poolAfter) this.pool = CompressionPool.start() ?? null;
      if (this.pool) {
        const id = this.nextId++;
        this.inflight.set(id, { hash, data });
        this.pendingHashes.add(hash);
        this.inflightBytes += data.length;
        this.pool.submit(id, data);
        while (this.inflight.size > maxInflight || this.inflightBytes > maxInflightBytes) this.absorb(true);
        this.absorb(false);
        return;
      }
      this.add(hash, recordOf(data, deflateRawSync(data, { level: deflateLevel })), data.length);
      return;
    }
    this.add(hash, recordOf(data, undefined), data.length);
  }

  private add(hash: string, record: Buffer, rawLength: number): void {
    try {
      this.writer.add(hash, record, rawLength);
    } catch (e) {
      throw storeWriteError(e, this.store.root, this.what);
    }
    this.objects++;
    this.bytes += record.length;
  }

  /** Takes the deflated objects that are ready into the pack (with `wait`, at least one when any is pending). */
  private absorb(wait: boolean): void {
    if (!this.pool) return;
    for (const r of this.pool.collect(wait)) {
      const job = this.inflight.get(r.id);
      if (!job) continue;
      this.inflight.delete(r.id);
      this.pendingHashes.delete(job.hash);
      this.inflightBytes -= job.data.length;
      this.add(job.hash, recordOf(job.data, r.packed ?? deflateRawSync(job.data, { level: deflateLevel })), job.data.length);
    }
  }

  /** Waits for every object still being deflated and stops the workers. */
  private settle(): void {
    if (!this.pool) return;
    while (this.inflight.size > 0) this.absorb(true);
    this.pool.close();
    this.pool = null;
  }

  putTree(tree: Tree): string {
    const data = encodeTree(tree);
    const hash = hashBytes(data);
    this.putHashed(hash, data, false);
    this.store.cacheTree(hash, tree);
    return hash;
  }

  readTree(hash: string): Tree {
    return this.store.readTree(hash);
  }

  /**
   * Makes the objects durable, then the manifest; releases the lock. When many small packs have piled up (one per
   * snapshot), their objects are copied into this one and they are removed after it is durable: every object
   * stays present throughout, so concurrent writers and readers lose nothing.
   */
  commit(manifest: Manifest): void {
    if (this.done) throw new Error('write session already finished');
    try {
      this.settle();
      const merged = this.writer.objectCount > 0 ? this.mergeSmallPacks() : [];
      const pack = this.writer.finish();
      if (pack) this.store.addPack(pack);
      for (const p of merged) {
        this.store.forgetPack(p.name);
        this.store.fsx.rmSync(p.file, { force: true });
      }
      this.store.writeManifest(manifest);
    } catch (e) {
      this.abort();
      throw storeWriteError(e, this.store.root, this.what);
    }
    this.done = true;
    this.release();
  }

  private mergeSmallPacks(): LoadedPack[] {
    const small = this.store.loadedPacks().filter((p) => p.index.count <= smallPackObjects);
    if (small.length < mergeAt) return [];
    const copied: LoadedPack[] = [];
    for (const p of small) {
      let fd: number;
      try {
        fd = this.store.fsx.openSync(p.file, 'r');
      } catch {
        continue; // merged away by another writer meanwhile: its objects are in that writer's pack
      }
      try {
        for (let i = 0; i < p.index.count; i++) {
          const hash = p.index.hashAt(i);
          if (this.writer.has(hash)) continue;
          const e = p.index.entry(i);
          this.writer.add(hash, readExactly(this.store.fsx, fd, e.length, e.offset), e.rawLength);
        }
      } finally {
        this.store.fsx.closeSync(fd);
      }
      copied.push(p);
    }
    return copied;
  }

  /** Drops what was written. Never throws. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.pool?.close();
    this.pool = null;
    this.writer.abort();
    this.release();
  }
}
