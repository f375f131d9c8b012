import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let app: ElectronApplication;
let page: Page;
let base: string;
let root: string;

/** The page's API, as the renderer sees it. */
type PageApi = Record<string, (input?: unknown, options?: unknown) => Promise<unknown>>;

test.beforeAll(async () => {
  const executablePath = process.env.SHADOWDESK_ELECTRON;
  if (!executablePath) throw new Error('Run through build/scripts/test-electron.mjs, which finds the Electron runtime.');
  base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-electron-'));
  root = path.join(base, 'machine');
  mkdirSync(path.join(base, 'data'));
  app = await electron.launch({
    executablePath,
    args: [...(process.env.SHADOWDESK_ELECTRON_SWITCHES ?? '').split(' ').filter(Boolean), `--user-data-dir=${path.join(base, 'profile')}`, '--lang=en-US', repo],
    env: { ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: root, SHADOWDESK_DATA_DIR: path.join(base, 'data') },
  });
  page = await app.firstWindow();
  await expect(page.getByRole('navigation', { name: 'ShadowDesk' })).toBeVisible();
});

test.afterAll(async () => {
  await app?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

test('electron: the app opens one window on its own origin, showing ShadowDesk', async () => {
  await expect(page).toHaveTitle('ShadowDesk');
  expect(page.url()).toBe('app://shadowdesk/index.html');
  expect(app.windows()).toHaveLength(1);
  await page.screenshot({ path: path.join(repo, 'test-results', 'screenshots', 'electron-volumes.png'), animations: 'disabled' });
});

test('electron: the page runs isolated, with no Node, no <webview>, no new windows and no eval', async () => {
  // The exact webPreferences are asserted by the unit tests (Electron has no API to read them back);
  // here is what they mean for a page, observed from inside it.
  const inPage = await page.evaluate(() => {
    let evalResult = 'ran';
    try {
      (0, eval)('1');
    } catch {
      evalResult = 'blocked by the CSP';
    }
    const g = globalThis as Record<string, unknown>;
    const descriptor = Object.getOwnPropertyDescriptor(window, 'shadowdesk');
    return {
      node: [typeof g.require, typeof g.process, typeof g.module, typeof g.Buffer],
      webview: [typeof customElements.get('webview'), document.createElement('webview') instanceof HTMLUnknownElement],
      api: [descriptor?.writable, descriptor?.configurable, Object.isFrozen(descriptor?.value)],
      opened: window.open('https://example.com/') === null ? 'denied' : 'opened',
      eval: evalResult,
    };
  });
  expect(inPage).toEqual({
    node: ['undefined', 'undefined', 'undefined', 'undefined'],
    webview: ['undefined', true],
    api: [false, false, true],
    opened: 'denied',
    eval: 'blocked by the CSP',
  });
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://shadowdesk/index.html');
  expect(app.windows()).toHaveLength(1);
});

test('electron: window.shadowdesk has exactly the contract\'s methods', async () => {
  const keys = await page.evaluate(() => Object.keys((window as unknown as { shadowdesk: object }).shadowdesk));
  const { OPERATION_NAMES } = await import('../../dist/native/contract/operations.js');
  expect(keys).toEqual(OPERATION_NAMES);
});

test('electron: a restore round trip through the preload, IPC and the host in its utility process', async () => {
  const file = path.join(root, 'volumes', 'C', 'Users', 'ana', 'Documents', 'round-trip.txt');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'the version worth keeping\n');
  const shadowId = await page.evaluate(async () => {
    const api = (window as unknown as { shadowdesk: PageApi }).shadowdesk;
    const created = (await api.createShadows!({ volumes: ['C:'] })) as { shadows: { id: string }[] };
    return created.shadows[0]!.id;
  });
  writeFileSync(file, 'an unfortunate edit\n');
  const restored = await page.evaluate(async (id) => {
    const api = (window as unknown as { shadowdesk: PageApi }).shadowdesk;
    const progress: unknown[] = [];
    const result = (await api.runRestore!(
      { shadowId: id, paths: ['C:\\Users\\ana\\Documents\\round-trip.txt'], onConflict: 'replace' },
      { onProgress: (p: unknown) => progress.push(p) },
    )) as { restoreId: string; state: string; replaced: number };
    let invalid = '';
    try {
      await api.createShadows!({ volumes: [] });
    } catch (err) {
      invalid = `${(err as Error).name} ${(err as { data?: { code?: string } }).data?.code}`;
    }
    const elevation = await api.elevation!({});
    return { ...result, progressEvents: progress.length, invalid, elevation };
  }, shadowId);
  expect(restored.elevation).toEqual(process.platform === 'win32' ? expect.objectContaining({ applies: true }) : { applies: false, elevated: null, canRestart: false });
  expect(restored.state).toBe('completed');
  expect(restored.replaced).toBe(1);
  expect(restored.progressEvents).toBeGreaterThan(0);
  expect(restored.invalid).toBe('RemoteError INVALID_INPUT');
  expect(readFileSync(file, 'utf8')).toBe('the version worth keeping\n');

  const undone = await page.evaluate(async (restoreId) => {
    const api = (window as unknown as { shadowdesk: PageApi }).shadowdesk;
    return (await api.undoRestore!({ restoreId })) as { putBack: string[] };
  }, restored.restoreId);
  expect(undone.putBack).toEqual(['C:\\Users\\ana\\Documents\\round-trip.txt']);
  expect(readFileSync(file, 'utf8')).toBe('an unfortunate edit\n');
});
