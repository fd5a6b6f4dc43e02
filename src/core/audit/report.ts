import type { ActionKind } from '../actions';
import type { PolicyFile, Preset } from '../policy/types';
import type { Decision } from '../verdict';
import type { ChainVerification, TrailLine } from './chain';
import { actionTarget, finalDecision, type DecidedBy, type DecisionRecord, type OutcomeRecord, type Told, type TrailRecord } from './record';
import { findingNote } from '../policy/output';

/** What the agent was told, in the report's words. */
const toldWords: Record<Told, string> = {
  allow: 'go ahead',
  deny: 'denied',
  'agent-prompt': "handed to the agent's own prompt",
  withheld: 'result withheld from the model',
  warned: 'result passed on with a warning to the model',
};

/** The policy the report states as in force when it was exported. */
export interface ReportPolicy {
  readonly preset: Preset;
  readonly files: readonly { readonly file: string; readonly policy: PolicyFile }[];
}

export interface ReportInput {
  readonly workspace: string;
  /** Where the trail lives. */
  readonly dir: string;
  readonly lines: readonly TrailLine[];
  readonly verification: ChainVerification;
  readonly policy: ReportPolicy;
  /** Milliseconds since the epoch. */
  readonly generatedAt: number;
  /** Airlock's version. */
  readonly version: string;
}

export interface Count {
  readonly key: string;
  readonly count: number;
}

export interface RuleCount extends Count {
  readonly decisions: Readonly<Record<Decision, number>>;
}

export interface TrailSummary {
  /** Every record read (decisions and outcomes). */
  readonly records: number;
  readonly decisions: number;
  /** Decisions put to a person in the editor (answered, or not in time), whatever the final decision. */
  readonly prompted: number;
  readonly outcomes: number;
  /** Lines that could not be read as records. */
  readonly unreadable: number;
  /** By the decision that finally applied. */
  readonly byDecision: Readonly<Record<Decision, number>>;
  readonly byAgent: readonly Count[];
  readonly byKind: readonly Count[];
  readonly byDecider: readonly Count[];
  readonly topRules: readonly RuleCount[];
  /** Denied actions, newest first. */
  readonly blocked: readonly DecisionRecord[];
  readonly firstTime?: string;
  readonly lastTime?: string;
}

const sortedCounts = (m: Map<string, number>): Count[] =>
  [...m.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));

const bump = (m: Map<string, number>, key: string): void => {
  m.set(key, (m.get(key) ?? 0) + 1);
};

const deciderKey = (d: DecidedBy): string => (d.by === 'policy' ? 'policy' : d.by === 'user' ? 'a person' : d.by === 'pause' ? 'the paused guard' : 'timeout');

/** Counts for the report's summary; every decision record is counted once in each breakdown. */
export function summarize(lines: readonly TrailLine[]): TrailSummary {
  const byDecision: Record<Decision, number> = { allow: 0, ask: 0, deny: 0 };
  const agents = new Map<string, number>();
  const kinds = new Map<string, number>();
  const deciders = new Map<string, number>();
  const rules = new Map<string, Record<Decision, number>>();
  const blocked: DecisionRecord[] = [];
  let decisions = 0;
  let prompted = 0;
  let outcomes = 0;
  let unreadable = 0;
  let firstTime: string | undefined;
  let lastTime: string | undefined;
  for (const line of lines) {
    const r = line.record;
    if (!r) {
      unreadable++;
      continue;
    }
    if (firstTime === undefined || r.time < firstTime) firstTime = r.time;
    if (lastTime === undefined || r.time > lastTime) lastTime = r.time;
    if (r.type === 'outcome') {
      outcomes++;
      continue;
    }
    decisions++;
    const final = finalDecision(r);
    byDecision[final]++;
    bump(agents, r.source.agent);
    bump(kinds, r.action.kind);
    bump(deciders, deciderKey(r.decidedBy));
    if (r.decidedBy.by === 'user' || r.decidedBy.by === 'timeout') prompted++;
    const counts = rules.get(r.verdict.rule) ?? { allow: 0, ask: 0, deny: 0 };
    counts[r.verdict.decision]++;
    rules.set(r.verdict.rule, counts);
    if (final === 'deny') blocked.push(r);
  }
  const topRules = [...rules.entries()]
    .map(([key, d]) => ({ key, count: d.allow + d.ask + d.deny, decisions: d }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
    .slice(0, 10);
  return {
    records: decisions + outcomes,
    decisions,
    prompted,
    outcomes,
    unreadable,
    byDecision,
    byAgent: sortedCounts(agents),
    byKind: sortedCounts(kinds),
    byDecider: sortedCounts(deciders),
    topRules,
    blocked: blocked.reverse(),
    ...(firstTime !== undefined ? { firstTime } : {}),
    ...(lastTime !== undefined ? { lastTime } : {}),
  };
}

// ── HTML ─────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Escapes text for HTML content and quoted attribute values. Everything an agent supplied goes through it.
 * Control characters (a terminal escape in a command) are shown as `\u001b` rather than as an invisible glyph.
 */
export const escapeHtml = (text: string): string =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const e = escapeHtml;
const num = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${num(n)} ${n === 1 ? one : many}`;

const decisionLabel: Record<Decision, string> = { allow: 'allowed', ask: 'asked', deny: 'denied' };

const badge = (d: Decision, text: string = decisionLabel[d]): string => `<span class="badge ${d}">${e(text)}</span>`;

/** `2026-11-21 14:03:07 UTC` from an ISO time. */
const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');

function decider(d: DecidedBy): string {
  switch (d.by) {
    case 'policy':
      return 'policy';
    case 'user':
      return `a person: “${e(d.button)}” → ${badge(d.decision)}`;
    case 'timeout':
      return `no answer in ${num(Math.round(d.afterMs / 1000))} s → ${badge(d.decision)}`;
    case 'pause':
      return `the paused guard → ${badge(d.decision)}`;
  }
}

const css = `
:root{color-scheme:light dark;--bg:#f7f7f5;--panel:#fff;--text:#1d1f23;--muted:#5d6470;--line:#e2e4e8;--code:#f1f2f4;
--allow:#1a7f37;--allow-bg:#dcf5e3;--ask:#8a5a00;--ask-bg:#fdf0cc;--deny:#b42318;--deny-bg:#fde2df;--accent:#2f5fd0}
@media (prefers-color-scheme:dark){:root{--bg:#16181d;--panel:#1e2128;--text:#e6e8ec;--muted:#9aa3b2;--line:#2f343e;--code:#262a33;
--allow:#5fd38a;--allow-bg:#173a25;--ask:#f0c25e;--ask-bg:#3d3014;--deny:#ff8a7a;--deny-bg:#47201c;--accent:#8fb0ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 24px 60px}
header{display:flex;flex-wrap:wrap;gap:12px 24px;align-items:flex-end;justify-content:space-between;margin-bottom:20px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 12px}h3{font-size:14px;margin:0 0 8px;color:var(--muted);font-weight:600}
.sub{color:var(--muted);margin:0}
section{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
pre{background:var(--code);border-radius:6px;padding:12px;overflow:auto;white-space:pre-wrap;word-break:break-word;margin:0}
.status{border-radius:10px;padding:12px 16px;font-weight:600;border:1px solid}
.status.ok{color:var(--allow);background:var(--allow-bg);border-color:var(--allow)}
.status.broken{color:var(--deny);background:var(--deny-bg);border-color:var(--deny)}
.status small{display:block;font-weight:400;color:var(--text)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:18px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card b{display:block;font-size:26px;line-height:1.2}
.card.allow b{color:var(--allow)}.card.ask b{color:var(--ask)}.card.deny b{color:var(--deny)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:18px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:color-mix(in srgb,var(--code) 55%,transparent)}
.target{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all;max-width:420px}
.reason{color:var(--muted);font-size:13px}
.badge{display:inline-block;border-radius:999px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.allow{color:var(--allow);background:var(--allow-bg)}.badge.ask{color:var(--ask);background:var(--ask-bg)}
.badge.deny{color:var(--deny);background:var(--deny-bg)}
.kind{font-size:12px;font-weight:600;color:var(--accent)}
.meta{color:var(--muted);font-size:12px}
.bars{display:flex;align-items:flex-end;gap:2px;height:120px;border-bottom:1px solid var(--line);padding-top:6px}
.bar{flex:1;display:flex;flex-direction:column-reverse;min-width:3px;height:100%}
.bar i{display:block}.bar i.allow{background:var(--allow)}.bar i.ask{background:var(--ask)}.bar i.deny{background:var(--deny)}
.axis{display:flex;justify-content:space-between;color:var(--muted);font-size:12px;margin-top:4px}
.legend{display:flex;gap:14px;font-size:12px;color:var(--muted);margin-bottom:8px}
.legend span::before{content:"";display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend .allow::before{background:var(--allow)}.legend .ask::before{background:var(--ask)}.legend .deny::before{background:var(--deny)}
tr.broken td{background:var(--deny-bg)}tr.unverified td{opacity:.75}
a{color:var(--accent)}
nav{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px}
.spaced{margin-top:18px}
footer{color:var(--muted);font-size:12px;margin-top:24px}
@media print{body{background:#fff}section{break-inside:avoid;border-color:#ccc}nav{display:none}}
`;

function countTable(title: string, rows: readonly Count[], total: number): string {
  const body = rows.length
    ? rows.map((r) => `<tr><td>${e(r.key)}</td><td class="n">${num(r.count)}</td><td class="n">${pct(r.count, total)}</td></tr>`).join('')
    : '<tr><td colspan="3" class="meta">none</td></tr>';
  return `<div><h3>${e(title)}</h3><table><tbody>${body}</tbody></table></div>`;
}

const pct = (n: number, total: number): string => (total === 0 ? '–' : `${Math.round((n / total) * 100)}%`);

function targetCell(r: DecisionRecord): string {
  const a = r.action;
  const extra = [a.recursive ? 'recursive' : '', a.kind === 'exec' && a.cwd ? `in ${a.cwd}` : ''].filter(Boolean).join(' · ');
  return `<div class="target">${e(actionTarget(a))}</div>${extra ? `<div class="meta">${e(extra)}</div>` : ''}`;
}

function outcomeText(o: DecisionRecord['outcome'] | OutcomeRecord['outcome'] | undefined): string {
  if (!o) return '';
  const code = o.exitCode !== undefined ? ` (exit ${o.exitCode})` : '';
  return `${e(o.status)}${code}${o.detail ? `<div class="meta">${e(o.detail)}</div>` : ''}`;
}

function blockedTable(blocked: readonly DecisionRecord[]): string {
  if (blocked.length === 0) return '<p class="meta">Nothing was denied.</p>';
  const rows = blocked
    .map(
      (r) =>
        `<tr><td class="n"><a href="#r${r.seq}">${r.seq}</a></td><td class="meta">${e(shortTime(r.time))}</td><td>${e(r.source.agent)}</td>` +
        `<td><span class="kind">${e(r.action.kind)}</span>${targetCell(r)}</td><td><code>${e(r.verdict.rule)}</code><div class="reason">${e(r.verdict.reason)}</div></td>` +
        `<td>${decider(r.decidedBy)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>#</th><th>time</th><th>agent</th><th>action</th><th>rule and reason</th><th>decided by</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const bucketSizes = [1e3, 5e3, 15e3, 60e3, 5 * 60e3, 15 * 60e3, 3600e3, 6 * 3600e3, 86400e3, 7 * 86400e3, 30 * 86400e3];

function timeline(records: readonly DecisionRecord[]): string {
  if (records.length === 0) return '<p class="meta">No actions recorded.</p>';
  const times = records.map((r) => Date.parse(r.time));
  const start = times.reduce((a, b) => Math.min(a, b));
  const end = times.reduce((a, b) => Math.max(a, b));
  const size = bucketSizes.find((s) => (end - start) / s < 60) ?? bucketSizes[bucketSizes.length - 1] ?? 86400e3;
  const first = Math.floor(start / size) * size;
  const count = Math.floor((end - first) / size) + 1;
  const buckets = Array.from({ length: count }, () => ({ allow: 0, ask: 0, deny: 0 }) as Record<Decision, number>);
  records.forEach((r, i) => {
    const b = buckets[Math.floor(((times[i] ?? first) - first) / size)];
    if (b) b[finalDecision(r)]++;
  });
  const peak = buckets.reduce((m, b) => Math.max(m, b.allow + b.ask + b.deny), 1);
  const label = (t: number) => shortTime(new Date(t).toISOString());
  const bars = buckets
    .map((b, i) => {
      const total = b.allow + b.ask + b.deny;
      const from = label(first + i * size);
      const parts = (['allow', 'ask', 'deny'] as const)
        .filter((d) => b[d] > 0)
        .map((d) => `<i class="${d}" style="height:${((b[d] / peak) * 100).toFixed(2)}%"></i>`)
        .join('');
      return `<div class="bar" title="${e(`${from}: ${total} actions (${b.allow} allowed, ${b.ask} asked, ${b.deny} denied)`)}">${parts}</div>`;
    })
    .join('');
  const span = size >= 86400e3 ? `${size / 86400e3} day` : size >= 3600e3 ? `${size / 3600e3} h` : size >= 60e3 ? `${size / 60e3} min` : `${size / 1e3} s`;
  return (
    `<div class="legend"><span class="allow">allowed</span><span class="ask">asked</span><span class="deny">denied</span>` +
    `<span class="meta">one bar per ${e(span)}, highest ${num(peak)}</span></div>` +
    `<div class="bars">${bars}</div><div class="axis"><span>${e(label(first))}</span><span>${e(label(first + count * size))}</span></div>`
  );
}

function entriesTable(input: ReportInput): string {
  const breakAt = input.verification.break;
  const outcomes = new Map<number, OutcomeRecord>();
  for (const l of input.lines) if (l.record?.type === 'outcome') outcomes.set(l.record.ref, l.record);
  let pastBreak = false;
  const rows = input.lines.map((l) => {
    const isBreak = breakAt !== undefined && breakAt.segment === l.segment && breakAt.line === l.line;
    if (isBreak) pastBreak = true;
    const cls = isBreak ? ' class="broken"' : pastBreak ? ' class="unverified"' : '';
    const r: TrailRecord | undefined = l.record;
    if (!r) {
      return `<tr${cls}><td class="n">?</td><td colspan="6" class="meta">${e(l.segment)} line ${l.line}: not a readable record</td></tr>`;
    }
    if (r.type === 'outcome') {
      return (
        `<tr${cls} id="r${r.seq}"><td class="n">${r.seq}</td><td class="meta">${e(shortTime(r.time))}</td><td>${e(r.source.agent)}<div class="meta">${e(r.source.channel)}</div></td>` +
        `<td colspan="3">outcome of <a href="#r${r.ref}">#${r.ref}</a></td><td>${outcomeText(r.outcome)}</td></tr>`
      );
    }
    const final = finalDecision(r);
    const policy = final === r.verdict.decision && r.decidedBy.by === 'policy' ? '' : `<div class="meta">policy: ${e(r.verdict.decision)}</div>`;
    const outcome = r.outcome ?? outcomes.get(r.seq)?.outcome;
    const snapshot = r.snapshot ? `<div class="meta">snapshot <code>${e(r.snapshot)}</code></div>` : '';
    const dns = r.dns?.length ? `<div class="meta">DNS: ${e(r.dns.map((d) => `${d.host} → ${d.addresses.join(', ') || 'no answer'}`).join('; '))}</div>` : '';
    const found = r.findings?.length ? `<div class="meta">the tool's result held:</div><ul class="meta">${r.findings.map((f) => `<li><code>${e(findingNote(f))}</code></li>`).join('')}</ul>` : '';
    const told = r.told ? `<div class="meta">agent told: ${e(toldWords[r.told])}</div>` : '';
    return (
      `<tr${cls} id="r${r.seq}"><td class="n">${r.seq}</td><td class="meta">${e(shortTime(r.time))}</td>` +
      `<td>${e(r.source.agent)}<div class="meta">${e(r.source.channel)}${r.source.session ? ` · ${e(r.source.session)}` : ''}</div></td>` +
      `<td><span class="kind">${e(r.action.kind)}${r.findings ? ' result' : ''}</span>${targetCell(r)}${snapshot}${dns}${found}</td>` +
      `<td>${badge(final)}${policy}</td>` +
      `<td><code>${e(r.verdict.rule)}</code> <span class="meta">${e(r.verdict.layer)}</span><div class="reason">${e(r.verdict.reason)}</div><div class="meta">by ${decider(r.decidedBy)}</div>${told}</td>` +
      `<td>${outcomeText(outcome)}</td></tr>`
    );
  });
  return (
    `<table><thead><tr><th>#</th><th>time</th><th>source</th><th>action</th><th>decision</th><th>rule, reason, decided by</th><th>outcome</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function chainStatus(v: ChainVerification): string {
  if (v.ok) {
    return (
      `<div class="status ok">Hash chain intact: ${plural(v.verified, 'record')} in ${plural(v.segments, 'segment')} checked at export.` +
      `<small>Last record ${v.lastSeq}, SHA-256 <code>${e(v.lastHash)}</code></small></div>`
    );
  }
  const b = v.break;
  return (
    `<div class="status broken">Hash chain broken at ${e(b?.segment ?? '')}${b?.line ? ` line ${b.line}` : ''}` +
    `${b?.seq !== undefined ? ` (record ${b.seq})` : ''}.<small>${e(b?.message ?? '')}. ` +
    `${plural(v.verified, 'record')} before it verify; the rows from there on are shown but cannot be trusted.</small></div>`
  );
}

function chainSection(input: ReportInput): string {
  const v = input.verification;
  const warnings = v.warnings.length ? `<ul>${v.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>` : '';
  return (
    `<section id="chain"><h2>Integrity</h2>${chainStatus(v)}${warnings}` +
    `<p class="meta">Every record carries the SHA-256 of the record before it, and the hash of the last append is kept apart, so an edited, ` +
    `removed, inserted or reordered record breaks the chain. The chain cannot tell whether someone rewrote the whole trail and every hash: ` +
    `to anchor it, keep the last hash above somewhere else. Check the trail again with <code>airlock verify --workspace ${e(input.workspace)}</code>.</p></section>`
  );
}

function policySection(policy: ReportPolicy): string {
  const files = policy.files.length
    ? policy.files.map((f) => `<h3>${e(f.file)}</h3><pre>${e(JSON.stringify(f.policy, null, 2))}</pre>`).join('')
    : '<p class="meta">No policy files: the built-in floor and the preset decide everything.</p>';
  return (
    `<section id="policy"><h2>Policy in force at export</h2><p>Preset <b>${e(policy.preset)}</b>, under the built-in floor that nothing overrides.</p>` +
    `${files}<p class="meta">This is the policy when the report was made; each record names the rule that decided it at the time. ` +
    `<code>airlock replay</code> shows which recorded actions a policy would decide differently.</p></section>`
  );
}

/**
 * The trail as one standalone HTML file: no scripts, no external resources (a CSP in the file forbids both), every
 * recorded text escaped. Light and dark follow the reader's system setting.
 */
export function renderReport(input: ReportInput): string {
  const s = summarize(input.lines);
  const decisions = input.lines.flatMap((l) => (l.record?.type === 'decision' ? [l.record] : []));
  const range = s.firstTime && s.lastTime ? `${shortTime(s.firstTime)} – ${shortTime(s.lastTime)}` : 'no records';
  const kinds = s.byKind as readonly { key: ActionKind | string; count: number }[];
  const title = `Airlock audit report — ${input.workspace}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Airlock ${e(input.version)}">
<title>${e(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
<header>
<div><h1>Audit report</h1><p class="sub mono">${e(input.workspace)}</p>
<p class="sub">${plural(s.records, 'record')} · ${e(range)} · exported ${e(shortTime(new Date(input.generatedAt).toISOString()))} by Airlock ${e(input.version)}</p></div>
<nav><a href="#summary">Summary</a><a href="#blocked">Blocked</a><a href="#breakdown">Breakdown</a><a href="#timeline">Timeline</a><a href="#entries">Entries</a><a href="#chain">Integrity</a><a href="#policy">Policy</a></nav>
</header>
${chainStatus(input.verification)}
<section id="summary"><h2>Summary</h2>
<div class="cards">
<div class="card"><span class="meta">actions (final decisions below)</span><b>${num(s.decisions)}</b></div>
<div class="card allow"><span class="meta">allowed</span><b>${num(s.byDecision.allow)}</b></div>
<div class="card ask"><span class="meta">left to the agent's prompt</span><b>${num(s.byDecision.ask)}</b></div>
<div class="card deny"><span class="meta">denied</span><b>${num(s.byDecision.deny)}</b></div>
<div class="card"><span class="meta">put to you in the editor</span><b>${num(s.prompted)}</b></div>
<div class="card"><span class="meta">outcomes recorded later</span><b>${num(s.outcomes)}</b></div>
</div>
${s.unreadable ? `<p class="status broken">${plural(s.unreadable, 'line')} of the trail could not be read as records.</p>` : ''}
</section>
<section id="blocked"><h2>Blocked attempts</h2>${blockedTable(s.blocked)}</section>
<section id="breakdown"><h2>Breakdown</h2>
<div class="grid">
${countTable('By agent', s.byAgent, s.decisions)}
${countTable('By kind', kinds, s.decisions)}
${countTable('Decided by', s.byDecider, s.decisions)}
</div>
<h3 class="spaced">Top rules</h3>
<table><thead><tr><th>rule</th><th class="n">actions</th><th class="n">allow</th><th class="n">ask</th><th class="n">deny</th></tr></thead><tbody>
${s.topRules.map((r) => `<tr><td><code>${e(r.key)}</code></td><td class="n">${num(r.count)}</td><td class="n">${num(r.decisions.allow)}</td><td class="n">${num(r.decisions.ask)}</td><td class="n">${num(r.decisions.deny)}</td></tr>`).join('') || '<tr><td colspan="5" class="meta">none</td></tr>'}
</tbody></table>
</section>
<section id="timeline"><h2>Timeline</h2>${timeline(decisions)}</section>
<section id="entries"><h2>Every entry</h2>${entriesTable(input)}</section>
${chainSection(input)}
${policySection(input.policy)}
<footer>Trail folder: <span class="mono">${e(input.dir)}</span>. Secrets (tokens, keys, passwords) were replaced by <code>[REDACTED:kind]</code> before they were recorded.</footer>
</main>
</body>
</html>
`;
}
