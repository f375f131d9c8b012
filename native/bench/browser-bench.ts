/**
 * `npm run bench`, the window's part: opening a 100,000-entry folder in Browse, in Debian's Chromium
 * against the real `serve`, measured against the same rows rendered as a plain (non-virtualized)
 * list in the same page, from the same API, in the same run. Two figures: time to the first rows,
 * and the longest frame (the longest the main thread was blocked) while scrolling to the end.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { simExtras } from '../ffi/sim-extras.js';
import { VssClient } from '../vss/vss-client.js';
import { report } from './bench-kit.js';

/*
 * The measuring functions below run inside the page, not in Node. This project compiles native/
 * without the DOM library (so no native code can lean on browser globals by mistake); these are the
 * few browser globals those page functions use, declared for this file only.
 */
interface PageElement {
  parentElement: PageElement | null;
  dataset: Record<string, string | undefined>;
  scrollTop: number;
  scrollHeight: number;
  childElementCount: number;
  id: string;
  textContent: string | null;
  style: { cssText: string };
  append(...nodes: PageElement[]): void;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
  createElement(tag: string): PageElement;
  getElementById(id: string): PageElement | null;
  body: PageElement;
};
declare const location: { hash: string };
declare const window: unknown;
declare function getComputedStyle(element: PageElement): { overflowY: string };
declare function requestAnimationFrame(callback: (now: number) => void): number;
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): { duration: number }[] }) => void);
  observe(options: { type: string }): void;
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** What one way of showing the folder cost. */
interface Figures {
  firstRowsMs: number;
  /** Longest gap between two animation frames while scrolling to the end. */
  longestFrameMs: number;
  /** Longest task the browser reported (only tasks of 50 ms or more are reported; 0 if none). */
  longestTaskMs: number;
  scrollMs: number;
  jumps: number;
  rowsInDom: number;
  /** Longest frame while jumping through the folder once every row is loaded (as the plain list is). */
  loadedLongestFrameMs: number;
}

/** Jumps through the scrolling element `selector` in `n` evenly spaced steps, two frames each. */
async function evenJumps(page: Page, selector: string, n: number): Promise<number> {
  return page.evaluate(async ({ selector, n }) => {
    const list = document.querySelector(selector)!;
    const t0 = performance.now();
    for (let i = 1; i <= n; i++) {
      list.scrollTop = (list.scrollHeight * i) / n;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    return performance.now() - t0;
  }, { selector, n });
}

/** Jumps through every row loaded already, watching frames: what scrolling costs, paging aside. */
async function loadedFrames(page: Page, selector: string, jumps: number): Promise<number> {
  await page.evaluate((s) => { document.querySelector(s)!.scrollTop = 0; }, selector);
  await page.waitForTimeout(300);
  await startWatching(page);
  await evenJumps(page, selector, jumps);
  return (await stopWatching(page)).maxGap;
}

/** Builds a machine whose D:\bench\big-folder holds `entries` files, in one shadow copy. */
function buildMachine(root: string, entries: number): string {
  const sim = simExtras();
  if (!sim) throw new Error('The browser benchmark runs on the simulated machine.');
  sim.setRoot(root);
  try {
    const client = new VssClient();
    client.listVolumes();
    client.resizeStorage('D:', { kind: 'unbounded' });
    const folder = path.join(sim.volumeFolder('D:\\'), 'bench', 'big-folder');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < entries; i++) writeFileSync(path.join(folder, `file-${String(i).padStart(6, '0')}.txt`), i % 7 === 0 ? 'x' : '');
    return client.createShadows({ volumes: ['D:'] }).shadows[0]!.id;
  } finally {
    sim.setRoot(null);
  }
}

/** Starts the real CLI's `serve` on that machine; resolves with its URL and a stop function. */
async function serve(root: string, dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(repo, 'dist', 'native', 'cli', 'main.js'), 'serve', '--port', '0', '--json', '--lang', 'en'], {
    env: { ...process.env, SHADOWDESK_SIM_ROOT: root, SHADOWDESK_DATA_DIR: dataDir, SHADOWDESK_BACKEND: 'sim' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        // --json output not complete yet
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Starts counting frame gaps and long tasks in the page (read back by `stopWatching`). */
async function startWatching(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { maxGap: number; maxTask: number; run: boolean } };
    w.__bench = { maxGap: 0, maxTask: 0, run: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.maxTask = Math.max(w.__bench.maxTask, e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (now: number) => {
      w.__bench.maxGap = Math.max(w.__bench.maxGap, now - last);
      last = now;
      if (w.__bench.run) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopWatching(page: Page): Promise<{ maxGap: number; maxTask: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __bench: { maxGap: number; maxTask: number; run: boolean } };
    w.__bench.run = false;
    return { maxGap: w.__bench.maxGap, maxTask: w.__bench.maxTask };
  });
}

/** ShadowDesk's Browse: the folder opened by a link, then scrolled to its last entry. */
async function measureOurs(page: Page, url: string, shadowId: string, entries: number): Promise<Figures> {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'ShadowDesk' }).waitFor();
  await page.waitForTimeout(500);
  const hash = `#/browse?${new URLSearchParams({ shadow: shadowId, folder: 'bench\\big-folder' }).toString()}`;
  const firstRowsMs = await page.evaluate(async (h) => {
    const t0 = performance.now();
    const appeared = new Promise<void>((resolve) => {
      const check = () => (document.querySelector('[data-testid="browse-row"]') ? resolve() : requestAnimationFrame(check));
      check();
    });
    location.hash = h;
    await appeared;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, hash);
  await page.waitForTimeout(300);
  await startWatching(page);
  const scroll = await page.evaluate(async (total) => {
    const row = document.querySelector('[data-testid="browse-row"]')!;
    let scroller: PageElement | null = row.parentElement;
    while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
    if (!scroller) throw new Error('no scrolling container around the rows');
    scroller.id = 'bench-scroller';
    const lastIndex = () => Math.max(...[...document.querySelectorAll('[data-testid="browse-row"]')].map((r) => Number(r.dataset.row ?? -1)));
    const t0 = performance.now();
    let jumps = 0;
    while (lastIndex() < total - 1) {
      if (performance.now() - t0 > 300_000) throw new Error(`stuck at row ${lastIndex()} of ${total}`);
      scroller.scrollTop = scroller.scrollHeight;
      jumps++;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    return { ms: performance.now() - t0, jumps, rowsInDom: document.querySelectorAll('[data-testid="browse-row"]').length };
  }, entries);
  const watched = await stopWatching(page);
  const loadedLongestFrameMs = await loadedFrames(page, '#bench-scroller', Math.min(scroll.jumps, 200));
  return { firstRowsMs, longestFrameMs: watched.maxGap, longestTaskMs: watched.maxTask, scrollMs: scroll.ms, jumps: scroll.jumps, rowsInDom: scroll.rowsInDom, loadedLongestFrameMs };
}

/**
 * The baseline: the same folder from the same API (in 5,000-entry pages, the most one call may ask
 * for), every row rendered as a plain list with the same columns, then scrolled to the end in
 * `jumps` evenly spaced jumps.
 */
async function measurePlain(page: Page, url: string, shadowId: string, jumps: number): Promise<Figures> {
  await page.goto(url);
  await page.getByRole('navigation', { name: 'ShadowDesk' }).waitFor();
  await page.waitForTimeout(500);
  const firstRowsMs = await page.evaluate(async (id) => {
    type Entry = { name: string; size: number; modifiedAt: string; status: string };
    const api = (window as unknown as { shadowdesk: { browse(i: object): Promise<{ entries: Entry[]; nextCursor: string | null }> } }).shadowdesk;
    const t0 = performance.now();
    const all: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.browse({ shadowId: id, folder: 'bench\\big-folder', cursor, pageSize: 5000 });
      all.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    const list = document.createElement('div');
    list.id = 'plain-list';
    list.style.cssText = 'position:fixed;inset:0;overflow-y:auto;background:#fff;z-index:99999;font:14px system-ui';
    const fmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
    for (const e of all) {
      const row = document.createElement('div');
      row.style.cssText = 'display:grid;grid-template-columns:1fr 110px 190px 150px;height:40px;align-items:center';
      for (const text of [e.name, `${e.size} B`, fmt.format(new Date(e.modifiedAt)), e.status]) {
        const cell = document.createElement('span');
        cell.textContent = text;
        row.append(cell);
      }
      list.append(row);
    }
    document.body.append(list);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, shadowId);
  await page.waitForTimeout(300);
  await startWatching(page);
  const scrollMs = await evenJumps(page, '#plain-list', jumps);
  const rowsInDom = await page.evaluate(() => document.getElementById('plain-list')!.childElementCount);
  const watched = await stopWatching(page);
  const loadedLongestFrameMs = await loadedFrames(page, '#plain-list', jumps);
  return { firstRowsMs, longestFrameMs: watched.maxGap, longestTaskMs: watched.maxTask, scrollMs, jumps, rowsInDom, loadedLongestFrameMs };
}

/** Runs the browser benchmark; returns its report lines. */
export async function runBrowserBench(entries: number, log: (t: string) => void): Promise<ReturnType<typeof report>[]> {
  const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-browser-bench-'));
  const results: ReturnType<typeof report>[] = [];
  try {
    log(`building a shadow copy with a ${entries}-entry folder…`);
    const root = path.join(base, 'machine');
    const shadowId = buildMachine(root, entries);
    const server = await serve(root, path.join(base, 'data'));
    const browser = await chromium.launch({
      executablePath: process.env.SHADOWDESK_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const ours = await measureOurs(await context.newPage(), server.url, shadowId, entries);
      // The plain list has everything loaded: 200 evenly spaced jumps cover it (each one a new region to paint).
      const plain = await measurePlain(await context.newPage(), server.url, shadowId, Math.min(ours.jumps, 200));
      log('');
      results.push(report(`browser: first rows of a ${entries}-entry folder`, ours.firstRowsMs, 'plain list', plain.firstRowsMs));
      results.push(report('browser: longest frame scrolling to the end', ours.longestFrameMs, 'plain list', plain.longestFrameMs));
      results.push(report('browser: longest frame, every row loaded', ours.loadedLongestFrameMs, 'plain list', plain.loadedLongestFrameMs));
      log(`  longest task (≥50 ms reported): ours ${ours.longestTaskMs.toFixed(0)} ms, plain ${plain.longestTaskMs.toFixed(0)} ms; ` +
        `scrolled to the end: ours ${ours.scrollMs.toFixed(0)} ms in ${ours.jumps} jumps (pages loaded on the way), plain ${plain.scrollMs.toFixed(0)} ms in ${plain.jumps}; ` +
        `rows in the DOM at the end: ours ${ours.rowsInDom}, plain ${plain.rowsInDom}`);
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  return results;
}
