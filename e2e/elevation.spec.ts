import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  // The simulated machine plays an unelevated Windows process (what a user who did not "Run as
  // administrator" gets): VSS refuses it with E_ACCESSDENIED, as real VSS does; kernel32 does not.
  app = await startShadowDesk({ SHADOWDESK_SIM_ELEVATED: '0' });
});
test.afterAll(async () => {
  await app.stop();
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name }).click();

test('elevation: unelevated, the banner says only what works, and Volumes lists every volume with its protection unknown', async ({ page }) => {
  await page.goto(app.url);
  const banner = page.getByTestId('elevation-banner');
  await expect(banner).toContainText('ShadowDesk is not running as administrator');
  await expect(banner).toContainText('Without administrator rights Windows lets ShadowDesk show only your volumes');
  await expect(banner).toContainText('Shadow copies, Browse, Previous versions, Search, Writers and shadow storage need an administrator.');
  await expect(banner).not.toContainText('Browsing copies');
  // In a browser (serve) the app cannot restart itself elevated, so it says how instead of offering a button that would fail.
  await expect(banner).toContainText('"Run as administrator"');
  await expect(banner.getByRole('button', { name: 'Restart as administrator' })).toHaveCount(0);

  // The volumes list from kernel32, which needs no rights: names, sizes, free space.
  const c = page.getByRole('region', { name: 'Windows (C:)' });
  await expect(c).toContainText('free of 256 GB');
  await expect(c).toContainText('Protection unknown');
  await expect(c).toContainText('Unknown without administrator rights: Windows tells only an administrator which volumes can have shadow copies.');
  await expect(c.getByRole('button', { name: 'Create shadow copy now' })).toBeDisabled();
  await expect(c.getByRole('button', { name: 'Configure storage' })).toBeDisabled();
  await expect(page.getByRole('region', { name: 'Data (D:)' })).toContainText('Protection unknown');
  await expect(page.getByRole('region', { name: 'USB STICK (E:)' })).toBeVisible();
  // The partitions without a drive letter are listed by label and GUID path.
  const partitions = page.getByRole('region', { name: 'Partitions without a drive letter' });
  await expect(partitions.getByRole('rowheader', { name: 'SYSTEM' })).toBeVisible();
  await expect(partitions.getByRole('row', { name: /Recovery/ })).toContainText('\\\\?\\Volume{b7e40d29-3c61-4f5a-9e82-6a1d0c3f9b47}\\');
  await expect(partitions.getByRole('row', { name: /Recovery/ })).toContainText('Unknown without administrator rights');
  // One plain statement for the copies and the storage VSS refused, with how to get the rights; no raw failure.
  const needs = page.getByTestId('admin-required');
  await expect(needs).toHaveCount(1);
  await expect(needs).toContainText('Shadow copies and shadow storage need administrator rights');
  await expect(needs).toContainText('Windows lets only administrators and backup operators use the Volume Shadow Copy service');
  await expect(needs).toContainText('start it again with "Run as administrator"');
  await expect(page.getByText('Could not read shadow storage')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('elevation-banner'), fullPage: true, animations: 'disabled' });
  await partitions.scrollIntoViewIfNeeded();
  await partitions.screenshot({ path: screenshotPath('system-partitions-unelevated'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Volumes, unelevated');
});

test('elevation: unelevated, every VSS view says it needs administrator rights and how to get them', async ({ page }) => {
  await page.goto(app.url);
  const banner = page.getByTestId('elevation-banner');
  const needs = page.getByTestId('admin-required');
  const expectNeedsAdmin = async (what: string) => {
    await expect(needs.first(), what).toContainText('This needs administrator rights.');
    await expect(needs.first(), what).toContainText('start it again with "Run as administrator"');
    await expect(needs.first().getByRole('button', { name: 'Try again' }), `${what}: nothing to retry`).toHaveCount(0);
    await expect(banner).toBeVisible();
  };

  await nav(page, 'Shadow copies');
  await expect(needs.first()).toContainText('Could not list the shadow copies');
  await expectNeedsAdmin('Shadow copies');
  await expectNoSeriousA11yViolations(page, 'Shadow copies, unelevated');

  await nav(page, 'Browse');
  await expectNeedsAdmin('Browse');

  await nav(page, 'Previous versions');
  await page.getByRole('textbox', { name: 'Path' }).fill('C:\\Users\\ana\\Documents\\report.txt');
  await page.getByRole('button', { name: 'Show versions' }).click();
  await expectNeedsAdmin('Previous versions');

  await nav(page, 'Search');
  await expectNeedsAdmin('Search');

  await nav(page, 'Writers');
  await expectNeedsAdmin('Writers');
  await expectNoSeriousA11yViolations(page, 'Writers, unelevated');
});

test('elevation: unelevated in Italian, the same, in Italian', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('shadowdesk.language', 'it'));
  await page.goto(app.url);
  await expect(page.getByTestId('elevation-banner')).toContainText('Senza diritti di amministratore Windows consente a ShadowDesk di mostrare solo i volumi');
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toContainText('Protezione sconosciuta');
  await expect(page.getByTestId('admin-required')).toContainText('Copie shadow e spazio per le copie shadow richiedono i diritti di amministratore');
  await nav(page, 'Copie shadow');
  await expect(page.getByTestId('admin-required').first()).toContainText('Servono i diritti di amministratore.');
  await expect(page.getByTestId('admin-required').first()).toContainText('Esegui come amministratore');
});

test('elevation: where the app can restart itself, every VSS view offers "Restart as administrator"', async ({ browser }) => {
  // What the Electron app gives its host (the command to start it again); off Windows the restart
  // itself is refused, which the window shows in plain words.
  const restartable = await startShadowDesk({ SHADOWDESK_SIM_ELEVATED: '0', SHADOWDESK_APP_COMMAND: JSON.stringify({ file: 'C:\\Program Files\\ShadowDesk\\ShadowDesk.exe', args: [] }) });
  const page = await browser.newPage();
  try {
    await page.goto(restartable.url);
    const banner = page.getByTestId('elevation-banner');
    await expect(banner.getByRole('button', { name: 'Restart as administrator' })).toBeVisible();
    const needs = page.getByTestId('admin-required');
    await expect(needs.getByRole('button', { name: 'Restart as administrator' })).toBeVisible();
    await expect(needs).not.toContainText('start it again with');
    for (const view of ['Shadow copies', 'Browse', 'Search', 'Writers']) {
      await nav(page, view);
      await expect(needs.first().getByRole('button', { name: 'Restart as administrator' }), view).toBeVisible();
    }
    await needs.first().getByRole('button', { name: 'Restart as administrator' }).click();
    await expect(banner.locator('..')).toContainText('Could not restart as administrator');
    await expect(banner.locator('..')).toContainText('only possible in the ShadowDesk app on Windows');
  } finally {
    await page.close();
    await restartable.stop();
  }
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
      await expect(page.getByTestId('admin-required')).toHaveCount(0);
      await page.close();
    }
  } finally {
    await elevated.stop();
    await plain.stop();
  }
});
