// Small Playwright helpers over the VS Code workbench DOM, shared by the e2e tests.
/* global document -- the page.evaluate / waitForFunction callbacks below run in the browser. */
// Selectors are the workbench's own ids and aria-labels (stable across themes), not visible text.

/** A status-bar entry renders as `<div id="<publisher>.<name>.<item id>">`, with the item's accessibility label. */
export const guardItemId = 'airlock-dev.airlock.airlock.guard';

const labels = { armed: 'Airlock guard armed', paused: 'Airlock guard paused' };
const texts = { armed: 'Airlock: Armed', paused: 'Airlock: Paused' };

export function guardItem(page) {
  // An attribute selector, because the id's dots would read as classes in `#id` form.
  return page.locator(`.statusbar-item[id="${guardItemId}"]`);
}

/** What the guard item shows now: its aria-label and visible text, or null when it is not rendered. */
export async function readGuardItem(page) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    return el ? { label: el.getAttribute('aria-label'), text: el.textContent.trim(), visible: el.checkVisibility() } : null;
  }, guardItemId);
}

/** Waits until the guard item is visible and shows `mode` (by aria-label and by its text). */
export async function expectGuard(page, mode, timeoutMs = 15_000) {
  try {
    await page.waitForFunction(
      ({ id, label, text }) => {
        const el = document.getElementById(id);
        return !!el && el.checkVisibility() && el.getAttribute('aria-label') === label && el.textContent.includes(text);
      },
      { id: guardItemId, label: labels[mode], text: texts[mode] },
      { timeout: timeoutMs, polling: 100 },
    );
  } catch {
    const now = await readGuardItem(page).catch(() => null);
    throw new Error(
      `expected the status bar to show '${texts[mode]}' (aria-label '${labels[mode]}') within ${timeoutMs} ms; ` +
        `it shows ${now ? JSON.stringify(now) : 'no Airlock item'}`,
    );
  }
}

/** Loads the workbench at `url` and waits until it is up and Airlock's item has rendered. */
export async function openWorkbench(page, url, timeoutMs = 60_000) {
  await page.goto(url);
  await waitForWorkbench(page, timeoutMs);
}

export async function waitForWorkbench(page, timeoutMs = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  // The extension activates on startup-finished, after the workbench shell itself appears.
  await guardItem(page).waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Runs a command the way a user does: F1, type its title, Enter on the highlighted entry. A command that opens a
 * quick pick of its own (`opensPick`) keeps the widget open, so the palette is not waited away.
 */
export async function runCommand(page, title, timeoutMs = 10_000, { opensPick = false } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  // Enter picks the focused row: wait until the palette's filtering has put this command there.
  const row = page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: title });
  try {
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const rows = await page.locator('.quick-input-widget .monaco-list-row').allTextContents();
    await page.keyboard.press('Escape');
    throw new Error(`the command palette does not offer '${title}'; it lists ${JSON.stringify(rows)}`);
  }
  await page.keyboard.press('Enter');
  if (!opensPick) await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
}
