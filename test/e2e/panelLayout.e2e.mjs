// The audit panel at the widths VS Code really gives it: the window at 1600, 1100 and 900 px with the secondary side
// bar open beside the editor. Checked by measuring element boxes in the webview, not by eye: no header cell or row
// cell overlaps the detail pane, nothing spills past the list, no horizontal scrolling, and the rule column is shown
// wherever the list is wide enough for it. Screenshots are kept as test artefacts.
/* global document, window, getComputedStyle -- the frame.evaluate callbacks run in the webview. */
import { join } from 'node:path';
import { runCommand } from './workbench.mjs';

export const order = 5.5;

async function auditFrame(page, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$('#airlock-audit .list .row:not(.unused)').catch(() => null)) return frame;
    }
    if (Date.now() > end) throw new Error('no audit panel with rows');
    await page.waitForTimeout(200);
  }
}

/** Boxes of the panel's parts, measured in the webview. */
function measure(frame) {
  return frame.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
    };
    const visible = (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().width > 0;
    const root = document.querySelector('#airlock-audit');
    const pane = root.querySelector('.list-pane');
    const list = root.querySelector('.list');
    const detail = root.querySelector('.detail');
    const header = [...root.querySelectorAll('.row.columns .cell')].filter(visible).map((c) => ({ text: c.textContent, ...box(c) }));
    // What the list shows: each cell as far as it lies inside the list's own box (rows scrolled out of view are
    // clipped by the list, so they are measured as the user sees them, or not at all).
    const shown = box(list);
    const clip = (b) => ({ ...b, top: Math.max(b.top, shown.top), bottom: Math.min(b.bottom, shown.bottom) });
    const cells = [...root.querySelectorAll('.list .row:not(.unused) .cell')]
      .filter(visible)
      .map((c) => ({ text: c.className, ...clip(box(c)) }))
      .filter((c) => c.bottom > c.top);
    return {
      viewport: window.innerWidth,
      pane: box(pane),
      list: shown,
      detail: box(detail),
      badge: detail.querySelector('.badge') ? box(detail.querySelector('.badge')) : undefined,
      header,
      cells,
      scroll: { list: list.scrollWidth - list.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth },
    };
  });
}

const overlaps = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

export const tests = [1600, 1100, 900].map((width) => ({
  name: `audit panel at a ${width} px window with the secondary side bar open: no overlap, no horizontal scroll, the columns that fit`,
  async run({ page, resultsDir }) {
    await page.setViewportSize({ width, height: 900 });
    if ((await page.locator('.part.auxiliarybar').count()) === 0 || !(await page.locator('.part.auxiliarybar').first().isVisible())) {
      await runCommand(page, 'View: Toggle Secondary Side Bar Visibility');
    }
    await runCommand(page, 'Airlock: Show Audit Panel');
    const frame = await auditFrame(page);
    // Select a row, so the detail pane shows its badge.
    await frame.click('#airlock-audit .list .row:not(.unused)');
    await frame.waitForSelector('#airlock-audit .detail .badge', { timeout: 10_000 });
    await page.waitForTimeout(300);
    const m = await measure(frame);
    await page.screenshot({ path: join(resultsDir, `panel-${width}.png`) });
    const problems = [];
    if (m.scroll.list > 1 || m.scroll.page > 1) problems.push(`horizontal scroll: ${JSON.stringify(m.scroll)}`);
    const sideBySide = m.detail.left >= m.pane.right - 1;
    if (overlaps(m.list, m.detail)) problems.push('the list itself overlaps the detail pane');
    for (const c of [...m.header, ...m.cells]) {
      if (c.right > m.pane.right + 0.5 || c.left < m.pane.left - 0.5) problems.push(`${c.text} spills out of the list (${Math.round(c.left)}–${Math.round(c.right)} vs ${Math.round(m.pane.left)}–${Math.round(m.pane.right)})`);
      if (overlaps(c, m.detail)) problems.push(`${c.text} overlaps the detail pane`);
      if (m.badge && overlaps(c, m.badge)) problems.push(`${c.text} overlaps the detail badge`);
    }
    const headers = m.header.map((h) => h.text);
    // The rule column is there whenever the list is wider than the narrowest layout (400 px).
    if (m.pane.width > 420 && !headers.includes('Rule')) problems.push(`no Rule column in a ${Math.round(m.pane.width)} px list: ${headers.join(', ')}`);
    if (!headers.includes('Target') || !headers.includes('Decision')) problems.push(`the essential columns are missing: ${headers.join(', ')}`);
    if (problems.length > 0) {
      throw new Error(`at ${width} px (panel ${m.viewport} px, list ${Math.round(m.pane.width)} px, detail ${sideBySide ? 'beside' : 'below'}): ${problems.slice(0, 6).join('; ')}`);
    }
    if (width === 900) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await runCommand(page, 'View: Toggle Secondary Side Bar Visibility');
    }
  },
}));
