import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordHash, type ChainVerification } from './chain';
import { parseRecord, type TrailRecord } from './record';
import { activeFile, readTrail, type Trail, type TrailContents } from './trail';

/** What changed in the trail since the last look. */
export type TrailUpdate =
  /** Read and verified whole (the first time, after a rotation, or when the tail did not chain on). */
  | { readonly kind: 'reset'; readonly contents: TrailContents }
  /** Records appended to the active file, each checked to chain on to the one before. */
  | { readonly kind: 'append'; readonly records: readonly TrailRecord[]; readonly verification: ChainVerification }
  | { readonly kind: 'none' };

interface Tail {
  readonly ino: number;
  /** Bytes of the active file already read. */
  readonly offset: number;
}

/**
 * Follows a workspace's trail for a live view. The first look reads and verifies it whole (readTrail); later looks
 * read only the bytes appended to the active file and check each new record the way the full verification does
 * (valid, hash matches, next seq, links to the previous hash). Anything else — a rotation, a file that shrank or
 * was replaced, a record that does not chain on, a chain that was already broken — falls back to a full read, so
 * what is shown as verified always is.
 */
export class TrailFollower {
  private tail: Tail | undefined;
  /** The active file as last read whole, when the tail could not be followed (a broken chain): re-read on change. */
  private untracked: { readonly ino: number; readonly size: number } | undefined;
  private verification: ChainVerification | undefined;

  constructor(
    readonly trail: Trail,
    private readonly readWhole: (trail: Trail) => Promise<TrailContents> = readTrail,
  ) {}

  /** Reads and verifies the whole trail. */
  async load(): Promise<TrailContents> {
    const before = statOf(path.join(this.trail.dir, activeFile));
    const contents = await this.readWhole(this.trail);
    this.verification = contents.verification;
    this.tail = contents.verification.ok ? this.locateTail(contents.verification.lastHash) : undefined;
    this.untracked = this.tail || !before ? undefined : { ino: before.ino, size: before.size };
    return contents;
  }

  /** What was appended since the last look. */
  async poll(): Promise<TrailUpdate> {
    const file = path.join(this.trail.dir, activeFile);
    const st = statOf(file);
    const tail = this.tail;
    const verification = this.verification;
    if (!st) {
      // No active file: no trail yet, or a rotation between its rename and the next append.
      return tail && tail.offset > 0 ? { kind: 'reset', contents: await this.load() } : { kind: 'none' };
    }
    if (!tail || !verification) {
      if (this.untracked && this.untracked.ino === st.ino && this.untracked.size === st.size) return { kind: 'none' };
      return { kind: 'reset', contents: await this.load() };
    }
    if (st.ino !== tail.ino || st.size < tail.offset) return { kind: 'reset', contents: await this.load() };
    if (st.size === tail.offset) return { kind: 'none' };
    const bytes = readRange(file, tail.offset, st.size);
    const end = bytes.lastIndexOf(0x0a);
    // Only whole lines: an append in progress is read next time.
    if (end < 0) return { kind: 'none' };
    const records: TrailRecord[] = [];
    let { lastSeq, lastHash, verified } = verification;
    for (const line of bytes.subarray(0, end).toString('utf8').split('\n')) {
      const next = chainsOn(line, lastSeq, lastHash);
      if (!next) return { kind: 'reset', contents: await this.load() };
      records.push(next);
      lastSeq = next.seq;
      lastHash = next.hash;
      verified++;
    }
    this.tail = { ino: tail.ino, offset: tail.offset + end + 1 };
    this.verification = {
      ...verification,
      verified,
      lastSeq,
      lastHash,
      warnings: verification.warnings.filter((w) => !/unfinished line|no head file/.test(w)),
    };
    return { kind: 'append', records, verification: this.verification };
  }

  /** Where the verified chain ends in the active file: the byte after the line holding `lastHash`. */
  private locateTail(lastHash: string): Tail | undefined {
    const file = path.join(this.trail.dir, activeFile);
    let bytes: Buffer;
    let ino: number;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        ino = fs.fstatSync(fd).ino;
        bytes = fs.readFileSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return undefined;
    }
    if (bytes.length === 0) return { ino, offset: 0 };
    const at = bytes.lastIndexOf(Buffer.from(`"hash":"${lastHash}"`));
    if (at < 0) return undefined;
    const end = bytes.indexOf(0x0a, at);
    return end < 0 ? undefined : { ino, offset: end + 1 };
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function readRange(file: string, from: number, to: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    let read = 0;
    while (read < buf.length) {
      const n = fs.readSync(fd, buf, read, buf.length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** The record on `line` when it is valid, matches its hash and follows `lastSeq`/`lastHash`; else undefined. */
function chainsOn(line: string, lastSeq: number, lastHash: string): TrailRecord | undefined {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = parseRecord(data);
  if (!parsed.ok) return undefined;
  const r = parsed.value;
  if (r.seq !== lastSeq + 1 || r.prev !== lastHash || recordHash(data as Record<string, unknown>) !== r.hash) return undefined;
  return r;
}
