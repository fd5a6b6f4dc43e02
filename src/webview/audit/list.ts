import { h } from './dom';

/** Must equal `.row`'s height in media/audit.css. */
export const rowHeight = 22;
const overscan = 8;

export interface ListSource {
  readonly count: number;
  /** Fills a pooled row element for item `index` (0 = top of the list). */
  render(row: HTMLElement, index: number): void;
  /** A stable id for the item (its seq), for aria-activedescendant. */
  key(index: number): number;
}

export interface ListEvents {
  /** The selection moved (keyboard or click). */
  onSelect(index: number): void;
  /** Enter on the selected row. */
  onOpen(index: number): void;
}

/**
 * A listbox that keeps only the visible rows in the DOM: a sizer as tall as every row would be, and a small pool of
 * absolutely placed row elements, moved and refilled as it scrolls. Heights and offsets are CSS custom properties
 * set through the CSSOM (allowed by a `style-src` without 'unsafe-inline'; style attributes in markup are not).
 */
export class VirtualList {
  readonly element: HTMLElement;
  private readonly sizer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private source: ListSource = { count: 0, render: () => undefined, key: () => 0 };
  private selected = -1;
  private frame = 0;

  constructor(
    label: string,
    private readonly events: ListEvents,
  ) {
    this.sizer = h('div', { class: 'list-sizer' });
    this.element = h('div', { class: 'list', attrs: { role: 'listbox', tabindex: 0, 'aria-label': label } }, this.sizer);
    // Scroll events come once per frame, before it is painted: filling the rows here shows no blank frame.
    this.element.addEventListener('scroll', () => this.render());
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('.row');
      const index = row ? Number(row.dataset.index) : NaN;
      if (Number.isInteger(index) && index >= 0 && index < this.source.count) {
        this.select(index);
        this.element.focus();
      }
    });
    this.element.addEventListener('dblclick', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('.row');
      if (row && this.selected >= 0) this.events.onOpen(this.selected);
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  get selection(): number {
    return this.selected;
  }

  /** New content; `selected` is the index to select (or -1). */
  setSource(source: ListSource, selected: number): void {
    this.source = source;
    this.sizer.style.setProperty('--rows', String(source.count));
    this.element.setAttribute('aria-rowcount', String(source.count));
    this.selected = selected < source.count ? selected : -1;
    this.render();
  }

  /** Keeps the rows in view where they are when `added` rows came in above them. */
  shiftBy(added: number): void {
    if (this.element.scrollTop > 0) this.element.scrollTop += added * rowHeight;
  }

  select(index: number, notify = true): void {
    if (this.source.count === 0) return;
    const i = Math.max(0, Math.min(this.source.count - 1, index));
    this.selected = i;
    this.reveal(i);
    this.render();
    if (notify) this.events.onSelect(i);
  }

  focus(): void {
    this.element.focus();
  }

  private get visibleRows(): number {
    return Math.max(1, Math.floor(this.element.clientHeight / rowHeight));
  }

  private reveal(i: number): void {
    const top = i * rowHeight;
    const view = this.element.clientHeight;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + rowHeight > this.element.scrollTop + view) this.element.scrollTop = top + rowHeight - view;
  }

  private onKey(e: KeyboardEvent): void {
    const page = this.visibleRows;
    const at = this.selected;
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at < 0 ? 0 : at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: this.source.count - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      this.select(moves[e.key]!);
    } else if ((e.key === 'Enter' || e.key === ' ') && at >= 0) {
      e.preventDefault();
      this.events.onOpen(at);
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Fills the pool for the rows in view. Synchronous, so the first rows are there when the caller returns. */
  render(): void {
    const count = this.source.count;
    const first = Math.max(0, Math.floor(this.element.scrollTop / rowHeight) - overscan);
    const height = this.element.clientHeight || rowHeight * 40;
    const needed = Math.min(count - first, Math.ceil(height / rowHeight) + overscan * 2);
    while (this.pool.length < needed) {
      const row = h('div', { class: 'row', attrs: { role: 'option' } });
      this.pool.push(row);
      this.element.append(row);
    }
    let active: string | undefined;
    this.pool.forEach((row, p) => {
      const index = first + p;
      if (p >= needed) {
        row.classList.add('unused');
        row.removeAttribute('id');
        return;
      }
      row.classList.remove('unused');
      row.dataset.index = String(index);
      row.id = `row-${this.source.key(index)}`;
      row.style.setProperty('--index', String(index));
      row.setAttribute('aria-posinset', String(index + 1));
      row.setAttribute('aria-setsize', String(count));
      const isSelected = index === this.selected;
      row.classList.toggle('selected', isSelected);
      row.setAttribute('aria-selected', String(isSelected));
      if (isSelected) active = row.id;
      this.source.render(row, index);
    });
    if (active) this.element.setAttribute('aria-activedescendant', active);
    else this.element.removeAttribute('aria-activedescendant');
  }
}
