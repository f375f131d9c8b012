import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';

/** A folder of C: with 3 subfolders and 2,500 files: 2,503 entries, 13 pages of 200. */
const FILES = 2500;
const FOLDERS = 3;
const TOTAL = FILES + FOLDERS;
const PAGES = Math.ceil(TOTAL / 200);
const fileName = (i: number) => `entry-${String(i).padStart(5, '0')}.txt`;

let app: ShadowDeskServer;
let shadowId = '';

test.beforeAll(async ({ browser }) => {
  app = await startShadowDesk();
  const page = await browser.newPage();
  await page.goto(app.url);
  type Api = { listShadows(i: object): Promise<unknown>; createShadows(i: object): Promise<{ shadows: { id: string }[] }> };
  // The demo machine exists once the host has started: then C: gets the big folder.
  await page.evaluate(() => (window as unknown as { shadowdesk: Api }).shadowdesk.listShadows({}));
  const big = path.join(app.root, 'volumes', 'C', 'big');
  for (let i = 1; i <= FOLDERS; i++) mkdirSync(path.join(big, `sub-${i}`), { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(big, fileName(i)), i % 5 === 0 ? 'x' : '');
  // A copy that holds the big folder, made through the API as the window would.
  shadowId = await page.evaluate(async () => (await (window as unknown as { shadowdesk: Api }).shadowdesk.createShadows({ volumes: ['C:'] })).shadows[0]!.id);
  await page.close();
});
test.afterAll(async () => {
  await app.stop();
});

/** Counts the browse calls the page sends for the big folder (the API object is frozen: the socket is watched). */
async function watchBrowseCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __browse: { offset?: number; cursor?: string | null }[] };
    w.__browse = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string) {
      try {
        const m = JSON.parse(data) as { t?: string; op?: string; input?: { folder?: string; offset?: number; cursor?: string | null } };
        if (m.t === 'call' && m.op === 'browse' && m.input?.folder === 'big') w.__browse.push({ offset: m.input.offset, cursor: m.input.cursor });
      } catch {
        // not a call
      }
      return send.call(this, data);
    } as typeof send;
  });
}

/** Holds back the big folder's pages after the first for 1.5 s, so the placeholders can be seen. */
async function holdPagesBack(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const onMessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
    Object.defineProperty(WebSocket.prototype, 'onmessage', {
      set(this: WebSocket, handler: (e: MessageEvent) => void) {
        onMessage.set!.call(this, (e: MessageEvent) => {
          const slow = typeof e.data === 'string' && e.data.includes('"folder":"big"') && !e.data.includes('"entries":[{"name":"sub-1"');
          if (slow) setTimeout(() => handler.call(this, e), 1500);
          else handler.call(this, e);
        });
      },
      get(this: WebSocket) { return onMessage.get!.call(this) as unknown; },
    });
  });
}

const browseCalls = (page: Page) => page.evaluate(() => (window as unknown as { __browse: unknown[] }).__browse.length);

async function openBig(page: Page): Promise<void> {
  await page.goto(`${app.url}#/browse?${new URLSearchParams({ shadow: shadowId, folder: 'big' }).toString()}`);
}

const row = (page: Page, index: number) => page.locator(`[role="row"][data-row="${index}"]`);

test('browse, a large folder: End shows the last entry without reading every page; Home goes back; placeholders until a page is in', async ({ page }) => {
  await watchBrowseCalls(page);
  await openBig(page);
  const list = page.getByRole('grid', { name: 'Files in C:\\big' });
  await expect(list.getByTestId('browse-row').first()).toContainText('sub-1');
  // The grid tells assistive technology the whole folder's size (the header row counts too).
  await expect(list).toHaveAttribute('aria-rowcount', String(TOTAL + 1));
  await page.screenshot({ path: screenshotPath('browse-large-top') });

  await list.getByTestId('browse-row').first().focus();
  const before = await browseCalls(page);
  await page.keyboard.press('End');
  const last = row(page, TOTAL - 1);
  await expect(last).toContainText(fileName(FILES - 1));
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-rowindex', String(TOTAL + 1));
  // One page (maybe two around it), never the 12 on the way.
  const endCalls = (await browseCalls(page)) - before;
  expect(endCalls).toBeGreaterThanOrEqual(1);
  expect(endCalls).toBeLessThanOrEqual(2);
  expect(await browseCalls(page)).toBeLessThan(PAGES);
  await page.screenshot({ path: screenshotPath('browse-large-end') });

  // Selecting at the end works like anywhere: Space picks the row, the toolbar restores one item.
  await page.keyboard.press(' ');
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('toolbar').getByRole('button', { name: 'Restore', exact: true })).toBeEnabled();

  await page.keyboard.press('ArrowUp');
  await expect(row(page, TOTAL - 2)).toContainText(fileName(FILES - 2));
  await expect(row(page, TOTAL - 2)).toBeFocused();

  await page.keyboard.press('Home');
  await expect(row(page, 0)).toContainText('sub-1');
  await expect(row(page, 0)).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'browse, a large folder');
});

test('browse, a large folder: jumping to the middle shows placeholders, then the rows of that page only', async ({ page }) => {
  await watchBrowseCalls(page);
  await holdPagesBack(page);
  await openBig(page);
  const list = page.getByRole('grid', { name: 'Files in C:\\big' });
  await expect(list.getByTestId('browse-row').first()).toContainText('sub-1');
  const before = await browseCalls(page);
  await page.evaluate(() => {
    const scroller = document.querySelector('[data-testid="browse-row"]')!.closest('[role="rowgroup"]')!;
    scroller.scrollTop = scroller.scrollHeight / 2;
  });
  const placeholders = list.getByTestId('browse-row-placeholder');
  await expect(placeholders.first()).toBeVisible();
  await expect(placeholders.first()).toContainText('Loading this entry…');
  await page.screenshot({ path: screenshotPath('browse-large-placeholders') });
  // Then the page arrives: real rows, no placeholder left in view, and only the pages in view were read.
  await expect(placeholders).toHaveCount(0, { timeout: 15_000 });
  const shown = await list.getByTestId('browse-row').first().getAttribute('data-row');
  expect(Number(shown)).toBeGreaterThan(1000);
  await expect(list.getByTestId('browse-row').first()).toContainText(/entry-0\d{4}\.txt/);
  expect((await browseCalls(page)) - before).toBeLessThanOrEqual(2);
  await page.screenshot({ path: screenshotPath('browse-large-middle') });
});

test('browse, a large folder, in Italian: placeholders and the last rows', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('shadowdesk.language', 'it'));
  await holdPagesBack(page);
  await openBig(page);
  const list = page.getByRole('grid', { name: /C:\\big$/ });
  await expect(list.getByTestId('browse-row').first()).toContainText('sub-1');
  await list.getByTestId('browse-row').first().focus();
  await page.keyboard.press('End');
  await expect(row(page, TOTAL - 1)).toContainText(fileName(FILES - 1));
  await page.screenshot({ path: screenshotPath('browse-large-end-it') });
  // A placeholder's hidden text is Italian too.
  await page.evaluate(() => {
    const scroller = document.querySelector('[data-testid="browse-row"]')!.closest('[role="rowgroup"]')!;
    scroller.scrollTop = scroller.scrollHeight / 3;
  });
  const placeholder = list.getByTestId('browse-row-placeholder').first();
  await expect(placeholder).toContainText('Caricamento di questa voce…');
  await page.screenshot({ path: screenshotPath('browse-large-placeholders-it') });
  await expect(list.getByTestId('browse-row-placeholder')).toHaveCount(0, { timeout: 15_000 });
  await page.screenshot({ path: screenshotPath('browse-large-middle-it') });
  await expectNoSeriousA11yViolations(page, 'browse, a large folder (it)');
});
