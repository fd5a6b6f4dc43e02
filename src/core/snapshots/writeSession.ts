import { storeWriteError } from './errors';
import type { Manifest } from './manifest';
import { CompressionPool } from './compress';
import { deflate, emptyHash, hashBytes, recordOf, worthCompressing } from './objects';
import { PackWriter, type LoadedPack } from './packs';
import { readExactly, type StoreFs } from './storeFs';
import { encodeTree, type Tree } from './tree';

/** What a write session uses of the store it writes into (the store itself, store.ts, begins sessions). */
export interface SessionStore {
  readonly root: string;
  readonly fsx: StoreFs;
  hasObject(hash: string): boolean;
  readTree(hash: string): Tree;
  cacheTree(hash: string, tree: Tree): void;
  loadedPacks(): readonly LoadedPack[];
  addPack(pack: LoadedPack): void;
  forgetPack(name: string): void;
  writeManifest(m: Manifest): void;
}

/** Packs of at most this many objects count as small; from `mergeAt` small packs on, a writer merges them. */
const smallPackObjects = 4096;
const mergeAt = 16;
/** A session deflates this many objects itself before starting workers (worker start-up costs ~20 ms). */
const poolAfter = 200;
const maxInflight = 256;
const maxInflightBytes = 64 * 1024 * 1024;

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
    readonly store: SessionStore,
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
      this.add(hash, recordOf(data, deflate(data)), data.length);
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
      this.add(job.hash, recordOf(job.data, r.packed ?? deflate(job.data)), job.data.length);
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
