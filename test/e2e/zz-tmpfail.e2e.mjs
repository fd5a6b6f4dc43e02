export const tests = [{ name: 'deliberately failing check', async run({ page }) { await page.waitForTimeout(5000); throw new Error('x'); } }];
