import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';

/*
 * A disk image opened read-only from the window: Plaso's vsstest.qcow2, a 1 GiB NTFS volume without
 * a partition table and two shadow copies made on Windows in December 2013 (ground truth in
 * docs/disk-images.md, beside the shared test data).
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMAGE = path.resolve(repo, '..', 'shared', 'data', 'vsstest.qcow2');
/** syslog: only in the older copy (store 1, 2013-12-03T06:35:09Z); live, it is syslog.gz. */
const SYSLOG = { size: 1247, sha256: '0420b023f8dc1b71ff25191ce4ce88d10028f99f99f7c21532611f4c273aeae9' };

test.skip(!existsSync(IMAGE), `the test image is missing: ${IMAGE} (see ../shared/data/README.md)`);
test.beforeAll(async () => {
  // The same check the host makes before opening an image (file lookups only, no koffi).
  const { libyalAvailability } = await import('../dist/native/ffi/libyal/libyal-paths.js');
  const libs = libyalAvailability();
  test.skip(!libs.available, `the libyal libraries are not installed: sudo apt install ${libs.missing.join(' ')}`);
});
// The copies' times are shown in the browser's time zone: UTC, so "6:35 AM" is the time Windows recorded.
test.use({ timezoneId: 'UTC', locale: 'en-US' });

let app: ShadowDeskServer;
let scratch: string;
test.beforeAll(async () => {
  app = await startShadowDesk();
  scratch = mkdtempSync(path.join(tmpdir(), 'shadowdesk-image-e2e-'));
});
test.afterAll(async () => {
  await app.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name, exact: true });
const banner = (page: Page) => page.getByTestId('image-banner');
const list = (page: Page) => page.getByRole('grid', { name: /^Files in C:\\/ });
const pane = (page: Page) => page.getByRole('complementary', { name: 'Preview' });

/** Opens an image from the Volumes view with the keyboard's Enter, as a user pastes a path. */
async function openImage(page: Page, file: string, texts = { button: 'Open disk image…', dialog: 'Open a disk image', path: /Path of the image/ }): Promise<void> {
  await page.getByRole('button', { name: texts.button }).click();
  const dialog = page.getByRole('dialog', { name: texts.dialog });
  await dialog.getByRole('textbox', { name: texts.path }).fill(file);
  await dialog.getByRole('textbox', { name: texts.path }).press('Enter');
}

/** Back to the simulated machine, whatever the previous test left open. */
async function backToThisComputer(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { shadowdesk: { closeImage(i: object): Promise<unknown> } }).shadowdesk.closeImage({}));
}

test.afterEach(async ({ page }) => {
  await backToThisComputer(page).catch(() => {});
});

test('disk image: opened from Volumes, its volume C: with 2 copies, a banner app-wide, read-only actions disabled with the reason', async ({ page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();

  await page.getByRole('button', { name: 'Open disk image…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a disk image' });
  await expect(dialog.getByRole('textbox', { name: /Path of the image/ })).toBeFocused();
  await expect(dialog).toContainText('E01/Ex01, VHD, VHDX, VMDK or qcow2');
  // In the browser there is no Open dialog of this computer: the path is typed, and no Browse… is offered.
  await expect(dialog.getByRole('button', { name: 'Browse…' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Open', exact: true })).toBeDisabled();
  await expectNoSeriousA11yViolations(page, 'Open a disk image');
  await dialog.getByRole('textbox', { name: /Path of the image/ }).fill(IMAGE);
  await page.screenshot({ path: screenshotPath('open-image-dialog'), animations: 'disabled' });
  await dialog.getByRole('textbox', { name: /Path of the image/ }).press('Enter');
  await expect(dialog).toBeHidden();

  await expect(banner(page)).toContainText('Disk image (read-only)');
  await expect(banner(page)).toContainText('vsstest.qcow2 — qcow2, 1 GB, no partition table');
  await expect(banner(page).getByTitle(IMAGE)).toBeVisible();

  const c = page.getByRole('region', { name: /\(C:\)$/ });
  await expect(c).toBeVisible();
  await expect(c).toContainText('2 shadow copies');
  await expect(c).toContainText('Partition 1 at offset 0 bytes');
  await expect(c).toContainText('whole image');
  // The simulated machine's volumes are gone from the screen.
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Data (D:)' })).toHaveCount(0);
  for (const name of ['Create shadow copy now', 'Configure storage', 'Delete oldest', 'Delete all']) {
    const button = c.getByRole('button', { name });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription('A disk image is opened read-only');
  }
  await page.screenshot({ path: screenshotPath('image-volumes'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Volumes of a disk image');

  // The banner stays on every view; the image's copies are listed with their real times, and can be neither made nor deleted.
  await nav(page, 'Shadow copies').click();
  await expect(banner(page)).toBeVisible();
  await expect(page.getByTestId('shadow-copy')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Create shadow copy…' })).toBeDisabled();
  await expect(page.getByText('A disk image is opened read-only: shadow copies and their storage cannot be created, changed or deleted in it.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Delete the shadow copy of C:\\/ }).first()).toBeDisabled();
  await expectNoSeriousA11yViolations(page, 'Shadow copies of a disk image');

  await nav(page, 'Writers').click();
  await expect(page.getByRole('heading', { name: 'A disk image has no running writers' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'Writers of a disk image');
});

test('disk image: browse the older copy, syslog deleted since, previewed, restored to a folder of this computer byte for byte', async ({ page }) => {
  await page.goto(app.url);
  await openImage(page, IMAGE);
  await expect(banner(page)).toBeVisible();

  await nav(page, 'Browse').click();
  const picker = page.getByRole('combobox', { name: 'Shadow copy' });
  await expect(picker).toBeEnabled();
  await picker.click();
  await expect(page.getByRole('group', { name: 'C:\\ · 2 copies' }).getByRole('option')).toHaveCount(2);
  await page.getByRole('option', { name: /Dec 3, 2013, 6:35 AM/ }).click();
  await expect(picker).toHaveText(/Dec 3, 2013, 6:35 AM/);

  const row = list(page).getByRole('row', { name: /\bsyslog\b(?!\.gz)/ });
  await expect(row).toContainText('Deleted since');
  await row.click();
  const text = pane(page).getByRole('region', { name: 'Content of syslog' });
  await expect(text).toBeVisible();
  expect((await text.textContent())?.length ?? 0, 'the log as text').toBeGreaterThan(100);
  await expect(pane(page)).toContainText('Deleted since the copy of');

  // Restore in place would write into the image: offered, disabled, with the reason; Restore to… works.
  await expect(page.getByRole('button', { name: 'Restore', exact: true })).toBeDisabled();
  await page.screenshot({ path: screenshotPath('image-browse'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Browse a disk image');

  // An existing folder of this computer (a missing one is refused in words, before anything is written).
  const destination = path.join(scratch, 'restored');
  mkdirSync(destination, { recursive: true });
  await page.getByRole('button', { name: 'Restore to…' }).click();
  const to = page.getByRole('dialog', { name: 'Restore 1 item to another folder' });
  await expect(to.getByRole('textbox', { name: /Destination folder/ })).toHaveValue('');
  await expect(to).toContainText('A folder of this computer');
  await to.getByRole('textbox', { name: /Destination folder/ }).fill(destination);
  await to.getByRole('button', { name: 'Continue' }).click();
  const plan = page.getByRole('dialog', { name: `Restore to ${destination}` });
  await expect(plan.getByRole('list', { name: 'Files to restore' })).toContainText('syslog');
  await plan.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(plan.getByRole('status')).toContainText('Restored 1 file.');
  const bytes = readFileSync(path.join(destination, 'syslog'));
  expect(bytes.length).toBe(SYSLOG.size);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(SYSLOG.sha256);
  await plan.getByRole('button', { name: 'Close' }).click();
});

test('disk image: a file that is no disk image gets its plain sentence in the dialog, which stays open to correct the path', async ({ page }) => {
  const garbage = path.join(scratch, 'garbage.img');
  writeFileSync(garbage, randomBytes(64 * 1024));
  await page.goto(app.url);
  await openImage(page, garbage);
  const dialog = page.getByRole('dialog', { name: 'Open a disk image' });
  await expect(dialog).toContainText('The image could not be opened');
  await expect(banner(page)).toHaveCount(0);
  // The code is there on demand, for a ticket.
  await dialog.getByRole('button', { name: 'Details' }).click();
  await expect(dialog.getByRole('definition').first()).toHaveText(/^IMAGE_/);
  await expectNoSeriousA11yViolations(page, 'Open a disk image, failed');
  // Typing a new path clears the old failure.
  await dialog.getByRole('textbox', { name: /Path of the image/ }).fill(IMAGE);
  await expect(dialog).not.toContainText('The image could not be opened');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('disk image: a launch naming an image (#/image?path=…, what ShadowDesk --image=PATH opens) fills the dialog in, and nothing opens until Open', async ({ page }) => {
  await page.goto(`${app.url}#/image?${new URLSearchParams({ path: IMAGE }).toString()}`);
  const dialog = page.getByRole('dialog', { name: 'Open a disk image' });
  await expect(dialog.getByRole('textbox', { name: /Path of the image/ })).toHaveValue(IMAGE);
  expect(await page.evaluate(() => (window as unknown as { shadowdesk: { currentImage(i: object): Promise<{ image: unknown }> } }).shadowdesk.currentImage({}))).toEqual({ image: null });
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(banner(page)).toContainText('vsstest.qcow2');
  // A link to something that is not a full path opens nothing at all.
  await page.goto(`${app.url}#/image?path=relative.E01`);
  await expect(page.getByRole('dialog', { name: 'Open a disk image' })).toHaveCount(0);
});

test('disk image: Close image returns to this computer (the simulated machine) on every view', async ({ page }) => {
  await page.goto(app.url);
  await openImage(page, IMAGE);
  await expect(page.getByRole('region', { name: /\(C:\)$/ })).toContainText('2 shadow copies');
  await nav(page, 'Browse').click();
  await expect(page.getByRole('combobox', { name: 'Shadow copy' })).toHaveText(/Dec 3, 2013/);

  await banner(page).getByRole('button', { name: 'Close image' }).click();
  await expect(banner(page)).toHaveCount(0);
  // Browse forgets the image's copy and opens the machine's newest one.
  await expect(page.getByRole('combobox', { name: 'Shadow copy' })).not.toHaveText(/2013/);
  await nav(page, 'Volumes').click();
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Data (D:)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Windows (C:)' }).getByRole('button', { name: 'Create shadow copy now' })).toBeEnabled();
});

test('disk image: in Italian, the dialog and the banner', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('shadowdesk.language', 'it'));
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Apri immagine disco…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Apri un\'immagine disco' });
  await expect(dialog).toContainText('ShadowDesk legge l\'immagine senza mai scriverci');
  await expect(dialog.getByRole('button', { name: 'Annulla' })).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: /Percorso dell'immagine/ })).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'Apri un\'immagine disco (Italian)');
  await dialog.getByRole('textbox', { name: /Percorso dell'immagine/ }).fill(IMAGE);
  await dialog.getByRole('button', { name: 'Apri', exact: true }).click();
  await expect(banner(page)).toContainText('Immagine disco (sola lettura)');
  await expect(banner(page)).toContainText('vsstest.qcow2 — qcow2, 1 GB, nessuna tabella delle partizioni');
  const c = page.getByRole('region', { name: /\(C:\)$/ });
  await expect(c).toContainText('2 copie shadow');
  await expect(c.getByRole('button', { name: 'Crea copia shadow ora' })).toHaveAccessibleDescription('Un\'immagine disco è aperta in sola lettura');
  await expectNoSeriousA11yViolations(page, 'Volumi di un\'immagine disco (Italian)');
  await banner(page).getByRole('button', { name: 'Chiudi immagine' }).click();
  await expect(banner(page)).toHaveCount(0);
});
