import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';

/**
 * A folder taller than a browser can lay out: 900,000 rows of 40 px are 36 million px, and Chromium
 * stops a box at 2^25 px (33,554,432). The list keeps its box at 15 million px and scales its offsets,
 * so every row can still be reached: by End, by the scrollbar's bottom, and in between.
 */
const FILES = 900_000;
const fileName = (i: number) => `f-${String(i).padStart(6, '0')}.txt`;

let app: ShadowDeskServer;
let shadowId = '';

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  // On a tmpfs where there is one: ext4 took 6 minutes here to make 900,000 files in one folder, tmpfs 6 s.
  app = await startShadowDesk({}, { under: existsSync('/dev/shm') ? '/dev/shm' : undefined });
  const page = await browser.newPage();
  await page.goto(app.url);
  type Api = { listShadows(i: object): Promise<unknown>; createShadows(i: object): Promise<{ shadows: { id: string }[] }> };
  await page.evaluate(() => (window as unknown as { shadowdesk: Api }).shadowdesk.listShadows({}));
  // The copy is made of the empty folder, and the files come after it: browse lists the folder as the
  // copy and the live volume together (the files "new since"), and the stand-in need not freeze
  // 900,000 files to make the copy.
  const huge = path.join(app.root, 'volumes', 'D', 'huge');
  mkdirSync(huge, { recursive: true });
  shadowId = await page.evaluate(async () => (await (window as unknown as { shadowdesk: Api }).shadowdesk.createShadows({ volumes: ['D:'] })).shadows[0]!.id);
  await page.close();
  for (let i = 0; i < FILES; i++) closeSync(openSync(path.join(huge, fileName(i)), 'w'));
});
test.afterAll(async () => {
  await app.stop();
});

const row = (page: Page, index: number) => page.locator(`[role="row"][data-row="${index}"]`);

/** How far down the scrolling box can go (its scrollbar's bottom). */
const box = (page: Page) => page.evaluate(() => {
  const el = document.querySelector('[data-testid="browse-row"]')!.closest('[role="rowgroup"]')!;
  return { maxTop: el.scrollHeight - el.clientHeight };
});

/** The loaded rows wholly in view (their indices, in order), and how many placeholders are in view. */
function rowsInView(page: Page): Promise<{ rows: number[]; placeholders: number }> {
  return page.evaluate(() => {
    const el = document.querySelector('[role="grid"] [role="rowgroup"]')!;
    const b = el.getBoundingClientRect();
    const inside = (r: Element) => {
      const a = r.getBoundingClientRect();
      return a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    };
    const rows = [...el.querySelectorAll('[data-testid="browse-row"]')].filter(inside).map((r) => Number(r.getAttribute('data-row'))).sort((x, y) => x - y);
    const placeholders = [...el.querySelectorAll('[data-testid="browse-row-placeholder"]')].filter(inside).length;
    return { rows, placeholders };
  });
}

/** True when the row is wholly inside the list's visible part. */
async function inView(page: Page, index: number): Promise<boolean> {
  return page.evaluate((i) => {
    const r = document.querySelector(`[role="row"][data-row="${i}"]`);
    const el = r?.closest('[role="rowgroup"]');
    if (!r || !el) return false;
    const a = r.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    return a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  }, index);
}

test('browse, a folder taller than the browser can lay out: End, the scrollbar\'s bottom and its middle all reach their rows', async ({ page }) => {
  await page.goto(`${app.url}#/browse?${new URLSearchParams({ shadow: shadowId, folder: 'huge' }).toString()}`);
  const list = page.getByRole('grid', { name: 'Files in D:\\huge' });
  await expect(list.getByTestId('browse-row').first()).toContainText(fileName(0), { timeout: 60_000 });
  await expect(list).toHaveAttribute('aria-rowcount', String(FILES + 1));
  const { maxTop } = await box(page);

  // End: the last entry, in view and focused.
  await list.getByTestId('browse-row').first().focus();
  await page.keyboard.press('End');
  await expect(row(page, FILES - 1)).toContainText(fileName(FILES - 1), { timeout: 30_000 });
  await expect(row(page, FILES - 1)).toBeFocused();
  expect(await inView(page, FILES - 1)).toBe(true);
  await page.keyboard.press('ArrowUp');
  await expect(row(page, FILES - 2)).toBeFocused();
  expect(await inView(page, FILES - 2)).toBe(true);
  await page.screenshot({ path: screenshotPath('browse-huge-end') });

  // Home, then the scrollbar dragged to its bottom: the last row shows at the bottom.
  await page.keyboard.press('Home');
  await expect(row(page, 0)).toBeFocused();
  expect(await inView(page, 0)).toBe(true);
  await page.evaluate((top) => { document.querySelector('[data-testid="browse-row"]')!.closest('[role="rowgroup"]')!.scrollTop = top; }, maxTop);
  await expect(row(page, FILES - 1)).toContainText(fileName(FILES - 1), { timeout: 30_000 });
  expect(await inView(page, FILES - 1)).toBe(true);

  // Halfway down the scrollbar is halfway through the folder, rows in order and named for their place.
  await page.evaluate((top) => { document.querySelector('[data-testid="browse-row"]')!.closest('[role="rowgroup"]')!.scrollTop = top; }, Math.round(maxTop / 2));
  // Once the rows in view are all loaded (no placeholder among them).
  await expect.poll(async () => {
    const v = await rowsInView(page);
    return v.placeholders > 0 ? 0 : v.rows.length;
  }, { timeout: 30_000 }).toBeGreaterThan(5);
  const visible = (await rowsInView(page)).rows;
  const middle = visible[Math.floor(visible.length / 2)]!;
  expect(Math.abs(middle - FILES / 2)).toBeLessThan(100);
  for (let k = 1; k < visible.length; k++) expect(visible[k]).toBe(visible[k - 1]! + 1);
  await expect(row(page, middle)).toContainText(fileName(middle));
  // Rows sit one under the other, 40 px apart, with no gap or overlap where the offsets are scaled.
  const tops = await Promise.all(visible.map((i) => row(page, i).evaluate((r) => r.getBoundingClientRect().top)));
  for (let k = 1; k < tops.length; k++) expect(Math.abs(tops[k]! - tops[k - 1]! - 40)).toBeLessThan(1);
  await page.screenshot({ path: screenshotPath('browse-huge-middle') });
});
