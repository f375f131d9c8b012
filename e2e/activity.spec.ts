import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { fileList, openFolders, pickNewestCopyOfC } from './support/browse-steps.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

/** todo.txt on the live C: of the simulated machine: deleted since the copies, so Browse offers it back. */
const liveTodo = () => path.join(app.root, 'volumes', 'C', 'Users', 'ana', 'Desktop', 'todo.txt');

async function open(page: Page): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByRole('navigation', { name: 'ShadowDesk' })).toBeVisible();
}

async function goTo(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: view }).click();
}

/**
 * Restores C:\Users\ana\Desktop\todo.txt from the newest copy of C:, as a user does in Browse (keep
 * both, the default, if a todo.txt is there again).
 */
async function restoreTodoThroughBrowse(page: Page): Promise<void> {
  await goTo(page, 'Browse');
  await pickNewestCopyOfC(page);
  await openFolders(page, 'Users', 'ana', 'Desktop');
  const todo = fileList(page).getByRole('row', { name: /todo\.txt/ });
  await todo.getByRole('checkbox', { name: 'Select todo.txt' }).check();
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore to the original place' });
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Restored 1 file.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  expect(existsSync(liveTodo()), 'the restore wrote todo.txt on the live volume').toBe(true);
}

/** "20 bytes" as the window writes sizes under 1 KB in English. */
function smallSize(bytes: number): string {
  expect(bytes, 'todo.txt is a small file').toBeLessThan(1024);
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

test('activity: a restore from Browse is listed as finished with its file count, then undone from the restore history', async ({ page }) => {
  await open(page);
  expect(existsSync(liveTodo()), 'todo.txt was deleted since the copies were made').toBe(false);
  await restoreTodoThroughBrowse(page);
  const size = smallSize(statSync(liveTodo()).size);

  await goTo(page, 'Activity');
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  const finished = page.getByRole('list', { name: 'Finished operations' });
  const restoreItem = finished.getByTestId('finished-activity').filter({ hasText: 'Restoring 1 file to C:\\Users\\ana\\Desktop' });
  await expect(restoreItem).toContainText(`Restored 1 file (${size}).`);
  await expect(restoreItem).toContainText('Done');
  await expect(page.getByRole('heading', { name: 'Running now' })).toBeVisible();
  await expect(page.getByText('Nothing is running.')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'Activity, this session');

  await page.getByRole('tab', { name: 'Restore history' }).click();
  const history = page.getByRole('list', { name: 'Restores, newest first' });
  const record = history.getByTestId('restore-record').first();
  await expect(record).toContainText(`1 file (${size}) to C:\\Users\\ana\\Desktop`);
  await expect(record).toContainText('Restored');
  await expect(record).toContainText('from the copy of');
  await expectNoSeriousA11yViolations(page, 'Activity, restore history');

  await record.getByRole('button', { name: /^Undo the restore of .* to C:\\Users\\ana\\Desktop$/ }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Undo this restore?' });
  await expect(dialog).toContainText('C:\\Users\\ana\\Desktop goes back to how it was before the restore of');
  await expect(dialog).toContainText(`The 1 file the restore wrote (${size}) is removed.`);
  await expect(dialog).toContainText('A file you changed after the restore is not touched');
  expect(existsSync(liveTodo()), 'asking is not doing: the file is still there').toBe(true);
  await page.screenshot({ path: screenshotPath('activity-undo-confirm'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Undo confirmation');

  await dialog.getByRole('button', { name: 'Undo restore' }).click();
  await expect(dialog.getByRole('status')).toContainText('Restore undone: everything is as it was before.');
  await expect(dialog.getByRole('status')).toContainText('Removed 1 file the restore had written.');
  expect(existsSync(liveTodo()), 'undo removed the restored todo.txt from the live volume').toBe(false);
  await expectNoSeriousA11yViolations(page, 'Undo outcome');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  await expect(record).toContainText('Undone');
  await expect(record.getByRole('button', { name: /^Undo/ }), 'an undone restore offers no second undo').toHaveCount(0);

  await page.getByRole('tab', { name: 'This session' }).click();
  await expect(finished.getByTestId('finished-activity').filter({ hasText: 'Undoing the restore to C:\\Users\\ana\\Desktop' }))
    .toContainText('Restore undone: everything is as it was before.');
  await page.screenshot({ path: screenshotPath('activity'), animations: 'disabled' });

  await page.getByRole('tab', { name: 'Log' }).click();
  const log = page.getByRole('region', { name: 'Audit log, newest first' });
  await expect(log.getByTestId('audit-entry').first()).toContainText('Undo restore · restore ');
  await expect(log.getByTestId('audit-entry').first()).toContainText('1 file removed');
  await expect(log.getByTestId('audit-entry').nth(1)).toContainText('Restore · C:\\Users\\ana\\Desktop\\todo.txt');
  await expect(log.getByTestId('audit-entry').nth(1)).toContainText('1 file restored');
});

test('activity: undo refuses to remove a restored file that was edited since, and says so', async ({ page }) => {
  await open(page);
  await restoreTodoThroughBrowse(page);
  const edited = 'Edited after the restore: this must survive the undo.\n';
  writeFileSync(liveTodo(), edited);

  await goTo(page, 'Activity');
  await page.getByRole('tab', { name: 'Restore history' }).click();
  // Keyboard only from here: the one restore that can be undone, then the confirmation.
  const undo = page.getByRole('button', { name: /^Undo the restore of .* to C:\\Users\\ana\\Desktop$/ });
  await expect(undo).toHaveCount(1);
  await undo.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Undo this restore?' });
  await expect(dialog.getByRole('button', { name: 'Undo restore' }), 'the dialog takes the focus').toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');

  const status = dialog.getByRole('status');
  await expect(status).toContainText('Not everything could be undone');
  await expect(status).toContainText('Refused: C:\\Users\\ana\\Desktop\\todo.txt was changed after the restore, so it was left as it is.');
  expect(readFileSync(liveTodo(), 'utf8'), 'the edited file is untouched').toBe(edited);
  await page.screenshot({ path: screenshotPath('activity-undo-refused'), animations: 'disabled' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByRole('tab', { name: 'This session' }).click();
  const item = page.getByTestId('finished-activity').filter({ hasText: 'Undoing the restore to C:\\Users\\ana\\Desktop' });
  await expect(item).toContainText('Nothing was undone: the file was left as it is.');
  await expect(item).toContainText('Refused: C:\\Users\\ana\\Desktop\\todo.txt was changed after the restore');
  await expect(item).toContainText('Needs a look');
});

test('activity: in Italian, and the restore history outlives the session', async ({ page }) => {
  await open(page);
  await restoreTodoThroughBrowse(page);
  await goTo(page, 'Settings');
  await page.getByRole('radio', { name: 'Italiano' }).check();
  // A reload is a new session of the window: its activities are gone, the restore history is not.
  await page.reload();
  await goTo(page, 'Attività');
  await expect(page.getByRole('heading', { level: 1, name: 'Attività' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Questa sessione' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('Nessuna operazione in questa sessione')).toBeVisible();
  await page.getByRole('tab', { name: 'Cronologia ripristini' }).click();
  const newest = page.getByRole('list', { name: 'Ripristini, dal più recente' }).getByTestId('restore-record').first();
  await expect(newest).toContainText(/1 file \(\d+ byte\) in C:\\Users\\ana\\Desktop/);
  await expect(newest).toContainText('Ripristinato il');
  await expect(newest.getByRole('button', { name: /^Annulla ripristino del / })).toBeVisible();
  await page.screenshot({ path: screenshotPath('activity-italian'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Attività (Italian)');
  await page.getByRole('tab', { name: 'Registro' }).click();
  const entry = page.getByTestId('audit-entry').first();
  await expect(entry).toContainText('Ripristino · C:\\Users\\ana\\Desktop\\todo.txt');
  await expect(entry).toContainText('Completata');
});

test('activity: a copy created from Volumes is listed as an activity and in the log', async ({ page }) => {
  await open(page);
  await goTo(page, 'Volumes');
  await page.getByRole('region', { name: 'Windows (C:)' }).getByRole('button', { name: 'Create shadow copy now' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('Shadow copy created.');

  await goTo(page, 'Activity');
  const item = page.getByRole('list', { name: 'Finished operations' }).getByTestId('finished-activity').first();
  await expect(item).toContainText('Shadow copy created.');
  await expect(item).toContainText('Creating a shadow copy of C:\\');
  await expect(page.getByRole('region', { name: 'Activity' }), 'the strip stands aside on the Activity view').toHaveCount(0);

  await page.getByRole('tab', { name: 'Log' }).click();
  const log = page.getByRole('region', { name: 'Audit log, newest first' });
  const newest = log.getByTestId('audit-entry').first();
  await expect(newest).toContainText('Create shadow copy');
  await expect(newest).toContainText('C:\\');
  await expect(newest).toContainText('1 copy created');
  await expect(newest).toContainText('Done');
  await page.screenshot({ path: screenshotPath('activity-log'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Activity, log');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('tab', { name: 'This session' }).click();
  await expect(page.locator('[data-theme="dark"]')).toBeVisible();
  await page.screenshot({ path: screenshotPath('activity-dark'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Activity (dark)');
});

test('activity: while a create runs, the header says so and opens Running now; a failure reads plainly', async ({ page }) => {
  await open(page);
  await goTo(page, 'Volumes');
  const c = page.getByRole('region', { name: 'Windows (C:)' });
  await expect(c).toBeVisible();
  // The simulated VSS takes its time over this snapshot, as a busy real one would.
  writeFileSync(path.join(app.root, 'faults.json'), JSON.stringify([{ method: 'IVssBackupComponents::DoSnapshotSet', delayMs: 3000 }]));
  await c.getByRole('button', { name: 'Create shadow copy now' }).click();
  const busy = page.getByRole('banner').getByRole('button', { name: '1 operation running' });
  await busy.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  const running = page.getByRole('list', { name: 'Running operations' }).getByTestId('running-activity');
  await expect(running).toContainText('Creating a shadow copy of C:\\');
  await expect(running.getByRole('progressbar', { name: 'Creating a shadow copy of C:\\' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('activity-running'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Activity, running');
  const finished = page.getByRole('list', { name: 'Finished operations' });
  await expect(finished.getByTestId('finished-activity').first()).toContainText('Shadow copy created.', { timeout: 20_000 });
  await expect(page.getByText('Nothing is running.')).toBeVisible();
  await expect(busy, 'the indicator goes when the work is done').toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Shadow copy created.' }), 'the outcome is announced').toHaveCount(1);

  writeFileSync(path.join(app.root, 'faults.json'), JSON.stringify([{ method: 'DoSnapshotSet', hresult: 'VSS_E_UNEXPECTED_PROVIDER_ERROR', count: 1 }]));
  await goTo(page, 'Volumes');
  await c.getByRole('button', { name: 'Create shadow copy now' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('Could not create the shadow copy of C:\\');
  await goTo(page, 'Activity');
  const failure = finished.getByTestId('finished-activity').first();
  await expect(failure).toContainText('Could not create the shadow copy of C:\\');
  await expect(failure, 'the plain sentence, not the code, comes first').not.toContainText('VSS_E_UNEXPECTED_PROVIDER_ERROR');
  await failure.getByRole('button', { name: 'Details' }).click();
  await expect(failure).toContainText('VSS_E_UNEXPECTED_PROVIDER_ERROR');
});

test('activity: a writer that fails without taking part is a warning on the create, not a failure', async ({ page }) => {
  await open(page); // the demo machine exists from the first call on
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
  const machineFile = path.join(app.root, 'machine.json');
  const original = readFileSync(machineFile, 'utf8');
  const machine = JSON.parse(original) as { writers: Record<string, unknown>[] };
  // Registry Writer keeps its files on C:, so it takes no part in a copy of D: alone.
  machine.writers.find((w) => w.name === 'Registry Writer')!.failAt = { phase: 'freeze', error: 'VSS_E_WRITERERROR_RETRYABLE' };
  writeFileSync(machineFile, JSON.stringify(machine, null, 2));
  try {
    await goTo(page, 'Shadow copies');
    await page.getByRole('button', { name: 'Create shadow copy…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a shadow copy' });
    await expect(dialog).toContainText('a failure of any other writer is shown as a warning');
    // Each box toggles its own volume (they once shared one id, so "Data (D:)" toggled C:).
    await dialog.getByRole('checkbox', { name: 'Windows (C:)' }).uncheck();
    await expect(dialog.getByRole('group', { name: 'Volumes' })).toHaveAccessibleDescription('Choose at least one volume.');
    await expect(dialog.getByRole('button', { name: 'Create' })).toBeDisabled();
    await page.screenshot({ path: screenshotPath('create-dialog-none-chosen'), animations: 'disabled' });
    await expectNoSeriousA11yViolations(page, 'Create dialog');
    await dialog.getByRole('checkbox', { name: 'Data (D:)' }).check();
    await expect(dialog.getByRole('checkbox', { name: 'Data (D:)' })).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: 'Windows (C:)' })).not.toBeChecked();
    await dialog.getByRole('switch', { name: 'Include writers' }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    const strip = page.getByRole('region', { name: 'Activity' });
    await expect(strip).toContainText('Creating a shadow copy of D:\\ with writers');
    await expect(strip).toContainText('Shadow copy created.', { timeout: 20_000 });
    await expect(strip).toContainText('Registry Writer reported a failure (FAILED_AT_FREEZE, VSS_E_WRITERERROR_RETRYABLE). It keeps no data on these volumes, so the copy stands');
    await page.screenshot({ path: screenshotPath('create-writer-warning'), animations: 'disabled' });
    await goTo(page, 'Activity');
    const item = page.getByRole('list', { name: 'Finished operations' }).getByTestId('finished-activity').first();
    await expect(item).toContainText('Registry Writer reported a failure');
  } finally {
    writeFileSync(machineFile, original);
  }
});
