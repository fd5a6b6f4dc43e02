// The first run, in the installed .vsix: the Get started walkthrough and Try It, which sends sample agent actions
// through the real pipeline (policy, the real prompt, the trail) and runs nothing.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './workbench.mjs';

const dialog = (page) => page.locator('.monaco-dialog-box');

function trialRecords(airlockHome) {
  const dir = join(airlockHome, 'trail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((d) => readFileSync(join(dir, d, 'trail.jsonl'), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l))
    .filter((r) => r.source?.channel === 'trial');
}

export const tests = [
  {
    name: 'the installed extension carries its icon and the user-facing marketplace page as its readme',
    async run({ cli }) {
      const extension = join(cli(), '..', '..');
      const readme = readFileSync(join(extension, 'readme.md'), 'utf8');
      assert.match(readme, /^# Airlock\n\n\*\*A deterministic guard for AI coding agents/);
      assert.doesNotMatch(readme, /npm (start|test)/);
      assert.ok(existsSync(join(extension, 'media', 'icon.png')));
      assert.ok(!existsSync(join(extension, 'README.md')) || readFileSync(join(extension, 'README.md'), 'utf8') === readme);
    },
  },
  {
    name: 'the Get started with Airlock walkthrough lists its four steps',
    async run({ page, proofScreenshot }) {
      await runCommand(page, 'Welcome: Open Walkthrough...', 10_000, { opensPick: true });
      await page.keyboard.type('Get started with Airlock');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Airlock' }).first().click();
      for (const step of ['Protect your agents', 'See a decision', 'Read the audit trail', 'Restore a file']) {
        await page.locator('.getting-started-step', { hasText: step }).first().waitFor({ timeout: 15_000 });
      }
      await proofScreenshot();
      // The command palette can be inert for a moment while the walkthrough page settles: try again once.
      await runCommand(page, 'View: Close All Editors').catch(async () => {
        await page.keyboard.press('Escape');
        await page.waitForTimeout(1000);
        await runCommand(page, 'View: Close All Editors');
      });
    },
  },
  {
    name: 'Try It: the safe command is allowed, the delete by pattern is asked in the real prompt, rm -rf ~ and the metadata fetch are denied; all recorded as a trial',
    async run({ page, airlockHome, resultsDir }) {
      const before = trialRecords(airlockHome).length;
      await runCommand(page, 'Airlock: Try It: Send Sample Agent Actions');
      await dialog(page).waitFor({ state: 'visible', timeout: 20_000 });
      const text = (await dialog(page).innerText()).replace(/\s+/g, ' ');
      assert.match(text, /Airlock Try It \(a sample agent\) wants to run a command/);
      assert.match(text, /rm -rf build\/\*/);
      await page.screenshot({ path: join(resultsDir, 'try-it-prompt.png') });
      await dialog(page).locator('.monaco-button', { hasText: 'Deny' }).first().click();
      const toast = page.locator('.notification-toast', { hasText: 'Airlock decided (nothing was run)' }).first();
      await toast.waitFor({ timeout: 20_000 });
      const summary = (await toast.innerText()).replace(/\s+/g, ' ');
      assert.match(summary, /ALLOW git status --short/);
      assert.match(summary, /DENY rm -rf build\/\* .*by you: Deny/);
      assert.match(summary, /DENY rm -rf ~ .*floor\.root-or-home/);
      assert.match(summary, /DENY http:\/\/169\.254\.169\.254\/\S* .*floor\.cloud-metadata/);
      const records = trialRecords(airlockHome).slice(before);
      assert.deepEqual(records.map((r) => r.action.command ?? r.action.url), ['git status --short', 'rm -rf build/*', 'rm -rf ~', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/']);
      assert.deepEqual(records.map((r) => r.decidedBy.by), ['policy', 'user', 'policy', 'policy']);
    },
  },
];
