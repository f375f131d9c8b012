import { expect, test } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

test('writers: the failed WMI Writer is shown with its plain explanation and the service to restart', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Writers' }).click();
  const wmi = page.getByRole('article', { name: 'WMI Writer' });
  await expect(wmi).toBeVisible();
  await expect(wmi.getByTestId('writer-explanation')).toContainText(/Windows Management Instrumentation|Winmgmt/);
  await expect(page.getByRole('article', { name: 'System Writer' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('writers'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Writers');
});

test('settings: switching to Italian changes the whole window, and back', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Italiano' }).check();
  const nav = page.getByRole('navigation', { name: 'ShadowDesk' });
  await expect(nav.getByRole('button', { name: 'Copie shadow' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await nav.getByRole('button', { name: 'Volumi' }).click();
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('volumes-italian'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Volumi (Italian)');
  await nav.getByRole('button', { name: 'Impostazioni' }).click();
  await page.getByRole('radio', { name: 'English', exact: true }).check();
  await expect(nav.getByRole('button', { name: 'Shadow copies' })).toBeVisible();
});

test('settings: dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Writers' }).click();
  await expect(page.getByRole('article', { name: 'WMI Writer' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('writers-dark'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Writers (dark)');
});

test('settings: the data folder shows where the audit log and undo data are, and that this is the simulated machine', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  const folder = page.getByTestId('data-folder');
  await expect(folder).toContainText(app.dataDir);
  await expect(folder).toContainText('None yet');
  await expect(page.getByRole('region', { name: 'About' })).toContainText('A simulated computer');
  await expect(page.getByTestId('com-security')).toHaveText('Set by ShadowDesk: S_OK (0x00000000)');
  await expect(page.getByRole('button', { name: "Copy the data folder's path" })).toBeVisible();
  await page.screenshot({ path: screenshotPath('settings'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Settings');
});

test('writers: a volume left without copies is a finding with a one-click fix, not a CLI command', async ({ page }) => {
  await page.goto(app.url);
  // Setup through the page's own API: D: loses every copy (the UI's confirmation is tested in volumes.spec).
  await page.evaluate(() => (window as unknown as { shadowdesk: { deleteShadows(i: object): Promise<unknown> } }).shadowdesk.deleteShadows({ kind: 'all', volume: 'D:' }));
  await page.getByRole('button', { name: 'Writers' }).click();
  const finding = page.getByText('D:\\ has no shadow copies');
  await expect(finding).toBeVisible();
  await expect(finding).not.toContainText('shadowdesk');
  await page.screenshot({ path: screenshotPath('writers-finding-action'), animations: 'disabled' });
  await page.getByRole('button', { name: 'Create a shadow copy of D: now' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('Shadow copy created.');
  await expect(finding).toBeHidden();
});
