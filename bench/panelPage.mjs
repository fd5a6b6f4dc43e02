// Loaded into the audit-panel benchmark's page (bench/panel.bench.ts) before the panel's bundle: a stand-in for
// VS Code's acquireVsCodeApi, a CSP-violation log, and the measurements the benchmark runs in the page.
/* global window, document, requestAnimationFrame, MutationObserver */

window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
let state;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => (state = s) });

const rowHeight = 22;

window.__bench = {
  ready: () => window.__posted.some((m) => m.type === 'ready'),

  /** Posts `init` (parsed outside the timing) and resolves with ms until the frame that shows the first rows. */
  firstRender(text) {
    const message = JSON.parse(text);
    const list = document.querySelector('.list');
    const shown = () => list.querySelector('.row:not(.unused) .cell.target')?.textContent;
    return new Promise((resolve) => {
      const t0 = performance.now();
      const observer = new MutationObserver(() => {
        if (!shown()) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - t0));
      });
      observer.observe(list, { childList: true, subtree: true, characterData: true });
      window.postMessage(message, '*');
    });
  },

  /** Types `words` into the search box; ms until the counter changes, less the box's 120 ms typing pause. */
  async search(words) {
    const input = document.querySelector('.search');
    const counter = document.querySelector('.counter');
    const before = counter.textContent;
    const t0 = performance.now();
    input.value = words;
    input.dispatchEvent(new Event('input'));
    await new Promise((resolve) => {
      const o = new MutationObserver(() => {
        if (counter.textContent === before) return;
        o.disconnect();
        resolve();
      });
      o.observe(counter, { childList: true, characterData: true, subtree: true });
    });
    return performance.now() - t0 - 120;
  },

  /** `jumps` scrolls across the list; for each, ms until the row at the new top is filled. Counts long tasks. */
  async scroll(jumps) {
    const list = document.querySelector('.list');
    const times = [];
    let long = 0;
    const po = new PerformanceObserver((l) => (long += l.getEntries().length));
    try {
      po.observe({ type: 'longtask' });
    } catch {
      // no long-task timing here
    }
    for (let i = 0; i < jumps; i++) {
      const target = Math.floor((((i * 7919) % jumps) / jumps) * (list.scrollHeight - list.clientHeight));
      const t0 = performance.now();
      list.scrollTop = target;
      const index = Math.floor(list.scrollTop / rowHeight);
      await new Promise((resolve) => {
        const check = () => (list.querySelector(`.row[data-index="${index}"]:not(.unused) .cell.target`)?.textContent ? resolve() : requestAnimationFrame(check));
        requestAnimationFrame(check);
      });
      times.push(performance.now() - t0);
    }
    po.disconnect();
    return { times, long, rowsInDom: list.querySelectorAll('.row').length, scrollHeight: list.scrollHeight };
  },

  violations: () => window.__violations,
};
