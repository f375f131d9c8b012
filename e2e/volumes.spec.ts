import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

async function open(page: Page): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByRole('navigation', { name: 'ShadowDesk' })).toBeVisible();
}

test('the window exposes exactly the contract as window.shadowdesk', async ({ page }) => {
  await open(page);
  const keys = await page.evaluate(() => Object.keys((window as unknown as { shadowdesk: object }).shadowdesk).sort());
  const { OPERATION_NAMES } = await import('../dist/native/contract/operations.js');
  expect(keys).toEqual([...OPERATION_NAMES].sort());
});

test('volumes: every volume with capacity, protection and shadow storage, and no serious a11y violation', async ({ page }) => {
  await open(page);
  const c = page.getByRole('region', { name: 'Windows (C:)' });
  await expect(c).toBeVisible();
  await expect(page.getByRole('region', { name: 'Data (D:)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'USB STICK (E:)' })).toBeVisible();
  await expect(c.getByRole('meter', { name: 'Shadow storage of C:\\' })).toBeVisible();
  await expect(c.getByRole('button', { name: 'Create shadow copy now' })).toBeEnabled();
  await page.screenshot({ path: screenshotPath('volumes'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Volumes');
});

test('volumes: "Create shadow copy now" makes a copy that the Shadow copies view lists', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Shadow copies' }).click();
  await page.getByRole('tab', { name: /^C:\\ \(\d+\)$/ }).click();
  const before = await page.getByTestId('shadow-copy').count();
  await page.getByRole('button', { name: 'Volumes' }).click();
  await page.getByRole('region', { name: 'Windows (C:)' }).getByRole('button', { name: 'Create shadow copy now' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('Shadow copy created.');
  await page.getByRole('button', { name: 'Shadow copies' }).click();
  await page.getByRole('tab', { name: /^C:\\ \(\d+\)$/ }).click();
  await expect(page.getByTestId('shadow-copy')).toHaveCount(before + 1);
  // The EFI and recovery partitions have no tab of their own while they have no copies, and the create
  // dialog offers only the volumes people keep files on.
  await expect(page.getByRole('tab')).toHaveText([/^All volumes/, /^C:\\/, /^D:\\/]);
  await page.getByRole('button', { name: 'Create shadow copy…' }).click();
  await expect(page.getByRole('dialog').getByRole('checkbox')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('shadow-copies'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Shadow copies');
});

test('volumes: the storage dialog refuses a maximum below the smallest Windows accepts, and names it', async ({ page }) => {
  await open(page);
  await page.getByRole('region', { name: 'Data (D:)' }).getByRole('button', { name: 'Configure storage' }).click();
  const dialog = page.getByRole('dialog', { name: 'Shadow storage of Data (D:)' });
  await dialog.getByRole('radio', { name: 'Size in GB' }).check();
  await dialog.getByRole('spinbutton', { name: 'Maximum (GB)' }).fill('0.25');
  await expect(dialog).toContainText('256 MB is less than Windows accepts: shadow storage must be at least 320 MB.');
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await dialog.getByRole('spinbutton', { name: 'Maximum (GB)' }).fill('0.3125');
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

/** Runs the real CLI on this test file's machine (to make copies between writes). */
function cliOnMachine(args: string[]): void {
  execFileSync(process.execPath, [path.join('dist', 'native', 'cli', 'main.js'), ...args], {
    env: { ...process.env, SHADOWDESK_SIM_ROOT: app.root, SHADOWDESK_DATA_DIR: app.dataDir, SHADOWDESK_BACKEND: 'sim' },
    stdio: 'pipe',
  });
}

test('volumes: shrinking storage warns first, lists copies in the order Windows deletes them, and reports what is gone so far', async ({ page }) => {
  // Shadow storage is copy-on-write, so it only fills as files change: lower this machine's minimum
  // (its MinDiffAreaFileSize) to 1 MB and rewrite a 3 MB file between two copies of C:.
  const machineFile = path.join(app.root, 'machine.json');
  writeFileSync(machineFile, JSON.stringify({ ...JSON.parse(readFileSync(machineFile, 'utf8')), minDiffAreaFileSizeMB: 1 }));
  const clip = path.join(app.root, 'volumes', 'C', 'Users', 'ana', 'Videos', 'clip.bin');
  mkdirSync(path.dirname(clip), { recursive: true });
  writeFileSync(clip, Buffer.alloc(3 * 1024 * 1024, 1));
  cliOnMachine(['create', '--volume', 'C:']);
  writeFileSync(clip, Buffer.alloc(3 * 1024 * 1024, 2));
  cliOnMachine(['create', '--volume', 'C:']);

  await open(page);
  await page.getByRole('button', { name: 'Shadow copies' }).click();
  await page.getByRole('tab', { name: /^C:\\ \(\d+\)$/ }).click();
  await expect(page.getByTestId('shadow-copy').first()).toBeVisible();
  const before = await page.getByTestId('shadow-copy').count();
  expect(before).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Volumes' }).click();
  const c = page.getByRole('region', { name: 'Windows (C:)' });
  await c.getByRole('button', { name: 'Configure storage' }).click();
  const dialog = page.getByRole('dialog', { name: 'Shadow storage of Windows (C:)' });
  await dialog.getByRole('radio', { name: 'Size in GB' }).check();
  await dialog.getByRole('spinbutton', { name: 'Maximum (GB)' }).fill('0.002');
  const warning = dialog.getByTestId('shrink-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('how many go is not known in advance');
  const order = dialog.getByTestId('shrink-casualties').getByRole('listitem');
  await expect(order, 'every copy, in the order Windows deletes them, with no guess at how many').toHaveCount(before);
  await page.screenshot({ path: screenshotPath('storage-shrink-warning'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Storage dialog');
  await dialog.getByRole('button', { name: 'Shrink and delete copies' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText(/so far Windows has deleted \d+ shadow cop(y|ies) to fit/);
  await page.getByRole('button', { name: 'Shadow copies' }).click();
  await page.getByRole('tab', { name: /^C:\\ \(\d+\)$/ }).click();
  await expect(page.getByTestId('shadow-copy').first()).toBeVisible();
  const after = await page.getByTestId('shadow-copy').count();
  expect(after, 'Windows deleted the oldest copies until the rest fit').toBeLessThan(before);
});

test('volumes: "Delete oldest" names the oldest copy, and deletes exactly that one', async ({ page }) => {
  await open(page);
  const d = page.getByRole('region', { name: 'Data (D:)' });
  const dialog = page.getByRole('alertdialog', { name: 'Delete the oldest shadow copy of Data (D:)?' });
  await d.getByRole('button', { name: 'Delete oldest' }).click();
  const named = dialog.getByTestId('delete-casualties').getByRole('listitem');
  await expect(named).toHaveCount(1);
  const oldestText = /[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M/.exec(await named.first().innerText())?.[0];
  expect(oldestText, 'the dialog names the copy by its date').toBeTruthy();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Shadow copies' }).click();
  await page.getByRole('tab', { name: /^D:\\ \(\d+\)$/ }).click();
  const copies = page.getByTestId('shadow-copy');
  await expect(copies.first()).toBeVisible();
  const before = await copies.count();
  expect(before).toBeGreaterThan(1);
  const named0 = page.getByRole('article', { name: `Shadow copy of D:\\ from ${oldestText}` });
  await expect(named0, 'the copy the dialog named is the oldest one listed').toHaveCount(1);
  await expect(copies.last()).toHaveAttribute('aria-label', `Shadow copy of D:\\ from ${oldestText}`);

  await page.getByRole('button', { name: 'Volumes' }).click();
  await d.getByRole('button', { name: 'Delete oldest' }).click();
  await expect(dialog).toContainText(`The ${before - 1} newer copies stay`);
  await expectNoSeriousA11yViolations(page, 'Delete oldest dialog');
  await dialog.getByRole('button', { name: 'Delete oldest copy' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('1 shadow copy deleted.');
  await page.getByRole('button', { name: 'Shadow copies' }).click();
  await page.getByRole('tab', { name: /^D:\\ \(\d+\)$/ }).click();
  await expect(copies).toHaveCount(before - 1);
  await expect(named0).toHaveCount(0);
});

test('volumes: a volume with a letter and a mount folder, one mounted only at a folder, an empty card reader and the partitions without a letter', async ({ browser }) => {
  const kinds = await startShadowDesk();
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // The machine as Windows has it (machine.json is re-read when it changes).
    mkdirSync(kinds.root, { recursive: true });
    writeFileSync(path.join(kinds.root, 'machine.json'), JSON.stringify({
      machineName: 'KINDS-PC',
      volumes: [
        { letter: 'C', guid: '{0c0c0c0c-1111-4a4a-8b8b-000000000001}', label: 'Windows', fileSystem: 'NTFS', capacityBytes: 274877906944 },
        { guid: '{5f3a91c4-7e02-4b8d-a6c1-0d9e2f47b815}', label: 'SYSTEM', fileSystem: 'FAT32', capacityBytes: 104857600, usedBytes: 33554432 },
        { letter: 'D', guid: '{0c0c0c0c-1111-4a4a-8b8b-000000000004}', label: 'Archive', capacityBytes: 2199023255552, mountFolders: ['C:\\Mount\\Archive\\'] },
        { guid: '{0c0c0c0c-1111-4a4a-8b8b-000000000005}', label: 'Photos', capacityBytes: 549755813888, mountFolders: ['C:\\Users\\ana\\Photos\\'] },
        { letter: 'F', guid: '{0c0c0c0c-1111-4a4a-8b8b-000000000006}', label: '', fileSystem: 'FAT32', driveType: 'removable', media: false },
      ],
    }));
    await page.goto(kinds.url);
    const d = page.getByRole('region', { name: 'Archive (D:)' });
    await expect(d).toContainText('Also at C:\\Mount\\Archive\\');
    await expect(d.getByRole('button', { name: 'Create shadow copy now' })).toBeEnabled();
    await expect(page.getByRole('region', { name: 'Photos — C:\\Users\\ana\\Photos\\' })).toContainText('free of 512 GB');
    const reader = page.getByRole('region', { name: 'Local Disk (F:)' });
    await expect(reader).toContainText('No media · Removable disk');
    await expect(reader).toContainText('There is no disk or card in this drive, so Windows cannot tell its size or file system.');
    await expect(reader).toContainText('Nothing to copy until a disk or card is inserted.');
    await expect(reader.getByRole('meter')).toHaveCount(0);
    await expect(reader).not.toContainText('0 B');
    await expect(reader.getByRole('button', { name: 'Create shadow copy now' })).toBeDisabled();
    const partitions = page.getByRole('region', { name: 'Partitions without a drive letter' });
    await expect(partitions.getByRole('row', { name: /SYSTEM/ })).toContainText('\\\\?\\Volume{5f3a91c4-7e02-4b8d-a6c1-0d9e2f47b815}\\');
    await expect(partitions.getByRole('row', { name: /SYSTEM/ })).toContainText('Not supported');
    await reader.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('volume-kinds'), animations: 'disabled' });
    await expectNoSeriousA11yViolations(page, 'Volumes of every kind');
  } finally {
    await context.close();
    await kinds.stop();
  }
});
