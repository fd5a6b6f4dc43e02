import * as path from 'node:path';
import { lockFile, TrailError, type Trail } from './trailFiles';
import { Backoff, FileLock, LockBusyError } from '../fileLock';

/** Takes the trail's lock file, waiting with backoff; returns its release. */
export async function acquireLock(trail: Trail): Promise<() => void> {
  const { staleMs, timeoutMs, isAlive } = trail.lock;
  const lock = new FileLock(path.join(trail.dir, lockFile), { maxAgeMs: staleMs, otherHostMaxAgeMs: staleMs }, { isAlive });
  // Appends hold the lock for a moment only, so waiters look again often; the jitter keeps them from doing it in step.
  const backoff = new Backoff({ timeoutMs, firstPauseMs: 1, maxPauseMs: 2, jitter: true });
  try {
    await lock.acquire(backoff);
  } catch (e) {
    if (e instanceof LockBusyError) {
      throw new TrailError(`the trail is locked${e.holder ? ` by process ${e.holder.pid}` : ''} (${lock.file}); gave up after ${timeoutMs} ms`);
    }
    throw new TrailError(`cannot create the lock ${lock.file}: ${(e as Error).message}`);
  }
  return () => lock.release();
}
