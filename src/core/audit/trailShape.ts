import type { Action } from '../actions';
import type { Verdict } from '../verdict';
import { recordHash } from './chain';
import { parseRecord, trailFormat, type DecisionInput, type DnsAnswer, type DecisionRecord, type OutcomeInput, type OutcomeRecord, type RecordedAction, type RecordedVerdict, type TrailRecord } from './record';
import { redactDeep } from './redact';
import { TrailError } from './trailFiles';

/** A stored string longer than this is cut (after redaction), so one heredoc cannot bloat the trail. */
const maxStringLength = 16 * 1024;
/** Strings are cut to this before redaction, which bounds its time whatever an agent sends. */
const maxRedactedLength = 64 * 1024;
const maxEffectPaths = 100;
const maxEffectNotes = 20;


/** Cuts every string in a value to `limit` characters, saying how many were cut. */
function cap<T>(value: T, limit: number): T {
  if (typeof value === 'string') {
    const more = /… \[(\d+) more characters\]$/.exec(value);
    if (value.length <= limit) return value;
    const dropped = value.length - limit - (more ? more[0].length : 0) + Number(more?.[1] ?? 0);
    return `${value.slice(0, limit)}… [${dropped} more characters]` as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => cap(v, limit)) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cap(v, limit)])) as T;
  return value;
}

/** What is written: cut, redacted, cut to the stored length. */
const prepare = <T>(body: T): T => cap(redactDeep(cap(body, maxRedactedLength)), maxStringLength);

/** Only the known fields, so whatever else a caller's object carries never reaches the disk. */
function pickAction(a: Action): RecordedAction {
  return {
    kind: a.kind,
    ...(a.path !== undefined ? { path: a.path } : {}),
    ...(a.to !== undefined ? { to: a.to } : {}),
    ...(a.command !== undefined ? { command: a.command } : {}),
    ...(a.cwd !== undefined ? { cwd: a.cwd } : {}),
    ...(a.url !== undefined ? { url: a.url } : {}),
    ...(a.recursive !== undefined ? { recursive: a.recursive } : {}),
  };
}

function pickVerdict(v: Verdict): RecordedVerdict {
  const e = v.effects;
  const effects = e && {
    ...(e.paths ? { paths: e.paths.slice(0, maxEffectPaths) } : {}),
    ...(e.fileCount !== undefined ? { fileCount: e.fileCount } : {}),
    ...(e.truncated !== undefined || (e.paths?.length ?? 0) > maxEffectPaths ? { truncated: e.truncated === true || (e.paths?.length ?? 0) > maxEffectPaths } : {}),
    ...(e.hosts ? { hosts: e.hosts.map((h) => ({ host: h.host, addresses: [...h.addresses] })) } : {}),
    ...(e.notes ? { notes: e.notes.slice(0, maxEffectNotes) } : {}),
  };
  return {
    decision: v.decision,
    layer: v.layer,
    rule: v.rule,
    reason: v.reason,
    ...(v.risk ? { risk: v.risk } : {}),
    ...(effects && Object.keys(effects).length > 0 ? { effects } : {}),
  };
}

const sourceOf = (s: Action['source']) => ({ agent: s.agent, channel: s.channel, ...(s.session !== undefined ? { session: s.session } : {}) });

export type Body<R extends TrailRecord> = Omit<R, 'v' | 'seq' | 'time' | 'prev' | 'hash'>;

export function decisionBody(input: DecisionInput): Body<DecisionRecord> {
  const dns: readonly DnsAnswer[] | undefined = input.dns ?? input.verdict.effects?.hosts;
  const body: Body<DecisionRecord> = {
    type: 'decision',
    source: sourceOf(input.action.source),
    action: pickAction(input.action),
    verdict: pickVerdict(input.verdict),
    decidedBy: input.decidedBy ?? { by: 'policy' },
    ...(input.told !== undefined ? { told: input.told } : {}),
    ...(input.snapshot !== undefined ? { snapshot: input.snapshot } : {}),
    ...(dns && dns.length > 0 ? { dns: dns.map((d) => ({ host: d.host, addresses: [...d.addresses] })) } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(input.findings ? { findings: input.findings.map((f) => ({ rule: f.rule, kind: f.kind, line: f.line, excerpt: f.excerpt })) } : {}),
  };
  return prepare(body);
}

export function outcomeBody(input: OutcomeInput): Body<OutcomeRecord> {
  return prepare({ type: 'outcome' as const, ref: input.ref, source: sourceOf(input.source), outcome: input.outcome });
}

/** Seals a record: seq, time and prev in front of the body, the hash over all of it. */
export function seal<R extends TrailRecord>(body: Body<R>, seq: number, time: number, prev: string): R {
  const unsealed = { v: trailFormat, seq, time: new Date(time).toISOString(), ...body, prev };
  const record = { ...unsealed, hash: recordHash(unsealed) } as unknown as R;
  // A body the parser would reject must not be written: the chain would be broken from the start.
  const check = parseRecord(JSON.parse(JSON.stringify(record)));
  if (!check.ok) throw new TrailError(`the record is not valid: ${check.error}`);
  return record;
}

