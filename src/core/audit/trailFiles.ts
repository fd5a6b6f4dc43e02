import * as fs from 'node:fs';

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
  /** Airlock's folder (`AirlockPaths.root`). */
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
export const segmentPattern = /^trail-(\d{6,})\.jsonl$/;
export const segmentName = (n: number): string => `trail-${String(n).padStart(6, '0')}.jsonl`;
export const lockFile = 'trail.lock';
export const headFile = 'head.json';
export const indexFile = 'index.json';
export const workspaceFile = 'workspace.json';
/** Bytes of an interrupted write, moved aside so the chain can go on. */
export const tornFile = 'trail.torn';
export function listSegments(dir: string): { name: string; n: number }[] {
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


/** Up to `length` bytes of a file from `position` (fewer at its end). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}
