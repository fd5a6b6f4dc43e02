import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { err, ok, type Result } from '../result';
import { isObjectHash } from './objects';
import { isSafeName } from './tree';

/** Why a path's content is not in a snapshot. */
export type SkipReason = 'too-large' | 'unreadable' | 'special' | 'limit' | 'excluded' | 'damaged';

/**
 * One path of a snapshot as restore sees it. `path` is workspace-relative with `/` separators ('' is the
 * workspace folder itself), or absolute for a path outside the workspace (targeted snapshots only).
 */
export type SnapshotEntry =
  | { readonly path: string; readonly type: 'file'; readonly mode: number; readonly size: number; readonly mtimeMs: number; readonly blob: string }
  /** `tree`: the folder's content, captured whole as a tree node (targeted snapshots of a folder). */
  | { readonly path: string; readonly type: 'dir'; readonly mode: number; readonly mtimeMs: number; readonly tree?: string }
  | { readonly path: string; readonly type: 'symlink'; readonly target: string; readonly mtimeMs: number }
  /** A tombstone: the path did not exist when the snapshot was taken. */
  | { readonly path: string; readonly type: 'missing' }
  | { readonly path: string; readonly type: 'skipped'; readonly reason: SkipReason; readonly size?: number };

export interface SnapshotStats {
  readonly files: number;
  readonly bytes: number;
  readonly skipped: number;
  /** Objects this snapshot added to the store, and their stored size. */
  readonly newObjects: number;
  readonly newBytes: number;
  readonly durationMs: number;
}

export interface ManifestCommon {
  readonly format: 1;
  readonly id: string;
  readonly workspace: { readonly root: string; readonly id: string };
  /** Wall-clock time the snapshot was taken (ms since the epoch). */
  readonly createdAt: number;
  /** The file system's clock when the snapshot started: files modified later are re-read by the next checkpoint. */
  readonly fsTime: number;
  readonly label?: string;
  readonly stats: SnapshotStats;
  /** Paths whose content a repair found lost ('' for all of them). */
  readonly damaged?: readonly string[];
}

/** The whole workspace as a tree of folder nodes. */
export interface CheckpointManifest extends ManifestCommon {
  readonly kind: 'checkpoint';
  readonly root: string;
  readonly rootMode: number;
  /** The exclusions in force (restore ignores excluded paths instead of calling them new). */
  readonly exclude: readonly string[];
  readonly maxFileSize: number;
  readonly parent?: string;
}

/** A list of paths, taken before a destructive action; also what retention leaves of an old snapshot. */
export interface TargetedManifest extends ManifestCommon {
  readonly kind: 'targeted';
  readonly entries: readonly SnapshotEntry[];
  /** Folders captured whole: files found below them later were created after the snapshot. */
  readonly complete: readonly string[];
  readonly exclude: readonly string[];
  /** Set when retention kept only the files whose newest copy this snapshot holds. */
  readonly thinned?: { readonly from: 'checkpoint' | 'targeted'; readonly at: number };
}

export type Manifest = CheckpointManifest | TargetedManifest;

/** `YYYYMMDD-HHMMSS-mmm-xxxx` in UTC: sorts by time, short enough to type. */
export function newSnapshotId(now: number): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${p(d.getUTCMilliseconds(), 3)}`;
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export const isSnapshotId = (v: unknown): v is string => typeof v === 'string' && /^\d{8}-\d{6}-\d{3}-[0-9a-f]{4,}$/.test(v);

/** A workspace-relative path as stored: segments that are each a safe name, joined by `/`; or '' for the root. */
export function isSafeRelative(p: string): boolean {
  return p === '' || p.split('/').every(isSafeName);
}

/** An absolute path as stored: normalised, no `..`, no NUL. */
export function isSafeAbsolute(p: string): boolean {
  return path.isAbsolute(p) && path.normalize(p) === p && !p.includes('\0') && !p.split(path.sep).includes('..');
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const skipReasons: readonly SkipReason[] = ['too-large', 'unreadable', 'special', 'limit', 'excluded', 'damaged'];

function parseEntry(v: unknown): Result<SnapshotEntry> {
  if (!isObj(v) || typeof v.path !== 'string') return err('an entry has no path');
  const p = v.path;
  if (!(isSafeRelative(p) || isSafeAbsolute(p))) return err(`entry path ${JSON.stringify(p)} is unsafe`);
  switch (v.type) {
    case 'file':
      if (!isNum(v.mode) || !isNum(v.size) || !isNum(v.mtimeMs) || !isObjectHash(v.blob)) return err(`file entry ${p} is malformed`);
      return ok({ path: p, type: 'file', mode: v.mode, size: v.size, mtimeMs: v.mtimeMs, blob: v.blob });
    case 'dir':
      if (!isNum(v.mode) || !isNum(v.mtimeMs) || (v.tree !== undefined && !isObjectHash(v.tree))) return err(`folder entry ${p} is malformed`);
      return ok({ path: p, type: 'dir', mode: v.mode, mtimeMs: v.mtimeMs, ...(v.tree !== undefined ? { tree: v.tree } : {}) });
    case 'symlink':
      if (typeof v.target !== 'string' || !isNum(v.mtimeMs)) return err(`symlink entry ${p} is malformed`);
      return ok({ path: p, type: 'symlink', target: v.target, mtimeMs: v.mtimeMs });
    case 'missing':
      return ok({ path: p, type: 'missing' });
    case 'skipped':
      if (!skipReasons.includes(v.reason as SkipReason)) return err(`skipped entry ${p} has an unknown reason`);
      return ok({ path: p, type: 'skipped', reason: v.reason as SkipReason, ...(isNum(v.size) ? { size: v.size } : {}) });
    default:
      return err(`entry ${p} has an unknown type`);
  }
}

/** Validates a manifest read from the store (a damaged or hand-edited file is an error, never trusted). */
export function parseManifest(v: unknown): Result<Manifest> {
  if (!isObj(v)) return err('not a JSON object');
  if (v.format !== 1) return err(`unknown manifest format ${JSON.stringify(v.format)}`);
  if (!isSnapshotId(v.id)) return err('no valid snapshot id');
  const ws = v.workspace;
  if (!isObj(ws) || typeof ws.root !== 'string' || !path.isAbsolute(ws.root) || typeof ws.id !== 'string') return err('no valid workspace');
  if (!isNum(v.createdAt) || !isNum(v.fsTime)) return err('no valid times');
  const s = v.stats;
  if (!isObj(s) || !['files', 'bytes', 'skipped', 'newObjects', 'newBytes', 'durationMs'].every((k) => isNum(s[k]))) return err('no valid stats');
  if (v.label !== undefined && typeof v.label !== 'string') return err('label is not text');
  if (v.damaged !== undefined && !isStrList(v.damaged)) return err('damaged is not a list of paths');
  if (!isStrList(v.exclude)) return err('exclude is not a list of patterns');
  const common = {
    format: 1 as const,
    id: v.id,
    workspace: { root: ws.root, id: ws.id },
    createdAt: v.createdAt,
    fsTime: v.fsTime,
    ...(v.label !== undefined ? { label: v.label } : {}),
    stats: s as unknown as SnapshotStats,
    ...(v.damaged !== undefined ? { damaged: v.damaged } : {}),
    exclude: v.exclude,
  };
  if (v.kind === 'checkpoint') {
    if (!isObjectHash(v.root) || !isNum(v.rootMode) || !isNum(v.maxFileSize)) return err('checkpoint has no valid root');
    if (v.parent !== undefined && !isSnapshotId(v.parent)) return err('checkpoint parent is not a snapshot id');
    return ok({ ...common, kind: 'checkpoint', root: v.root, rootMode: v.rootMode, maxFileSize: v.maxFileSize, ...(v.parent !== undefined ? { parent: v.parent } : {}) });
  }
  if (v.kind === 'targeted') {
    if (!Array.isArray(v.entries) || !isStrList(v.complete)) return err('targeted snapshot has no entries');
    const entries: SnapshotEntry[] = [];
    for (const e of v.entries) {
      const r = parseEntry(e);
      if (!r.ok) return r;
      entries.push(r.value);
    }
    const t = v.thinned;
    if (t !== undefined && !(isObj(t) && (t.from === 'checkpoint' || t.from === 'targeted') && isNum(t.at))) return err('thinned is malformed');
    return ok({ ...common, kind: 'targeted', entries, complete: v.complete, ...(t !== undefined ? { thinned: t as TargetedManifest['thinned'] & object } : {}) });
  }
  return err(`unknown snapshot kind ${JSON.stringify(v.kind)}`);
}

/** A short description of a snapshot for listings. */
export interface SnapshotSummary {
  readonly id: string;
  readonly kind: Manifest['kind'];
  readonly createdAt: number;
  readonly label?: string;
  readonly files: number;
  readonly bytes: number;
  readonly newBytes: number;
  readonly damaged: boolean;
  readonly thinned: boolean;
  /** For targeted snapshots: the paths named (at most a few). */
  readonly paths?: readonly string[];
}

export function summarize(m: Manifest): SnapshotSummary {
  const named = m.kind === 'targeted' ? topPaths(m.entries) : undefined;
  return {
    id: m.id,
    kind: m.kind,
    createdAt: m.createdAt,
    ...(m.label !== undefined ? { label: m.label } : {}),
    files: m.stats.files,
    bytes: m.stats.bytes,
    newBytes: m.stats.newBytes,
    damaged: (m.damaged?.length ?? 0) > 0,
    thinned: m.kind === 'targeted' && m.thinned !== undefined,
    ...(named ? { paths: named } : {}),
  };
}

/** The entries not below another entry: what the snapshot was asked to take. */
export function topPaths(entries: readonly SnapshotEntry[]): string[] {
  const all = entries.map((e) => e.path);
  const set = new Set(all);
  return all.filter((p) => {
    for (let q = parentOf(p); q !== undefined; q = parentOf(q)) if (set.has(q)) return false;
    return true;
  });
}

/** The parent of a stored path, or undefined at the top ('' for relative, '/' for absolute). */
export function parentOf(p: string): string | undefined {
  if (p === '' || p === '/') return undefined;
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  if (i === 0) return '/';
  return p.slice(0, i);
}
