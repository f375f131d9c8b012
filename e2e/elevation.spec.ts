import { expect, test } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  // The simulated machine plays an unelevated Windows process (what a user who did not "Run as
  // administrator" gets).
  app = await startShadowDesk({ SHADOWDESK_SIM_ELEVATED: '0' });
});
test.afterAll(async () => {
  await app.stop();
});

test('elevation: unelevated, the window says so up front, what still works, and how to get the rights', async ({ page }) => {
  await page.goto(app.url);
  const banner = page.getByTestId('elevation-banner');
  await expect(banner).toContainText('ShadowDesk is not running as administrator');
  await expect(banner).toContainText('Browsing copies, previous versions and restoring your own files work as you are.');
  // In a browser (serve) the app cannot restart itself elevated, so it says how instead of offering a button that would fail.
  await expect(banner).toContainText('"Run as administrator"');
  await expect(banner.getByRole('button', { name: 'Restart as administrator' })).toHaveCount(0);
  // Let Volumes finish loading (buttons turn enabled as the copies arrive) before judging contrast.
  await expect(page.getByRole('region', { name: 'Windows (C:)' }).getByRole('button', { name: 'Delete oldest' })).toBeEnabled();
  await expect(page.getByRole('region', { name: 'Data (D:)' }).getByRole('button', { name: 'Delete oldest' })).toBeEnabled();
  await page.screenshot({ path: screenshotPath('elevation-banner'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Volumes, unelevated');
  // The banner stays across views.
  await page.getByRole('button', { name: 'Writers' }).click();
  await expect(banner).toBeVisible();
});

test('elevation: elevated or off Windows, there is no banner', async ({ browser }) => {
  const elevated = await startShadowDesk({ SHADOWDESK_SIM_ELEVATED: '1' });
  const plain = await startShadowDesk();
  try {
    for (const [server, expected] of [[elevated, { applies: true, elevated: true, canRestart: false }], [plain, { applies: false, elevated: null, canRestart: false }]] as const) {
      const page = await browser.newPage();
      await page.goto(server.url);
      const answer = await page.evaluate(() => (window as unknown as { shadowdesk: { elevation(i: object): Promise<unknown> } }).shadowdesk.elevation({}));
      expect(answer).toEqual(expected);
      await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
      await expect(page.getByTestId('elevation-banner')).toHaveCount(0);
      await page.close();
    }
  } finally {
    await elevated.stop();
    await plain.stop();
  }
});
