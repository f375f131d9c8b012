import { expect, type Locator, type Page } from '@playwright/test';

/** The newest copy of C: in Browse's copy picker (a timeline: grouped by volume, newest first). */
export function newestCopyOfC(page: Page): Locator {
  return page.getByRole('group', { name: /^C:\\ · \d+ cop(y|ies)$/ }).getByRole('option').first();
}

/** Browse's file list for a folder of C:. */
export function fileList(page: Page): Locator {
  return page.getByRole('grid', { name: /^Files in C:\\/ });
}

/** Picks the newest copy of C: in the open Browse view, as a user does with the mouse. */
export async function pickNewestCopyOfC(page: Page): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Shadow copy' });
  await expect(picker).toBeEnabled();
  await picker.click();
  await newestCopyOfC(page).click();
  await expect(picker).toHaveText(/^C:\\ · /);
}

/** Opens each folder in turn by double-click, waiting for the breadcrumb to show it. */
export async function openFolders(page: Page, ...folders: string[]): Promise<void> {
  for (const folder of folders) {
    await fileList(page).getByRole('row', { name: new RegExp(`\\b${folder}\\b`) }).first().dblclick();
    await expect(page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: folder })).toBeVisible();
  }
}
