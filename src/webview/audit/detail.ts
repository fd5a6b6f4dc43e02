import type { AuditDetail, AuditRow } from '../../shared/auditMessages';
import { formatCount, h } from './dom';

export interface DetailEvents {
  onDiff(seq: number): void;
  onRestore(seq: number): void;
  /** Escape: back to the list. */
  onLeave(): void;
}

const decidedByText = (d: AuditDetail): string => {
  switch (d.decidedBy.by) {
    case 'policy':
      return 'the policy';
    case 'user':
      return `you (${d.decidedBy.button ?? 'answered'}; the policy said ${d.policyDecision})`;
    case 'timeout':
      return `nobody answered within ${Math.round((d.decidedBy.afterMs ?? 0) / 1000)} s (the policy said ${d.policyDecision})`;
    case 'pause':
      return `the paused guard, nobody was asked (the policy said ${d.policyDecision})`;
  }
};

/** What the agent was told, as the detail pane says it. */
const toldText: Record<NonNullable<AuditDetail['told']>, string> = {
  allow: 'go ahead',
  deny: 'denied, with the reason',
  'agent-prompt': "ask the person, in the agent's own prompt",
  withheld: 'the result was withheld from the model (what the policy denies cut out)',
  warned: 'the result went through, with a warning to the model',
};

/** The selected record: rule, reason, effect preview, snapshot, with Diff and Restore. Every value goes in as text. */
export class DetailPane {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private readonly diffButton: HTMLButtonElement;
  private readonly restoreButton: HTMLButtonElement;
  private seq: number | undefined;

  constructor(private readonly events: DetailEvents) {
    this.body = h('div', { class: 'detail-body' });
    this.diffButton = h('button', { class: 'secondary', text: 'Diff', attrs: { type: 'button', title: 'Compare the file in the snapshot with the file now' } });
    this.restoreButton = h('button', { text: 'Restore', attrs: { type: 'button', title: 'Put back what the snapshot holds (asks first)' } });
    this.status = h('p', { class: 'detail-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    const actions = h('div', { class: 'detail-actions' }, this.diffButton, this.restoreButton);
    this.element = h(
      'section',
      { class: 'detail', attrs: { 'aria-label': 'Selected action', tabindex: -1 } },
      this.body,
      actions,
      this.status,
    );
    this.diffButton.addEventListener('click', () => this.seq !== undefined && this.events.onDiff(this.seq));
    this.restoreButton.addEventListener('click', () => this.seq !== undefined && this.events.onRestore(this.seq));
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.events.onLeave();
      }
    });
    this.empty('Select an action to see its rule, reason, effects and snapshot.');
  }

  get shown(): number | undefined {
    return this.seq;
  }

  empty(message: string): void {
    this.seq = undefined;
    this.body.replaceChildren(h('p', { class: 'placeholder', text: message }));
    this.setButtons(false);
    this.status.textContent = '';
  }

  /** While the host looks the record up: what the row already says. */
  loading(row: AuditRow): void {
    if (this.seq !== row.seq) this.status.textContent = '';
    this.seq = row.seq;
    this.body.replaceChildren(h('h2', { text: `#${row.seq} ${row.kind} · ${row.decision}` }), h('p', { class: 'placeholder', text: 'Loading…' }));
    this.setButtons(false);
  }

  show(d: AuditDetail): void {
    if (this.seq !== d.seq) this.status.textContent = '';
    this.seq = d.seq;
    const rows: [string, string | Node][] = [];
    const a = d.action;
    if (a.command !== undefined) rows.push(['Command', code(a.command)]);
    if (a.url !== undefined) rows.push(['URL', code(a.url)]);
    if (a.path !== undefined) rows.push([a.kind === 'rename' ? 'From' : 'Path', code(a.path)]);
    if (a.to !== undefined) rows.push(['To', code(a.to)]);
    if (a.cwd !== undefined) rows.push(['Folder', code(a.cwd)]);
    if (a.recursive) rows.push(['Recursive', 'yes']);
    rows.push(['Agent', `${d.source.agent} via ${d.source.channel}${d.source.session ? ` (session ${d.source.session})` : ''}`]);
    rows.push(['Decided by', decidedByText(d)]);
    if (d.told !== undefined) rows.push(['Agent was told', toldText[d.told]]);
    rows.push(['Rule', code(`${d.rule}`)]);
    rows.push(['Layer', d.layer + (d.risk ? ` · ${d.risk} risk` : '')]);
    rows.push(['Time', d.time]);
    if (d.outcome) rows.push(['Outcome', `${d.outcome.status}${d.outcome.exitCode !== undefined ? ` (exit ${d.outcome.exitCode})` : ''}${d.outcome.detail ? `: ${d.outcome.detail}` : ''}`]);
    rows.push(['Snapshot', d.snapshot !== undefined ? code(d.snapshot) : 'none']);
    rows.push(['Hash', code(d.hash)]);

    const facts = h('dl', { class: 'facts' });
    for (const [k, v] of rows) facts.append(h('dt', { text: k }), h('dd', {}, v));

    const body: Node[] = [
      h('h2', {}, h('span', { class: `badge ${d.decision}`, text: d.decision }), ` #${d.seq} ${a.kind}${d.findings ? " · the tool's result" : ''}`),
      h('p', { class: 'reason', text: d.reason }),
      facts,
    ];
    if (d.findings?.length) {
      body.push(h('div', { class: 'effects' }, h('h3', { text: "Found in the tool's result" }), list(d.findings)));
    }
    const e = d.effects;
    if (e && (e.paths?.length || e.hosts?.length || e.notes?.length || e.fileCount !== undefined)) {
      const section = h('div', { class: 'effects' }, h('h3', { text: 'Effect preview' }));
      if (e.fileCount !== undefined) section.append(h('p', { text: `${formatCount(e.fileCount)}${e.truncated ? '+' : ''} file${e.fileCount === 1 ? '' : 's'} affected` }));
      if (e.paths?.length) section.append(list(e.paths, e.truncated ? '(more not listed)' : undefined));
      if (e.hosts?.length) section.append(list(e.hosts.map((x) => `${x.host} → ${x.addresses.join(', ') || 'unresolved'}`)));
      if (e.notes?.length) section.append(list(e.notes));
      body.push(section);
    }
    this.body.replaceChildren(...body);
    this.setButtons(d.snapshot !== undefined && d.file !== undefined, d.snapshot !== undefined);
  }

  result(seq: number, ok: boolean, message: string): void {
    if (seq !== this.seq) return;
    this.status.classList.toggle('error', !ok);
    this.status.textContent = message;
  }

  focus(): void {
    (this.diffButton.disabled ? (this.restoreButton.disabled ? this.element : this.restoreButton) : this.diffButton).focus();
  }

  private setButtons(diff: boolean, restore = diff): void {
    this.diffButton.disabled = !diff;
    this.restoreButton.disabled = !restore;
  }
}

const code = (text: string): HTMLElement => h('code', { text });

function list(items: readonly string[], more?: string): HTMLElement {
  const ul = h('ul');
  for (const item of items.slice(0, 200)) ul.append(h('li', {}, code(item)));
  if (items.length > 200) ul.append(h('li', { text: `… and ${formatCount(items.length - 200)} more` }));
  if (more) ul.append(h('li', { text: more }));
  return ul;
}
