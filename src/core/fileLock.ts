import * as fs from 'node:fs';
import * as os from 'node:os';
import { writeAll } from './atomicWrite';
import { processIsAlive, thisProcess } from './host';

/*
 * A lock between processes: a file created with O_EXCL that names its holder (pid, host, a nonce, the time).
 *
 * A holder that died leaves its file behind, so a waiter judges whether the lock is stale: its holder is a process
 * of this host that is gone, or the file is older than a maximum age (a reused pid, a hung holder; another host's
 * processes cannot be asked, so only the age counts for them).
 *
 * Breaking a stale lock is where two waiters can hurt each other: both judge the same lock stale, one removes it and
 * a third process creates a fresh one, then the other removes that fresh one. So a stale lock is removed only under
 * a second lock, `<file>.break`, and only if it is still the very file that was judged (same inode, time and
 * content): while one waiter holds `.break`, no other can remove the lock, so the check and the removal are one
 * step. `.break` is itself a lock of this kind (held for a few system calls); should its holder die, it is judged
 * and broken the same way, under `<file>.break.break`.
 *
 * A holder releases only its own lock (its nonce in the file). It can have lost the lock only by being judged stale
 * while it still ran, past the maximum age: exclusion was lost then, not at release.
 */

/** The file-system calls a lock makes: Node's own, or a stand-in that injects faults. */
export type LockFs = Pick<typeof fs, 'openSync' | 'closeSync' | 'writeSync' | 'readSync' | 'fstatSync' | 'unlinkSync'>;

export interface LockDeps {
  readonly fs: LockFs;
  /** Wall clock in ms, compared with file times. */
  readonly now: () => number;
  /** Whether a process of this host still runs. */
  readonly isAlive: (pid: number) => boolean;
  readonly host: string;
  readonly pid: number;
}

export interface Staleness {
  /** A lock of this host whose process still runs is broken once older than this. */
  readonly maxAgeMs: number;
  /** A lock of another host is broken once older than this. */
  readonly otherHostMaxAgeMs: number;
  /** A lock without readable holder info (its writer died before writing it) is broken once older than this. Default maxAgeMs. */
  readonly unreadableMaxAgeMs?: number;
}

export interface Holder {
  readonly pid: number;
  readonly host: string;
  /** Absent in locks written by earlier versions. */
  readonly nonce?: string;
}

/** A lock file as read at one moment. */
export interface SeenLock {
  /** Undefined when the file holds no readable holder info. */
  readonly holder: Holder | undefined;
  readonly ageMs: number;
  /** Tells this file from a later one at the same path. */
  readonly identity: string;
}

/** Gave up waiting for a lock. */
export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
  constructor(
    readonly file: string,
    readonly holder: Holder | undefined,
    readonly timeoutMs: number,
  ) {
    super(`${file} is held by ${holder ? `process ${holder.pid} on ${holder.host}` : 'another process'}; gave up after ${timeoutMs} ms`);
  }
}

export interface BackoffOptions {
  readonly timeoutMs: number;
  /** The first pause; each next one doubles, up to maxPauseMs. */
  readonly firstPauseMs: number;
  readonly maxPauseMs: number;
  /** Spreads each pause over half to one and a half times it, so waiters that started together drift apart. */
  readonly jitter?: boolean;
  /** Monotonic clock in ms for the deadline. Default performance.now. */
  readonly now?: () => number;
}

/**
 * Pauses between attempts, growing up to a cap, until a deadline. The deadline is set at the first pause asked for,
 * so an attempt that succeeds at once never reads the clock (`performance.now` loads Node's perf_hooks, which a hook
 * appending to the trail has no other use for).
 */
export class Backoff {
  readonly timeoutMs: number;
  private deadline: number | undefined;
  private pause: number;

  constructor(private readonly options: BackoffOptions) {
    this.timeoutMs = options.timeoutMs;
    this.pause = options.firstPauseMs;
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  /** How long to pause before the next attempt; undefined once the deadline has passed. The last pause ends at it. */
  next(): number | undefined {
    const now = this.now();
    this.deadline ??= now + this.options.timeoutMs;
    const left = this.deadline - now;
    if (left <= 0) return undefined;
    const pause = this.options.jitter ? this.pause * (0.5 + Math.random()) : this.pause;
    this.pause = Math.min(this.pause * 2, this.options.maxPauseMs);
    return Math.min(pause, left);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` (for callers that cannot await). */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

const sleepAsync = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const defaultDeps = (): LockDeps => ({ fs, now: Date.now, isAlive: processIsAlive, host: os.hostname(), pid: thisProcess.pid });

const errnoOf = (e: unknown): unknown => (e as { code?: unknown } | null)?.code;
const isGone = (e: unknown): boolean => errnoOf(e) === 'ENOENT' || errnoOf(e) === 'ENOTDIR';

/** More than any holder info takes; a bigger file is not a lock of ours. */
const maxLockBytes = 4096;

function parseHolder(text: string): Holder | undefined {
  try {
    const v = JSON.parse(text) as { pid?: unknown; host?: unknown; nonce?: unknown };
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return undefined;
    return typeof v.nonce === 'string' ? { pid: v.pid, host: v.host, nonce: v.nonce } : { pid: v.pid, host: v.host };
  } catch {
    // being written, or garbage: judged by age alone
    return undefined;
  }
}

let locksMade = 0;
/**
 * Tells this taking of a lock from any other (not a secret: nothing is proven with it). Made without `node:crypto`,
 * which a hook appending to the trail does not otherwise load.
 */
const newNonce = (): string => `${Date.now().toString(36)}-${(locksMade++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** One taking of a lock file: make a new one for each acquire (each has its own nonce). */
export class FileLock {
  readonly nonce = newNonce();
  private readonly deps: LockDeps;

  constructor(
    readonly file: string,
    readonly staleness: Staleness,
    deps: Partial<LockDeps> = {},
  ) {
    this.deps = { ...defaultDeps(), ...deps };
  }

  /** One attempt: creates the lock, breaking a stale one in the way; false when another holder has it. */
  tryAcquire(): boolean {
    // A few rounds, for a lock that was released or broken between our create and our look at it.
    for (let round = 0; round < 3; round++) {
      if (this.create()) return true;
      const seen = this.inspect();
      if (seen && !(this.isStale(seen) && this.breakStale(seen))) return false;
    }
    return false;
  }

  /** Takes the lock, pausing between attempts (blocking the thread) until the backoff's deadline. */
  acquireSync(backoff: Backoff, sleep: (ms: number) => void = sleepSync): void {
    for (;;) {
      if (this.tryAcquire()) return;
      const pause = backoff.next();
      if (pause === undefined) throw this.busy(backoff);
      sleep(pause);
    }
  }

  /** Takes the lock, awaiting between attempts until the backoff's deadline. */
  async acquire(backoff: Backoff, sleep: (ms: number) => Promise<void> = sleepAsync): Promise<void> {
    for (;;) {
      if (this.tryAcquire()) return;
      const pause = backoff.next();
      if (pause === undefined) throw this.busy(backoff);
      await sleep(pause);
    }
  }

  /** Removes the lock file if it is still ours. */
  release(): void {
    try {
      if (this.inspect()?.holder?.nonce === this.nonce) this.deps.fs.unlinkSync(this.file);
    } catch {
      // Gone, or cannot be removed: a lock left behind is stale once this process is gone.
    }
  }

  /** The lock file now; undefined when there is none. */
  inspect(): SeenLock | undefined {
    const { fs: fsx, now } = this.deps;
    let fd: number;
    try {
      fd = fsx.openSync(this.file, 'r');
    } catch (e) {
      if (isGone(e)) return undefined;
      throw e;
    }
    try {
      const st = fsx.fstatSync(fd);
      const buf = Buffer.alloc(maxLockBytes);
      let length = 0;
      while (length < buf.length) {
        const n = fsx.readSync(fd, buf, length, buf.length - length, length);
        if (n === 0) break;
        length += n;
      }
      const text = buf.subarray(0, length).toString('utf8');
      return { holder: parseHolder(text), ageMs: now() - st.mtimeMs, identity: `${st.ino}:${st.mtimeMs}:${text}` };
    } finally {
      fsx.closeSync(fd);
    }
  }

  /** Whether a lock file as seen belongs to a holder that no longer holds it. */
  isStale(seen: SeenLock): boolean {
    const { holder, ageMs } = seen;
    const { maxAgeMs, otherHostMaxAgeMs, unreadableMaxAgeMs = maxAgeMs } = this.staleness;
    if (!holder) return ageMs > unreadableMaxAgeMs;
    if (holder.host !== this.deps.host) return ageMs > otherHostMaxAgeMs;
    if (holder.pid !== this.deps.pid && !this.deps.isAlive(holder.pid)) return true;
    return ageMs > maxAgeMs;
  }

  /** Removes a lock judged stale, unless it is no longer the file that was judged; true when that file is gone. */
  breakStale(seen: SeenLock): boolean {
    const breaker = new FileLock(`${this.file}.break`, this.staleness, this.deps);
    if (!breaker.tryAcquire()) return false;
    try {
      const now = this.inspect();
      if (now === undefined) return true;
      if (now.identity !== seen.identity) return false;
      this.deps.fs.unlinkSync(this.file);
      return true;
    } finally {
      breaker.release();
    }
  }

  /** Creates the lock file with our holder info (O_EXCL); false when it exists. */
  private create(): boolean {
    const { fs: fsx, host, pid, now } = this.deps;
    let fd: number;
    try {
      fd = fsx.openSync(this.file, 'wx', 0o600);
    } catch (e) {
      if (errnoOf(e) === 'EEXIST') return false;
      throw e;
    }
    const data = Buffer.from(JSON.stringify({ pid, host, nonce: this.nonce, time: now() }));
    try {
      writeAll(fsx, fd, data);
    } catch (e) {
      // A lock without its holder would block others until it is old: take it back.
      fsx.closeSync(fd);
      try {
        fsx.unlinkSync(this.file);
      } catch {
        // left to be judged by its age
      }
      throw e;
    }
    fsx.closeSync(fd);
    return true;
  }

  private busy(backoff: Backoff): LockBusyError {
    let holder: Holder | undefined;
    try {
      holder = this.inspect()?.holder;
    } catch {
      // unreadable: named as another process
    }
    return new LockBusyError(this.file, holder, backoff.timeoutMs);
  }
}
