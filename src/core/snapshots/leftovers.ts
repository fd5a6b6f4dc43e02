import * as path from 'node:path';
import { staleLocks } from './locks';
import { pidOfName } from './packs';
import type { SnapshotStore } from './store';

/** What a process that died while writing leaves behind: never part of a snapshot, safe to remove. */
export interface Leftover {
  readonly file: string;
  readonly what: 'temporary file' | 'stale lock';
}

const dayMs = 24 * 60 * 60 * 1000;

/** Whether the process that named a file is gone (same host) or the file is older than a day. */
function abandoned(store: SnapshotStore, file: string): boolean {
  const pid = pidOfName(path.basename(file));
  try {
    const age = Date.now() - store.fsx.lstatSync(file).mtimeMs;
    if (age > dayMs) return true;
  } catch {
    return false;
  }
  if (pid === undefined || pid === store.owner.pid) return false;
  return !store.lock.isAlive(pid);
}

function list(store: SnapshotStore, dir: string): string[] {
  try {
    return store.fsx.readdirSync(dir);
  } catch {
    return [];
  }
}

export function findLeftovers(store: SnapshotStore): Leftover[] {
  const out: Leftover[] = [];
  for (const n of list(store, store.dirs.tmp)) {
    const file = path.join(store.dirs.tmp, n);
    if (abandoned(store, file)) out.push({ file, what: 'temporary file' });
  }
  for (const file of staleLocks(store.lock)) out.push({ file, what: 'stale lock' });
  return out;
}

/** Removes leftovers; returns those it could not remove. */
export function removeLeftovers(store: SnapshotStore, leftovers: readonly Leftover[]): Leftover[] {
  const failed: Leftover[] = [];
  for (const l of leftovers) {
    try {
      store.fsx.rmSync(l.file, { force: true, recursive: true });
    } catch {
      failed.push(l);
    }
  }
  return failed;
}
