import { expect, test } from '@playwright/test';
import { startShadowDesk, type ShadowDeskServer } from './support/shadowdesk-server.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

test('a link to #/versions opens Previous versions of that path, even on first opening with the token', async ({ page }) => {
  const link = `${app.url}#/versions?${new URLSearchParams({ path: 'C:\\Users\\ana\\Documents\\report.txt' }).toString()}`;
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Previous versions');
  await expect(page.getByRole('textbox', { name: 'Path' })).toHaveValue('C:\\Users\\ana\\Documents\\report.txt');
  await expect(page.getByTestId('version').first()).toBeVisible();
  expect(await page.getByTestId('version').count()).toBeGreaterThanOrEqual(2);
});

test('a link to #/browse opens that folder of that copy; a malformed link changes nothing', async ({ page }) => {
  await page.goto(app.url);
  const copies = await page.evaluate(() =>
    (window as unknown as { shadowdesk: { listShadows(i: object): Promise<{ id: string; volume: string; createdAt: string }[]> } }).shadowdesk.listShadows({ volume: 'C:' }));
  const newest = copies.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
  await page.evaluate((h) => { location.hash = h; }, `#/browse?${new URLSearchParams({ shadow: newest.id, folder: 'Users\\ana\\Documents' }).toString()}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Browse');
  await expect(page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: 'Documents' })).toBeVisible();
  await expect(page.getByRole('row', { name: /report\.txt/ })).toBeVisible();

  await page.evaluate(() => { location.hash = '#/browse?folder=Users'; });
  await page.evaluate(() => { location.hash = '#/no-such-view'; });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Browse');
  await expect(page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: 'Documents' })).toBeVisible();
});

test('previous versions: a path dropped as text is shown at once; a dropped file says how to give its path', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Previous versions' }).click();
  const box = page.getByRole('textbox', { name: 'Path' });
  await expect(box, 'no demo path is prefilled').toHaveValue('');
  const text = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.setData('text/plain', '"C:\\Users\\ana\\Documents\\report.txt"');
    return d;
  });
  await box.dispatchEvent('drop', { dataTransfer: text });
  await expect(box).toHaveValue('C:\\Users\\ana\\Documents\\report.txt');
  await expect(page.getByTestId('version').first()).toBeVisible();

  const file = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(['x'], 'report.txt', { type: 'text/plain' }));
    return d;
  });
  await box.dispatchEvent('drop', { dataTransfer: file });
  await expect(page.getByText('This window cannot learn where a dropped file lives')).toBeVisible();
  await expect(box).toHaveValue('C:\\Users\\ana\\Documents\\report.txt');
});
