import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let app: ShadowDeskServer;
let base: string;

// A machine whose VSS host finds COM security already set: CoInitializeSecurity answers
// RPC_E_TOO_LATE, as it does on Windows when other code in the process called it first.
test.beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-e2e-com-'));
  const root = path.join(base, 'machine');
  const env = { ...process.env, SHADOWDESK_SIM_ROOT: root, SHADOWDESK_DATA_DIR: path.join(base, 'data0'), SHADOWDESK_BACKEND: 'sim' };
  // Create the demo machine first (it starts by clearing faults.json), then plant the fault.
  const made = spawnSync(process.execPath, [path.join(repo, 'dist', 'native', 'cli', 'main.js'), 'volumes', '--json'], { env, encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  writeFileSync(path.join(root, 'faults.json'), JSON.stringify([{ method: 'ole32::CoInitializeSecurity', hresult: 'RPC_E_TOO_LATE', count: -1 }]));
  app = await startShadowDesk({ SHADOWDESK_SIM_ROOT: root });
});
test.afterAll(async () => {
  await app.stop();
  rmSync(base, { recursive: true, force: true });
});

test('settings: COM security already set by someone else is shown in About, with what it means for writers', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  const about = page.getByRole('region', { name: 'About' });
  await expect(about.getByTestId('com-security')).toHaveText(
    "Already set by someone else: RPC_E_TOO_LATE (0x80010119). Writers' callbacks to ShadowDesk may be refused, so a copy with writers may fail.",
  );
  await expect(about).toContainText('Off, as Microsoft asks backup programs: S_OK (0x00000000)');
  await about.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('settings-com-security'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Settings (COM security preset)');
});

test('writers: the health check lists the COM security finding', async ({ page }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Writers' }).click();
  await expect(page.getByText('COM security was already set by someone else')).toBeVisible();
});

test('settings: Copy self-test report puts the read-only self-test\'s Markdown on the clipboard, COM warning included', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Copy self-test report' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Self-test report copied' })).toHaveText(/Self-test report copied: \d+ passed, 0 failed\./);
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md).toMatch(/^# ShadowDesk self-test: /);
  expect(md).toContain('| CoInitializeSecurity `com.security` | **WARN** | RPC_E_TOO_LATE (0x80010119) |');
  expect(md).toContain('`vss.writer-metadata` | **PASS** | S_OK (0x00000000) |');
});
