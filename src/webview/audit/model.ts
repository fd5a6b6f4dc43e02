// The panel's data, without the DOM: the rows in trail order, the filters, and the chart's buckets.
import { auditDecisions, type AuditDecision, type AuditOutcomeStatus, type AuditRow } from '../../shared/auditMessages';

export type TimeFilter =
  | { readonly kind: 'all' }
  /** The last `ms` milliseconds before now. */
  | { readonly kind: 'last'; readonly ms: number }
  /** A span picked on the chart. */
  | { readonly kind: 'range'; readonly from: number; readonly to: number };

export interface Filter {
  readonly decisions: readonly AuditDecision[];
  /** '' for every agent. */
  readonly agent: string;
  /** '' for every kind. */
  readonly kind: string;
  readonly time: TimeFilter;
  /** Case-insensitive words, all of which must appear in the target, rule, agent, kind or seq. */
  readonly text: string;
}

export const noFilter: Filter = { decisions: auditDecisions, agent: '', kind: '', time: { kind: 'all' }, text: '' };

export const isFiltered = (f: Filter): boolean =>
  f.decisions.length !== auditDecisions.length || f.agent !== '' || f.kind !== '' || f.time.kind !== 'all' || f.text.trim() !== '';

/** A filter read back from saved state; anything unexpected becomes the default. */
export function restoreFilter(v: unknown): Filter {
  if (typeof v !== 'object' || v === null) return noFilter;
  const o = v as Record<string, unknown>;
  const decisions = Array.isArray(o.decisions) ? auditDecisions.filter((d) => (o.decisions as unknown[]).includes(d)) : noFilter.decisions;
  const t = o.time as Record<string, unknown> | undefined;
  const time: TimeFilter =
    t?.kind === 'last' && typeof t.ms === 'number' && t.ms > 0
      ? { kind: 'last', ms: t.ms }
      : t?.kind === 'range' && typeof t.from === 'number' && typeof t.to === 'number' && t.from <= t.to
        ? { kind: 'range', from: t.from, to: t.to }
        : { kind: 'all' };
  return {
    decisions,
    agent: typeof o.agent === 'string' ? o.agent : '',
    kind: typeof o.kind === 'string' ? o.kind : '',
    time,
    text: typeof o.text === 'string' ? o.text : '',
  };
}

export interface Buckets {
  readonly from: number;
  /** Milliseconds per bucket. */
  readonly width: number;
  readonly counts: readonly Readonly<Record<AuditDecision, number>>[];
  readonly max: number;
  /** Rows whose verdict was put to a person in the editor (answered, or not in time): the bars count final decisions. */
  readonly prompted: number;
}

/** The rows, in trail order (by seq), with what filtering needs. */
export class RowStore {
  private list: AuditRow[] = [];
  private bySeq = new Map<number, number>();
  /** Lower-cased search text per row, built on the first search. */
  private haystacks: string[] | undefined;
  private agentCounts = new Map<string, number>();
  private kindCounts = new Map<string, number>();

  get rows(): readonly AuditRow[] {
    return this.list;
  }

  get size(): number {
    return this.list.length;
  }

  get agents(): readonly string[] {
    return [...this.agentCounts.keys()].sort();
  }

  get kinds(): readonly string[] {
    return [...this.kindCounts.keys()].sort();
  }

  replace(rows: readonly AuditRow[]): void {
    this.list = [];
    this.bySeq.clear();
    this.haystacks = undefined;
    this.agentCounts.clear();
    this.kindCounts.clear();
    const sorted = rows.every((r, i) => i === 0 || rows[i - 1]!.seq < r.seq) ? rows : [...rows].sort((a, b) => a.seq - b.seq);
    this.add(sorted);
  }

  /** Adds rows that came after those held (a seq already held is ignored); returns how many were added. */
  append(rows: readonly AuditRow[]): number {
    const last = this.list.at(-1)?.seq ?? 0;
    const fresh = rows.filter((r) => r.seq > last && !this.bySeq.has(r.seq)).sort((a, b) => a.seq - b.seq);
    this.add(fresh);
    return fresh.length;
  }

  private add(rows: readonly AuditRow[]): void {
    for (const r of rows) {
      this.bySeq.set(r.seq, this.list.length);
      this.list.push(r);
      this.haystacks?.push(haystack(r));
      this.agentCounts.set(r.agent, (this.agentCounts.get(r.agent) ?? 0) + 1);
      this.kindCounts.set(r.kind, (this.kindCounts.get(r.kind) ?? 0) + 1);
    }
  }

  setOutcome(seq: number, outcome: AuditOutcomeStatus): boolean {
    const i = this.bySeq.get(seq);
    if (i === undefined) return false;
    this.list[i] = { ...this.list[i]!, outcome };
    return true;
  }

  indexOf(seq: number): number | undefined {
    return this.bySeq.get(seq);
  }

  /** The indexes of the rows that pass, newest first. */
  filter(f: Filter, now: number, ignoreTime = false): Int32Array {
    const rows = this.list;
    const allow = f.decisions.includes('allow');
    const ask = f.decisions.includes('ask');
    const deny = f.decisions.includes('deny');
    const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
    const hay = words.length > 0 ? this.search() : undefined;
    const [from, to] = ignoreTime ? [-Infinity, Infinity] : timeBounds(f.time, now);
    const out = new Int32Array(rows.length);
    let n = 0;
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      const d = r.decision;
      if (!(d === 'allow' ? allow : d === 'ask' ? ask : deny)) continue;
      if (f.agent !== '' && r.agent !== f.agent) continue;
      if (f.kind !== '' && r.kind !== f.kind) continue;
      if (r.time < from || r.time > to) continue;
      if (hay) {
        const h = hay[i]!;
        let all = true;
        for (const w of words) {
          if (!h.includes(w)) {
            all = false;
            break;
          }
        }
        if (!all) continue;
      }
      out[n++] = i;
    }
    return out.subarray(0, n);
  }

  private search(): string[] {
    this.haystacks ??= this.list.map(haystack);
    return this.haystacks;
  }
}

function haystack(r: AuditRow): string {
  return `${r.target}\n${r.rule}\n${r.agent}\n${r.kind}\n#${r.seq}`.toLowerCase();
}

function timeBounds(t: TimeFilter, now: number): [number, number] {
  switch (t.kind) {
    case 'all':
      return [-Infinity, Infinity];
    case 'last':
      return [now - t.ms, Infinity];
    case 'range':
      return [t.from, t.to];
  }
}

/** Counts per decision in `n` equal spans from the first to the last row's time. */
export function bucketize(rows: readonly AuditRow[], indexes: Int32Array, n: number): Buckets | undefined {
  if (indexes.length === 0 || n < 1) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const i of indexes) {
    const t = rows[i]!.time;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const width = Math.max(1, Math.ceil((max - min + 1) / n));
  const counts = Array.from({ length: n }, () => ({ allow: 0, ask: 0, deny: 0 }));
  let prompted = 0;
  for (const i of indexes) {
    const r = rows[i]!;
    counts[Math.min(n - 1, Math.floor((r.time - min) / width))]![r.decision]++;
    if (r.by === 'user' || r.by === 'timeout') prompted++;
  }
  let top = 0;
  for (const c of counts) top = Math.max(top, c.allow + c.ask + c.deny);
  return { from: min, width, counts, max: top, prompted };
}
