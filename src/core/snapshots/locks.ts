import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { StoreError } from './errors';
import { uniqueName } from './packs';
import { errnoOf, isNotFound, writeAll, type StoreFs } from './storeFs';
import { processIsAlive } from '../host';

/*
 * Two kinds of lock, plain files in `<store>/locks/`:
 *   writer-<name>  one per store handle while it adds to the store (any number at once: objects are
 *                  content-addressed and every file is written under a unique name, so writers need no lock
 *                  against each other). Between writes the handle renames it to idle-<name>: announcing a write
 *                  is then one rename, not a file creation (which costs a journal commit on some disks).
 *   exclusive      gc and repair, which delete: created with O_EXCL, taken alone, after every writer finished.
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

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly time: number;
  /** A per-handle writer lock: held for as long as its process lives, however long that is. */
  readonly named?: boolean;
}

const staleAgeMs = 24 * 60 * 60 * 1000;
const otherHostStaleMs = 60 * 60 * 1000;
const exclusiveName = 'exclusive';

export { processIsAlive };

const sleeper = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

const hostTag = (host: string): string => createHash('sha256').update(host).digest('hex').slice(0, 8);

/**
 * Who holds a lock. Writer and idle files say it in their name (`writer-<time>-<pid>-<random>-<host tag>`) and
 * when they were last taken in their ctime (a rename sets it); the exclusive lock holds JSON.
 */
function readInfo(env: LockEnv, file: string): LockInfo | undefined | 'gone' {
  try {
    const m = /^(?:writer|idle)-[0-9a-z]+-(\d+)-[0-9a-f]+-([0-9a-f]{8})$/.exec(path.basename(file));
    if (m) {
      const host = m[2] === hostTag(env.owner.host) ? env.owner.host : `other host ${m[2]}`;
      const st = env.fsx.lstatSync(file);
      return { pid: Number(m[1]), host, time: Math.max(st.ctimeMs, st.mtimeMs), named: true };
    }
    const text = env.fsx.readFileSync(file, 'utf8');
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.time === 'number') return { pid: v.pid, host: v.host, time: v.time };
    return undefined;
  } catch (e) {
    if (isNotFound(e)) return 'gone';
    return undefined;
  }
}

/** Whether a lock file belongs to a process that no longer holds it. An unreadable lock is stale once old. */
export function isStale(env: LockEnv, file: string): boolean {
  const info = readInfo(env, file);
  if (info === 'gone') return false;
  if (info === undefined) {
    try {
      return env.now() - env.fsx.statSync(file).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
  const age = env.now() - info.time;
  if (info.host !== env.owner.host) return age > otherHostStaleMs;
  if (!info.named && age > staleAgeMs) return true;
  return info.pid !== env.owner.pid && !env.isAlive(info.pid);
}

/** Creates the exclusive lock file with its holder as JSON; false when it exists already. */
function createLockFile(env: LockEnv, file: string): boolean {
  let fd: number;
  try {
    fd = env.fsx.openSync(file, 'wx', 0o600);
  } catch (e) {
    if (errnoOf(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    writeAll(env.fsx, fd, Buffer.from(JSON.stringify({ pid: env.owner.pid, host: env.owner.host, time: env.now() })));
    return true;
  } finally {
    env.fsx.closeSync(fd);
  }
}

/**
 * Removes a stale lock without removing a fresh one that replaced it meanwhile: the file is moved aside first and
 * put back (with link, which never overwrites) if what was moved is not what was judged stale.
 */
function removeStale(env: LockEnv, file: string): void {
  const judged = readInfo(env, file);
  const aside = path.join(env.dir, `stale-${uniqueName(env.owner.pid)}`);
  try {
    env.fsx.renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readInfo(env, aside);
  const same = typeof judged === 'object' && typeof moved === 'object' && judged.pid === moved.pid && judged.time === moved.time;
  if (!same && judged !== undefined) {
    try {
      env.fsx.linkSync(aside, file);
    } catch {
      // someone took the lock meanwhile; the moved one was theirs to lose
    }
  }
  try {
    env.fsx.unlinkSync(aside);
  } catch {
    // gone
  }
}

function unlinkQuietly(env: LockEnv, file: string): void {
  try {
    env.fsx.unlinkSync(file);
  } catch {
    // already gone
  }
}

function exclusiveHeld(env: LockEnv): boolean {
  const file = path.join(env.dir, exclusiveName);
  try {
    env.fsx.lstatSync(file);
  } catch {
    return false;
  }
  if (isStale(env, file)) {
    removeStale(env, file);
    return false;
  }
  return true;
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
    const started = performance.now();
    let pause = 20;
    for (;;) {
      this.announce();
      if (!exclusiveHeld(this.env)) {
        this.depth = 1;
        return release;
      }
      this.withdraw();
      if (performance.now() - started > this.env.timeoutMs) {
        throw new StoreError('busy', 'the snapshot store is being cleaned up or repaired by another process; try again shortly');
      }
      this.env.sleep(pause);
      pause = Math.min(pause * 2, 250);
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
  const file = path.join(env.dir, exclusiveName);
  const started = performance.now();
  let pause = 20;
  const waitOrGiveUp = (what: string): void => {
    if (performance.now() - started > env.timeoutMs) throw new StoreError('busy', `the snapshot store is busy: ${what}; try again shortly`);
    env.sleep(pause);
    pause = Math.min(pause * 2, 250);
  };
  while (!createLockFile(env, file)) {
    if (isStale(env, file)) removeStale(env, file);
    else waitOrGiveUp('another cleanup or repair is running');
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
      waitOrGiveUp(`${writers.length} snapshot${writers.length === 1 ? ' is' : 's are'} being written`);
    }
  } catch (e) {
    unlinkQuietly(env, file);
    throw e;
  }
  return () => unlinkQuietly(env, file);
}

/** Lock files left by processes that are gone (what verify reports and repair removes). */
export function staleLocks(env: LockEnv): string[] {
  let names: string[];
  try {
    names = env.fsx.readdirSync(env.dir);
  } catch {
    return [];
  }
  return names.map((n) => path.join(env.dir, n)).filter((f) => path.basename(f).startsWith('stale-') || isStale(env, f));
}
