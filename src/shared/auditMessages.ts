/**
 * The audit panel's message protocol, both ways. The host (src/vscode/auditPanel.ts) and the webview
 * (src/webview/audit.ts) import only these types; each side runs every message it receives through the guard for
 * its direction, because a message is outside input: the webview renders agent-supplied text, and the host acts
 * (diff, restore) on what the webview asks.
 */

export type AuditDecision = 'allow' | 'ask' | 'deny';
export const auditDecisions: readonly AuditDecision[] = ['allow', 'ask', 'deny'];

export type AuditDecidedBy = 'policy' | 'user' | 'timeout' | 'pause';
const decidedBys: readonly AuditDecidedBy[] = ['policy', 'user', 'timeout', 'pause'];
export type AuditTold = 'allow' | 'deny' | 'agent-prompt' | 'withheld' | 'warned';
const tolds: readonly AuditTold[] = ['allow', 'deny', 'agent-prompt', 'withheld', 'warned'];

export type AuditOutcomeStatus = 'succeeded' | 'failed' | 'not-run';
const outcomeStatuses: readonly AuditOutcomeStatus[] = ['succeeded', 'failed', 'not-run'];

/** One decided action as the list shows it: small, so a trail of 100,000 records is one message. */
export interface AuditRow {
  readonly seq: number;
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** The decision that finally applied (a person's or a timeout's answer to an ask, else the policy's). */
  readonly decision: AuditDecision;
  readonly by: AuditDecidedBy;
  readonly agent: string;
  readonly kind: string;
  /** The command, URL or path, cut to `maxTargetLength` characters. */
  readonly target: string;
  readonly rule: string;
  /** A snapshot was taken before the action. */
  readonly snapshot: boolean;
  readonly outcome?: AuditOutcomeStatus;
}

/** What the chain's verification found, in the words the panel shows. */
export interface AuditVerification {
  readonly ok: boolean;
  readonly verified: number;
  readonly segments: number;
  readonly lastSeq: number;
  /** The first broken link, in one sentence, when not ok. */
  readonly problem?: string;
  readonly brokenSeq?: number;
  readonly warnings: readonly string[];
}

/** Everything the detail pane shows about one decision. */
export interface AuditDetail {
  readonly seq: number;
  /** ISO 8601, as recorded. */
  readonly time: string;
  readonly decision: AuditDecision;
  readonly policyDecision: AuditDecision;
  readonly decidedBy: { readonly by: AuditDecidedBy; readonly button?: string; readonly afterMs?: number };
  readonly source: { readonly agent: string; readonly channel: string; readonly session?: string };
  readonly action: {
    readonly kind: string;
    readonly path?: string;
    readonly to?: string;
    readonly command?: string;
    readonly cwd?: string;
    readonly url?: string;
    readonly recursive?: boolean;
  };
  readonly rule: string;
  readonly layer: string;
  readonly reason: string;
  readonly risk?: string;
  readonly effects?: {
    readonly paths?: readonly string[];
    readonly fileCount?: number;
    readonly truncated?: boolean;
    readonly hosts?: readonly { readonly host: string; readonly addresses: readonly string[] }[];
    readonly notes?: readonly string[];
  };
  readonly snapshot?: string;
  readonly outcome?: { readonly status: AuditOutcomeStatus; readonly exitCode?: number; readonly detail?: string };
  /** What the agent was told: allow, deny, agent-prompt, withheld, warned (absent in older records). */
  readonly told?: AuditTold;
  /** What was found in the tool's result, one line each, when the record judges a result rather than a call. */
  readonly findings?: readonly string[];
  readonly hash: string;
  /** The file the Diff and Restore buttons act on (the action's path), when there is a snapshot to act with. */
  readonly file?: string;
}

export type HostMessage =
  /** The whole trail (replaces whatever the webview shows). */
  | { readonly type: 'init'; readonly workspace: string; readonly exists: boolean; readonly rows: readonly AuditRow[]; readonly verification: AuditVerification }
  /** Records appended since; outcomes learnt later update rows already shown. */
  | {
      readonly type: 'append';
      readonly rows: readonly AuditRow[];
      readonly outcomes: readonly { readonly seq: number; readonly outcome: AuditOutcomeStatus }[];
      readonly verification: AuditVerification;
    }
  /** The answer to `select`; `detail` is absent when the record is not known. */
  | { readonly type: 'detail'; readonly seq: number; readonly detail?: AuditDetail }
  /** What came of a Diff or Restore. */
  | { readonly type: 'result'; readonly seq: number; readonly action: 'diff' | 'restore'; readonly ok: boolean; readonly message: string };

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'select'; readonly seq: number }
  | { readonly type: 'diff'; readonly seq: number }
  | { readonly type: 'restore'; readonly seq: number }
  /** Read and verify the whole trail again. */
  | { readonly type: 'refresh' }
  | { readonly type: 'openLog' };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Longest target a row carries (the detail has the whole of it). */
export const maxTargetLength = 2000;

// ── guards ───────────────────────────────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;

class Invalid extends Error {}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, where: string, allowed: readonly string[]): Obj {
  if (!isObj(v)) throw new Invalid(`${where} must be an object`);
  for (const key in v) if (!allowed.includes(key)) throw new Invalid(`${where} has an unknown field "${key}"`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new Invalid(`${where} must be a string`);
  return v;
}

const optStr = (v: unknown, where: string): string | undefined => (v === undefined ? undefined : str(v, where));

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Invalid(`${where} must be a number`);
  return v;
}

/** A record number: a positive safe integer. */
function seqOf(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new Invalid(`${where} must be a positive integer`);
  return v;
}

function count(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Invalid(`${where} must be a whole number`);
  return v;
}

function bool(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') throw new Invalid(`${where} must be true or false`);
  return v;
}

function oneOf<T extends string>(v: unknown, values: readonly T[], where: string): T {
  if (!values.includes(v as T)) throw new Invalid(`${where} must be one of ${values.join(', ')}`);
  return v as T;
}

function list<T>(v: unknown, where: string, item: (x: unknown, where: string) => T): T[] {
  if (!Array.isArray(v)) throw new Invalid(`${where} must be a list`);
  const out = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${where}[${i}]`);
  return out;
}

/** Leaves out the optional fields that are absent, so a parsed message equals the one sent. */
function defined<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function run<T>(parse: () => T): Parsed<T> {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

const rowFields = ['seq', 'time', 'decision', 'by', 'agent', 'kind', 'target', 'rule', 'snapshot', 'outcome'];

function parseRow(v: unknown, where: string): AuditRow {
  const o = obj(v, where, rowFields);
  const row: AuditRow = {
    seq: seqOf(o.seq, `${where}.seq`),
    time: num(o.time, `${where}.time`),
    decision: oneOf(o.decision, auditDecisions, `${where}.decision`),
    by: oneOf(o.by, decidedBys, `${where}.by`),
    agent: str(o.agent, `${where}.agent`),
    kind: str(o.kind, `${where}.kind`),
    target: str(o.target, `${where}.target`),
    rule: str(o.rule, `${where}.rule`),
    snapshot: bool(o.snapshot, `${where}.snapshot`),
  };
  return o.outcome === undefined ? row : { ...row, outcome: oneOf(o.outcome, outcomeStatuses, `${where}.outcome`) };
}

function parseVerification(v: unknown, where: string): AuditVerification {
  const o = obj(v, where, ['ok', 'verified', 'segments', 'lastSeq', 'problem', 'brokenSeq', 'warnings']);
  return defined({
    ok: bool(o.ok, `${where}.ok`),
    verified: count(o.verified, `${where}.verified`),
    segments: count(o.segments, `${where}.segments`),
    lastSeq: count(o.lastSeq, `${where}.lastSeq`),
    problem: optStr(o.problem, `${where}.problem`),
    brokenSeq: o.brokenSeq === undefined ? undefined : seqOf(o.brokenSeq, `${where}.brokenSeq`),
    warnings: list(o.warnings, `${where}.warnings`, str),
  });
}

function parseDetail(v: unknown, where: string): AuditDetail {
  const o = obj(v, where, [
    'seq', 'time', 'decision', 'policyDecision', 'decidedBy', 'source', 'action', 'rule', 'layer', 'reason', 'risk', 'effects', 'snapshot', 'outcome', 'told', 'findings', 'hash', 'file',
  ]);
  const by = obj(o.decidedBy, `${where}.decidedBy`, ['by', 'button', 'afterMs']);
  const source = obj(o.source, `${where}.source`, ['agent', 'channel', 'session']);
  const action = obj(o.action, `${where}.action`, ['kind', 'path', 'to', 'command', 'cwd', 'url', 'recursive']);
  const effects = o.effects === undefined ? undefined : obj(o.effects, `${where}.effects`, ['paths', 'fileCount', 'truncated', 'hosts', 'notes']);
  const outcome = o.outcome === undefined ? undefined : obj(o.outcome, `${where}.outcome`, ['status', 'exitCode', 'detail']);
  return defined({
    seq: seqOf(o.seq, `${where}.seq`),
    time: str(o.time, `${where}.time`),
    decision: oneOf(o.decision, auditDecisions, `${where}.decision`),
    policyDecision: oneOf(o.policyDecision, auditDecisions, `${where}.policyDecision`),
    decidedBy: defined({
      by: oneOf(by.by, decidedBys, `${where}.decidedBy.by`),
      button: optStr(by.button, `${where}.decidedBy.button`),
      afterMs: by.afterMs === undefined ? undefined : count(by.afterMs, `${where}.decidedBy.afterMs`),
    }),
    source: defined({
      agent: str(source.agent, `${where}.source.agent`),
      channel: str(source.channel, `${where}.source.channel`),
      session: optStr(source.session, `${where}.source.session`),
    }),
    action: defined({
      kind: str(action.kind, `${where}.action.kind`),
      path: optStr(action.path, `${where}.action.path`),
      to: optStr(action.to, `${where}.action.to`),
      command: optStr(action.command, `${where}.action.command`),
      cwd: optStr(action.cwd, `${where}.action.cwd`),
      url: optStr(action.url, `${where}.action.url`),
      recursive: action.recursive === undefined ? undefined : bool(action.recursive, `${where}.action.recursive`),
    }),
    rule: str(o.rule, `${where}.rule`),
    layer: str(o.layer, `${where}.layer`),
    reason: str(o.reason, `${where}.reason`),
    risk: optStr(o.risk, `${where}.risk`),
    effects:
      effects &&
      defined({
        paths: effects.paths === undefined ? undefined : list(effects.paths, `${where}.effects.paths`, str),
        fileCount: effects.fileCount === undefined ? undefined : count(effects.fileCount, `${where}.effects.fileCount`),
        truncated: effects.truncated === undefined ? undefined : bool(effects.truncated, `${where}.effects.truncated`),
        hosts:
          effects.hosts === undefined
            ? undefined
            : list(effects.hosts, `${where}.effects.hosts`, (h, w) => {
                const x = obj(h, w, ['host', 'addresses']);
                return { host: str(x.host, `${w}.host`), addresses: list(x.addresses, `${w}.addresses`, str) };
              }),
        notes: effects.notes === undefined ? undefined : list(effects.notes, `${where}.effects.notes`, str),
      }),
    snapshot: optStr(o.snapshot, `${where}.snapshot`),
    outcome:
      outcome &&
      defined({
        status: oneOf(outcome.status, outcomeStatuses, `${where}.outcome.status`),
        exitCode: outcome.exitCode === undefined ? undefined : num(outcome.exitCode, `${where}.outcome.exitCode`),
        detail: optStr(outcome.detail, `${where}.outcome.detail`),
      }),
    told: o.told === undefined ? undefined : oneOf(o.told, tolds, `${where}.told`),
    findings: o.findings === undefined ? undefined : list(o.findings, `${where}.findings`, str),
    hash: str(o.hash, `${where}.hash`),
    file: optStr(o.file, `${where}.file`),
  });
}

/** Checks a message from the host before the webview renders it. */
export function parseHostMessage(data: unknown): Parsed<HostMessage> {
  return run((): HostMessage => {
    if (!isObj(data)) throw new Invalid('a message must be an object');
    switch (data.type) {
      case 'init': {
        const o = obj(data, 'init', ['type', 'workspace', 'exists', 'rows', 'verification']);
        return {
          type: 'init',
          workspace: str(o.workspace, 'init.workspace'),
          exists: bool(o.exists, 'init.exists'),
          rows: list(o.rows, 'init.rows', parseRow),
          verification: parseVerification(o.verification, 'init.verification'),
        };
      }
      case 'append': {
        const o = obj(data, 'append', ['type', 'rows', 'outcomes', 'verification']);
        return {
          type: 'append',
          rows: list(o.rows, 'append.rows', parseRow),
          outcomes: list(o.outcomes, 'append.outcomes', (v, w) => {
            const x = obj(v, w, ['seq', 'outcome']);
            return { seq: seqOf(x.seq, `${w}.seq`), outcome: oneOf(x.outcome, outcomeStatuses, `${w}.outcome`) };
          }),
          verification: parseVerification(o.verification, 'append.verification'),
        };
      }
      case 'detail': {
        const o = obj(data, 'detail', ['type', 'seq', 'detail']);
        const seq = seqOf(o.seq, 'detail.seq');
        return o.detail === undefined ? { type: 'detail', seq } : { type: 'detail', seq, detail: parseDetail(o.detail, 'detail.detail') };
      }
      case 'result': {
        const o = obj(data, 'result', ['type', 'seq', 'action', 'ok', 'message']);
        return {
          type: 'result',
          seq: seqOf(o.seq, 'result.seq'),
          action: oneOf(o.action, ['diff', 'restore'] as const, 'result.action'),
          ok: bool(o.ok, 'result.ok'),
          message: str(o.message, 'result.message'),
        };
      }
      default:
        throw new Invalid(`unknown message type ${JSON.stringify(typeof data.type === 'string' ? data.type.slice(0, 40) : typeof data.type)}`);
    }
  });
}

/** Checks a message from the webview before the host acts on it: unknown types and extra or wrong fields are refused. */
export function parseWebviewMessage(data: unknown): Parsed<WebviewMessage> {
  return run((): WebviewMessage => {
    if (!isObj(data)) throw new Invalid('a message must be an object');
    switch (data.type) {
      case 'ready':
      case 'refresh':
      case 'openLog':
        obj(data, data.type, ['type']);
        return { type: data.type };
      case 'select':
      case 'diff':
      case 'restore': {
        const o = obj(data, data.type, ['type', 'seq']);
        return { type: data.type, seq: seqOf(o.seq, `${data.type}.seq`) };
      }
      default:
        throw new Invalid(`unknown message type ${JSON.stringify(typeof data.type === 'string' ? data.type.slice(0, 40) : typeof data.type)}`);
    }
  });
}
