import { auditDecisions } from '../../shared/auditMessages';
import { formatCount, formatTime, h, svg } from './dom';
import type { Buckets } from './model';

export const chartBuckets = 60;
const width = 600;
const height = 64;

/**
 * Actions over time, stacked by decision, as SVG built element by element. A click on a bar filters the list to
 * its span; the time filter's select does the same from the keyboard.
 */
export class Chart {
  readonly element: HTMLElement;
  private readonly plot: SVGSVGElement;
  private readonly caption: HTMLElement;
  private buckets: Buckets | undefined;

  constructor(onPick: (from: number, to: number) => void) {
    this.plot = svg('svg', { class: 'chart-plot', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img' });
    this.caption = h('div', { class: 'chart-caption' });
    this.element = h('div', { class: 'chart' }, this.plot, this.caption);
    this.plot.addEventListener('click', (e) => {
      const b = this.buckets;
      const bar = (e.target as Element).closest('[data-bucket]');
      if (!b || !bar) return;
      const i = Number(bar.getAttribute('data-bucket'));
      onPick(b.from + i * b.width, b.from + (i + 1) * b.width - 1);
    });
  }

  /** Draws the buckets; `window` is the time filter's span, shaded when it is a span. */
  draw(b: Buckets | undefined, window: { from: number; to: number } | undefined, now: number): void {
    this.buckets = b;
    this.plot.replaceChildren();
    if (!b) {
      this.plot.setAttribute('aria-label', 'No actions to chart');
      this.caption.textContent = '';
      return;
    }
    const slot = width / b.counts.length;
    const scale = b.max > 0 ? (height - 2) / b.max : 0;
    const total = { allow: 0, ask: 0, deny: 0 };
    b.counts.forEach((c, i) => {
      const from = b.from + i * b.width;
      const to = from + b.width - 1;
      const inWindow = !window || (to >= window.from && from <= window.to);
      const group = svg('g', { class: inWindow ? 'bucket' : 'bucket outside', 'data-bucket': i });
      const title = svg('title');
      title.textContent = `${formatTime(from, now)} – ${formatTime(to, now)}: ${c.allow} allowed, ${c.ask} left to the agent's prompt, ${c.deny} denied`;
      group.append(title);
      // A full-height hit area, so a thin bar is still easy to click.
      group.append(svg('rect', { class: 'hit', x: i * slot, y: 0, width: slot, height }));
      let y = height;
      for (const d of auditDecisions) {
        total[d] += c[d];
        if (c[d] === 0) continue;
        const h2 = Math.max(1, c[d] * scale);
        y -= h2;
        group.append(svg('rect', { class: `bar ${d}`, x: i * slot + 0.5, y, width: Math.max(1, slot - 1), height: h2 }));
      }
      this.plot.append(group);
    });
    const span = `${formatTime(b.from, now)} – ${formatTime(b.from + b.counts.length * b.width - 1, now)}`;
    // The bars count final decisions (after any prompt); how many were put to a person is said beside them.
    this.plot.setAttribute('aria-label', `Actions over time, ${span}, by final decision: ${total.allow} allowed, ${total.ask} left to the agent's prompt, ${total.deny} denied; ${b.prompted} put to you`);
    this.caption.replaceChildren(
      h('span', { class: 'legend allow', text: `${formatCount(total.allow)} allowed` }),
      h('span', { class: 'legend ask', text: `${formatCount(total.ask)} left to the agent`, attrs: { title: "Final decision: handed to the agent's own permission prompt" } }),
      h('span', { class: 'legend deny', text: `${formatCount(total.deny)} denied` }),
      h('span', { class: 'legend-note', text: `(final decisions; ${formatCount(b.prompted)} put to you)` }),
      h('span', { class: 'chart-span', text: span }),
    );
  }
}
