import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomicWrite';
import type { Action } from '../actions';
import type { Verdict } from '../verdict';
import { recordHash, sha256, verifyChain, type ChainHead, type ChainVerification, type SegmentEntry, type TrailLine } from './chain';
import {
  genesisHash,
  parseRecord,
  trailFormat,
  type DecisionInput,
  type DecisionRecord,
  type DnsAnswer,
  type OutcomeInput,
  type OutcomeRecord,
  type RecordedAction,
  type RecordedVerdict,
  type TrailRecord,
} from './record';
import { redactDeep } from './redact';
import { workspaceId } from '../workspaceId';

/** Milliseconds since the epoch. */
export type Clock = () => number;

export interface LockOptions {
  /** A lock older than this is broken even if its holder seems alive (a reused PID). Default 30 s. */
  readonly staleMs?: number;
  /** How long an append waits for the lock before failing. Default 10 s. */
  readonly timeoutMs?: number;
  /** Whether a process on this machine still runs. */
  readonly isAlive?: (pid: number) => boolean;
}

export interface TrailOptions {
  /** Airlock's store (`airlockHomeFor`). */
  readonly airlockHome: string;
  /** The workspace root the trail belongs to. */
  readonly workspace: string;
  /** Stamps the records. Default `Date.now`. */
  readonly clock?: Clock;
  /** The active file is rotated into a numbered segment before it would grow past this. Default 8 MiB. */
  readonly maxSegmentBytes?: number;
  /** fsync every append (default true); off only for throwaway trails. */
  readonly durable?: boolean;
  readonly lock?: LockOptions;
}

/** A workspace's trail: where it lives and how it is written. Plain data; every operation takes it. */
export interface Trail {
  readonly dir: string;
  /** The workspace root's real path. */
  readonly workspace: string;
  readonly clock: Clock;
  readonly maxSegmentBytes: number;
  readonly durable: boolean;
  readonly lock: Required<LockOptions>;
}

/** An append could not be made: the lock stayed taken, or the store cannot be written. */
export class TrailError extends Error {
  override readonly name = 'TrailError';
}

export const activeFile = 'trail.jsonl';
const segmentPattern = /^trail-(\d{6,})\.jsonl$/;
const segmentName = (n: number): string => `trail-${String(n).padStart(6, '0')}.jsonl`;
const lockFile = 'trail.lock';
const headFile = 'head.json';
const indexFile = 'index.json';
const workspaceFile = 'workspace.json';
/** Bytes of an interrupted write, moved aside so the chain can go on. */
export const tornFile = 'trail.torn';
/** A stored string longer than this is cut (after redaction), so one heredoc cannot bloat the trail. */
const maxStringLength = 16 * 1024;
/** Strings are cut to this before redaction, which bounds its time whatever an agent sends. */
const maxRedactedLength = 64 * 1024;
const maxEffectPaths = 100;
const maxEffectNotes = 20;

/** The first 16 hex digits of SHA-256 of the workspace root's real path. */
export { workspaceId };

function realPath(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync.native(abs);
  } catch {
    return abs;
  }
}

let locksTaken = 0;
/** Tells this holder's lock from an earlier one of the same process (not a secret: nothing is proven with it). */
const lockNonce = (): string => `${Date.now().toString(36)}-${(locksTaken++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** `<airlockHome>/trail/<workspace-id>`. */
export const trailDir = (airlockHome: string, workspace: string): string =>
  path.join(airlockHome, 'trail', workspaceId(realPath(workspace)));

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Describes a workspace's trail; touches nothing on disk but the workspace's real path. */
export function openTrail(options: TrailOptions): Trail {
  const workspace = realPath(options.workspace);
  return {
    dir: path.join(options.airlockHome, 'trail', workspaceId(workspace)),
    workspace,
    clock: options.clock ?? Date.now,
    maxSegmentBytes: options.maxSegmentBytes ?? 8 * 1024 * 1024,
    durable: options.durable ?? true,
    lock: {
      staleMs: options.lock?.staleMs ?? 30_000,
      timeoutMs: options.lock?.timeoutMs ?? 10_000,
      isAlive: options.lock?.isAlive ?? processAlive,
    },
  };
}

// ── records ──────────────────────────────────────────────────────────────────────────────────────────────────

/** Cuts every string in a value to `limit` characters, saying how many were cut. */
function cap<T>(value: T, limit: number): T {
  if (typeof value === 'string') {
    const more = /… \[(\d+) more characters\]$/.exec(value);
    if (value.length <= limit) return value;
    const dropped = value.length - limit - (more ? more[0].length : 0) + Number(more?.[1] ?? 0);
    return `${value.slice(0, limit)}… [${dropped} more characters]` as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => cap(v, limit)) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cap(v, limit)])) as T;
  return value;
}

/** What is written: cut, redacted, cut to the stored length. */
const prepare = <T>(body: T): T => cap(redactDeep(cap(body, maxRedactedLength)), maxStringLength);

/** Only the known fields, so whatever else a caller's object carries never reaches the disk. */
function pickAction(a: Action): RecordedAction {
  return {
    kind: a.kind,
    ...(a.path !== undefined ? { path: a.path } : {}),
    ...(a.to !== undefined ? { to: a.to } : {}),
    ...(a.command !== undefined ? { command: a.command } : {}),
    ...(a.cwd !== undefined ? { cwd: a.cwd } : {}),
    ...(a.url !== undefined ? { url: a.url } : {}),
    ...(a.recursive !== undefined ? { recursive: a.recursive } : {}),
  };
}

function pickVerdict(v: Verdict): RecordedVerdict {
  const e = v.effects;
  const effects = e && {
    ...(e.paths ? { paths: e.paths.slice(0, maxEffectPaths) } : {}),
    ...(e.fileCount !== undefined ? { fileCount: e.fileCount } : {}),
    ...(e.truncated !== undefined || (e.paths?.length ?? 0) > maxEffectPaths ? { truncated: e.truncated === true || (e.paths?.length ?? 0) > maxEffectPaths } : {}),
    ...(e.hosts ? { hosts: e.hosts.map((h) => ({ host: h.host, addresses: [...h.addresses] })) } : {}),
    ...(e.notes ? { notes: e.notes.slice(0, maxEffectNotes) } : {}),
  };
  return {
    decision: v.decision,
    layer: v.layer,
    rule: v.rule,
    reason: v.reason,
    ...(v.risk ? { risk: v.risk } : {}),
    ...(effects && Object.keys(effects).length > 0 ? { effects } : {}),
  };
}

const sourceOf = (s: Action['source']) => ({ agent: s.agent, channel: s.channel, ...(s.session !== undefined ? { session: s.session } : {}) });

type Body<R extends TrailRecord> = Omit<R, 'v' | 'seq' | 'time' | 'prev' | 'hash'>;

function decisionBody(input: DecisionInput): Body<DecisionRecord> {
  const dns: readonly DnsAnswer[] | undefined = input.dns ?? input.verdict.effects?.hosts;
  const body: Body<DecisionRecord> = {
    type: 'decision',
    source: sourceOf(input.action.source),
    action: pickAction(input.action),
    verdict: pickVerdict(input.verdict),
    decidedBy: input.decidedBy ?? { by: 'policy' },
    ...(input.told !== undefined ? { told: input.told } : {}),
    ...(input.snapshot !== undefined ? { snapshot: input.snapshot } : {}),
    ...(dns && dns.length > 0 ? { dns: dns.map((d) => ({ host: d.host, addresses: [...d.addresses] })) } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(input.findings ? { findings: input.findings.map((f) => ({ rule: f.rule, kind: f.kind, line: f.line, excerpt: f.excerpt })) } : {}),
  };
  return prepare(body);
}

function outcomeBody(input: OutcomeInput): Body<OutcomeRecord> {
  return prepare({ type: 'outcome' as const, ref: input.ref, source: sourceOf(input.source), outcome: input.outcome });
}

/** Seals a record: seq, time and prev in front of the body, the hash over all of it. */
function seal<R extends TrailRecord>(body: Body<R>, seq: number, time: number, prev: string): R {
  const unsealed = { v: trailFormat, seq, time: new Date(time).toISOString(), ...body, prev };
  const record = { ...unsealed, hash: recordHash(unsealed) } as unknown as R;
  // A body the parser would reject must not be written: the chain would be broken from the start.
  const check = parseRecord(JSON.parse(JSON.stringify(record)));
  if (!check.ok) throw new TrailError(`the record is not valid: ${check.error}`);
  return record;
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
function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

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

function listSegments(dir: string): { name: string; n: number }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, m: segmentPattern.exec(name) }))
    .filter((x) => x.m !== null)
    .map((x) => ({ name: x.name, n: Number(x.m?.[1]) }))
    .sort((a, b) => a.n - b.n);
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

function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done);
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // not every platform can fsync a folder; the files themselves are synced
  }
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
  writeFileAtomic(path.join(trail.dir, indexFile), `${JSON.stringify({ v: trailFormat, segments: [...index, entry] }, null, 2)}\n`, { mode: 0o600, durable: trail.durable });
  if (trail.durable) syncDir(trail.dir);
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
    writeAll(fd, line);
    if (trail.durable) fs.fdatasyncSync(fd);
    if (created && trail.durable) syncDir(trail.dir);
    writeHead(trail.dir, { seq: record.seq, hash: record.hash });
    if (created && !fs.existsSync(path.join(trail.dir, workspaceFile))) {
      writeFileAtomic(path.join(trail.dir, workspaceFile), `${JSON.stringify({ root: trail.workspace })}\n`, { mode: 0o600, durable: false });
    }
    return record;
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

// ── the lock ─────────────────────────────────────────────────────────────────────────────────────────────────

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly nonce: string;
  readonly time: number;
}

function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.nonce === 'string') return v as LockInfo;
  } catch {
    // being written, or garbage: judged by age alone
  }
  return undefined;
}

/** Creates the file if it does not exist (O_EXCL); false when it does. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new TrailError(`cannot create the lock ${file}: ${(e as Error).message}`);
  }
  try {
    writeAll(fd, Buffer.from(text));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** The lock's text and age, or undefined when it is gone. */
function inspectLock(file: string): { text: string; ageMs: number } | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return { text, ageMs: Date.now() - fs.statSync(file).mtimeMs };
  } catch {
    return undefined;
  }
}

function isStale(trail: Trail, seen: { text: string; ageMs: number }): boolean {
  const info = parseLockInfo(seen.text);
  if (info && info.host === os.hostname() && info.pid !== process.pid && !trail.lock.isAlive(info.pid)) return true;
  return seen.ageMs > trail.lock.staleMs;
}

/**
 * Removes a stale lock, unless it changed since it was judged stale; true when it did. A second lock (`.break`)
 * makes the check-and-remove one step, so two waiters cannot both break it and one of them remove the other's
 * fresh lock.
 */
function breakStaleLock(trail: Trail, file: string, seenText: string): boolean {
  const breaker = `${file}.break`;
  if (!createExclusive(breaker, String(process.pid))) {
    const b = inspectLock(breaker);
    if (b && b.ageMs > trail.lock.staleMs) fs.rmSync(breaker, { force: true });
    return false;
  }
  try {
    if (inspectLock(file)?.text !== seenText) return false;
    fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Takes the trail's lock file, waiting with backoff; returns its release. */
async function acquireLock(trail: Trail): Promise<() => void> {
  const file = path.join(trail.dir, lockFile);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), nonce: lockNonce(), time: Date.now() };
  const text = JSON.stringify(info);
  const deadline = Date.now() + trail.lock.timeoutMs;
  let delay = 1;
  for (;;) {
    if (createExclusive(file, text)) break;
    const seen = inspectLock(file);
    // Try again at once after breaking a stale lock; otherwise wait (another waiter may be breaking it).
    if (seen && isStale(trail, seen) && breakStaleLock(trail, file, seen.text)) continue;
    if (Date.now() > deadline) {
      const holder = seen && parseLockInfo(seen.text);
      throw new TrailError(
        `the trail is locked${holder ? ` by process ${holder.pid}` : ''} (${file}); gave up after ${trail.lock.timeoutMs} ms`,
      );
    }
    await sleep(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 2);
  }
  return () => {
    // Remove only our own lock: if it was judged stale and broken, another process may hold the file now.
    let current = '';
    try {
      current = fs.readFileSync(file, 'utf8');
    } catch {
      return;
    }
    if (parseLockInfo(current)?.nonce === info.nonce) fs.rmSync(file, { force: true });
  };
}

// ── reading ──────────────────────────────────────────────────────────────────────────────────────────────────

function readIndex(dir: string): SegmentEntry[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path.join(dir, indexFile), 'utf8'));
  } catch {
    return undefined;
  }
  const segments = (data as { segments?: unknown }).segments;
  if (!Array.isArray(segments)) return undefined;
  const ok = segments.every(
    (s: Partial<SegmentEntry>) =>
      typeof s.file === 'string' &&
      typeof s.firstSeq === 'number' &&
      typeof s.lastSeq === 'number' &&
      typeof s.firstPrev === 'string' &&
      typeof s.lastHash === 'string',
  );
  return ok ? (segments as SegmentEntry[]) : undefined;
}

function readHead(dir: string): ChainHead | undefined | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, headFile), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as Partial<ChainHead>;
    if (typeof v.seq === 'number' && typeof v.hash === 'string') return { seq: v.seq, hash: v.hash };
  } catch {
    // below
  }
  return 'unreadable';
}

export interface TrailContents {
  /** The trail folder exists and holds at least one segment. */
  readonly exists: boolean;
  readonly dir: string;
  /** The workspace the trail belongs to, as recorded in it (else the one asked for). */
  readonly workspace: string;
  /** Every line, with its parsed record when it could be read. */
  readonly lines: readonly TrailLine[];
  /** The records that could be read, in trail order. */
  readonly records: readonly TrailRecord[];
  readonly verification: ChainVerification;
}

/**
 * Reads and verifies a whole trail. The segment list, the head and the active file's length are taken under the
 * lock (briefly), so a concurrent append or rotation is either wholly seen or not at all; the reading itself
 * happens outside it.
 */
export async function readTrail(trail: Trail): Promise<TrailContents> {
  const empty = (): TrailContents => ({
    exists: false,
    dir: trail.dir,
    workspace: trail.workspace,
    lines: [],
    records: [],
    verification: { ok: true, verified: 0, segments: 0, lastSeq: 0, lastHash: genesisHash, warnings: [] },
  });
  if (!fs.existsSync(trail.dir)) return empty();
  const lockWarnings: string[] = [];
  // A reader that cannot take the lock (a read-only store, a stuck holder) still reads; a concurrent append may
  // then show as an unfinished last line.
  const release = await acquireLock(trail).catch((e: unknown) => {
    lockWarnings.push(`read without the lock: ${(e as Error).message}`);
    return () => undefined;
  });
  const fds: { name: string; fd: number; size: number }[] = [];
  let head: ReturnType<typeof readHead>;
  let index: SegmentEntry[] | undefined;
  try {
    for (const { name } of listSegments(trail.dir)) {
      const fd = fs.openSync(path.join(trail.dir, name), 'r');
      fds.push({ name, fd, size: fs.fstatSync(fd).size });
    }
    try {
      const fd = fs.openSync(path.join(trail.dir, activeFile), 'r');
      fds.push({ name: activeFile, fd, size: fs.fstatSync(fd).size });
    } catch {
      // no active file (yet, or after a rotation that was interrupted)
    }
    head = readHead(trail.dir);
    index = readIndex(trail.dir);
  } finally {
    release();
  }
  try {
    if (fds.length === 0) return empty();
    const segments = fds.map(({ name, fd, size }) => ({ name, text: readAt(fd, 0, size).toString('utf8') }));
    const { verification, lines } = verifyChain({
      segments,
      ...(head && head !== 'unreadable' ? { head } : {}),
      ...(index ? { index } : {}),
    });
    const warnings = [...lockWarnings, ...verification.warnings];
    if (head === 'unreadable') warnings.push('the head file cannot be read, so a cut-off end of the trail cannot be detected');
    if (fs.existsSync(path.join(trail.dir, indexFile)) && !index) warnings.push('the segment index cannot be read');
    if (fs.existsSync(path.join(trail.dir, tornFile))) warnings.push(`${tornFile} holds the bytes of an interrupted write`);
    let workspace = trail.workspace;
    try {
      const root = (JSON.parse(fs.readFileSync(path.join(trail.dir, workspaceFile), 'utf8')) as { root?: unknown }).root;
      if (typeof root === 'string') workspace = root;
    } catch {
      // the workspace asked for
    }
    return {
      exists: true,
      dir: trail.dir,
      workspace,
      lines,
      records: lines.flatMap((l) => (l.record ? [l.record] : [])),
      verification: { ...verification, warnings },
    };
  } finally {
    for (const { fd } of fds) fs.closeSync(fd);
  }
}
