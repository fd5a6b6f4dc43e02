import { airlockPathsIn } from '../airlockPaths';
import { err, ok, type Result } from '../result';
import { checkPattern } from './exclusions';

/** What the user can tune, from `<airlockHome>/snapshots.json` (CLI) or the editor's settings. */
export interface SnapshotSettings {
  /** Patterns left out in addition to the defaults (see exclusions.ts). */
  readonly exclude: readonly string[];
  /** Default exclusions to keep after all, e.g. `build/`. */
  readonly include: readonly string[];
  /** Files larger than this are recorded (path, size) but their content is not kept. */
  readonly maxFileSize: number;
  readonly retention: RetentionSettings;
}

export interface RetentionSettings {
  /** gc removes the oldest snapshots while the store is larger than this. */
  readonly maxBytes: number;
  /** gc removes snapshots older than this. */
  readonly maxAgeDays: number;
}

export const defaultSnapshotSettings: SnapshotSettings = {
  exclude: [],
  include: [],
  maxFileSize: 32 * 1024 * 1024,
  retention: { maxBytes: 5 * 1024 * 1024 * 1024, maxAgeDays: 30 },
};

/** The store's folder below Airlock's user folder. */
export const storeRootFor = (airlockHome: string): string => airlockPathsIn(airlockHome).store;

const maxObjectSize = 2 ** 31;

/** Parses a size: a number of bytes, or text like `512K`, `20 MB`, `5GiB`. */
export function parseSize(v: unknown): Result<number, string> {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return ok(v);
  if (typeof v !== 'string') return err('a size must be a number of bytes or text like "500MB"');
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(v);
  if (!m) return err(`'${v}' is not a size (e.g. 500MB, 2GiB, 1048576)`);
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(m[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return ok(Math.round(Number(m[1]) * unit));
}

/** Reads settings from untrusted JSON; missing fields take the defaults, a bad one is an error naming it. */
export function parseSnapshotSettings(v: unknown): Result<SnapshotSettings, string> {
  if (v === undefined || v === null) return ok(defaultSnapshotSettings);
  if (typeof v !== 'object' || Array.isArray(v)) return err('snapshot settings must be a JSON object');
  const o = v as Record<string, unknown>;
  const known = ['exclude', 'include', 'maxFileSize', 'retention'];
  const unknown = Object.keys(o).find((k) => !known.includes(k));
  if (unknown) return err(`unknown snapshot setting '${unknown}' (expected ${known.join(', ')})`);
  const lists: Record<'exclude' | 'include', string[]> = { exclude: [], include: [] };
  for (const key of ['exclude', 'include'] as const) {
    const list = o[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return err(`'${key}' must be a list of patterns`);
    for (const p of list) {
      const c = checkPattern(p);
      if (!c.ok) return err(`'${key}': ${c.error}`);
      lists[key].push(c.value);
    }
  }
  let maxFileSize = defaultSnapshotSettings.maxFileSize;
  if (o.maxFileSize !== undefined) {
    const s = parseSize(o.maxFileSize);
    if (!s.ok) return err(`'maxFileSize': ${s.error}`);
    if (s.value > maxObjectSize) return err(`'maxFileSize' can be at most 2 GiB`);
    maxFileSize = s.value;
  }
  let retention = defaultSnapshotSettings.retention;
  if (o.retention !== undefined) {
    const r = o.retention;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return err(`'retention' must be an object`);
    const ro = r as Record<string, unknown>;
    const bad = Object.keys(ro).find((k) => k !== 'maxBytes' && k !== 'maxAgeDays');
    if (bad) return err(`unknown retention setting '${bad}' (expected maxBytes, maxAgeDays)`);
    let maxBytes = retention.maxBytes;
    if (ro.maxBytes !== undefined) {
      const s = parseSize(ro.maxBytes);
      if (!s.ok) return err(`'retention.maxBytes': ${s.error}`);
      maxBytes = s.value;
    }
    let maxAgeDays = retention.maxAgeDays;
    if (ro.maxAgeDays !== undefined) {
      if (typeof ro.maxAgeDays !== 'number' || !(ro.maxAgeDays > 0)) return err(`'retention.maxAgeDays' must be a positive number`);
      maxAgeDays = ro.maxAgeDays;
    }
    retention = { maxBytes, maxAgeDays };
  }
  return ok({ exclude: lists.exclude, include: lists.include, maxFileSize, retention });
}
