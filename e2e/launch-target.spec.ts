import { expect, test } from '@playwright/test';
import { startShadowDesk, type ShadowDeskServer } from './support/shadowdesk-server.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

// The Electron shell opens the page with #/versions?path=<path> for Explorer's "ShadowDesk:
// previous versions" entry, a shadowdesk:// link or a second launch with a path; the page is the same
// one `serve` gives a browser, so it is tested here.
test('launch target: a page opened at #/versions?path=PATH shows the previous versions of PATH', async ({ page }) => {
  const target = 'C:\\Users\\ana\\Documents\\notes.txt';
  await page.goto(`${app.url}#/versions?${new URLSearchParams({ path: target }).toString()}`);
  await expect(page.getByRole('heading', { name: 'Previous versions', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: target })).toBeVisible();
  expect(new URL(page.url()).hash, 'followed once, then cleared').toBe('');

  // A later launch for another path, in the same window (what a second Explorer click does).
  const other = 'C:\\Users\\ana\\Documents\\budget.csv';
  await page.getByRole('button', { name: 'Volumes' }).click();
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `/versions?${new URLSearchParams({ path: other }).toString()}`);
  await expect(page.getByRole('status').filter({ hasText: other })).toBeVisible();

  // Anything but a full Windows path is ignored.
  await page.getByRole('button', { name: 'Volumes' }).click();
  await page.evaluate(() => {
    window.location.hash = '/versions?path=..%2F..%2Fetc%2Fpasswd';
  });
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
});
