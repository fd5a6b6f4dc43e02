// The audit panel in the installed .vsix: actions recorded by real hook runs show in the webview, an agent-chosen
// path full of markup stays text, filters narrow the list, the list is driven by the keyboard, new actions arrive
// live, and Restore (after the editor's modal confirmation) puts a file back from its snapshot.
/* global document -- the frame.evaluate callbacks run in the webview. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root } from '../vscodeServer.mjs';
import { guardItem, runCommand } from './workbench.mjs';

// Before the approvals tests (order 10), which stop the editor.
export const order = 5;

const xssName = '<img src=x onerror=alert(1)>.txt';
const original = 'export const answer = 42;\n';

/** A Claude Code PreToolUse payload. */
function claude(workspace, tool, input) {
  return {
    session_id: 'e2e-audit',
    transcript_path: join(workspace, '.transcript.jsonl'),
    cwd: workspace,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: input,
  };
}

async function hook(spawnHook, payload) {
  const result = await spawnHook('claude', payload).done;
  if (result.code !== 0 && result.code !== 2) throw new Error(`the hook failed: ${JSON.stringify(result)}`);
  return result;
}

/** The webview's own document: the nested frame that holds the panel's root element. */
async function auditFrame(page, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$('#airlock-audit .list').catch(() => null)) return frame;
    }
    if (Date.now() > end) throw new Error(`no webview frame with #airlock-audit; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
    await page.waitForTimeout(200);
  }
}

/** The rows the list shows now, top to bottom. */
function rows(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('.list .row:not(.unused)')]
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((r) => ({
        decision: r.querySelector('.cell.decision')?.textContent,
        kind: r.querySelector('.cell.kind')?.textContent,
        target: r.querySelector('.cell.target')?.textContent,
        snapshot: r.querySelector('.cell.snap')?.textContent === '◉',
      })),
  );
}

async function waitForRows(frame, what, check, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs;
  let last = [];
  for (;;) {
    last = await rows(frame);
    if (check(last)) return last;
    if (Date.now() > end) throw new Error(`${what}; the list shows ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs test/e2e/recordAction.ts (bundled now) to append a decision that names a snapshot. */
async function recordAction(airlockHome, input) {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-e2e-record-'));
  try {
    const out = join(dir, 'recordAction.js');
    await build({ entryPoints: [join(root, 'test/e2e/recordAction.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'silent' });
    return JSON.parse(execFileSync(process.execPath, [out, JSON.stringify(input)], { env: { PATH: process.env.PATH, AIRLOCK_HOME: airlockHome }, encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let frame;
let dialogs = 0;
const appFile = (workspace) => join(workspace, 'src/app.js');

export const tests = [
  {
    name: 'audit panel: actions recorded by hooks show in the panel opened from the command palette',
    async run({ page, workspace, spawnHook, cli, airlockHome }) {
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      writeFileSync(appFile(workspace), original);
      await hook(spawnHook, claude(workspace, 'Read', { file_path: appFile(workspace) }));
      await hook(spawnHook, claude(workspace, 'Read', { file_path: join(workspace, xssName) }));
      await hook(spawnHook, claude(workspace, 'Write', { file_path: '/etc/passwd', content: 'x' }));
      // A snapshot of src/app.js, an action that names it, then the change the action made.
      const snap = JSON.parse(
        execFileSync(process.execPath, [cli(), 'snapshot', '--workspace', workspace, '--paths', 'src/app.js', '--json'], {
          env: { PATH: process.env.PATH, HOME: tmpdir(), AIRLOCK_HOME: airlockHome },
          encoding: 'utf8',
        }),
      );
      await recordAction(airlockHome, {
        workspace,
        action: { kind: 'write', path: appFile(workspace), source: { agent: 'claude-code', channel: 'hook', session: 'e2e-audit' } },
        verdict: { decision: 'allow', layer: 'preset', rule: 'preset.workspace-write', reason: 'Writes inside the workspace are allowed.' },
        snapshot: snap.id,
      });
      writeFileSync(appFile(workspace), 'export const answer = "overwritten by the agent";\n');

      await runCommand(page, 'Airlock: Show Audit Panel');
      frame = await auditFrame(page);
      const shown = await waitForRows(frame, 'the recorded actions did not appear', (r) => r.length >= 4);
      const targets = shown.map((r) => r.target);
      for (const expected of [appFile(workspace), '/etc/passwd', join(workspace, xssName)]) {
        if (!targets.includes(expected)) throw new Error(`the panel does not list ${expected}: ${JSON.stringify(targets)}`);
      }
      if (!shown.some((r) => r.target === '/etc/passwd' && r.decision === 'deny')) throw new Error(`the floor deny is not shown as deny: ${JSON.stringify(shown)}`);
      if (!shown.some((r) => r.target === appFile(workspace) && r.snapshot)) throw new Error('the action with a snapshot is not marked');
      const chain = await frame.locator('.verification').textContent();
      if (!/Chain intact/.test(chain ?? '')) throw new Error(`the chain's state is not shown as intact: ${chain}`);
    },
  },
  {
    name: 'audit panel: a recorded path containing <img src=x onerror=alert(1)> shows as text and runs nothing',
    async run({ page, workspace }) {
      const row = frame.locator('.list .row', { has: frame.locator('.cell.target', { hasText: xssName }) });
      await row.click();
      await frame.locator('.detail .facts code', { hasText: xssName }).waitFor({ timeout: 10_000 });
      const found = await frame.evaluate((name) => ({
        images: document.querySelectorAll('img').length,
        asText: [...document.querySelectorAll('.cell.target, .detail code')].filter((e) => e.textContent.includes(name)).length,
        markupInTree: [...document.querySelectorAll('*')].some((e) => e.getAttribute('onerror') !== null),
      }), xssName);
      if (found.images !== 0 || found.markupInTree) throw new Error(`agent text became markup: ${JSON.stringify(found)}`);
      if (found.asText < 2) throw new Error(`the path is not shown as text in the list and the detail: ${JSON.stringify(found)}`);
      if (dialogs !== 0) throw new Error(`${dialogs} dialog(s) opened`);
      if (!(await frame.locator('.list .row.selected .cell.target').textContent())?.startsWith(workspace)) throw new Error('the clicked row is not selected');
      await page.waitForTimeout(500);
      if (dialogs !== 0) throw new Error(`${dialogs} dialog(s) opened`);
    },
  },
  {
    name: 'audit panel: decision and kind filters and search narrow the list; Clear filters shows all again',
    async run() {
      const all = (await rows(frame)).length;
      await frame.locator('.toggle.allow input').uncheck();
      await frame.locator('.toggle.ask input').uncheck();
      const denied = await waitForRows(frame, 'the deny filter did not narrow the list', (r) => r.length > 0 && r.length < all);
      if (!denied.every((r) => r.decision?.startsWith('deny'))) throw new Error(`the deny filter shows other decisions: ${JSON.stringify(denied)}`);
      await frame.locator('button:has-text("Clear filters")').click();
      await waitForRows(frame, 'Clear filters did not show every row', (r) => r.length === all);
      await frame.locator('select[aria-label="Kind"]').selectOption('read');
      const reads = await waitForRows(frame, 'the kind filter did not narrow the list', (r) => r.length > 0 && r.length < all);
      if (!reads.every((r) => r.kind === 'read')) throw new Error(`the kind filter shows other kinds: ${JSON.stringify(reads)}`);
      await frame.locator('button:has-text("Clear filters")').click();
      await waitForRows(frame, 'Clear filters did not show every row', (r) => r.length === all);
      await frame.locator('.search').fill('passwd');
      const found = await waitForRows(frame, 'the search did not narrow the list', (r) => r.length >= 1 && r.length < all);
      if (!found.every((r) => r.target?.includes('passwd'))) throw new Error(`the search shows rows without the word: ${JSON.stringify(found)}`);
      const counter = await frame.locator('.counter').textContent();
      if (!/ of /.test(counter ?? '')) throw new Error(`the counter does not say how many of all are shown: ${counter}`);
      await frame.locator('button:has-text("Clear filters")').click();
      await waitForRows(frame, 'Clear filters did not show every row', (r) => r.length === all);
    },
  },
  {
    name: 'audit panel: the list is driven by the keyboard (Home, arrows, Enter to the detail pane)',
    async run() {
      const list = frame.locator('.list');
      await list.focus();
      await list.press('Home');
      await list.press('ArrowDown');
      const state = await frame.evaluate(() => {
        const l = document.querySelector('.list');
        const active = l.getAttribute('aria-activedescendant');
        return { active, selectedIndex: document.querySelector('.list .row.selected')?.dataset.index, exists: !!(active && document.getElementById(active)) };
      });
      if (state.selectedIndex !== '1' || !state.exists) throw new Error(`Home, ArrowDown did not select the second row: ${JSON.stringify(state)}`);
      await list.press('Enter');
      await frame.waitForFunction(() => document.activeElement?.closest('.detail') !== null, null, { timeout: 5_000 });
      await frame.locator('.detail').press('Escape');
      await frame.waitForFunction(() => document.activeElement?.classList.contains('list'), null, { timeout: 5_000 });
    },
  },
  {
    name: 'audit panel: a new action appears live, without reopening the panel',
    async run({ workspace, spawnHook }) {
      const before = (await rows(frame)).length;
      const file = join(workspace, 'README.md');
      await hook(spawnHook, claude(workspace, 'Read', { file_path: file }));
      const after = await waitForRows(frame, 'the new action did not appear', (r) => r.length === before + 1);
      if (after[0]?.target !== file) throw new Error(`the newest action is not on top: ${JSON.stringify(after[0])}`);
    },
  },
  {
    name: 'audit panel: an action the paused guard let through reads "allow · paused", not a decision of yours',
    async run({ page, workspace, spawnHook, resultsDir }) {
      const secret = join(workspace, '.env.e2e-paused');
      writeFileSync(secret, 'TOKEN=not-a-real-one\n');
      await runCommand(page, 'Airlock: Pause Guard');
      try {
        // Reading a .env file is asked by the policy; while the guard is paused it goes through, nobody asked.
        await hook(spawnHook, claude(workspace, 'Read', { file_path: secret }));
      } finally {
        await runCommand(page, 'Airlock: Resume Guard');
      }
      const shown = await waitForRows(frame, 'the paused read did not appear', (r) => r.some((x) => x.target === secret));
      const row = shown.find((x) => x.target === secret);
      if (row?.decision !== 'allow · paused') throw new Error(`the paused action reads ${JSON.stringify(row?.decision)}, not "allow · paused"`);
      await frame.locator('.list .row', { has: frame.locator('.cell.target', { hasText: '.env.e2e-paused' }) }).click();
      const said = frame.locator('.detail', { hasText: 'the paused guard, nobody was asked (the policy said ask)' });
      await said.waitFor({ timeout: 10_000 }).catch(async () => {
        throw new Error(`the detail does not say the pause decided: ${(await frame.locator('.detail').innerText()).replace(/\s+/g, ' ')}`);
      });
      await page.screenshot({ path: join(resultsDir, 'audit-panel-paused.png') });
      rmSync(secret, { force: true });
    },
  },
  {
    name: 'audit panel: a file deleted from the Explorer is recorded with the snapshot taken before it',
    async run({ page, workspace, resultsDir }) {
      const name = 'explorer-delete-e2e.txt';
      const file = join(workspace, name);
      writeFileSync(file, 'kept by the snapshot\n');
      await runCommand(page, 'File: Focus on Files Explorer');
      const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
      await item.waitFor({ state: 'visible', timeout: 20_000 });
      await item.click();
      await page.keyboard.press('Delete');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      await dialog.locator('.monaco-button', { hasText: /Delete|Move to Trash/ }).first().click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      const end = Date.now() + 15_000;
      while (existsSync(file)) {
        if (Date.now() > end) throw new Error('the Explorer did not delete the file');
        await page.waitForTimeout(200);
      }
      await runCommand(page, 'Airlock: Show Audit Panel');
      frame = await auditFrame(page);
      const shown = await waitForRows(frame, 'the Explorer delete did not appear with its snapshot', (r) => r.some((x) => x.target === file && x.kind === 'delete' && x.snapshot));
      const row = shown.find((x) => x.target === file && x.kind === 'delete');
      if (!row?.decision?.startsWith('allow')) throw new Error(`the Explorer delete reads ${JSON.stringify(row)}`);
      // The row offers what the snapshot allows: the detail names it, with Restore.
      await frame.locator('.list .row', { has: frame.locator('.cell.target', { hasText: name }) }).first().click();
      await frame.locator('.detail .facts dt', { hasText: 'Snapshot' }).waitFor({ timeout: 10_000 });
      await frame.locator('.detail button', { hasText: 'Restore' }).waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(resultsDir, 'audit-panel-explorer-delete.png') });
    },
  },
  {
    name: 'audit panel: Restore asks in a modal, then restores the file on disk from the snapshot',
    async run({ page, workspace, resultsDir }) {
      const row = frame
        .locator('.list .row', { has: frame.locator('.cell.snap', { hasText: '◉' }) })
        .filter({ has: frame.locator('.cell.target', { hasText: 'src/app.js' }) })
        .first();
      await row.click();
      const restore = frame.locator('.detail button', { hasText: 'Restore' });
      await frame.locator('.detail .facts dt', { hasText: 'Snapshot' }).waitFor({ timeout: 10_000 });
      await restore.click();
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      if (!/Restore this path from snapshot/.test(text) || !text.includes('src/app.js')) throw new Error(`the confirmation does not name the snapshot and file: ${text}`);
      await dialog.locator('.monaco-button', { hasText: 'Restore' }).first().click();
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      await frame.locator('.detail-status', { hasText: 'Restored' }).waitFor({ timeout: 15_000 });
      const now = readFileSync(appFile(workspace), 'utf8');
      if (now !== original) throw new Error(`src/app.js was not restored: ${JSON.stringify(now)}`);
      await page.screenshot({ path: join(resultsDir, 'audit-panel.png') });
      if (dialogs !== 0) throw new Error(`${dialogs} browser dialog(s) opened`);
      await runCommand(page, 'View: Close All Editors');
    },
  },
  {
    name: "audit panel: the status-bar item's tooltip links to the panel",
    async run({ page }) {
      await guardItem(page).hover();
      const link = page.locator('.monaco-hover a, .workbench-hover a', { hasText: 'Show Audit Panel' }).first();
      await link.waitFor({ state: 'visible', timeout: 10_000 });
      await link.click();
      await auditFrame(page);
      await page.mouse.move(700, 400);
      await runCommand(page, 'View: Close All Editors');
    },
  },
];
