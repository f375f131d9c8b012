import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { FleetProgress, FleetReport, FleetRow } from '../native/remote/computer-types.js';
import { freePort, sshSkipReason, startSshServer, untilRemoteHostsExit, type SshServer } from '../dist/native/testing/ssh-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { fileList, openFolders, pickNewestCopyOfC } from './support/browse-steps.js';
import { screenshotPath, startShadowDesk, type ShadowDeskServer } from './support/shadowdesk-server.js';

/*
 * Other computers in the window (issue 12): a real OpenSSH server on 127.0.0.1, whose sessions run
 * the "remote" ShadowDesk host on its own simulated machine and data folder, reached by the local
 * `serve` through the system's ssh and a throwaway config (alias ana-laptop). Only 127.0.0.1 traffic.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(repo, 'dist', 'native', 'cli', 'main.js');
const REMOTE_COMMAND = `"${process.execPath}" "${MAIN}" host`;
const skipReason = sshSkipReason();
if (skipReason) console.log(`computers.spec.ts skipped: ${skipReason}`);
test.skip(skipReason !== undefined, skipReason ?? '');
test.use({ timezoneId: 'UTC', locale: 'en-US' });

const LABEL = "Ana's laptop";
let sshd: SshServer | undefined;
let app: ShadowDeskServer;
let base = '';
const remote = { root: '', data: '' };

test.beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-computers-e2e-'));
  remote.root = path.join(base, 'remote-machine');
  remote.data = path.join(base, 'remote-data');
  sshd = await startSshServer({ SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: remote.root, SHADOWDESK_DATA_DIR: remote.data });
  // The same config with one more computer, dead-pc, at a port where nothing answers.
  const config = path.join(base, 'ssh_config');
  copyFileSync(sshd.config(), config);
  const ana = readFileSync(config, 'utf8');
  appendFileSync(config, ana.replace(/^Host ana-laptop$/m, 'Host dead-pc').replace(/Port \d+/, `Port ${await freePort()}`));
  // A copy made on the remote machine (and not here): its C:\ then has one more copy than this one's.
  const made = spawnSync(process.execPath, [MAIN, '--computer', 'ana-laptop', 'create', '--volume', 'C:', '--json'], {
    env: {
      ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, 'cli-machine'), SHADOWDESK_DATA_DIR: path.join(base, 'cli-data'),
      SHADOWDESK_SSH_CONFIG: config, SHADOWDESK_REMOTE_COMMAND: REMOTE_COMMAND, SHADOWDESK_LANG: 'en',
    },
    encoding: 'utf8',
  });
  expect(made.status, made.stderr).toBe(0);
  app = await startShadowDesk({ SHADOWDESK_SSH_CONFIG: config, SHADOWDESK_REMOTE_COMMAND: REMOTE_COMMAND });
});

test.afterAll(async () => {
  await app?.stop();
  await sshd?.stop();
  // A remote host finishes its current step on its own before it exits: wait, so its folders are
  // not removed under it (as ssh-host.test.ts does).
  await untilRemoteHostsExit(MAIN);
  if (base) rmSync(base, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});


type Api = Record<string, (input: object, options?: { computer?: string }) => Promise<unknown>>;
/** Copies of C:\ on a computer, asked through the contract (the same call the window makes). */
async function copiesOfC(page: Page, computer?: string): Promise<string[]> {
  return page.evaluate(async (c) => {
    const api = (window as unknown as { shadowdesk: Api }).shadowdesk;
    const list = (await api.listShadows!({}, c ? { computer: c } : {})) as { id: string; volume: string }[];
    return list.filter((s) => s.volume === 'C:\\').map((s) => s.id);
  }, computer);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name, exact: true });
const header = (page: Page) => page.getByTestId('app-header');

/** Adds ana-laptop from the Computers view unless the host's list has it already (it outlives the page). */
async function ensureAna(page: Page): Promise<void> {
  await nav(page, 'Computers').click();
  const row = page.getByRole('region', { name: LABEL });
  const none = page.getByRole('heading', { name: 'No other computers yet' });
  await expect(row.or(none)).toBeVisible();
  if (await row.isVisible()) return;
  await page.getByRole('textbox', { name: /^Computer/ }).fill('ana-laptop');
  await page.getByRole('textbox', { name: /^Name/ }).fill(LABEL);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(row).toBeVisible();
}

/** Chooses a computer in the header's picker, as a user switches. */
async function choose(page: Page, option: RegExp): Promise<void> {
  await header(page).getByRole('combobox', { name: 'Computer:' }).click();
  await page.getByRole('option', { name: option }).click();
}

test('computers: add ana-laptop with a live check, switch to it in the header, and see its copies, not this computer\'s', async ({ page }) => {
  await page.goto(`${app.url}#/computers`);
  await expect(page.getByRole('heading', { name: 'Computers', level: 1 })).toBeVisible();
  await expect(header(page)).toContainText('This computer');
  await expect(page.getByTestId('other-computer-badge')).toHaveCount(0);

  // Check before adding: who answers there.
  await page.getByRole('textbox', { name: /^Computer/ }).fill('ana-laptop');
  await page.getByRole('textbox', { name: /^Name/ }).fill(LABEL);
  await page.getByRole('button', { name: 'Check first' }).click();
  const form = page.getByRole('form', { name: 'Add a computer' });
  await expect(form.getByTestId('check-ok')).toContainText(/ana-laptop answers: \S+/, { timeout: 30_000 });
  await expect(form.getByTestId('check-ok')).toContainText(/ShadowDesk \S+ \(simulated machine\), answered in [\d,]+ ms\./);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const row = page.getByRole('region', { name: LABEL });
  await expect(row).toBeVisible();
  // After adding: its own check, then the host's lastCheck in words.
  await expect(row.getByTestId('check-ok')).toContainText('ana-laptop answers:', { timeout: 30_000 });
  await expect(row).toContainText(/ana-laptop · Answered .* as \S+/);
  await page.screenshot({ path: screenshotPath('computers'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Computers');

  const here = await copiesOfC(page);
  const there = await copiesOfC(page, 'ana-laptop');
  expect(there.length, 'the remote machine has the copy made there before').toBe(here.length + 1);

  await choose(page, new RegExp(`^${LABEL}`));
  await expect(page.getByTestId('other-computer-badge')).toHaveText('Other computer');
  await expect(header(page).getByRole('combobox', { name: 'Computer:' })).toHaveText(new RegExp(`^${LABEL} — \\S+`));
  // Opening a computer shows its volumes; the copies are the remote machine's.
  await nav(page, 'Shadow copies').click();
  await expect(page.getByRole('tab', { name: `C:\\ (${there.length})` })).toBeVisible();
  await page.screenshot({ path: screenshotPath('computers-remote-shadows'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Shadow copies of another computer');
  // The choice holds for the session: a reload stays on ana-laptop.
  await page.reload();
  await expect(page.getByTestId('other-computer-badge')).toBeVisible();
  await nav(page, 'Volumes').click();
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
  await nav(page, 'Shadow copies').click();
  await expect(page.getByRole('tab', { name: `C:\\ (${there.length})` })).toBeVisible();

  // Back to this computer: its own count, and no badge.
  await choose(page, /^This computer/);
  await expect(page.getByTestId('other-computer-badge')).toHaveCount(0);
  await nav(page, 'Shadow copies').click();
  await expect(page.getByRole('tab', { name: `C:\\ (${here.length})` })).toBeVisible();
});

test('computers: deleting a copy on ana-laptop names it in the confirmation; it goes there, this computer keeps all of its own', async ({ page }) => {
  await page.goto(app.url);
  await ensureAna(page);
  const here = await copiesOfC(page);
  const there = await copiesOfC(page, 'ana-laptop');
  expect(there.length).toBeGreaterThan(0);

  await choose(page, new RegExp(`^${LABEL}`));
  await nav(page, 'Shadow copies').click();
  await page.getByRole('tab', { name: `C:\\ (${there.length})` }).click();
  await page.getByRole('button', { name: /^Delete the shadow copy of C:\\ from / }).first().click();
  const dialog = page.getByRole('alertdialog', { name: new RegExp(`^Delete the shadow copy of C:\\\\ from .* on ${LABEL}\\?$`) });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('on-computer')).toHaveText(`On:${LABEL}`);
  await page.screenshot({ path: screenshotPath('computers-delete-remote'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Delete on another computer');
  await dialog.getByRole('button', { name: 'Delete copy' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('1 shadow copy deleted.');
  await expect(page.getByRole('tab', { name: `C:\\ (${there.length - 1})` })).toBeVisible();

  const thereAfter = await copiesOfC(page, 'ana-laptop');
  expect(thereAfter.length, 'one copy fewer on ana-laptop').toBe(there.length - 1);
  expect(there.filter((id) => !thereAfter.includes(id)), 'exactly one copy of ana-laptop went').toHaveLength(1);
  expect(await copiesOfC(page), 'this computer keeps every copy').toEqual(here);
});

test('computers: a computer that does not answer says why in one sentence, with the next step', async ({ page }) => {
  await page.goto(`${app.url}#/computers`);
  await page.getByRole('textbox', { name: /^Computer/ }).fill('dead-pc');
  await page.getByRole('button', { name: 'Check first' }).click();
  const form = page.getByRole('form', { name: 'Add a computer' });
  await expect(form).toContainText('dead-pc does not answer', { timeout: 30_000 });
  await expect(form).toContainText('dead-pc cannot be reached over SSH.');
  await expect(form).toContainText('Check the name, that the computer is on and on the network');
  await page.screenshot({ path: screenshotPath('computers-unreachable'), fullPage: true, animations: 'disabled' });
});

test('computers: a chosen computer that stops answering says so above every view, in one sentence; Reconnect tries again; back to this computer', async ({ page }) => {
  await page.goto(`${app.url}#/computers`);
  const dead = page.getByRole('region', { name: 'dead-pc' });
  await expect(page.getByRole('form', { name: 'Add a computer' })).toBeVisible();
  if (!(await dead.isVisible())) {
    await page.getByRole('textbox', { name: /^Computer/ }).fill('dead-pc');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
  }
  await expect(dead).toContainText('dead-pc cannot be reached over SSH.', { timeout: 30_000 });
  await choose(page, /^dead-pc/);
  await expect(page.getByTestId('other-computer-badge')).toBeVisible();
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toContainText('dead-pc is not answering');
  await expect(banner).toContainText('dead-pc cannot be reached over SSH.');
  await expect(banner).toContainText('that its OpenSSH Server service runs');
  // Nothing of another computer is left on screen: the Volumes view has no card, only why.
  await nav(page, 'Volumes').click();
  await expect(page.getByTestId('volume-card')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('computers-link-lost'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'A computer that does not answer');
  await banner.getByRole('button', { name: 'Reconnect' }).click();
  await expect(banner).toContainText('dead-pc cannot be reached over SSH.');
  await choose(page, /^This computer/);
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
});

/** On ana-laptop, Browse's newest copy of C:, Users\ana\Documents, report.txt chosen, then Restore to… with "this computer". */
async function restoreReportHere(page: Page, folder: string) {
  await page.goto(app.url);
  await ensureAna(page);
  await choose(page, new RegExp(`^${LABEL}`));
  await nav(page, 'Browse').click();
  await pickNewestCopyOfC(page);
  await openFolders(page, 'Users', 'ana', 'Documents');
  await fileList(page).getByRole('row', { name: /report\.txt/ }).click();
  await page.getByRole('toolbar', { name: 'Commands' }).getByRole('button', { name: 'Restore to…' }).click();
  const to = page.getByRole('dialog', { name: 'Restore 1 item to another folder' });
  await expect(to.getByRole('radio', { name: `To a folder on ${LABEL}` })).toBeChecked();
  await to.getByRole('radio', { name: 'To a folder on this computer' }).check();
  await expect(to.getByRole('textbox', { name: /Destination folder/ })).toHaveValue('');
  await to.getByRole('textbox', { name: /Destination folder/ }).fill(folder);
  await to.getByRole('button', { name: 'Continue' }).click();
  return page.getByRole('dialog', { name: `Restore to ${folder} on this computer, from ${LABEL}` });
}

test('restore to… this computer: offered on another computer; the plan says from which computer, and that it writes here', async ({ page }) => {
  const plan = await restoreReportHere(page, path.join(base, 'brought-here'));
  await expect(plan).toBeVisible();
  await expect(plan.getByTestId('on-computer')).toHaveText('On:This computer');
  await page.screenshot({ path: screenshotPath('computers-restore-here'), animations: 'disabled' });
  await plan.getByRole('button', { name: /^(Cancel|Close)$/ }).click();
  await expect(plan).toBeHidden();
});

test('restore to… this computer: the file of ana-laptop\'s copy is written here, byte for byte', async ({ page }) => {
  const folder = path.join(base, 'brought-here-run');
  // As for any Restore to…, the folder is one that exists (the dialog says so otherwise).
  mkdirSync(folder);
  const plan = await restoreReportHere(page, folder);
  await expect(plan.getByRole('list', { name: 'Files to restore' })).toContainText('report.txt');
  await plan.getByRole('button', { name: 'Restore' }).click();
  await expect(plan).toContainText('Restored 1 file');
  const written = path.join(folder, 'report.txt');
  expect(existsSync(written)).toBe(true);
  const copyText = await page.evaluate(async () => {
    const api = (window as unknown as { shadowdesk: Api }).shadowdesk;
    const copies = (await api.listShadows!({}, { computer: 'ana-laptop' })) as { id: string; volume: string; createdAt: string }[];
    const newest = copies.filter((c) => c.volume === 'C:\\').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
    const preview = (await api.preview!({ path: 'C:\\Users\\ana\\Documents\\report.txt', source: { shadowId: newest.id } }, { computer: 'ana-laptop' })) as { text?: string };
    return preview.text;
  });
  expect(readFileSync(written, 'utf8')).toBe(copyText);
});

test('fleet: every listed computer checked, rows streaming in; the one that does not answer is its own row; open a computer from its row', async ({ page }) => {
  await page.goto(app.url);
  await ensureAna(page);
  const deadRow = page.getByRole('region', { name: 'dead-pc' });
  if (!(await deadRow.isVisible())) {
    await page.getByRole('textbox', { name: /^Computer/ }).fill('dead-pc');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(deadRow).toBeVisible();
  }
  await nav(page, 'Fleet health').click();
  await page.getByRole('button', { name: 'Check all 2 computers' }).click();
  await expect(page.getByText('Done: all 2 computers answered or timed out.')).toBeVisible({ timeout: 60_000 });
  const rows = page.getByTestId('fleet-row');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-testid="fleet-row"][data-status="ok"]')).toContainText(LABEL);
  await expect(page.locator('[data-testid="fleet-row"][data-status="unreachable"]')).toContainText('dead-pc cannot be reached over SSH.');
  await page.getByRole('combobox', { name: 'Show' }).selectOption('unreachable');
  await expect(rows).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
  await page.getByRole('button', { name: 'Computer', exact: true }).click();
  await expect(rows.first()).toContainText(LABEL);
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await csv).suggestedFilename()).toMatch(/^shadowdesk-fleet-\d{4}-\d{2}-\d{2}\.csv$/);
  await page.screenshot({ path: screenshotPath('fleet'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Fleet health');
  await page.getByRole('button', { name: `Open ${LABEL}` }).click();
  await expect(page.getByTestId('other-computer-badge')).toBeVisible();
});

/** A fleet row as the host's fleetDoctor will stream it (the contract's FleetRow). */
function fleetRow(target: string, ok: boolean, extra: Partial<FleetRow> = {}): FleetRow {
  return {
    target, status: ok ? 'ok' : 'unreachable', elevated: ok ? true : null, volumes: [], newestCopyAgeHours: null, failedWriters: [],
    findings: { critical: 0, warning: 0, info: 0 }, worst: null, durationMs: 10,
    ...(ok ? {} : { error: { code: 'SSH_UNREACHABLE', message: `${target} cannot be reached over SSH.`, next: 'Check the name.' } }),
    ...extra,
  };
}

// The view against rows the test controls (the real fleet is the test above): every column filled,
// which the simulated machines do not all give, and rows released one by one, so streaming, sorting
// and filtering are seen exactly. Every other call, and opening a computer from its row, goes to the
// real host and the real sshd.
test('fleet view: rows stream in as each computer answers, sort, filter, export CSV and Markdown, open a computer from its row', async ({ page }) => {
  const rows = [
    fleetRow('ana-laptop', true, {
      hostname: 'ANA-PC', version: '0.1.0', newestCopyAgeHours: 30, failedWriters: ['WMI Writer'],
      volumes: [{ volume: 'C:\\', copies: 5, newestAt: '2026-12-02T08:00:00Z', storageUsedBytes: 3e9, storageMaxBytes: 4e9 }, { volume: 'D:\\', copies: 0, newestAt: null, storageUsedBytes: null, storageMaxBytes: null }],
      findings: { critical: 0, warning: 1, info: 0 }, worst: { severity: 'warning', title: 'The WMI Writer failed' },
    }),
    fleetRow('dead-pc', false),
  ];
  const report: FleetReport = {
    startedAt: '2026-12-03T10:00:00Z', finishedAt: '2026-12-03T10:00:05Z', concurrency: 5, timeoutSeconds: 30, rows,
    csv: 'target,status\nana-laptop,ok\ndead-pc,unreachable\n', markdown: '| Computer | Status |\n| --- | --- |\n| ana-laptop | ok |\n| dead-pc | unreachable |\n',
  };
  let fleetCalls = 0;
  let release: () => void = () => undefined;
  const finish = new Promise<void>((r) => (release = r));
  // The window talks to `serve` over one WebSocket at /api (native/server/api-script.ts).
  await page.routeWebSocket(/\/api(\?|$)/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const m = JSON.parse(String(message)) as { t: string; id: number; op?: string; input?: { targets: string[] } };
      if (m.t !== 'call' || m.op !== 'fleetDoctor') {
        server.send(message);
        return;
      }
      fleetCalls++;
      expect(m.input?.targets).toEqual(['ana-laptop', 'dead-pc']);
      // The first computer answers at once; the other only when the test says, so the view is seen mid-way.
      const first: FleetProgress = { row: rows[0]!, done: 1, total: 2 };
      ws.send(JSON.stringify({ t: 'progress', id: m.id, event: first }));
      void finish.then(() => {
        const second: FleetProgress = { row: rows[1]!, done: 2, total: 2 };
        ws.send(JSON.stringify({ t: 'progress', id: m.id, event: second }));
        ws.send(JSON.stringify({ t: 'result', id: m.id, value: report }));
      });
    });
  });
  await page.goto(app.url);
  await ensureAna(page);
  if (!(await page.getByRole('region', { name: 'dead-pc' }).isVisible())) {
    await page.getByRole('textbox', { name: /^Computer/ }).fill('dead-pc');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('region', { name: 'dead-pc' })).toBeVisible();
  }
  await nav(page, 'Fleet health').click();
  await page.getByRole('button', { name: 'Check all 2 computers' }).click();
  const tableRows = page.getByTestId('fleet-row');
  await expect(page.getByText('1 of 2 computers answered')).toBeVisible();
  await expect(tableRows).toHaveCount(1);
  await expect(tableRows.first()).toContainText(LABEL);
  release();
  await expect(page.getByText('Done: all 2 computers answered or timed out.')).toBeVisible();
  expect(fleetCalls).toBe(1);
  await expect(tableRows).toHaveCount(2);
  // Worst first (the default sort): the unreachable row has no finding, ana-laptop a warning.
  const ana = page.locator('[data-testid="fleet-row"][data-status="ok"]');
  await expect(ana).toContainText('ANA-PC');
  await expect(ana).toContainText('5 copies');
  await expect(ana).toContainText('C:\\ 5 · D:\\ 0');
  await expect(ana).toContainText('30 hours');
  await expect(ana).toContainText('75% of the maximum');
  await expect(ana).toContainText('WMI Writer');
  await expect(ana).toContainText('The WMI Writer failed');
  await expect(page.locator('[data-testid="fleet-row"][data-status="unreachable"]')).toContainText('dead-pc cannot be reached over SSH.');
  await page.getByRole('columnheader', { name: 'Computer' }).click();
  await expect(tableRows.first()).toContainText(LABEL);
  await page.getByRole('columnheader', { name: 'Computer' }).click();
  await expect(tableRows.first()).toContainText('dead-pc');
  await page.getByRole('combobox', { name: 'Show' }).selectOption('unreachable');
  await expect(tableRows).toHaveCount(1);
  await expect(page.getByText('1 of 2 shown')).toBeVisible();
  await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
  await page.getByRole('textbox', { name: 'Filter' }).fill('ana-pc');
  await expect(tableRows).toHaveCount(1);
  await page.getByRole('textbox', { name: 'Filter' }).fill('');
  await page.screenshot({ path: screenshotPath('fleet'), fullPage: true, animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Fleet health');

  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csvFile = await csv;
  expect(csvFile.suggestedFilename()).toBe('shadowdesk-fleet-2026-12-03.csv');
  expect(readFileSync(await csvFile.path(), 'utf8')).toBe(report.csv);
  const md = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Markdown' }).click();
  const mdFile = await md;
  expect(mdFile.suggestedFilename()).toBe('shadowdesk-fleet-2026-12-03.md');
  expect(readFileSync(await mdFile.path(), 'utf8')).toBe(report.markdown);

  // Open from its row: the real ana-laptop, its copies.
  await page.getByRole('button', { name: `Open ${LABEL}` }).click();
  await expect(page.getByTestId('other-computer-badge')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Windows (C:)' })).toBeVisible();
});

test.describe('in Italian', () => {
  test.use({ locale: 'it-IT' });
  test('computers: the view, the header and a confirmation on another computer in Italian', async ({ page }) => {
    await page.goto(app.url);
    await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Computer', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Computer', level: 1 })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Aggiungi un computer' })).toBeVisible();
    const row = page.getByRole('region', { name: LABEL });
    if (!(await row.isVisible())) {
      await page.getByRole('textbox', { name: /^Computer/ }).fill('ana-laptop');
      await page.getByRole('textbox', { name: /^Nome/ }).fill(LABEL);
      await page.getByRole('button', { name: 'Aggiungi', exact: true }).click();
    }
    await row.getByRole('button', { name: `Verifica ${LABEL}` }).click();
    await expect(row.getByTestId('check-ok')).toContainText('ana-laptop risponde:', { timeout: 30_000 });
    await expect(row.getByTestId('check-ok')).toContainText('(macchina simulata), risposta in');
    await expectNoSeriousA11yViolations(page, 'Computer (it)');
    await page.screenshot({ path: screenshotPath('computers-it'), fullPage: true, animations: 'disabled' });
    await expect(header(page)).toContainText('Questo computer');
    await row.getByRole('button', { name: `Apri ${LABEL}` }).click();
    await expect(page.getByTestId('other-computer-badge')).toHaveText('Altro computer');
    await expect(page.getByRole('region', { name: 'Windows (C:)' }).getByRole('button', { name: 'Crea copia shadow ora' })).toBeVisible();
    await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Copie shadow', exact: true }).click();
    await page.getByRole('button', { name: 'Crea copia shadow…' }).click();
    const create = page.getByRole('dialog', { name: `Crea una copia shadow su ${LABEL}` });
    await expect(create).toBeVisible();
    await expect(create.getByTestId('on-computer')).toHaveText(`Su:${LABEL}`);
    await page.keyboard.press('Escape');
  });
});
