import { PackWriter, type LoadedPack } from './packs';
import type { SnapshotStore } from './store';
import { readExactly } from './storeFs';

export interface RepackReport {
  readonly packsRemoved: number;
  readonly packsWritten: number;
  readonly objectsDropped: number;
  readonly bytesFreed: number;
}

const smallPack = 32 * 1024 * 1024;
const maxPacks = 8;

/**
 * Rewrites packs so that they hold only the objects `keep` accepts: a pack with nothing to drop stays as it is
 * (unless many small packs are merged into one), a pack with nothing to keep is removed. Records are copied as
 * stored, without re-compressing. The caller holds the store exclusively.
 */
export function repack(store: SnapshotStore, keep: (hash: string) => boolean, options: { merge: boolean }): RepackReport {
  const fsx = store.fsx;
  const packs = store.loadedPacks();
  const dirty: LoadedPack[] = [];
  const clean: LoadedPack[] = [];
  const sizeOf = (p: LoadedPack): number => {
    try {
      return fsx.statSync(p.file).size;
    } catch {
      return 0;
    }
  };
  for (const p of packs) {
    let live = 0;
    for (let i = 0; i < p.index.count; i++) if (keep(p.index.hashAt(i))) live++;
    (live === p.index.count ? clean : dirty).push(p);
  }
  const small = options.merge && packs.length > maxPacks ? clean.filter((p) => sizeOf(p) < smallPack) : [];
  const sources = [...dirty, ...(small.length > 1 ? small : [])];
  if (sources.length === 0) return { packsRemoved: 0, packsWritten: 0, objectsDropped: 0, bytesFreed: 0 };
  const sourceNames = new Set(sources.map((p) => p.name));
  const others = packs.filter((p) => !sourceNames.has(p.name));
  const inOthers = (hash: string): boolean => {
    const key = Buffer.from(hash, 'hex');
    return others.some((p) => p.index.find(key) >= 0);
  };
  const bytesBefore = sources.reduce((n, p) => n + sizeOf(p), 0);
  const writer = new PackWriter(fsx, store.dirs.tmp, store.dirs.packs, store.owner.pid);
  let dropped = 0;
  try {
    for (const p of sources) {
      const fd = fsx.openSync(p.file, 'r');
      try {
        for (let i = 0; i < p.index.count; i++) {
          const hash = p.index.hashAt(i);
          if (!keep(hash)) {
            dropped++;
            continue;
          }
          if (writer.has(hash) || inOthers(hash)) continue;
          const e = p.index.entry(i);
          writer.add(hash, readExactly(fsx, fd, e.length, e.offset), e.rawLength);
        }
      } finally {
        fsx.closeSync(fd);
      }
    }
    const written = writer.finish();
    if (written) store.addPack(written);
  } catch (e) {
    writer.abort();
    throw e;
  }
  // The new pack is durable and visible; the old ones can go.
  for (const p of sources) {
    store.forgetPack(p.name);
    fsx.rmSync(p.file, { force: true });
  }
  const after = store.loadedPacks().filter((p) => !sourceNames.has(p.name));
  const written = after.filter((p) => !others.includes(p));
  return {
    packsRemoved: sources.length,
    packsWritten: written.length,
    objectsDropped: dropped,
    bytesFreed: Math.max(0, bytesBefore - written.reduce((n, p) => n + sizeOf(p), 0)),
  };
}
