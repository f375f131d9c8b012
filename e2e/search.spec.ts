import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import { newestCopyOfC } from './support/browse-steps.js';

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

/** A shadow copy of the simulated machine as the stand-in keeps it: its volume and frozen folder. */
interface SimCopy {
  volume: string;
  folder: string;
  created: number;
}

/** The machine's copies, read from the stand-in's own state (not through ShadowDesk), oldest first. */
function simCopies(): SimCopy[] {
  const state = JSON.parse(readFileSync(path.join(app.root, 'state', 'state.json'), 'utf8')) as {
    snapshots: { volume: string; device: number; created: number }[];
  };
  return state.snapshots
    .map((s) => ({ volume: s.volume, folder: path.join(app.root, 'shadows', String(s.device)), created: s.created }))
    .sort((a, b) => a.created - b.created);
}

/** Every distinct full path in any copy whose name matches, found by walking the folders directly. */
function pathsMatching(test: (name: string) => boolean): Set<string> {
  const found = new Set<string>();
  for (const copy of simCopies()) {
    const walk = (dir: string, rel: string[]) => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        if (test(d.name)) found.add(`${copy.volume}:\\${[...rel, d.name].join('\\')}`);
        if (d.isDirectory()) walk(path.join(dir, d.name), [...rel, d.name]);
      }
    };
    walk(copy.folder, []);
  }
  return found;
}

async function openSearch(page: Page): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByRole('navigation', { name: 'ShadowDesk' })).toBeVisible();
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  // The scope picker lists the copies once they are loaded (the demo machine is made on first use).
  const scopes = page.getByRole('combobox', { name: 'Look in' }).locator('option');
  await expect(scopes.nth(1)).toBeAttached();
  await expect(scopes).toHaveCount(simCopies().length + 1);
}

async function searchFor(page: Page, pattern: string): Promise<void> {
  const box = page.getByRole('search', { name: 'Search the shadow copies' }).getByRole('textbox', { name: 'Search for' });
  await box.fill(pattern);
  await box.press('Enter');
}

test('search: a deleted file is found as Deleted, with every copy that holds it, and opens in Previous versions', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSearch(page);
  await expect(page.getByRole('status').filter({ hasText: 'Find a file in every shadow copy' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('search-start'), animations: 'disabled' });
  const holders = simCopies().filter((c) => c.volume === 'C' && existsSync(path.join(c.folder, 'Users', 'ana', 'Desktop', 'todo.txt')));
  expect(holders.length, 'the demo machine keeps todo.txt in several copies').toBeGreaterThan(1);

  await searchFor(page, 'todo');
  await expect(page.getByTestId('search-summary')).toContainText('1 result for “todo”');
  await expect(page.getByTestId('search-announcer')).toHaveText('1 result found.');
  const results = page.getByRole('listbox', { name: '1 result' });
  const todo = results.getByRole('option', { name: /^todo\.txt in C:\\Users\\ana\\Desktop, deleted, / });
  await expect(todo).toBeVisible();
  await expect(todo).toContainText('Deleted');
  await expect(todo).toContainText(`${holders.length} copies`);

  await todo.click();
  await expect(todo).toHaveAttribute('aria-selected', 'true');
  const details = page.getByRole('region', { name: 'todo.txt' });
  await expect(details).toContainText('C:\\Users\\ana\\Desktop\\todo.txt');
  await expect(details).toContainText('Deleted since');
  await expect(details.getByRole('heading', { name: `In ${holders.length} shadow copies` })).toBeVisible();
  await expect(details.getByRole('list', { name: 'Shadow copies that hold todo.txt, newest first' }).getByRole('listitem')).toHaveCount(holders.length);

  await page.screenshot({ path: screenshotPath('search'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Search');

  await details.getByRole('button', { name: 'Copy path' }).click();
  await expect(details.getByTestId('copy-status')).toHaveText('Path copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('C:\\Users\\ana\\Desktop\\todo.txt');

  await details.getByRole('button', { name: 'Previous versions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Previous versions' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Path' })).toHaveValue('C:\\Users\\ana\\Desktop\\todo.txt');
  await expect(page.getByText('C:\\Users\\ana\\Desktop\\todo.txt does not exist now')).toBeVisible();
  await expect(page.getByTestId('version').first()).toBeVisible();

  // Back in Search, the last search is still there, with the same result selected.
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('textbox', { name: 'Search for' })).toHaveValue('todo');
  await expect(todo).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'todo.txt' })).toBeVisible();
});

test('search: "Show in Browse" opens the folder in the newest copy that holds the file', async ({ page }) => {
  await openSearch(page);
  await searchFor(page, 'todo.txt');
  await page.getByRole('option', { name: /^todo\.txt in / }).click();
  await page.getByRole('region', { name: 'todo.txt' }).getByRole('button', { name: 'Show in Browse' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Browse' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Folder' }).getByRole('button', { name: 'Desktop' })).toHaveAttribute('aria-current', 'location');
  await expect(page.getByRole('grid', { name: /^Files in C:\\Users\\ana\\Desktop/ }).getByRole('row', { name: /todo\.txt/ })).toContainText('Deleted since');
  // The copy picker shows the newest copy of C: that holds it (the newest C: copy of the demo).
  await page.getByRole('combobox', { name: 'Shadow copy' }).click();
  await expect(newestCopyOfC(page)).toHaveAttribute('aria-selected', 'true');
});

test('search: a pattern across every copy, with the keyboard only, into Previous versions', async ({ page }) => {
  await openSearch(page);
  const expected = [...pathsMatching((n) => /\.txt$/i.test(n))].sort();
  expect(expected.length).toBeGreaterThan(3);
  const box = page.getByRole('textbox', { name: 'Search for' });
  await box.focus();
  await page.keyboard.type('*.TXT');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-announcer')).toHaveText(`${expected.length} results found.`);
  const options = page.getByRole('listbox', { name: `${expected.length} results` }).getByRole('option');
  const names = await options.evaluateAll((os) => os.map((o) => o.getAttribute('aria-label') ?? ''));
  // Every row is one path, named by its file and folder; together they are exactly what the copies hold.
  const shown = names.map((n) => { const m = /^(.+?) in (.+?)(, deleted)?, /.exec(n)!; return `${m[2]}\\${m[1]}`.replace(/\\\\/g, '\\'); });
  expect(shown.sort()).toEqual(expected);

  await page.keyboard.press('ArrowDown');
  const focused = page.locator('[role=option]:focus');
  await expect(focused).toHaveAttribute('aria-posinset', '1');
  await expect(focused).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(focused).toHaveAttribute('aria-posinset', String(expected.length));
  await page.keyboard.press('Home');
  for (let i = 0; i < expected.length && !((await focused.getAttribute('aria-label')) ?? '').startsWith('report.txt in '); i++) await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAttribute('aria-label', /^report\.txt in C:\\Users\\ana\\Documents, /);
  await expect(page.getByRole('region', { name: 'report.txt' })).toContainText('Still there now');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Previous versions' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Path' })).toHaveValue('C:\\Users\\ana\\Documents\\report.txt');
  await expect(page.getByTestId('version').nth(1), 'report.txt has several versions').toBeVisible();
});

test('search: one copy only, and nothing found says so', async ({ page }) => {
  await openSearch(page);
  const oldestC = simCopies().find((c) => c.volume === 'C')!;
  expect(readdirSync(path.join(oldestC.folder, 'Users', 'ana', 'Documents'))).toContain('letter-draft.txt');
  const scope = page.getByRole('combobox', { name: 'Look in' });
  // Options are newest first: the oldest copy of C: is the last "C:\ — …" one.
  const cOptions = scope.locator('option', { hasText: /^C:\\ — / });
  await scope.selectOption((await cOptions.last().getAttribute('value'))!);
  await searchFor(page, 'letter');
  const hit = page.getByRole('option', { name: /^letter-draft\.txt in C:\\Users\\ana\\Documents, deleted, 1 copy, / });
  await expect(hit).toBeVisible();
  await expect(page.getByTestId('search-summary')).toContainText('1 copy searched');

  await searchFor(page, 'no-such-name-anywhere');
  await expect(page.getByRole('heading', { name: 'No results for “no-such-name-anywhere”' })).toBeVisible();
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(page.getByRole('textbox', { name: 'Search for' })).toHaveValue('');
  await expect(page.getByRole('heading', { name: 'Find a file in every shadow copy' })).toBeVisible();
});

test('search: in Italian, and in dark', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('shadowdesk.language', 'it'));
  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Cerca' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cerca' })).toBeVisible();
  const box = page.getByRole('search', { name: 'Cerca nelle copie shadow' }).getByRole('textbox', { name: 'Cerca' });
  await box.fill('*.txt');
  await box.press('Enter');
  const todo = page.getByRole('option', { name: /^todo\.txt in C:\\Users\\ana\\Desktop, eliminato, \d+ copie, / });
  await expect(todo).toContainText('Eliminato');
  await todo.click();
  const details = page.getByRole('region', { name: 'todo.txt' });
  await expect(details.getByRole('button', { name: 'Versioni precedenti' })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Mostra in Sfoglia' })).toBeVisible();
  await expect(details).toContainText('Eliminato da allora');
  await expect(page.getByTestId('search-summary')).toContainText(/^\d+ risultati per “\*\.txt”/);
  await page.screenshot({ path: screenshotPath('search-italian'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Cerca (Italian)');

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('[data-theme="dark"]')).toBeVisible();
  await page.screenshot({ path: screenshotPath('search-dark-italian'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Cerca (Italian, dark)');
});

test('search: too many results says so, and the list stays virtualized', async ({ page }) => {
  // 5,200 log files in the newest copy of C: — more than the 5,000 a search collects.
  const newestC = simCopies().filter((c) => c.volume === 'C').at(-1)!;
  const dir = path.join(newestC.folder, 'Users', 'ana', 'AppData', 'scan-logs');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 5200; i++) writeFileSync(path.join(dir, `scan-${String(i).padStart(5, '0')}.log`), '');
  await openSearch(page);
  await searchFor(page, 'scan-*.log');
  await expect(page.getByTestId('search-summary')).toContainText('5,000 results for “scan-*.log”');
  await expect(page.getByText('Showing the first 5,000; narrow the search')).toBeVisible();
  await expect(page.getByTestId('search-announcer')).toHaveText('Showing the first 5,000 results; narrow the search to see the rest.');
  const options = page.getByRole('listbox', { name: '5,000 results' }).getByRole('option');
  await expect(options.first()).toHaveAttribute('aria-setsize', '5000');
  expect(await options.count(), 'only the rows in view are in the page').toBeLessThan(60);
  // The search stopped at the limit, so a row's copy count is marked as possibly incomplete.
  await expect(options.first()).toContainText('1+ copy');
  await page.screenshot({ path: screenshotPath('search-truncated'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Search, truncated');
  await options.first().click();
  await page.keyboard.press('End');
  await expect(page.locator('[role=option]:focus')).toHaveAttribute('aria-posinset', '5000');
});

test('search: Stop ends a long search and keeps what it found', async ({ page }) => {
  // Make the copies after the oldest set slow to walk: 24,000 empty folders each. The oldest copies
  // (searched first) hold the matches, so results are on screen while the rest is still searched.
  const copies = simCopies();
  const oldest = copies[0]!.created;
  const slow = copies.filter((c) => c.created !== oldest).slice(0, 2);
  const started = Date.now();
  for (const c of slow) {
    for (let a = 0; a < 120; a++) for (let b = 0; b < 200; b++) mkdirSync(path.join(c.folder, 'bulk', `a${a}`, `b${b}`), { recursive: true });
  }
  test.info().annotations.push({ type: 'setup', description: `48,000 folders made in ${Date.now() - started} ms` });

  await openSearch(page);
  await searchFor(page, '*.txt');
  const stop = page.getByRole('button', { name: 'Stop' });
  await expect(stop).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Search progress' })).toBeVisible();
  const hits = page.getByRole('listbox').getByRole('option');
  await expect(hits.first()).toBeVisible();
  await expect(page.getByTestId('search-progress')).toContainText(/Searched \d of 8 copies · [\d,]+ entries looked at · \d+ found so far/);
  const foundBefore = await hits.count();
  await page.screenshot({ path: screenshotPath('search-running'), animations: 'disabled' });
  await stop.click();

  await expect(page.getByText('Search stopped', { exact: true })).toBeVisible();
  const stoppedText = await page.getByText(/Searched \d of 8 copies before you stopped/).textContent();
  const done = Number(/Searched (\d) of 8/.exec(stoppedText ?? '')![1]);
  expect(done, 'stopped before every copy was searched').toBeLessThan(8);
  const kept = await hits.count();
  expect(kept, 'what was found is kept').toBeGreaterThanOrEqual(foundBefore);
  await expect(page.getByTestId('search-announcer')).toHaveText(kept === 1 ? 'Search stopped: 1 result so far.' : `Search stopped: ${kept} results so far.`);
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(hits.first()).toContainText('+ cop');
  await expect(page.getByRole('search').getByRole('button', { name: 'Search', exact: true })).toBeEnabled();
  await page.screenshot({ path: screenshotPath('search-stopped'), animations: 'disabled' });
});
