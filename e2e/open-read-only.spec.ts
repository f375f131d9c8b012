import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { fileList, openFolders, pickNewestCopyOfC } from './support/browse-steps.js';

/*
 * Open read-only and dragging files out hand a read-only copy to Windows, which only the ShadowDesk
 * app on Windows can do (about.windowOperations). In the browser the window must not offer them at
 * all: a button that can only fail would be a lie. The same page, told it runs in the app on Windows
 * (the API script's about answer amended, openVersion and dragOut recorded instead of reaching a
 * shell this machine does not have), offers both and asks for the right files.
 */

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

const nav = (page: Page) => page.getByRole('navigation', { name: 'ShadowDesk' });

/** Makes the page believe it runs in the app on Windows; the calls it makes land in window.__calls. */
async function asTheWindowsApp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __calls: unknown[]; __prepared: unknown[]; __wrapApi: (api: Record<string, (...a: unknown[]) => Promise<unknown>>) => object };
    w.__calls = [];
    w.__prepared = [];
    w.__wrapApi = (api) => ({
      ...api,
      about: async (...a: unknown[]) => ({ ...(await api.about!(...a) as object), windowOperations: true }),
      openVersion: async (input: unknown) => { w.__calls.push(['openVersion', input]); return { opened: true }; },
      dragOut: async (input: unknown) => { w.__calls.push(['dragOut', input]); return { started: true }; },
      prepareDragOut: async (input: unknown) => { w.__prepared.push(input); return { ready: true }; },
    });
  });
  await page.route('**/shadowdesk-api.js', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('Object.freeze(api)', 'Object.freeze(window.__wrapApi(api))');
    expect(body).toContain('window.__wrapApi(api)');
    await route.fulfill({ response, body });
  });
}

/** What the page asked the app to make ready for a drag (before the drag: on a rest of the pointer, on a press). */
const prepared = (page: Page) => page.evaluate(() => (window as unknown as { __prepared: { shadowId: string; paths: string[] }[] }).__prepared);

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __calls: [string, { shadowId: string; path?: string; paths?: string[] }][] }).__calls);

/** Waits until the window knows where it runs (Settings shows the data folder from the same answer). */
async function aboutLoaded(page: Page): Promise<void> {
  await page.goto(app.url);
  await nav(page).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('data-folder')).toBeVisible();
}

async function openDocuments(page: Page) {
  await nav(page).getByRole('button', { name: 'Browse' }).click();
  await pickNewestCopyOfC(page);
  await openFolders(page, 'Users', 'ana', 'Documents');
  return fileList(page);
}

test('in the browser, Browse offers neither Open read-only nor dragging rows out', async ({ page }) => {
  await aboutLoaded(page);
  const list = await openDocuments(page);
  const report = list.getByRole('row', { name: /report\.txt/ });
  await report.click();
  const toolbar = page.getByRole('toolbar', { name: 'Commands' });
  await expect(toolbar.getByRole('button', { name: 'Compare with current' })).toBeEnabled();
  await expect(toolbar.getByRole('button', { name: 'Open read-only' })).toHaveCount(0);

  await report.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Commands for report.txt' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Restore', 'Restore to…', 'Compare with current', 'Previous versions', 'Copy path']);
  await page.keyboard.press('Escape');

  await expect(report).not.toHaveAttribute('draggable');
  await expect(list.locator('[draggable]')).toHaveCount(0);
});

test('in the browser, Previous versions offers neither Open read-only nor dragging a version out', async ({ page }) => {
  await aboutLoaded(page);
  await nav(page).getByRole('button', { name: 'Previous versions' }).click();
  await page.getByRole('textbox', { name: 'Path' }).fill('C:\\Users\\ana\\Documents\\report.txt');
  await page.getByRole('button', { name: 'Show versions' }).click();
  const versions = page.getByTestId('version');
  await expect(versions.first().getByRole('button', { name: /^Open the version from/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /read-only/ })).toHaveCount(0);
  await expect(page.locator('[data-testid="version"][draggable]')).toHaveCount(0);
});

test('in the app on Windows, Browse opens a file read-only from the toolbar or the menu, and drags a row or the selection out', async ({ page }) => {
  await asTheWindowsApp(page);
  await aboutLoaded(page);
  const list = await openDocuments(page);
  const report = list.getByRole('row', { name: /report\.txt/ });
  await report.click();
  const toolbar = page.getByRole('toolbar', { name: 'Commands' });
  await toolbar.getByRole('button', { name: 'Open read-only' }).click();
  const [[op, input]] = await calls(page);
  expect(op).toBe('openVersion');
  expect(input.path).toBe('C:\\Users\\ana\\Documents\\report.txt');
  const shadowId = input.shadowId;
  expect(shadowId).toMatch(/^\{[0-9a-f-]{36}\}$/);
  await page.screenshot({ path: screenshotPath('browse-open-read-only'), animations: 'disabled' });

  await report.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Commands for report.txt' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Open read-only', 'Restore', 'Restore to…', 'Compare with current', 'Previous versions', 'Copy path']);
  await expectNoSeriousA11yViolations(page, 'Browse menu with Open read-only');
  await menu.getByRole('menuitem', { name: 'Open read-only' }).click();
  expect((await calls(page)).at(-1)).toEqual(['openVersion', { shadowId, path: 'C:\\Users\\ana\\Documents\\report.txt' }]);

  // Files are draggable; a drag of a row outside the selection takes the row, of a selected row the selection's files.
  await expect(report).toHaveAttribute('draggable', 'true');
  const files = list.locator('[data-testid="browse-row"][draggable="true"]');
  expect(await files.count()).toBeGreaterThanOrEqual(2);
  // The drag must start inside its dragstart: pressing the button on the row has the copy made first.
  await report.dispatchEvent('pointerdown', { button: 0 });
  await expect.poll(async () => (await prepared(page)).at(-1)).toEqual({ shadowId, paths: ['C:\\Users\\ana\\Documents\\report.txt'] });
  await report.dispatchEvent('dragstart');
  await expect.poll(async () => (await calls(page)).at(-1)).toEqual(['dragOut', { shadowId, paths: ['C:\\Users\\ana\\Documents\\report.txt'] }]);
  const names = await files.evaluateAll((rows) => rows.slice(0, 2).map((r) => r.querySelector('[title]')!.getAttribute('title')!));
  for (const name of names) await list.getByRole('checkbox', { name: `Select ${name}` }).check();
  await files.nth(1).dispatchEvent('dragstart');
  await expect.poll(async () => (await calls(page)).at(-1)).toEqual(['dragOut', { shadowId, paths: names.map((n) => `C:\\Users\\ana\\Documents\\${n}`) }]);
});

test('in the app on Windows, Previous versions opens a file\'s version read-only and drags it out', async ({ page }) => {
  await asTheWindowsApp(page);
  await aboutLoaded(page);
  await nav(page).getByRole('button', { name: 'Previous versions' }).click();
  await page.getByRole('textbox', { name: 'Path' }).fill('C:\\Users\\ana\\Desktop\\todo.txt');
  await page.getByRole('button', { name: 'Show versions' }).click();
  const first = page.getByTestId('version').first();
  await first.getByRole('button', { name: /^Open the version of .* read-only in its default application$/ }).click();
  const [[op, input]] = await calls(page);
  expect(op).toBe('openVersion');
  expect(input).toEqual({ shadowId: expect.stringMatching(/^\{/), path: 'C:\\Users\\ana\\Desktop\\todo.txt' });
  await expect(first).toHaveAttribute('draggable', 'true');
  await first.dispatchEvent('pointerdown', { button: 0 });
  await expect.poll(async () => (await prepared(page)).at(-1)).toEqual({ shadowId: input.shadowId, paths: ['C:\\Users\\ana\\Desktop\\todo.txt'] });
  await first.dispatchEvent('dragstart');
  await expect.poll(async () => (await calls(page)).at(-1)).toEqual(['dragOut', { shadowId: input.shadowId, paths: ['C:\\Users\\ana\\Desktop\\todo.txt'] }]);
  await expectNoSeriousA11yViolations(page, 'Previous versions with Open read-only');
  await page.screenshot({ path: screenshotPath('versions-open-read-only'), animations: 'disabled' });
});
