import { actionKinds, type Action, type ActionKind, type ActionSource } from '../actions';
import { err, ok, type Result } from '../result';
import type { Decision, Effects, Layer, Risk, Verdict } from '../verdict';

/** The on-disk format of a trail line; bumped when a field changes meaning. */
export const trailFormat = 1;

/** The `prev` of the very first record of a trail. */
export const genesisHash = '0'.repeat(64);

/**
 * Who made the final call: the policy alone, a person (with the button they pressed), the prompt's deadline, or
 * the paused guard (which lets everything but the floor through, without anyone answering). `decision` is the
 * final decision when it differs from the policy's.
 */
export type DecidedBy =
  | { readonly by: 'policy' }
  | { readonly by: 'user'; readonly decision: Decision; readonly button: string }
  | { readonly by: 'timeout'; readonly decision: Decision; readonly afterMs: number }
  | { readonly by: 'pause'; readonly decision: Decision };

/**
 * What the agent was told, where the recorder knows: allowed, denied, or handed to the agent's own permission
 * prompt (an "ask" the agent shows itself; whether it then ran is the agent's to say). For a tool's result:
 * withheld from the model (blocked or replaced), or passed on with a warning to the model.
 */
export type Told = 'allow' | 'deny' | 'agent-prompt' | 'withheld' | 'warned';
export const toldValues: readonly Told[] = ['allow', 'deny', 'agent-prompt', 'withheld', 'warned'];

/** What the output scanners found in a tool's result, as recorded: the excerpt never holds the secret. */
export interface RecordedFinding {
  readonly rule: string;
  readonly kind: string;
  readonly line: number;
  readonly excerpt: string;
}

/** A DNS answer the verdict was based on; replay decides with these instead of asking DNS again. */
export interface DnsAnswer {
  readonly host: string;
  readonly addresses: readonly string[];
}

/** What became of the action, when the recorder knows. */
export interface Outcome {
  readonly status: 'succeeded' | 'failed' | 'not-run';
  readonly exitCode?: number;
  /** One line: an error message, what was changed. */
  readonly detail?: string;
}

/** The action as recorded: everything but its source, which the record holds on its own. */
export type RecordedAction = Omit<Action, 'source'>;

/** The policy's verdict as recorded. */
export interface RecordedVerdict {
  readonly decision: Decision;
  readonly layer: Layer;
  readonly rule: string;
  readonly reason: string;
  readonly risk?: Risk;
  readonly effects?: Effects;
}

interface RecordBase {
  readonly v: typeof trailFormat;
  /** 1, 2, 3… across every segment of the workspace's trail. */
  readonly seq: number;
  /** ISO 8601, UTC, from the recorder's clock. */
  readonly time: string;
  /** SHA-256 (hex) of the previous record; `genesisHash` for the first. */
  readonly prev: string;
  /** SHA-256 (hex) of this record's canonical JSON without `hash`. */
  readonly hash: string;
}

/** One decided action. */
export interface DecisionRecord extends RecordBase {
  readonly type: 'decision';
  readonly source: ActionSource;
  readonly action: RecordedAction;
  readonly verdict: RecordedVerdict;
  readonly decidedBy: DecidedBy;
  /** What the agent was told (absent in records written before it was kept). */
  readonly told?: Told;
  /** The snapshot taken before the action, when one was. */
  readonly snapshot?: string;
  readonly dns?: readonly DnsAnswer[];
  readonly outcome?: Outcome;
  /**
   * Present when the record judges the action's result (what the tool returned), not the call: what the scanners
   * found in it. The verdict is then the output rules' (`output.secret`, …).
   */
  readonly findings?: readonly RecordedFinding[];
}

/** The outcome of an earlier decision, learnt after it was recorded (a post-tool hook, a terminal exit code). */
export interface OutcomeRecord extends RecordBase {
  readonly type: 'outcome';
  /** The `seq` of the decision it completes. */
  readonly ref: number;
  readonly source: ActionSource;
  readonly outcome: Outcome;
}

export type TrailRecord = DecisionRecord | OutcomeRecord;

/** What a recorder passes to `appendRecord`: the trail adds seq, time and the chain, and redacts secrets. */
export interface DecisionInput {
  readonly action: Action;
  /** The policy's verdict (before any person answered). */
  readonly verdict: Verdict;
  /** Defaults to the policy. */
  readonly decidedBy?: DecidedBy;
  readonly told?: Told;
  readonly snapshot?: string;
  /** For a judged result: what was found in it. */
  readonly findings?: readonly RecordedFinding[];
  /** Defaults to the hosts and addresses in the verdict's effects. */
  readonly dns?: readonly DnsAnswer[];
  readonly outcome?: Outcome;
}

/** What a recorder passes to `appendOutcome`. */
export interface OutcomeInput {
  readonly ref: number;
  readonly source: ActionSource;
  readonly outcome: Outcome;
}

/** The decision that finally applied: the person's or the timeout's when there was one, else the policy's. */
export const finalDecision = (r: DecisionRecord): Decision => (r.decidedBy.by === 'policy' ? r.verdict.decision : r.decidedBy.decision);

/** The action a decision record describes, with its source, as the engine takes it. */
export const recordedAction = (r: DecisionRecord): Action => ({ ...r.action, source: r.source });

/** The action's target in one line: the command, the URL, the path (and where a rename goes). */
export function actionTarget(a: RecordedAction): string {
  switch (a.kind) {
    case 'exec':
      return a.command ?? '';
    case 'fetch':
      return a.url ?? '';
    case 'rename':
      return `${a.path ?? ''} → ${a.to ?? ''}`;
    default:
      return a.path ?? '';
  }
}

// ── parsing ──────────────────────────────────────────────────────────────────────────────────────────────────

const decisions: readonly Decision[] = ['allow', 'ask', 'deny'];
const layers: readonly Layer[] = ['floor', 'preset', 'user', 'workspace', 'session', 'input', 'internal'];
const risks: readonly Risk[] = ['low', 'medium', 'high', 'critical'];
const statuses: readonly Outcome['status'][] = ['succeeded', 'failed', 'not-run'];
const hex64 = /^[0-9a-f]{64}$/;
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

type Obj = Record<string, unknown>;

class Invalid extends Error {}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, where: string, allowed: readonly string[]): Obj {
  if (!isObj(v)) throw new Invalid(`${where} must be an object`);
  for (const key of Object.keys(v)) if (!allowed.includes(key)) throw new Invalid(`${where} has an unknown field "${key}"`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new Invalid(`${where} must be a string`);
  return v;
}

const optStr = (v: unknown, where: string): string | undefined => (v === undefined ? undefined : str(v, where));

function int(v: unknown, where: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new Invalid(`${where} must be an integer ≥ ${min}`);
  return v;
}

function oneOf<T extends string>(v: unknown, values: readonly T[], where: string): T {
  if (!values.includes(v as T)) throw new Invalid(`${where} must be one of ${values.join(', ')}`);
  return v as T;
}

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v)) throw new Invalid(`${where} must be a list`);
  return v.map((s, i) => str(s, `${where}[${i}]`));
}

/** Copies the defined optional fields, so a parsed record equals (and hashes as) the one written. */
function defined<T extends Obj>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function parseSource(v: unknown): ActionSource {
  const s = obj(v, 'source', ['agent', 'channel', 'session']);
  return defined({ agent: str(s.agent, 'source.agent'), channel: str(s.channel, 'source.channel'), session: optStr(s.session, 'source.session') });
}

function parseAction(v: unknown): RecordedAction {
  const a = obj(v, 'action', ['kind', 'path', 'to', 'command', 'cwd', 'url', 'recursive']);
  const kind = oneOf<ActionKind>(a.kind, actionKinds, 'action.kind');
  if (a.recursive !== undefined && typeof a.recursive !== 'boolean') throw new Invalid('action.recursive must be true or false');
  return defined({
    kind,
    path: optStr(a.path, 'action.path'),
    to: optStr(a.to, 'action.to'),
    command: optStr(a.command, 'action.command'),
    cwd: optStr(a.cwd, 'action.cwd'),
    url: optStr(a.url, 'action.url'),
    recursive: a.recursive as boolean | undefined,
  });
}

function parseEffects(v: unknown): Effects {
  const e = obj(v, 'verdict.effects', ['paths', 'fileCount', 'truncated', 'hosts', 'notes']);
  if (e.truncated !== undefined && typeof e.truncated !== 'boolean') throw new Invalid('verdict.effects.truncated must be true or false');
  return defined({
    paths: e.paths === undefined ? undefined : strings(e.paths, 'verdict.effects.paths'),
    fileCount: e.fileCount === undefined ? undefined : int(e.fileCount, 'verdict.effects.fileCount', 0),
    truncated: e.truncated as boolean | undefined,
    hosts: e.hosts === undefined ? undefined : parseDns(e.hosts, 'verdict.effects.hosts'),
    notes: e.notes === undefined ? undefined : strings(e.notes, 'verdict.effects.notes'),
  });
}

function parseVerdict(v: unknown): RecordedVerdict {
  const o = obj(v, 'verdict', ['decision', 'layer', 'rule', 'reason', 'risk', 'effects']);
  return defined({
    decision: oneOf(o.decision, decisions, 'verdict.decision'),
    layer: oneOf(o.layer, layers, 'verdict.layer'),
    rule: str(o.rule, 'verdict.rule'),
    reason: str(o.reason, 'verdict.reason'),
    risk: o.risk === undefined ? undefined : oneOf(o.risk, risks, 'verdict.risk'),
    effects: o.effects === undefined ? undefined : parseEffects(o.effects),
  });
}

function parseDecidedBy(v: unknown): DecidedBy {
  const o = obj(v, 'decidedBy', ['by', 'decision', 'button', 'afterMs']);
  const by = oneOf(o.by, ['policy', 'user', 'timeout', 'pause'] as const, 'decidedBy.by');
  if (by === 'policy') {
    obj(v, 'decidedBy', ['by']);
    return { by };
  }
  const decision = oneOf(o.decision, decisions, 'decidedBy.decision');
  if (by === 'pause') {
    obj(v, 'decidedBy', ['by', 'decision']);
    return { by, decision };
  }
  if (by === 'user') {
    obj(v, 'decidedBy', ['by', 'decision', 'button']);
    return { by, decision, button: str(o.button, 'decidedBy.button') };
  }
  obj(v, 'decidedBy', ['by', 'decision', 'afterMs']);
  return { by, decision, afterMs: int(o.afterMs, 'decidedBy.afterMs', 0) };
}

function parseDns(v: unknown, where: string): DnsAnswer[] {
  if (!Array.isArray(v)) throw new Invalid(`${where} must be a list`);
  return v.map((d, i) => {
    const o = obj(d, `${where}[${i}]`, ['host', 'addresses']);
    return { host: str(o.host, `${where}[${i}].host`), addresses: strings(o.addresses, `${where}[${i}].addresses`) };
  });
}

function parseOutcome(v: unknown, where: string): Outcome {
  const o = obj(v, where, ['status', 'exitCode', 'detail']);
  return defined({
    status: oneOf(o.status, statuses, `${where}.status`),
    exitCode: o.exitCode === undefined ? undefined : (int(o.exitCode, `${where}.exitCode`, -(2 ** 31)) as number),
    detail: optStr(o.detail, `${where}.detail`),
  });
}

const baseFields = ['v', 'seq', 'time', 'type', 'prev', 'hash', 'source'];

function parseStrict(v: unknown): TrailRecord {
  if (!isObj(v)) throw new Invalid('a record must be a JSON object');
  if (v.v !== trailFormat) throw new Invalid(`"v" must be ${trailFormat}`);
  const type = oneOf(v.type, ['decision', 'outcome'] as const, 'type');
  const seq = int(v.seq, 'seq', 1);
  const time = str(v.time, 'time');
  if (!isoTime.test(time) || Number.isNaN(Date.parse(time))) throw new Invalid('time must be an ISO 8601 UTC time');
  const prev = str(v.prev, 'prev');
  const hash = str(v.hash, 'hash');
  if (!hex64.test(prev)) throw new Invalid('prev must be 64 lowercase hex digits');
  if (!hex64.test(hash)) throw new Invalid('hash must be 64 lowercase hex digits');
  const base = { v: trailFormat, seq, time, prev, hash, source: parseSource(v.source) } as const;
  if (type === 'outcome') {
    const o = obj(v, 'record', [...baseFields, 'ref', 'outcome']);
    return { ...base, type, ref: int(o.ref, 'ref', 1), outcome: parseOutcome(o.outcome, 'outcome') };
  }
  const o = obj(v, 'record', [...baseFields, 'action', 'verdict', 'decidedBy', 'told', 'snapshot', 'dns', 'outcome', 'findings']);
  return defined({
    ...base,
    type,
    action: parseAction(o.action),
    verdict: parseVerdict(o.verdict),
    decidedBy: parseDecidedBy(o.decidedBy),
    told: o.told === undefined ? undefined : oneOf(o.told, toldValues, 'told'),
    snapshot: optStr(o.snapshot, 'snapshot'),
    dns: o.dns === undefined ? undefined : parseDns(o.dns, 'dns'),
    outcome: o.outcome === undefined ? undefined : parseOutcome(o.outcome, 'outcome'),
    findings: o.findings === undefined ? undefined : parseFindings(o.findings),
  });
}

function parseFindings(v: unknown): RecordedFinding[] {
  if (!Array.isArray(v)) throw new Invalid('findings must be a list');
  return v.map((f, i) => {
    const o = obj(f, `findings[${i}]`, ['rule', 'kind', 'line', 'excerpt']);
    return {
      rule: str(o.rule, `findings[${i}].rule`),
      kind: str(o.kind, `findings[${i}].kind`),
      line: int(o.line, `findings[${i}].line`, 0),
      excerpt: str(o.excerpt, `findings[${i}].excerpt`),
    };
  });
}

/** Parses one trail record (a parsed JSON line); the error names the field that is wrong. */
export function parseRecord(data: unknown): Result<TrailRecord, string> {
  try {
    return ok(parseStrict(data));
  } catch (e) {
    if (e instanceof Invalid) return err(e.message);
    throw e;
  }
}
