import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

/** Opens Browse on the newest copy of C: (the picker's first option in the C:\ group). */
async function openBrowseOnC(page: Page): Promise<void> {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Browse' }).click();
  const picker = page.getByRole('combobox', { name: 'Shadow copy' });
  await expect(picker).toBeEnabled();
  await picker.click();
  await page.getByRole('group', { name: /^C:\\ · \d+ copies$/ }).getByRole('option').first().click();
  await expect(picker).toHaveText(/^C:\\ · /);
  await expect(page.getByRole('grid', { name: 'Files in C:\\' }).getByTestId('browse-row').first()).toBeVisible();
}

/** The newest frozen copy of a C: file, straight from the simulated machine's disk. */
function newestFrozen(...rel: string[]): string {
  return readdirSync(path.join(app.root, 'shadows'))
    .map(Number)
    .sort((a, b) => b - a)
    .map((n) => path.join(app.root, 'shadows', String(n), ...rel))
    .find((p) => existsSync(p))!;
}

const tree = (page: Page) => page.getByRole('tree', { name: 'Folders' });
const item = (page: Page, name: string) => tree(page).getByRole('treeitem', { name, exact: true });
const list = (page: Page) => page.getByRole('grid', { name: /^Files in C:\\/ });
const crumbs = (page: Page) => page.getByRole('navigation', { name: 'Folder' });

async function goTo(page: Page, ...folders: string[]): Promise<void> {
  for (const folder of folders) {
    await list(page).getByRole('row', { name: new RegExp(`\\b${folder}\\b`) }).first().dblclick();
    await expect(crumbs(page).getByRole('button', { name: folder })).toBeVisible();
  }
}

test('browse: the folder tree loads folders on expand, opens them in the list, and follows the list', async ({ page }) => {
  await openBrowseOnC(page);
  const root = item(page, 'C:\\');
  await expect(root).toHaveAttribute('aria-expanded', 'true');
  await expect(root).toHaveAttribute('aria-selected', 'true');
  await expect(item(page, 'Users')).toBeVisible();
  await expect(item(page, 'Windows')).toBeVisible();
  // Only folders: no file of the root shows up in the tree.
  await expect(tree(page).getByRole('treeitem', { name: /\.txt$/ })).toHaveCount(0);

  // Keyboard, ARIA tree pattern: ArrowDown moves, ArrowRight expands (lazily), Enter opens in the list.
  await root.focus();
  await page.keyboard.press('ArrowDown');
  await expect(item(page, 'Users')).toBeFocused();
  await expect(item(page, 'ana')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(item(page, 'Users')).toHaveAttribute('aria-expanded', 'true');
  await expect(item(page, 'ana')).toBeVisible();
  await expect(item(page, 'Public')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(item(page, 'ana')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(list(page)).toHaveAccessibleName('Files in C:\\Users\\ana');
  await expect(crumbs(page).getByRole('button', { name: 'ana' })).toHaveAttribute('aria-current', 'location');
  await expect(item(page, 'ana')).toHaveAttribute('aria-selected', 'true');
  await expect(item(page, 'Documents')).toBeVisible();

  // The list leads, the tree follows: open Documents from the list, go back up with the breadcrumb.
  await goTo(page, 'Documents');
  await expect(item(page, 'Documents')).toHaveAttribute('aria-selected', 'true');
  await expect(item(page, 'ana')).toHaveAttribute('aria-selected', 'false');
  await crumbs(page).getByRole('button', { name: 'Users' }).click();
  await expect(list(page)).toHaveAccessibleName('Files in C:\\Users');
  await expect(item(page, 'Users')).toHaveAttribute('aria-selected', 'true');

  // A click on a name opens that folder; the chevron only folds it.
  await item(page, 'Pictures').click();
  await expect(list(page)).toHaveAccessibleName('Files in C:\\Users\\ana\\Pictures');
  await expect(list(page).getByRole('row', { name: /holiday\.png/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Browse with the folder tree');
});

const pane = (page: Page) => page.getByRole('complementary', { name: 'Preview' });
const liveFile = (...rel: string[]) => path.join(app.root, 'volumes', 'C', ...rel);

test('browse: the preview pane shows the current file as the copy has it: text in monospace with a wrap toggle, and an image', async ({ page }) => {
  await openBrowseOnC(page);
  await expect(pane(page)).toContainText('Select a file to see it here.');
  await goTo(page, 'Users', 'ana', 'Documents');
  const frozen = readFileSync(newestFrozen('Users', 'ana', 'Documents', 'report.txt'), 'utf8');
  expect(frozen, 'report.txt changed since the newest copy').not.toBe(readFileSync(liveFile('Users', 'ana', 'Documents', 'report.txt'), 'utf8'));

  await list(page).getByRole('row', { name: /report\.txt/ }).click();
  const text = pane(page).getByRole('region', { name: 'Content of report.txt' });
  await expect(text).toBeVisible();
  expect(await text.textContent(), 'the copy\'s text, exactly').toBe(frozen);
  await expect(pane(page)).toContainText('Changed since the copy of');
  await expect(pane(page)).toContainText('UTF-8');
  expect(await text.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/Consolas|monospace/);
  const wrap = pane(page).getByRole('switch', { name: 'Wrap lines' });
  await expect(wrap).toBeChecked();
  expect(await text.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
  await wrap.uncheck();
  expect(await text.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre');
  await wrap.check();
  await list(page).getByRole('checkbox', { name: 'Select report.txt' }).check();
  await page.screenshot({ path: screenshotPath('browse'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Browse with a text preview');

  // A file deleted since the copy still previews, and the pane says it is gone now.
  await item(page, 'Desktop').click();
  await list(page).getByRole('row', { name: /todo\.txt/ }).click();
  await expect(pane(page)).toContainText('Deleted since the copy of');
  await expect(pane(page).getByRole('region', { name: 'Content of todo.txt' })).toContainText('book train tickets');

  // An image: the copy's bytes, decoded by the browser, scaled into the pane.
  await item(page, 'Pictures').click();
  await list(page).getByRole('row', { name: /holiday\.png/ }).click();
  const img = pane(page).getByRole('img', { name: 'Preview of holiday.png' });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  const src = await img.getAttribute('src');
  expect(src).toBe(`data:image/png;base64,${readFileSync(newestFrozen('Users', 'ana', 'Pictures', 'holiday.png')).toString('base64')}`);
  const [imgBox, paneBox] = [await img.boundingBox(), await pane(page).boundingBox()];
  expect(imgBox!.width).toBeLessThanOrEqual(paneBox!.width);
  await expect(pane(page)).toContainText(/\d+ × \d+ pixels/);
  await page.screenshot({ path: screenshotPath('browse-preview'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Browse with an image preview');

  // The pane folds away and comes back.
  const toggle = page.getByRole('toolbar', { name: 'Commands' }).getByRole('button', { name: 'Preview pane' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(pane(page)).toHaveCount(0);
  await toggle.click();
  await expect(pane(page).getByRole('img', { name: 'Preview of holiday.png' })).toBeVisible();
});

test('browse: Compare with current shows the diff of a changed file against now', async ({ page }) => {
  await openBrowseOnC(page);
  await goTo(page, 'Users', 'ana', 'Documents');
  const before = readFileSync(newestFrozen('Users', 'ana', 'Documents', 'report.txt'), 'utf8').split(/\r?\n/);
  const now = readFileSync(liveFile('Users', 'ana', 'Documents', 'report.txt'), 'utf8').split(/\r?\n/);
  const gone = before.find((l) => l.trim() !== '' && !now.includes(l))!;
  const added = now.find((l) => l.trim() !== '' && !before.includes(l))!;
  await list(page).getByRole('row', { name: /report\.txt/ }).click();
  await page.getByRole('toolbar', { name: 'Commands' }).getByRole('button', { name: 'Compare with current' }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare with current: report.txt' });
  const diff = dialog.getByRole('region', { name: 'Differences from the current file' });
  await expect(diff).toContainText('@@');
  await expect(diff).toContainText(`-${gone.trimEnd()}`);
  await expect(diff).toContainText(`+${added.trimEnd()}`);
  await expect(diff).toContainText('C:\\Users\\ana\\Documents\\report.txt (now)');
  await page.screenshot({ path: screenshotPath('browse-compare'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Compare with current from Browse');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('browse: Copy path puts the full path on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await openBrowseOnC(page);
  await goTo(page, 'Users', 'ana', 'Documents');
  await list(page).getByRole('row', { name: /budget\.csv/ }).click();
  await page.getByRole('toolbar', { name: 'Commands' }).getByRole('button', { name: 'Copy path' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied C:\\Users\\ana\\Documents\\budget.csv');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('C:\\Users\\ana\\Documents\\budget.csv');
});

test('browse: the context menu opens from the keyboard (Shift+F10, Menu key) and by right-click, for a row or the selection', async ({ page }) => {
  await openBrowseOnC(page);
  await goTo(page, 'Users', 'ana', 'Documents');
  const report = list(page).getByRole('row', { name: /report\.txt/ });
  await report.click();
  await expect(report).toBeFocused();

  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Commands for report.txt' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await expect(menu.getByRole('menuitem')).toHaveText(['Restore', 'Restore to…', 'Compare with current', 'Previous versions', 'Copy path']);
  await expectNoSeriousA11yViolations(page, 'Browse context menu');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(report, 'the focus goes back to the row').toBeFocused();

  // The selection: Space on two rows, then the menu on one of them acts on both.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  await expect(list(page).getByRole('row', { selected: true })).toHaveCount(2);
  await page.keyboard.press('ContextMenu');
  const many = page.getByRole('menu');
  await expect(many.getByRole('menuitem', { name: 'Restore 2 items', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  const plan = page.getByRole('dialog', { name: 'Restore to the original place' });
  await expect(plan.getByRole('list', { name: 'Files to restore' })).toContainText('C:\\Users\\ana\\Documents\\report.txt');
  await expect(plan.getByRole('listitem')).toHaveCount(2);
  await plan.getByRole('button', { name: 'Cancel' }).click();
  await expect(plan).toBeHidden();

  // A whole folder through the plan, from a right-click.
  await crumbs(page).getByRole('button', { name: 'ana' }).click();
  await list(page).getByRole('row', { name: /\bDocuments\b/ }).click({ button: 'right' });
  const folderMenu = page.getByRole('menu', { name: 'Commands for Documents' });
  await expect(folderMenu.getByRole('menuitem')).toHaveText(['Open', 'Restore', 'Restore to…', 'Compare with current', 'Previous versions', 'Copy path']);
  await folderMenu.getByRole('menuitem', { name: 'Restore to…' }).click();
  const to = page.getByRole('dialog', { name: 'Restore 1 item to another folder' });
  await to.getByRole('textbox', { name: /Destination folder/ }).fill('C:\\Restored\\docs');
  await to.getByRole('button', { name: 'Continue' }).click();
  const planTo = page.getByRole('dialog', { name: 'Restore to C:\\Restored\\docs' });
  await expect(planTo.getByRole('list', { name: 'Files to restore' })).toContainText('C:\\Restored\\docs\\Documents\\report.txt');
  await planTo.getByRole('button', { name: 'Cancel' }).click();
  await expect(planTo).toBeHidden();

  // Previous versions from the menu, chosen with the keyboard.
  await goTo(page, 'Documents');
  await list(page).getByRole('row', { name: /report\.txt/ }).click();
  await page.keyboard.press('Shift+F10');
  await expect(page.getByRole('menu', { name: 'Commands for report.txt' })).toBeVisible();
  for (let i = 0; i < 6 && !(await page.getByRole('menuitem', { name: 'Previous versions' }).evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Previous versions', level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Path' })).toHaveValue('C:\\Users\\ana\\Documents\\report.txt');
  await expect(page.getByTestId('version').first()).toBeVisible();
});

test('previous versions: Open shows a version in the same preview as Browse', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Previous versions' }).click();
  await page.getByRole('textbox', { name: 'Path' }).fill('C:\\Users\\ana\\Desktop\\todo.txt');
  await page.getByRole('button', { name: 'Show versions' }).click();
  const first = page.getByTestId('version').first();
  await first.getByRole('button', { name: /^Open the version from/ }).click();
  const opened = page.getByRole('region', { name: /^The version from/ });
  await expect(opened.getByRole('region', { name: 'Content of todo.txt' })).toHaveText(readFileSync(newestFrozen('Users', 'ana', 'Desktop', 'todo.txt'), 'utf8'));
  await expect(opened).toContainText('UTF-8');
  await expectNoSeriousA11yViolations(page, 'Previous versions with a version open');

  // A folder's version opens in Browse, in the copy that holds it.
  await page.getByRole('textbox', { name: 'Path' }).fill('C:\\Users\\ana\\Documents');
  await page.getByRole('button', { name: 'Show versions' }).click();
  await page.getByTestId('version').first().getByRole('button', { name: /^Browse the version from/ }).click();
  await expect(page.getByRole('heading', { name: 'Browse', level: 1 })).toBeVisible();
  await expect(list(page)).toHaveAccessibleName('Files in C:\\Users\\ana\\Documents');
  await expect(item(page, 'Documents')).toHaveAttribute('aria-selected', 'true');
});

test('browse: the copy picker is a timeline by volume, newest first, keyboard-usable, and Older keeps the folder', async ({ page }) => {
  await openBrowseOnC(page);
  const expected = await page.evaluate(async () => {
    const api = (window as unknown as { shadowdesk: { listShadows(i: object): Promise<{ id: string; volume: string; createdAt: string }[]> } }).shadowdesk;
    return (await api.listShadows({})).filter((c) => c.volume === 'C:\\').sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((c) => c.createdAt);
  });
  expect(expected.length).toBeGreaterThan(2);
  await goTo(page, 'Users', 'ana', 'Documents');
  const picker = page.getByRole('combobox', { name: 'Shadow copy' });
  await picker.focus();
  await page.keyboard.press('Enter');
  const group = page.getByRole('group', { name: `C:\\ · ${expected.length} copies` });
  await expect(group.getByRole('option')).toHaveCount(expected.length);
  await expect(page.getByRole('group', { name: /^D:\\ · / })).toBeVisible();
  await expect(group.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: screenshotPath('browse-copy-picker'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Browse copy picker');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(group).toBeHidden();
  await expect(picker).toHaveText(/^C:\\ · /);
  const second = await picker.textContent();
  await expect(crumbs(page).getByRole('button', { name: 'Documents' }), 'another copy of C: keeps the folder').toBeVisible();

  await page.getByRole('button', { name: 'Older copy' }).click();
  await expect(picker).not.toHaveText(second!);
  await expect(crumbs(page).getByRole('button', { name: 'Documents' })).toBeVisible();
  await page.getByRole('button', { name: 'Newer copy' }).click();
  await expect(picker).toHaveText(second!);
});
