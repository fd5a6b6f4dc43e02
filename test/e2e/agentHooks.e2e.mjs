// Airlock: Protect Agents… and Remove Agent Hooks through the UI: the agent is detected, the confirmation names
// the file, the hook entry lands in the agent's own settings (in the editor's throwaway home folder) and goes again.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guardItem, runCommand, waitForWorkbench } from './workbench.mjs';

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

/** Hovers the status-bar item and checks that its tooltip names the agent as protected. */
async function expectProtectedInTooltip(page, agent) {
  await guardItem(page).hover();
  const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Protected agents' });
  await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
  const text = await hover.first().innerText();
  if (!text.includes(`Protected agents: ${agent}`)) throw new Error(`the tooltip says: ${text}`);
  await page.mouse.move(700, 300);
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
      // The entry starts Node by an absolute path (agents started from a desktop launcher may have no `node` on
      // their PATH), and that Node runs and is recent enough.
      const node = /^(\/\S+) "/.exec(e.hooks[0].command)?.[1];
      if (!node) throw new Error(`the entry does not start Node by an absolute path: ${e.hooks[0].command}`);
      const version = execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
      if (!/^v(\d+)/.test(version) || Number(/^v(\d+)/.exec(version)[1]) < 20) throw new Error(`the entry's Node is ${version}`);
    },
  },
  {
    name: 'the status-bar tooltip lists the protected agents',
    async run({ page }) {
      await expectProtectedInTooltip(page, 'Claude Code');
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
  {
    name: 'after an update moved the extension, its start-up points Airlock\'s entries at the new folder',
    async run({ page, editorHome }) {
      const settings = join(editorHome, '.claude', 'settings.json');
      // An entry written by an earlier copy of Airlock whose folder is gone, beside another hook that stays.
      const gone = join(editorHome, '.vscode-server', 'extensions', 'airlock-dev.airlock-0.0.9', 'dist', 'hook.js');
      const other = { matcher: 'Bash', hooks: [{ type: 'command', command: '~/bin/log.sh' }] };
      const stale = { matcher: '*', hooks: [{ type: 'command', command: `node "${gone}" claude`, timeout: 60 }] };
      writeFileSync(settings, `${JSON.stringify({ hooks: { PreToolUse: [other, stale] } }, null, 2)}\n`);
      await page.reload();
      await waitForWorkbench(page);
      const entries = () => JSON.parse(readFileSync(settings, 'utf8')).hooks.PreToolUse;
      await waitFor(() => !readFileSync(settings, 'utf8').includes(gone), 'the stale entry to be repaired', 20_000);
      const now = entries();
      if (JSON.stringify(now[0]) !== JSON.stringify(other)) throw new Error(`the other hook changed: ${JSON.stringify(now)}`);
      const command = now[1]?.hooks?.[0]?.command ?? '';
      const script = /"([^"]+dist\/hook\.js)" claude$/.exec(command)?.[1];
      if (!script || !existsSync(script) || !/^\/\S+ "/.test(command)) throw new Error(`the repaired entry: ${command}`);
      await expectProtectedInTooltip(page, 'Claude Code');
    },
  },
];
