import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { StoreError } from './errors';
import { uniqueName } from './packs';
import { errnoOf, isNotFound, type StoreFs } from './storeFs';
import { Backoff, FileLock, LockBusyError, type Staleness } from '../fileLock';

/*
 * Two kinds of lock, plain files in `<store>/locks/`:
 *   writer-<name>  one per store handle while it adds to the store (any number at once: objects are
 *                  content-addressed and every file is written under a unique name, so writers need no lock
 *                  against each other). Between writes the handle renames it to idle-<name>: announcing a write
 *                  is then one rename, not a file creation (which costs a journal commit on some disks).
 *   exclusive      gc and repair, which delete: a FileLock (see ../fileLock.ts), taken alone, after every writer
 *                  finished.
 * A writer announces itself first and then looks for `exclusive`; gc takes `exclusive` first and then looks for
 * writers. Whatever the interleaving, one of them sees the other. A lock whose process is gone (same host, pid not
 * alive), or of another host and not touched for an hour, is stale and is taken over.
 */

export interface Owner {
  readonly pid: number;
  readonly host: string;
}

export interface LockEnv {
  readonly fsx: StoreFs;
  readonly dir: string;
  readonly owner: Owner;
  /** Wall clock for lock ages (compared with file times, so a real clock). */
  readonly now: () => number;
  /** Whether a process of this host is alive. */
  readonly isAlive: (pid: number) => boolean;
  readonly sleep: (ms: number) => void;
  /** How long to wait for the other side before giving up with a `busy` error. */
  readonly timeoutMs: number;
}

const otherHostStaleMs = 60 * 60 * 1000;
const exclusiveName = 'exclusive';

/** The exclusive lock is broken after a day even if its pid seems alive (a reused pid); unreadable after a minute. */
const exclusiveStaleness: Staleness = { maxAgeMs: 24 * 60 * 60 * 1000, otherHostMaxAgeMs: otherHostStaleMs, unreadableMaxAgeMs: 60_000 };

/** A lock file of the store other than a writer's: the exclusive lock (or what is left of breaking it). */
const fileLockOf = (env: LockEnv, file: string): FileLock =>
  new FileLock(file, exclusiveStaleness, { fs: env.fsx, now: env.now, isAlive: env.isAlive, host: env.owner.host, pid: env.owner.pid });

/** Pauses of a store waiting for the other side, over the whole wait. */
const storeBackoff = (env: LockEnv): Backoff => new Backoff({ timeoutMs: env.timeoutMs, firstPauseMs: 20, maxPauseMs: 250 });

const hostTag = (host: string): string => createHash('sha256').update(host).digest('hex').slice(0, 8);

/**
 * Whether a lock file belongs to a process that no longer holds it. Writer and idle files say who holds them in
 * their name (`writer-<time>-<pid>-<random>-<host tag>`) and when they were last taken in their ctime (a rename
 * sets it); they are held for as long as their process lives, however long that is. Other lock files are judged as
 * a FileLock.
 */
export function isStale(env: LockEnv, file: string): boolean {
  const m = /^(?:writer|idle)-[0-9a-z]+-(\d+)-[0-9a-f]+-([0-9a-f]{8})$/.exec(path.basename(file));
  if (!m) {
    const lock = fileLockOf(env, file);
    try {
      const seen = lock.inspect();
      return seen !== undefined && lock.isStale(seen);
    } catch {
      return false;
    }
  }
  if (m[2] !== hostTag(env.owner.host)) {
    try {
      const st = env.fsx.lstatSync(file);
      return env.now() - Math.max(st.ctimeMs, st.mtimeMs) > otherHostStaleMs;
    } catch {
      return false;
    }
  }
  const pid = Number(m[1]);
  return pid !== env.owner.pid && !env.isAlive(pid);
}

function unlinkQuietly(env: LockEnv, file: string): void {
  try {
    env.fsx.unlinkSync(file);
  } catch {
    // already gone
  }
}

function exclusiveHeld(env: LockEnv): boolean {
  const lock = fileLockOf(env, path.join(env.dir, exclusiveName));
  const seen = lock.inspect();
  if (seen === undefined) return false;
  // A stale lock is broken only if it is still the one judged; when that fails, someone else is on it: look again.
  return !(lock.isStale(seen) && lock.breakStale(seen));
}

/**
 * A store handle's writer lock. `acquire` announces a write (waiting while gc or repair runs) and returns the
 * release function; sessions of one handle may overlap (a counter). `close` removes the idle file.
 */
export class WriterLock {
  private depth = 0;
  private readonly idle: string;
  private readonly active: string;

  constructor(private readonly env: LockEnv) {
    const name = `${uniqueName(env.owner.pid)}-${hostTag(env.owner.host)}`;
    this.idle = path.join(env.dir, `idle-${name}`);
    this.active = path.join(env.dir, `writer-${name}`);
  }

  /** Renames idle → writer, or creates the writer file when there is no idle one (first use). */
  private announce(): void {
    try {
      this.env.fsx.renameSync(this.idle, this.active);
      return;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    let fd: number;
    try {
      fd = this.env.fsx.openSync(this.active, 'wx', 0o600);
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT') throw e;
      this.env.fsx.mkdirSync(this.env.dir, { recursive: true });
      fd = this.env.fsx.openSync(this.active, 'wx', 0o600);
    }
    this.env.fsx.closeSync(fd);
  }

  private withdraw(): void {
    try {
      this.env.fsx.renameSync(this.active, this.idle);
    } catch {
      unlinkQuietly(this.env, this.active);
    }
  }

  acquire(): () => void {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (--this.depth === 0) this.withdraw();
    };
    if (this.depth > 0) {
      this.depth++;
      return release;
    }
    const backoff = storeBackoff(this.env);
    for (;;) {
      this.announce();
      if (!exclusiveHeld(this.env)) {
        this.depth = 1;
        return release;
      }
      this.withdraw();
      const pause = backoff.next();
      if (pause === undefined) {
        throw new StoreError('busy', 'the snapshot store is being cleaned up or repaired by another process; try again shortly');
      }
      this.env.sleep(pause);
    }
  }

  close(): void {
    if (this.depth > 0) return;
    unlinkQuietly(this.env, this.idle);
  }
}

/** Registers a one-off writer (a handle of its own). */
export function acquireWriter(env: LockEnv): { release: () => void } {
  const lock = new WriterLock(env);
  const release = lock.acquire();
  return {
    release: () => {
      release();
      lock.close();
    },
  };
}

/** Takes the store for gc or repair: no writer runs until release. */
export function acquireExclusive(env: LockEnv): () => void {
  env.fsx.mkdirSync(env.dir, { recursive: true });
  const lock = fileLockOf(env, path.join(env.dir, exclusiveName));
  // One wait, for the other cleanup and then for the writers.
  const backoff = storeBackoff(env);
  const busy = (what: string): StoreError => new StoreError('busy', `the snapshot store is busy: ${what}; try again shortly`);
  try {
    lock.acquireSync(backoff, env.sleep);
  } catch (e) {
    throw e instanceof LockBusyError ? busy('another cleanup or repair is running') : e;
  }
  try {
    for (;;) {
      const writers = env.fsx
        .readdirSync(env.dir)
        .filter((n) => n.startsWith('writer-'))
        .map((n) => path.join(env.dir, n))
        .filter((f) => {
          if (!isStale(env, f)) return true;
          unlinkQuietly(env, f);
          return false;
        });
      if (writers.length === 0) break;
      const pause = backoff.next();
      if (pause === undefined) throw busy(`${writers.length} snapshot${writers.length === 1 ? ' is' : 's are'} being written`);
      env.sleep(pause);
    }
  } catch (e) {
    lock.release();
    throw e;
  }
  return () => lock.release();
}

/** Lock files left by processes that are gone (what verify reports and repair removes). */
export function staleLocks(env: LockEnv): string[] {
  let names: string[];
  try {
    names = env.fsx.readdirSync(env.dir);
  } catch {
    return [];
  }
  // `stale-*`: a lock moved aside to be broken by an earlier version of Airlock, which died before removing it.
  return names.map((n) => path.join(env.dir, n)).filter((f) => path.basename(f).startsWith('stale-') || isStale(env, f));
}
