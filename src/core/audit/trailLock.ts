import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lockFile, TrailError, writeAll, type Trail } from './trailFiles';
import { thisProcess } from '../host';

let locksTaken = 0;
/** Tells this holder's lock from an earlier one of the same process (not a secret: nothing is proven with it). */
const lockNonce = (): string => `${Date.now().toString(36)}-${(locksTaken++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

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
  if (info && info.host === os.hostname() && info.pid !== thisProcess.pid && !trail.lock.isAlive(info.pid)) return true;
  return seen.ageMs > trail.lock.staleMs;
}

/**
 * Removes a stale lock, unless it changed since it was judged stale; true when it did. A second lock (`.break`)
 * makes the check-and-remove one step, so two waiters cannot both break it and one of them remove the other's
 * fresh lock.
 */
function breakStaleLock(trail: Trail, file: string, seenText: string): boolean {
  const breaker = `${file}.break`;
  if (!createExclusive(breaker, String(thisProcess.pid))) {
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
export async function acquireLock(trail: Trail): Promise<() => void> {
  const file = path.join(trail.dir, lockFile);
  const info: LockInfo = { pid: thisProcess.pid, host: os.hostname(), nonce: lockNonce(), time: Date.now() };
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

