// Airlock: Restore from Snapshot… through the UI: the workspace's snapshots as a timeline, then a snapshot's
// files; Compare opens a diff against the current file; Restore all says what it will do in a modal first,
// writes the deleted file back, restores the changed one with the current copy kept beside it, and leaves a file
// created after the snapshot alone.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './workbench.mjs';

export const order = 7;

const dialog = (page) => page.locator('.monaco-dialog-box');

/** Waits for the quick pick titled `title`, filters it to `text` and takes the highlighted row. */
async function pick(page, title, text) {
  const widget = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await widget.locator('.quick-input-box input').fill(text);
  const row = widget.locator('.monaco-list-row.focused').filter({ hasText: text });
  try {
    await row.waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    const rows = await widget.locator('.monaco-list-row').allInnerTexts();
    throw new Error(`the pick '${title}' offers no '${text}': ${JSON.stringify(rows)}`);
  }
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 10_000 });
}

async function waitFor(check, what, ms = 10_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const state = { id: '' };

export const tests = [
  {
    name: 'Restore from Snapshot… lists the snapshot and compares a file with it in a diff editor',
    async run({ page, workspace, cli, airlockHome }) {
      const notes = join(workspace, 'notes');
      mkdirSync(notes, { recursive: true });
      writeFileSync(join(notes, 'plan.md'), 'version 1: the plan as it was\n');
      writeFileSync(join(notes, 'gone.md'), 'deleted by an agent\n');
      const taken = JSON.parse(
        execFileSync(process.execPath, [cli(), 'snapshot', '--workspace', workspace, '--paths', 'notes', '--label', 'e2e notes', '--json'], {
          env: { PATH: process.env.PATH, HOME: airlockHome, AIRLOCK_HOME: airlockHome },
          encoding: 'utf8',
        }),
      );
      state.id = taken.id;
      // What an agent does afterwards: rewrites one file, deletes another, creates a third.
      writeFileSync(join(notes, 'plan.md'), 'version 2: rewritten by an agent\n');
      rmSync(join(notes, 'gone.md'));
      writeFileSync(join(notes, 'new.md'), 'created after the snapshot\n');

      await runCommand(page, 'Airlock: Restore from Snapshot…', 10_000, { opensPick: true });
      await pick(page, 'Airlock: Restore from Snapshot', 'e2e notes');
      // Each file says how it compares with now; those that differ come first.
      const files = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: `Snapshot ${state.id}` }) });
      await files.waitFor({ state: 'visible', timeout: 10_000 });
      const rows = (await files.locator('.monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
      const row = (name) => rows.find((r) => r.includes(name)) ?? '';
      if (!/deleted since/.test(row('notes/gone.md'))) throw new Error(`gone.md is not marked deleted: ${JSON.stringify(rows)}`);
      if (!/changed since/.test(row('notes/plan.md'))) throw new Error(`plan.md is not marked changed: ${JSON.stringify(rows)}`);
      if (!/2 differ from now/.test(row('Restore all'))) throw new Error(`Restore all does not count the differing files: ${JSON.stringify(rows)}`);
      await pick(page, `Snapshot ${state.id}`, 'notes/plan.md');
      await pick(page, 'notes/plan.md', 'Compare');
      const diff = page.locator('.monaco-diff-editor');
      await diff.first().waitFor({ state: 'visible', timeout: 15_000 });
      const tab = page.locator('.tab.active');
      const title = await tab.first().innerText();
      if (!title.includes(`snapshot ${state.id}`)) throw new Error(`the diff's tab is titled '${title}'`);
      await page.locator('.monaco-diff-editor .editor.original .view-lines', { hasText: 'version 1' }).waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator('.monaco-diff-editor .editor.modified .view-lines', { hasText: 'version 2' }).waitFor({ state: 'visible', timeout: 10_000 });
    },
  },
  {
    name: 'Restore all says what it will do, then restores: the deleted file back, the changed one replaced, its current version kept in a snapshot, not in the workspace',
    async run({ page, workspace, resultsDir, cli, airlockHome }) {
      const notes = join(workspace, 'notes');
      await runCommand(page, 'Airlock: Restore from Snapshot…', 10_000, { opensPick: true });
      await pick(page, 'Airlock: Restore from Snapshot', 'e2e notes');
      await pick(page, `Snapshot ${state.id}`, 'Restore all');
      await dialog(page).waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await dialog(page).innerText()).replace(/\s+/g, ' ');
      await page.screenshot({ path: join(resultsDir, 'restore-snapshot.png') });
      for (const expected of [`Restore the workspace from snapshot ${state.id}?`, '1 deleted since will be written back', '1 changed since will be restored (the current versions are kept in a snapshot first)', '1 created after the snapshot is left alone unless you remove it', '1 is unchanged']) {
        if (!text.includes(expected)) throw new Error(`the confirmation does not say '${expected}': ${text}`);
      }
      if (!(await dialog(page).locator('.monaco-button', { hasText: 'Restore and Remove 1 New…' }).isVisible())) throw new Error('no button to remove the new file too');
      await dialog(page).locator('.monaco-button', { hasText: /^Restore$/ }).click();
      await dialog(page).waitFor({ state: 'hidden', timeout: 10_000 });
      await waitFor(() => existsSync(join(notes, 'gone.md')), 'notes/gone.md to come back');
      // The file may be missing for a moment while the restore replaces it.
      const planNow = () => {
        try {
          return readFileSync(join(notes, 'plan.md'), 'utf8');
        } catch {
          return undefined;
        }
      };
      await waitFor(() => planNow() === 'version 1: the plan as it was\n', 'notes/plan.md to be restored');
      if (readFileSync(join(notes, 'gone.md'), 'utf8') !== 'deleted by an agent\n') throw new Error('notes/gone.md came back with other content');
      const beside = readdirSync(notes).filter((n) => n.includes('.airlock-'));
      if (beside.length !== 0) throw new Error(`copies were left in the workspace: ${JSON.stringify(readdirSync(notes))}`);
      if (!existsSync(join(notes, 'new.md'))) throw new Error('the file created after the snapshot was removed without being asked');
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `from snapshot ${state.id}` });
      await toast.first().waitFor({ state: 'visible', timeout: 10_000 });
      const message = await toast.first().innerText();
      if (!/restored 2/.test(message) || !/The versions replaced are in snapshot \S+: restore it to undo/.test(message)) throw new Error(`the notification says: ${message}`);
      // The replaced version is really in that snapshot.
      const undoId = /in snapshot (\S+): restore it/.exec(message)?.[1] ?? '';
      const shown = execFileSync(process.execPath, [cli(), 'restore', '--workspace', workspace, '--snapshot', undoId, '--dry-run', '--json'], {
        env: { PATH: process.env.PATH, HOME: airlockHome, AIRLOCK_HOME: airlockHome },
        encoding: 'utf8',
      });
      if (!shown.includes('notes/plan.md')) throw new Error(`snapshot ${undoId} does not hold notes/plan.md: ${shown}`);
    },
  },
];
