// The audit panel's webview: the trail newest first in a virtual list, filters, search, a chart by decision, the
// chain's verification and a detail pane. Everything it shows arrives as a HostMessage, checked by
// parseHostMessage; agent-supplied text only ever goes into textContent and attribute values.
import { auditDecisions, parseHostMessage, type AuditRow, type AuditVerification, type HostMessage } from '../shared/auditMessages';
import { Chart, chartBuckets } from './audit/chart';
import { DetailPane } from './audit/detail';
import { formatCount, formatTime, h } from './audit/dom';
import { VirtualList } from './audit/list';
import { bucketize, isFiltered, noFilter, restoreFilter, RowStore, type Filter, type TimeFilter } from './audit/model';
import { vscodeApi, type VsCodeApi } from './audit/vscodeApi';

const timeChoices: readonly { readonly value: string; readonly label: string; readonly ms?: number }[] = [
  { value: 'all', label: 'Any time' },
  { value: '900000', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '3600000', label: 'Last hour', ms: 3_600_000 },
  { value: '86400000', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '604800000', label: 'Last 7 days', ms: 7 * 86_400_000 },
];

const decisionLabel = { allow: 'Allowed', ask: 'Asked', deny: 'Denied' } as const;

interface SavedState {
  readonly filter?: unknown;
  readonly selected?: number;
}

class AuditApp {
  private readonly store = new RowStore();
  private filter: Filter;
  private visible: Int32Array = new Int32Array(0);
  private selectedSeq: number | undefined;
  private workspace = '';
  private exists = false;
  private received = false;

  private readonly verification = h('div', { class: 'verification', attrs: { role: 'status' } });
  private readonly workspaceLabel = h('span', { class: 'workspace' });
  private readonly counter = h('span', { class: 'counter', attrs: { 'aria-live': 'polite' } });
  private readonly search = h('input', { class: 'search', attrs: { type: 'search', placeholder: 'Search actions', 'aria-label': 'Search commands, paths, URLs, rules and agents' } });
  private readonly decisionBoxes = auditDecisions.map((d) => h('input', { attrs: { type: 'checkbox', value: d, 'aria-label': decisionLabel[d] } }));
  private readonly agentSelect = h('select', { attrs: { 'aria-label': 'Agent' } });
  private readonly kindSelect = h('select', { attrs: { 'aria-label': 'Kind' } });
  private readonly timeSelect = h('select', { attrs: { 'aria-label': 'Time' } });
  private readonly clearButton = h('button', { class: 'secondary', text: 'Clear filters', attrs: { type: 'button' } });
  private readonly emptyNote = h('p', { class: 'empty-note' });
  private readonly chart: Chart;
  private readonly list: VirtualList;
  private readonly detail: DetailPane;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private selectTimer: ReturnType<typeof setTimeout> | undefined;
  private redrawQueued = false;

  constructor(
    root: HTMLElement,
    private readonly api: VsCodeApi,
  ) {
    const saved = (api.getState() ?? {}) as SavedState;
    this.filter = restoreFilter(saved.filter);
    this.selectedSeq = typeof saved.selected === 'number' ? saved.selected : undefined;

    this.chart = new Chart((from, to) => this.setFilter({ ...this.filter, time: { kind: 'range', from, to } }));
    this.list = new VirtualList('Recorded actions, newest first', {
      onSelect: (i) => this.onSelect(i),
      onOpen: (i) => {
        this.onSelect(i, true);
        this.detail.focus();
      },
    });
    this.detail = new DetailPane({
      onDiff: (seq) => this.api.postMessage({ type: 'diff', seq }),
      onRestore: (seq) => this.api.postMessage({ type: 'restore', seq }),
      onLeave: () => this.list.focus(),
    });

    const refresh = h('button', { class: 'secondary', text: 'Verify again', attrs: { type: 'button', title: 'Read the whole trail again and check its hash chain' } });
    refresh.addEventListener('click', () => this.api.postMessage({ type: 'refresh' }));
    const showLog = h('button', { class: 'secondary', text: 'Show log', attrs: { type: 'button' } });
    showLog.addEventListener('click', () => this.api.postMessage({ type: 'openLog' }));

    const decisions = h('fieldset', { class: 'decisions' }, h('legend', { class: 'visually-hidden', text: 'Decision' }));
    this.decisionBoxes.forEach((box, i) => {
      const d = auditDecisions[i]!;
      decisions.append(h('label', { class: `toggle ${d}` }, box, h('span', { text: d })));
      box.addEventListener('change', () =>
        this.setFilter({ ...this.filter, decisions: auditDecisions.filter((_, j) => this.decisionBoxes[j]!.checked) }),
      );
    });
    this.search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.setFilter({ ...this.filter, text: this.search.value }), 120);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.list.focus();
        if (this.list.selection < 0) this.list.select(0);
      }
    });
    this.agentSelect.addEventListener('change', () => this.setFilter({ ...this.filter, agent: this.agentSelect.value }));
    this.kindSelect.addEventListener('change', () => this.setFilter({ ...this.filter, kind: this.kindSelect.value }));
    this.timeSelect.addEventListener('change', () => this.setFilter({ ...this.filter, time: this.timeFromSelect() }));
    this.clearButton.addEventListener('click', () => this.setFilter(noFilter));

    const header = h(
      'header',
      { class: 'header' },
      h('h1', { text: 'Airlock audit trail' }),
      this.workspaceLabel,
      this.verification,
      h('div', { class: 'header-actions' }, refresh, showLog),
    );
    const toolbar = h(
      'div',
      { class: 'toolbar', attrs: { role: 'search' } },
      this.search,
      decisions,
      this.agentSelect,
      this.kindSelect,
      this.timeSelect,
      this.clearButton,
      this.counter,
    );
    const columns = h(
      'div',
      { class: 'row columns', attrs: { 'aria-hidden': 'true' } },
      ...['Time', 'Decision', 'Agent', 'Kind', 'Target', 'Rule', '◉'].map((c, i) =>
        h('span', { class: `cell ${cellClasses[i] ?? ''}`, text: c, attrs: c === '◉' ? { title: 'Snapshot taken before the action' } : {} }),
      ),
    );
    const main = h('div', { class: 'main' }, h('div', { class: 'list-pane' }, columns, this.list.element, this.emptyNote), this.detail.element);
    root.replaceChildren(header, toolbar, this.chart.element, main);
    this.renderControls();
    this.renderVerification(undefined);
  }

  receive(m: HostMessage): void {
    switch (m.type) {
      case 'init':
        this.received = true;
        this.workspace = m.workspace;
        this.exists = m.exists;
        this.store.replace(m.rows);
        this.renderVerification(m.verification);
        this.refilter(true);
        break;
      case 'append': {
        for (const o of m.outcomes) this.store.setOutcome(o.seq, o.outcome);
        const before = this.visible.length;
        this.store.append(m.rows);
        this.exists = true;
        this.renderVerification(m.verification);
        this.refilter(false);
        this.list.shiftBy(this.visible.length - before);
        break;
      }
      case 'detail':
        if (m.seq === this.selectedSeq && m.detail) this.detail.show(m.detail);
        else if (m.seq === this.selectedSeq) this.detail.empty(`Record ${m.seq} is no longer in the trail.`);
        break;
      case 'result':
        this.detail.result(m.seq, m.ok, m.message);
        break;
    }
  }

  private timeFromSelect(): TimeFilter {
    const v = this.timeSelect.value;
    if (v === 'range') return this.filter.time;
    const choice = timeChoices.find((c) => c.value === v);
    return choice?.ms ? { kind: 'last', ms: choice.ms } : { kind: 'all' };
  }

  private setFilter(f: Filter): void {
    this.filter = f;
    this.renderControls();
    this.refilter(false);
    this.save();
  }

  private save(): void {
    this.api.setState({ filter: this.filter, selected: this.selectedSeq } satisfies SavedState);
  }

  /** Recomputes the visible rows, keeps the selection by seq, redraws list, counter and chart. */
  private refilter(initial: boolean): void {
    const now = Date.now();
    this.visible = this.store.filter(this.filter, now);
    const rows = this.store.rows;
    const visible = this.visible;
    let selected = -1;
    if (this.selectedSeq !== undefined) {
      const at = this.store.indexOf(this.selectedSeq);
      if (at !== undefined) selected = visible.indexOf(at);
    }
    this.list.setSource(
      {
        count: visible.length,
        key: (i) => rows[visible[i]!]!.seq,
        render: (el, i) => fillRow(el, rows[visible[i]!]!, now),
      },
      selected,
    );
    if (initial && selected >= 0) this.list.select(selected, false);
    if (initial && selected >= 0) this.requestDetail(rows[visible[selected]!]!);
    this.counter.textContent = isFiltered(this.filter)
      ? `${formatCount(visible.length)} of ${formatCount(this.store.size)}`
      : `${formatCount(this.store.size)} action${this.store.size === 1 ? '' : 's'}`;
    this.emptyNote.textContent = !this.received
      ? 'Reading the trail…'
      : this.workspace === ''
        ? 'Open a folder: the panel shows the audit trail of the first workspace folder.'
        : !this.exists || this.store.size === 0
          ? 'No actions recorded for this workspace yet. They appear here as agents act.'
          : visible.length === 0
            ? 'No action matches the filters.'
            : '';
    this.emptyNote.classList.toggle('hidden', this.emptyNote.textContent === '');
    this.renderAgentsAndKinds();
    this.queueChart();
  }

  /** The chart is drawn after the list, in the next frame: the first rows are what the eye waits for. */
  private queueChart(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    requestAnimationFrame(() => {
      this.redrawQueued = false;
      const now = Date.now();
      const all = this.store.filter(this.filter, now, true);
      const t = this.filter.time;
      const window = t.kind === 'range' ? { from: t.from, to: t.to } : t.kind === 'last' ? { from: now - t.ms, to: now } : undefined;
      this.chart.draw(bucketize(this.store.rows, all, chartBuckets), window, now);
    });
  }

  private onSelect(i: number, now = false): void {
    const row = this.store.rows[this.visible[i]!];
    if (!row) return;
    this.selectedSeq = row.seq;
    this.save();
    if (this.detail.shown !== row.seq) this.detail.loading(row);
    // Holding an arrow key down moves through many rows: ask the host only for where it stops.
    clearTimeout(this.selectTimer);
    if (now) this.requestDetail(row);
    else this.selectTimer = setTimeout(() => this.requestDetail(row), 60);
  }

  private requestDetail(row: AuditRow): void {
    if (this.detail.shown !== row.seq) this.detail.loading(row);
    this.api.postMessage({ type: 'select', seq: row.seq });
  }

  private renderControls(): void {
    if (this.search.value !== this.filter.text) this.search.value = this.filter.text;
    this.decisionBoxes.forEach((box, i) => (box.checked = this.filter.decisions.includes(auditDecisions[i]!)));
    const t = this.filter.time;
    const options = timeChoices.map((c) => h('option', { text: c.label, attrs: { value: c.value } }));
    if (t.kind === 'range') options.push(h('option', { text: `${formatTime(t.from, Date.now())} – ${formatTime(t.to, Date.now())}`, attrs: { value: 'range' } }));
    this.timeSelect.replaceChildren(...options);
    this.timeSelect.value = t.kind === 'all' ? 'all' : t.kind === 'last' ? (timeChoices.find((c) => c.ms === t.ms)?.value ?? 'all') : 'range';
    this.clearButton.disabled = !isFiltered(this.filter);
  }

  private renderAgentsAndKinds(): void {
    fillSelect(this.agentSelect, 'Any agent', this.store.agents, this.filter.agent);
    fillSelect(this.kindSelect, 'Any kind', this.store.kinds, this.filter.kind);
  }

  private renderVerification(v: AuditVerification | undefined): void {
    this.workspaceLabel.textContent = this.workspace;
    this.workspaceLabel.title = this.workspace;
    const el = this.verification;
    el.classList.remove('ok', 'broken', 'pending');
    if (!v) {
      el.classList.add('pending');
      el.textContent = 'Verifying…';
      return;
    }
    if (v.ok) {
      el.classList.add('ok');
      el.textContent =
        v.verified === 0 ? 'Chain intact (empty)' : `✓ Chain intact: ${formatCount(v.verified)} record${v.verified === 1 ? '' : 's'} verified`;
    } else {
      el.classList.add('broken');
      el.textContent = `✗ Chain broken${v.brokenSeq !== undefined ? ` at record ${v.brokenSeq}` : ''}: ${v.problem ?? 'unknown problem'} (${formatCount(v.verified)} verified before it)`;
    }
    el.title = v.warnings.length > 0 ? v.warnings.join('\n') : '';
    el.classList.toggle('warned', v.warnings.length > 0);
  }
}

/** Keeps a select's options in step with the values held (rebuilt only when they change). */
function fillSelect(select: HTMLSelectElement, anyLabel: string, values: readonly string[], current: string): void {
  const wanted = ['', ...values, ...(current !== '' && !values.includes(current) ? [current] : [])];
  const have = [...select.options].map((o) => o.value);
  if (have.length !== wanted.length || have.some((v, i) => v !== wanted[i])) {
    select.replaceChildren(...wanted.map((v) => h('option', { text: v === '' ? anyLabel : v, attrs: { value: v } })));
  }
  select.value = current;
}

const cellClasses = ['time', 'decision', 'agent', 'kind', 'target', 'rule', 'snap'] as const;

/** Fills a pooled row's cells: text only. */
function fillRow(el: HTMLElement, r: AuditRow, now: number): void {
  if (el.childElementCount !== cellClasses.length) el.replaceChildren(...cellClasses.map((c) => h('span', { class: `cell ${c}` })));
  const cells = el.children;
  cells[0]!.textContent = formatTime(r.time, now);
  const decision = cells[1] as HTMLElement;
  decision.textContent = r.by === 'policy' ? r.decision : `${r.decision} · ${r.by === 'user' ? 'you' : r.by === 'pause' ? 'paused' : 'timeout'}`;
  decision.className = `cell decision ${r.decision}`;
  cells[2]!.textContent = r.agent;
  cells[3]!.textContent = r.kind;
  cells[4]!.textContent = r.target;
  cells[5]!.textContent = r.rule;
  cells[6]!.textContent = r.snapshot ? '◉' : '';
  el.setAttribute('aria-label', `${r.decision}: ${r.kind} ${r.target} by ${r.agent}, rule ${r.rule}${r.snapshot ? ', snapshot' : ''}`);
  el.classList.toggle('failed', r.outcome === 'failed');
}

const root = document.getElementById('airlock-audit');
if (root) {
  const api = vscodeApi();
  const app = new AuditApp(root, api);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseHostMessage(event.data);
    if (!parsed.ok) {
      console.warn(`Airlock audit: ignored a malformed message: ${parsed.error}`);
      return;
    }
    app.receive(parsed.value);
  });
  api.postMessage({ type: 'ready' });
}
