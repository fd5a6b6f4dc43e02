import * as fs from 'node:fs';
import * as path from 'node:path';
import { airlockPathsIn } from '../airlockPaths';
import { fsyncFolder, writeAll, writeFileAtomic } from '../atomicWrite';
import { processIsAlive } from '../host';
import { workspaceId } from '../workspaceId';
import { sha256, type ChainHead, type SegmentEntry } from './chain';
import { genesisHash, parseRecord, trailFormat, type DecisionInput, type DecisionRecord, type OutcomeInput, type OutcomeRecord, type TrailRecord } from './record';
import {
  activeFile,
  headFile,
  indexFile,
  listSegments,
  segmentName,
  TrailError,
  tornFile,
  workspaceFile,
  readAt,
  type Trail,
  type TrailOptions,
} from './trailFiles';
import { acquireLock } from './trailLock';
import { readIndex } from './trailRead';
import { decisionBody, outcomeBody, seal, type Body } from './trailShape';
import { realPathOf } from '../workspace';

// The trail in files by concern: its files and types (trailFiles), a record's shape (trailShape), the lock between
// writers (trailLock), reading and verifying (trailRead); appending and rotating here.
export { activeFile, tornFile, TrailError, type Clock, type LockOptions, type Trail, type TrailOptions } from './trailFiles';
export { readTrail, type TrailContents } from './trailRead';

/** The first 16 hex digits of SHA-256 of the workspace root's real path. */
export { workspaceId };

/** `<airlockHome>/trail/<workspace-id>`. */
export const trailDir = (airlockHome: string, workspace: string): string => airlockPathsIn(airlockHome).trail(workspaceId(realPathOf(workspace)));

/** Describes a workspace's trail; touches nothing on disk but the workspace's real path. */
export function openTrail(options: TrailOptions): Trail {
  const workspace = realPathOf(options.workspace);
  return {
    dir: airlockPathsIn(options.airlockHome).trail(workspaceId(workspace)),
    workspace,
    clock: options.clock ?? Date.now,
    maxSegmentBytes: options.maxSegmentBytes ?? 8 * 1024 * 1024,
    durable: options.durable ?? true,
    lock: {
      staleMs: options.lock?.staleMs ?? 30_000,
      timeoutMs: options.lock?.timeoutMs ?? 10_000,
      isAlive: options.lock?.isAlive ?? processIsAlive,
    },
  };
}

/**
 * Appends a decided action to the workspace's trail and returns the record as written (redacted, numbered,
 * chained). Safe to call from several processes at once: appends are serialised by a lock file. Rejects with a
 * TrailError when the lock cannot be had within the timeout or the store cannot be written.
 */
export function appendRecord(trail: Trail, input: DecisionInput): Promise<DecisionRecord> {
  return append(trail, decisionBody(input));
}

/** Appends the outcome of an earlier decision (its `seq`), learnt after the fact. */
export function appendOutcome(trail: Trail, input: OutcomeInput): Promise<OutcomeRecord> {
  return append(trail, outcomeBody(input));
}

async function append<R extends TrailRecord>(trail: Trail, body: Body<R>): Promise<R> {
  try {
    fs.mkdirSync(trail.dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new TrailError(`cannot create the trail folder ${trail.dir}: ${(e as Error).message}`);
  }
  const release = await acquireLock(trail);
  try {
    return appendLocked(trail, body);
  } finally {
    release();
  }
}

// ── writing, under the lock ──────────────────────────────────────────────────────────────────────────────────

/** Reads `length` bytes at `position`. */

/** The last line of a file that ends with a newline (without it), read backwards in chunks. */
function lastLine(fd: number, size: number): string {
  // Records are usually well under 4 KiB: one small read finds the line.
  const chunk = 4 * 1024;
  let parts: Buffer[] = [];
  let pos = size - 1; // before the final newline
  while (pos > 0) {
    const start = Math.max(0, pos - chunk);
    const buf = readAt(fd, start, pos - start);
    const nl = buf.lastIndexOf(0x0a);
    if (nl >= 0) {
      parts = [buf.subarray(nl + 1), ...parts];
      return Buffer.concat(parts).toString('utf8');
    }
    parts = [buf, ...parts];
    pos = start;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The first line of a file (without its newline). */
function firstLine(fd: number, size: number): string {
  const chunk = 64 * 1024;
  const parts: Buffer[] = [];
  for (let pos = 0; pos < size; pos += chunk) {
    const buf = readAt(fd, pos, Math.min(chunk, size - pos));
    const nl = buf.indexOf(0x0a);
    if (nl >= 0) {
      parts.push(buf.subarray(0, nl));
      break;
    }
    parts.push(buf);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Where the chain stands: the seq and hash the next record follows. */
interface ChainEnd {
  readonly seq: number;
  readonly hash: string;
}

/**
 * The end of the chain from a file's last line. A line that cannot be read (an edited trail) still gets linked to,
 * by the hash of its text, and numbered after the last record that can be read, so new records are never lost;
 * `airlock verify` keeps reporting the damage.
 */
function endFromLine(line: string, file: string, before: () => ChainEnd): ChainEnd {
  try {
    const parsed = parseRecord(JSON.parse(line));
    if (parsed.ok) return { seq: parsed.value.seq, hash: parsed.value.hash };
  } catch {
    // not JSON: handled below
  }
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const parsed = parseRecord(JSON.parse(lines[i] ?? ''));
      if (parsed.ok) return { seq: parsed.value.seq + (lines.length - 1 - i), hash: sha256(line) };
    } catch {
      // keep looking
    }
  }
  return { seq: before().seq + lines.length, hash: sha256(line) };
}

/** The end of the chain in the newest rotated segment (genesis when there is none). */
function segmentsEnd(trail: Trail): ChainEnd {
  const newest = listSegments(trail.dir).at(-1);
  if (!newest) return { seq: 0, hash: genesisHash };
  const file = path.join(trail.dir, newest.name);
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    return size > 0 ? endFromLine(lastLine(fd, size), file, () => ({ seq: 0, hash: genesisHash })) : { seq: 0, hash: genesisHash };
  } finally {
    fs.closeSync(fd);
  }
}

function chainEnd(trail: Trail, fd: number, size: number): ChainEnd {
  return size > 0 ? endFromLine(lastLine(fd, size), path.join(trail.dir, activeFile), () => segmentsEnd(trail)) : segmentsEnd(trail);
}

/** A crash mid-write leaves a line without its newline: move those bytes aside and cut them off. */
function dropTornTail(trail: Trail, fd: number, size: number): number {
  if (size === 0 || readAt(fd, size - 1, 1)[0] === 0x0a) return size;
  let cut = 0;
  for (let pos = size; pos > 0; ) {
    const start = Math.max(0, pos - 64 * 1024);
    const nl = readAt(fd, start, pos - start).lastIndexOf(0x0a);
    if (nl >= 0) {
      cut = start + nl + 1;
      break;
    }
    pos = start;
  }
  const torn = readAt(fd, cut, size - cut);
  fs.appendFileSync(path.join(trail.dir, tornFile), Buffer.concat([torn, Buffer.from('\n')]), { mode: 0o600 });
  fs.ftruncateSync(fd, cut);
  return cut;
}

/**
 * Overwrites the head file in place. Its text always has the same length (the seq is padded with spaces, which
 * JSON allows), so no truncation or rename is needed: a rename per append costs a data flush on some file systems.
 */
function writeHead(dir: string, head: ChainHead): void {
  const text = `{"seq":${String(head.seq).padStart(16, ' ')},"hash":"${head.hash}"}\n`;
  const fd = fs.openSync(path.join(dir, headFile), fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600);
  try {
    fs.writeSync(fd, text, 0);
  } finally {
    fs.closeSync(fd);
  }
}

/** Moves the active file to the next numbered segment and lists it in the index. */
function rotate(trail: Trail, fd: number, size: number, end: ChainEnd): void {
  let first: ChainEnd & { prev: string } = { seq: end.seq, hash: end.hash, prev: genesisHash };
  try {
    const parsed = parseRecord(JSON.parse(firstLine(fd, size)));
    if (parsed.ok) first = { seq: parsed.value.seq, hash: parsed.value.hash, prev: parsed.value.prev };
  } catch {
    // an unreadable first line: the index records what can be known
  }
  const n = (listSegments(trail.dir).at(-1)?.n ?? 0) + 1;
  const name = segmentName(n);
  fs.renameSync(path.join(trail.dir, activeFile), path.join(trail.dir, name));
  const entry: SegmentEntry = { file: name, firstSeq: first.seq, lastSeq: end.seq, firstPrev: first.prev, lastHash: end.hash };
  const index = readIndex(trail.dir) ?? [];
  // A durable write syncs the folder too, which also keeps the segment's new name.
  writeFileAtomic(path.join(trail.dir, indexFile), `${JSON.stringify({ v: trailFormat, segments: [...index, entry] }, null, 2)}\n`, { mode: 0o600, durable: trail.durable });
}

function appendLocked<R extends TrailRecord>(trail: Trail, body: Body<R>): R {
  const file = path.join(trail.dir, activeFile);
  let fd = fs.openSync(file, 'a+', 0o600);
  try {
    const created = fs.fstatSync(fd).size === 0;
    const size = dropTornTail(trail, fd, fs.fstatSync(fd).size);
    const end = chainEnd(trail, fd, size);
    const record = seal<R>(body, end.seq + 1, trail.clock(), end.hash);
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    if (size > 0 && size + line.length > trail.maxSegmentBytes) {
      rotate(trail, fd, size, end);
      fs.closeSync(fd);
      fd = -1;
      fd = fs.openSync(file, 'a', 0o600);
    }
    writeAll(fs, fd, line);
    if (trail.durable) fs.fdatasyncSync(fd);
    if (created && trail.durable) fsyncFolder(trail.dir);
    writeHead(trail.dir, { seq: record.seq, hash: record.hash });
    if (created && !fs.existsSync(path.join(trail.dir, workspaceFile))) {
      writeFileAtomic(path.join(trail.dir, workspaceFile), `${JSON.stringify({ root: trail.workspace })}\n`, { mode: 0o600, durable: false });
    }
    return record;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

