import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { fileList, newestCopyOfC, openFolders, pickNewestCopyOfC } from './support/browse-steps.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

async function open(page: Page): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByRole('navigation', { name: 'ShadowDesk' })).toBeVisible();
}

test('browse: a file deleted since the newest copy of C: comes back through the restore plan', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Browse' }).click();
  await pickNewestCopyOfC(page);
  await openFolders(page, 'Users', 'ana', 'Desktop');
  const list = fileList(page);
  const todo = list.getByRole('row', { name: /todo\.txt/ });
  await expect(todo).toContainText('Deleted since');
  await todo.getByRole('checkbox', { name: 'Select todo.txt' }).check();
  await page.screenshot({ path: screenshotPath('browse-selection'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Browse');
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore to the original place' });
  const items = dialog.getByRole('list', { name: 'Files to restore' });
  await expect(items).toContainText('C:\\Users\\ana\\Desktop\\todo.txt');
  await expect(items).toContainText('Not there now');
  await page.screenshot({ path: screenshotPath('restore-plan'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Restore plan');
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Restored 1 file.');
  await expect(dialog.getByRole('button', { name: 'Undo' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('restore-result'), animations: 'disabled' });
  const restored = readFileSync(path.join(app.root, 'volumes', 'C', 'Users', 'ana', 'Desktop', 'todo.txt'), 'utf8');
  // The newest copy of C: is the highest-numbered shadow folder that holds the file.
  const frozen = readdirSync(path.join(app.root, 'shadows'))
    .map(Number)
    .sort((a, b) => b - a)
    .map((n) => path.join(app.root, 'shadows', String(n), 'Users', 'ana', 'Desktop', 'todo.txt'))
    .find((p) => existsSync(p))!;
  expect(restored, 'byte for byte what the copy holds').toBe(readFileSync(frozen, 'utf8'));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(todo.getByRole('checkbox', { name: 'Select todo.txt' })).not.toBeChecked();
  await expect(todo, 'the list shows it is back').toContainText('Same');
});

test('previous versions: report.txt has several versions, and one compares with now as a diff', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Previous versions' }).click();
  await page.getByRole('textbox', { name: 'Path' }).fill('C:\\Users\\ana\\Documents\\report.txt');
  await page.getByRole('button', { name: 'Show versions' }).click();
  const versions = page.getByTestId('version');
  await expect(versions.first()).toBeVisible();
  expect(await versions.count()).toBeGreaterThanOrEqual(2);
  await expectNoSeriousA11yViolations(page, 'Previous versions');
  await versions.filter({ hasText: 'Different' }).first().getByRole('button', { name: /^Compare with current/ }).click();
  const diff = page.getByRole('region', { name: 'Differences from the current file' });
  await expect(diff).toBeVisible();
  await expect(diff).toContainText('@@');
  await page.screenshot({ path: screenshotPath('previous-versions'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Previous versions with a diff');
});

test('browse: a restore done with the keyboard only', async ({ page }) => {
  await open(page);
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Browse' }).focus();
  await page.keyboard.press('Enter');
  const picker = page.getByRole('combobox', { name: 'Shadow copy' });
  await expect(picker).toBeEnabled();
  const tabTo = async (isThere: () => Promise<boolean>) => {
    for (let i = 0; i < 40 && !(await isThere()); i++) await page.keyboard.press('Tab');
    expect(await isThere(), 'reached with Tab').toBe(true);
  };
  await tabTo(() => picker.evaluate((el) => el === document.activeElement));
  await page.keyboard.press('Enter');
  const target = newestCopyOfC(page);
  const targetId = await target.getAttribute('id');
  await page.keyboard.press('Home');
  for (let i = 0; i < 80 && (await picker.getAttribute('aria-activedescendant')) !== targetId; i++) await page.keyboard.press('ArrowDown');
  expect(await picker.getAttribute('aria-activedescendant')).toBe(targetId);
  await page.keyboard.press('Enter');
  await expect(target).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(newestCopyOfC(page), 'the copy chosen with the keyboard is the one selected').toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(target).toBeHidden();
  const list = page.getByRole('grid', { name: /^Files in C:\\/ });
  const focusedRow = list.locator('[role=row]:focus');
  const openRow = async (name: string) => {
    await tabTo(async () => (await focusedRow.count()) > 0);
    await page.keyboard.press('Home');
    for (let i = 0; i < 50 && !((await focusedRow.textContent()) ?? '').startsWith(name); i++) await page.keyboard.press('ArrowDown');
    expect(await focusedRow.textContent()).toContain(name);
  };
  await expect(list.getByRole('row', { name: /Users/ })).toBeVisible();
  for (const folder of ['Users', 'ana', 'Documents']) {
    await openRow(folder);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: folder })).toBeVisible();
  }
  await expect(list.getByRole('row', { name: /report\.txt/ })).toContainText('Changed since');
  await openRow('report.txt');
  await page.keyboard.press('Space');
  await expect(list.getByRole('checkbox', { name: 'Select report.txt' })).toBeChecked();
  const restoreButton = page.getByRole('button', { name: 'Restore', exact: true });
  await tabTo(() => restoreButton.evaluate((el) => el === document.activeElement));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Restore to the original place' });
  await expect(dialog.getByRole('list', { name: 'Files to restore' })).toContainText('A different file is there');
  await expect(dialog.getByRole('radio', { name: 'Keep both' })).toBeChecked();
  const confirm = dialog.getByRole('button', { name: 'Restore', exact: true });
  await tabTo(() => confirm.evaluate((el) => el === document.activeElement));
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toContainText('Restored 1 file.');
  await expect(dialog.getByRole('status')).toContainText('report.txt was restored as report (restored');
  await page.screenshot({ path: screenshotPath('restore-keyboard-result'), animations: 'disabled' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
