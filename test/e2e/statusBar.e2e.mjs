// The guard's status-bar item, driven through the UI of the installed .vsix.
// The tests run in order on one workbench: each starts from the state the previous one left.
import { expectGuard, guardItem, readGuardItem, runCommand, waitForWorkbench } from './workbench.mjs';

export const tests = [
  {
    name: 'status bar shows Airlock: Armed',
    async run({ page }) {
      await expectGuard(page, 'armed');
    },
  },
  {
    name: 'Airlock: Pause Guard from the command palette pauses the guard',
    async run({ page, proofScreenshot }) {
      await runCommand(page, 'Airlock: Pause Guard');
      await expectGuard(page, 'paused');
      await proofScreenshot();
    },
  },
  {
    name: 'the paused state survives a window reload; Airlock: Resume Guard arms it again',
    async run({ page }) {
      await page.reload();
      await waitForWorkbench(page);
      await expectGuard(page, 'paused');
      await runCommand(page, 'Airlock: Resume Guard');
      await expectGuard(page, 'armed');
    },
  },
  {
    name: 'clicking the status-bar item toggles the guard',
    async run({ page }) {
      const before = (await readGuardItem(page))?.label === 'Airlock guard paused' ? 'paused' : 'armed';
      const other = before === 'armed' ? 'paused' : 'armed';
      await guardItem(page).click();
      await expectGuard(page, other);
      await guardItem(page).click();
      await expectGuard(page, before);
    },
  },
];
