// Airlock's own view in the activity bar, in the installed .vsix: its sections, the guard row, the agents' states,
// the recent decisions and snapshots, each row doing what it says.
import assert from 'node:assert/strict';
import { expectGuard } from './workbench.mjs';

/** The Airlock view's tree rows: label and description, as VS Code renders them. */
async function rows(page) {
  return page.locator('.pane-body .monaco-list-row').evaluateAll((els) =>
    els.map((el) => ({
      label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
    })),
  );
}

async function openView(page) {
  const icon = page.locator('.activitybar .action-item a[aria-label^="Airlock"]');
  await icon.first().waitFor({ timeout: 15_000 });
  if ((await page.locator('.pane-header[aria-label*="Overview"]').count()) === 0) await icon.first().click();
  await page.locator('.pane-body .monaco-list-row', { hasText: 'Guard' }).first().waitFor({ timeout: 15_000 });
}

export const tests = [
  {
    name: 'the Airlock view in the activity bar shows the guard, the agents, recent decisions and snapshots',
    async run({ page, proofScreenshot }) {
      await openView(page);
      const labels = (await rows(page)).map((r) => r.label);
      for (const heading of ['Guard', 'Agents', 'Recent decisions', 'Snapshots']) assert.ok(labels.includes(heading), `no ${heading} in ${JSON.stringify(labels)}`);
      assert.ok(labels.includes('Armed'), JSON.stringify(labels));
      assert.ok(labels.includes('Approvals'), JSON.stringify(labels));
      await proofScreenshot();
    },
  },
  {
    name: "the view's guard row pauses and resumes the guard",
    async run({ page }) {
      await openView(page);
      await page.locator('.pane-body .monaco-list-row', { hasText: 'Armed' }).first().click();
      await expectGuard(page, 'paused');
      await page.locator('.pane-body .monaco-list-row', { hasText: 'Paused' }).first().waitFor({ timeout: 10_000 });
      await page.locator('.pane-body .monaco-list-row', { hasText: 'Paused' }).first().click();
      await expectGuard(page, 'armed');
    },
  },
  {
    name: 'a recent decision in the view opens the audit panel',
    async run({ page }) {
      await openView(page);
      // The earlier tests left decisions in the trail (the approvals and panel tests run first).
      const decision = page.locator('.pane-body .monaco-list-row', { hasText: /(allow|ask|deny) · / });
      const found = (await decision.count()) > 0 || (await rows(page)).some((r) => r.label === 'No decisions yet');
      assert.ok(found, JSON.stringify(await rows(page)));
      const target = (await decision.count()) > 0 ? decision.first() : page.locator('.pane-body .monaco-list-row', { hasText: 'No decisions yet' }).first();
      await target.click();
      await page.locator('.tab', { hasText: 'Airlock Audit' }).first().waitFor({ timeout: 15_000 });
    },
  },
];
