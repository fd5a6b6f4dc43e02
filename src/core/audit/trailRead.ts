import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyChain, type ChainHead, type ChainVerification, type SegmentEntry, type TrailLine } from './chain';
import { genesisHash, type TrailRecord } from './record';
import { activeFile, headFile, indexFile, listSegments, readAt, tornFile, workspaceFile, type Trail } from './trailFiles';
import { acquireLock } from './trailLock';

export function readIndex(dir: string): SegmentEntry[] | undefined {
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
