// Airlock: Protect Agents… and Remove Agent Hooks through the UI: the agent is detected, the confirmation names
// the file, the hook entry lands in the agent's own settings (in the editor's throwaway home folder) and goes again.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { guardItem, runCommand } from './workbench.mjs';

export const order = 6;

const dialog = (page) => page.locator('.monaco-dialog-box');

/** Waits for the multi-select pick with this title (not the closing command palette) and presses its OK. */
async function acceptPick(page, title) {
  const widget = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await widget.locator('.monaco-button', { hasText: 'OK' }).click();
  await widget.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function confirm(page, button, expected) {
  await dialog(page).waitFor({ state: 'visible', timeout: 10_000 });
  const text = (await dialog(page).innerText()).replace(/\s+/g, ' ');
  for (const e of expected) if (!text.includes(e)) throw new Error(`the confirmation does not show '${e}': ${text}`);
  await dialog(page).locator('.monaco-button', { hasText: button }).first().click();
  await dialog(page).waitFor({ state: 'hidden', timeout: 10_000 });
}

async function waitFor(check, what, ms = 10_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const tests = [
  {
    name: 'Protect Agents… detects Claude Code, names the file it changes, and installs the hook',
    async run({ page, editorHome, resultsDir }) {
      mkdirSync(join(editorHome, '.claude'), { recursive: true });
      const settings = join(editorHome, '.claude', 'settings.json');
      await runCommand(page, 'Airlock: Protect Agents…', 10_000, { opensPick: true });
      const pick = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: 'protect which agents' }) });
      await pick.waitFor({ state: 'visible', timeout: 10_000 });
      const rows = await pick.locator('.monaco-list-row').allInnerTexts();
      if (!rows.some((r) => r.startsWith('Claude Code') && r.includes('detected') && !r.includes('not detected'))) {
        throw new Error(`Claude Code is not offered as detected: ${JSON.stringify(rows)}`);
      }
      await acceptPick(page, 'protect which agents');
      await page.screenshot({ path: join(resultsDir, 'protect-agents.png') });
      await confirm(page, 'Protect', ['Airlock will change 1 file', settings]);
      const entry = () => (existsSync(settings) ? JSON.parse(readFileSync(settings, 'utf8')).hooks?.PreToolUse?.[0] : undefined);
      await waitFor(() => entry() !== undefined, 'the hook entry in ~/.claude/settings.json');
      const e = entry();
      if (e.matcher !== '*' || e.hooks[0].timeout !== 60 || !/dist\/hook\.js" claude$/.test(e.hooks[0].command)) {
        throw new Error(`unexpected entry: ${JSON.stringify(e)}`);
      }
    },
  },
  {
    name: 'the status-bar tooltip lists the protected agents',
    async run({ page }) {
      await guardItem(page).hover();
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Protected agents' });
      await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
      const text = await hover.first().innerText();
      if (!text.includes('Protected agents: Claude Code')) throw new Error(`the tooltip says: ${text}`);
      await page.mouse.move(700, 300);
    },
  },
  {
    name: 'Remove Agent Hooks removes only Airlock\'s entry',
    async run({ page, editorHome }) {
      const settings = join(editorHome, '.claude', 'settings.json');
      await runCommand(page, 'Airlock: Remove Agent Hooks', 10_000, { opensPick: true });
      await acceptPick(page, 'remove the hook from which agents');
      await confirm(page, 'Remove', [settings]);
      await waitFor(() => !/hook\.js/.test(readFileSync(settings, 'utf8')), 'the hook entry to go');
    },
  },
];
