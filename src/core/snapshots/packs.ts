import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { readExactly, type StoreFs } from './storeFs';
import { fsyncFolder, writeAll } from '../atomicWrite';

/*
 * Objects live in packs: one file per write, `<name>.pack`, holding the records back to back and then an index
 * sorted by hash, so a lookup is a binary search with no parsing. One operation that adds many objects writes
 * one file with one fsync, not one of each per object (git's loose objects), and a pack appears whole, by rename,
 * or not at all.
 *
 *   magic `ALKPACK2` | records… | index: u32 count, u32 zero, per object 48 bytes: hash (32), offset (u64),
 *   stored length (u32), raw length (u32) | trailer: u64 index offset, SHA-256 of the index (32), `ALKPEND2`
 */
export const packMagic = Buffer.from('ALKPACK2');
const endMagic = Buffer.from('ALKPEND2');
const indexHeader = 8;
const entrySize = 48;
export const trailerSize = 8 + 32 + 8;

export interface PackEntry {
  readonly offset: number;
  readonly length: number;
  readonly rawLength: number;
}

/** A pack's index: lookups by hash without building a map. */
export class PackIndex {
  readonly count: number;
  constructor(
    private readonly buf: Buffer,
    /** The SHA-256 the trailer records for this index. */
    private readonly checksum: Buffer,
  ) {
    this.count = buf.readUInt32LE(0);
  }

  /** The entry's position, or -1. Compares a 6-byte prefix as a number first (Buffer.compare costs a call). */
  find(hash: Buffer): number {
    const prefix = hash.readUIntBE(0, 6);
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = indexHeader + mid * entrySize;
      const p = this.buf.readUIntBE(at, 6);
      const c = p !== prefix ? (p > prefix ? 1 : -1) : this.buf.compare(hash, 6, 32, at + 6, at + 32);
      if (c === 0) return mid;
      if (c > 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  entry(i: number): PackEntry {
    const at = indexHeader + i * entrySize + 32;
    return {
      offset: this.buf.readUInt32LE(at) + this.buf.readUInt32LE(at + 4) * 2 ** 32,
      length: this.buf.readUInt32LE(at + 8),
      rawLength: this.buf.readUInt32LE(at + 12),
    };
  }

  hashAt(i: number): string {
    const at = indexHeader + i * entrySize;
    return this.buf.toString('hex', at, at + 32);
  }

  /** True when the index matches the checksum in the trailer (verify only; loading checks the structure). */
  checksumOk(): boolean {
    return createHash('sha256').update(this.buf).digest().equals(this.checksum);
  }
}

/** The index region of a pack and its trailer. */
export function buildPackIndex(entries: ReadonlyMap<string, PackEntry>, indexOffset: number): Buffer {
  const hashes = [...entries.keys()].sort();
  const index = Buffer.alloc(indexHeader + hashes.length * entrySize);
  index.writeUInt32LE(hashes.length, 0);
  hashes.forEach((h, i) => {
    const at = indexHeader + i * entrySize;
    const e = entries.get(h)!;
    index.write(h, at, 32, 'hex');
    index.writeUInt32LE(e.offset % 2 ** 32, at + 32);
    index.writeUInt32LE(Math.floor(e.offset / 2 ** 32), at + 36);
    index.writeUInt32LE(e.length, at + 40);
    index.writeUInt32LE(e.rawLength, at + 44);
  });
  const trailer = Buffer.alloc(trailerSize);
  trailer.writeUInt32LE(indexOffset % 2 ** 32, 0);
  trailer.writeUInt32LE(Math.floor(indexOffset / 2 ** 32), 4);
  createHash('sha256').update(index).digest().copy(trailer, 8);
  endMagic.copy(trailer, 40);
  return Buffer.concat([index, trailer]);
}

/** Reads a pack's index through an open descriptor; a string says what is wrong with the file. */
export function readPackIndex(fsx: StoreFs, fd: number): PackIndex | string {
  const size = fsx.fstatSync(fd).size;
  if (size < packMagic.length + indexHeader + trailerSize) return 'too short to be a pack';
  const trailer = readExactly(fsx, fd, trailerSize, size - trailerSize);
  if (!trailer.subarray(40).equals(endMagic)) return 'no pack trailer (not a pack, or cut short)';
  const indexOffset = trailer.readUInt32LE(0) + trailer.readUInt32LE(4) * 2 ** 32;
  const indexLength = size - trailerSize - indexOffset;
  if (indexOffset < packMagic.length || indexLength < indexHeader) return 'the pack trailer points outside the pack';
  const index = readExactly(fsx, fd, indexLength, indexOffset);
  const count = index.readUInt32LE(0);
  if (indexLength !== indexHeader + count * entrySize) return `the pack index of ${count} objects has the wrong size`;
  return new PackIndex(index, trailer.subarray(8, 40));
}

/** `<time36>-<pid>-<random>`: unique across processes, and says which process wrote it (for leftover checks). */
export function uniqueName(pid: number): string {
  return `${Date.now().toString(36)}-${pid}-${randomBytes(4).toString('hex')}`;
}

/** The writing process's pid encoded in a temporary or lock file name, if any. */
export function pidOfName(name: string): number | undefined {
  const m = /^(?:writer-)?[0-9a-z]+-(\d+)-[0-9a-f]+/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** A pack as the store keeps it: its index and where it lives. */
export interface LoadedPack {
  readonly name: string;
  readonly file: string;
  readonly index: PackIndex;
}

/**
 * Collects the new objects of one operation into one pack. Nothing is visible until `finish`; `abort` (or a
 * killed process) leaves only a temporary file that verify and gc remove.
 */
export class PackWriter {
  private fd: number | undefined;
  private readonly name: string;
  private readonly tmp: string;
  private readonly entries = new Map<string, PackEntry>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private size = packMagic.length;

  constructor(
    private readonly fsx: StoreFs,
    tmpDir: string,
    private readonly packsDir: string,
    pid: number,
  ) {
    this.name = uniqueName(pid);
    this.tmp = path.join(tmpDir, `${this.name}.pack`);
  }

  get objectCount(): number {
    return this.entries.size;
  }

  has(hash: string): boolean {
    return this.entries.has(hash);
  }

  /** Appends a record (encoding byte + bytes) for `hash`, once. */
  add(hash: string, record: Buffer, rawLength: number): void {
    if (this.entries.has(hash)) return;
    if (this.fd === undefined) {
      this.fd = this.fsx.openSync(this.tmp, 'wx', 0o600);
      this.pending.push(packMagic);
      this.pendingBytes += packMagic.length;
    }
    this.entries.set(hash, { offset: this.size, length: record.length, rawLength });
    this.size += record.length;
    this.pending.push(record);
    this.pendingBytes += record.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    writeAll(this.fsx, this.fd, data);
  }

  /** Makes the pack durable and visible; returns it, or undefined when nothing was added. */
  finish(): LoadedPack | undefined {
    if (this.fd === undefined) return undefined;
    const tail = buildPackIndex(this.entries, this.size);
    this.pending.push(tail);
    this.pendingBytes += tail.length;
    this.flush();
    this.fsx.fsyncSync(this.fd);
    this.fsx.closeSync(this.fd);
    this.fd = undefined;
    const end = tail.length - trailerSize;
    const index = new PackIndex(tail.subarray(0, end), tail.subarray(end + 8, end + 40));
    const file = path.join(this.packsDir, `${this.name}.pack`);
    this.fsx.renameSync(this.tmp, file);
    fsyncFolder(this.packsDir, this.fsx);
    return { name: this.name, file, index };
  }

  /** Drops everything written so far. Never throws. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        this.fsx.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    try {
      this.fsx.unlinkSync(this.tmp);
    } catch {
      // not created
    }
  }
}
