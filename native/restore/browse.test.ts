import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FolderSource } from '../testing/folder-source.js';
import { putFile, testFolders } from '../testing/test-folders.js';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { AppError } from '../vss/app-error.js';
import { browse, clearBrowseCache } from './browse.js';
import type { FileTree } from './file-tree.js';
import type { ShadowSource } from './shadow-source.js';
import type { BrowseEntry } from './types.js';

const folders = testFolders();
afterEach(() => clearBrowseCache());

const T1 = new Date('2026-11-18T09:00:00Z');
const T2 = new Date('2026-11-19T09:00:00Z');

function put(s: FolderSource, rel: string, text: string, mtime = T1): void {
  putFile(path.join(s.liveRoot('C:\\'), rel), text, mtime);
}

/** The same source with trees that count their stat calls, to prove what browse reads. */
function countingLstat(s: FolderSource): { calls: number; source: ShadowSource } {
  const wrapped = new Map<FileTree, FileTree>();
  const wrap = (t: FileTree): FileTree => {
    let w = wrapped.get(t);
    if (!w) {
      w = {
        foldCase: t.foldCase,
        readdir: (x) => t.readdir(x),
        stat: (x) => { c.calls++; return t.stat(x); },
        open: (x) => t.open(x),
        readlink: (x) => t.readlink(x),
        nativePath: (x) => t.nativePath(x),
      };
      wrapped.set(t, w);
    }
    return w;
  };
  const source: ShadowSource = {
    listShadows: () => s.listShadows(),
    liveTree: (v) => wrap(s.liveTree(v)),
    shadowTree: (x) => wrap(s.shadowTree(x)),
    destination: (to, v) => s.destination(to, v),
    writeRoot: (k) => s.writeRoot(k),
  };
  const c = { calls: 0, source };
  return c;
}

const byName = (entries: BrowseEntry[]): Map<string, BrowseEntry> => new Map(entries.map((e) => [e.name, e]));

test('browse: each entry is marked same / changed / deleted / new against the live volume', async () => {
  const src = folders.source();
  put(src, 'docs/same.txt', 'unchanged');
  put(src, 'docs/changed.txt', 'first draft');
  put(src, 'docs/deleted.txt', 'soon gone');
  put(src, 'docs/touched.txt', 'same bytes');
  mkdirSync(path.join(src.liveRoot('C:\\'), 'docs', 'sub'));
  const shadow = src.snapshot('C', T2);
  put(src, 'docs/changed.txt', 'second draft, longer', T2);
  put(src, 'docs/touched.txt', 'same bytes', T2);
  unlinkSync(path.join(src.liveRoot('C:\\'), 'docs', 'deleted.txt'));
  put(src, 'docs/new.txt', 'written after the copy', T2);

  const page = await browse(src, { shadowId: shadow.id, folder: 'docs' });
  const e = byName(page.entries);
  assert.equal(page.total, 6);
  assert.equal(page.folder, 'docs');
  assert.equal(page.nextCursor, null);
  assert.equal(e.get('same.txt')?.status, 'same');
  assert.equal(e.get('changed.txt')?.status, 'changed');
  assert.equal(e.get('touched.txt')?.status, 'changed', 'same size but a newer time is a change');
  assert.equal(e.get('deleted.txt')?.status, 'deleted');
  assert.equal(e.get('new.txt')?.status, 'new');
  assert.equal(e.get('sub')?.status, 'same');
  assert.equal(e.get('sub')?.kind, 'folder');
  assert.equal(e.get('changed.txt')?.size, 'first draft'.length, 'facts of an entry in the copy come from the copy');
  assert.equal(e.get('changed.txt')?.modifiedAt, T1.toISOString());
  assert.equal(e.get('new.txt')?.size, 'written after the copy'.length);
});

test('browse: folders first, then names case-insensitively with numbers in numeric order', async () => {
  const src = folders.source();
  for (const n of ['b.txt', 'A.txt', 'file10.txt', 'file2.txt', 'a2.txt']) put(src, n, 'x');
  for (const n of ['zeta', 'Alpha']) mkdirSync(path.join(src.liveRoot('C:\\'), n));
  const shadow = src.snapshot('C', T2);
  const page = await browse(src, { shadowId: shadow.id, folder: '' });
  assert.deepEqual(page.entries.map((x) => x.name), ['Alpha', 'zeta', 'A.txt', 'a2.txt', 'b.txt', 'file2.txt', 'file10.txt']);
});

test('browse: paging through a 2,500-entry folder returns every entry exactly once', async () => {
  const src = folders.source();
  const dir = path.join(src.liveRoot('C:\\'), 'big');
  mkdirSync(dir);
  for (let i = 0; i < 2500; i++) writeFileSync(path.join(dir, `f${i}.bin`), '');
  const shadow = src.snapshot('C', T2);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await browse(src, { shadowId: shadow.id, folder: 'big', pageSize: 300, cursor });
    assert.equal(page.total, 2500);
    assert.ok(page.entries.length <= 300);
    seen.push(...page.entries.map((x) => x.name));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 9);
  assert.equal(seen.length, 2500);
  assert.equal(new Set(seen).size, 2500);
  assert.deepEqual(seen.slice(0, 3), ['f0.bin', 'f1.bin', 'f2.bin']);
});

test('browse: the first page of a 3,000-entry folder stats only that page, not the folder', async () => {
  const src = folders.source();
  const dir = path.join(src.liveRoot('C:\\'), 'huge');
  mkdirSync(dir);
  for (let i = 0; i < 3_000; i++) writeFileSync(path.join(dir, `n${i}`), '');
  const shadow = src.snapshot('C', T2);
  const counter = countingLstat(src);
  const page = await browse(counter.source, { shadowId: shadow.id, folder: 'huge' });
  assert.equal(page.entries.length, 200);
  assert.equal(page.total, 3_000);
  assert.ok(counter.calls <= 400, `stat'ed ${counter.calls} entries for a 200-entry page`);
  const second = await browse(counter.source, { shadowId: shadow.id, folder: 'huge', cursor: page.nextCursor });
  assert.equal(second.entries[0]?.name, 'n200');
  assert.ok(counter.calls <= 800);
});

test('browse: hostile folders are refused with PATH_REJECTED before anything is read', async () => {
  const src = folders.source();
  put(src, 'x/inside.txt', 'x');
  const shadow = src.snapshot('C', T2);
  const counter = countingLstat(src);
  for (const folder of ['..\\x', 'C:\\x', '\\\\server\\share', 'a:stream', 'x\\..\\..\\y', 'CON', 'x\\trailing. ']) {
    await assert.rejects(
      browse(counter.source, { shadowId: shadow.id, folder }),
      (err: unknown) => err instanceof AppError && err.code === 'PATH_REJECTED',
      folder,
    );
  }
  assert.equal(counter.calls, 0);
});

test('browse: a folder that is a link leading out of the copy is refused before anything is read', { skip: SYMLINK_SKIP }, async () => {
  const src = folders.source();
  put(src, 'x/inside.txt', 'x');
  const shadow = src.snapshot('C', T2);
  const outside = folders.temp('outside');
  writeFileSync(path.join(outside, 'secret.txt'), 'not yours');
  symlinkSync(outside, path.join(src.shadowRoot(shadow), 'escape'));
  const counter = countingLstat(src);
  for (const folder of ['escape', 'escape\\secret.txt']) {
    await assert.rejects(
      browse(counter.source, { shadowId: shadow.id, folder }),
      (err: unknown) => err instanceof AppError && err.code === 'PATH_REJECTED',
      folder,
    );
  }
  assert.equal(counter.calls, 0);
});

test('browse: a symlink is listed as a link and never followed', { skip: SYMLINK_SKIP }, async () => {
  const src = folders.source();
  put(src, 'a.txt', 'x');
  const shadow = src.snapshot('C', T2);
  symlinkSync('/', path.join(src.shadowRoot(shadow), 'root-link'));
  const page = await browse(src, { shadowId: shadow.id, folder: '' });
  const link = byName(page.entries).get('root-link');
  assert.equal(link?.kind, 'link');
  assert.equal(link?.status, 'deleted');
});

test('browse: readonly from the mode and hidden for dot-names (POSIX)', { skip: process.platform === 'win32' ? 'POSIX file modes and dot-names; Windows attributes come from the Windows build' : false }, async () => {
  const src = folders.source();
  put(src, '.profile', 'x');
  put(src, 'locked.txt', 'x');
  chmodSync(path.join(src.liveRoot('C:\\'), 'locked.txt'), 0o444);
  const shadow = src.snapshot('C', T2);
  const e = byName((await browse(src, { shadowId: shadow.id, folder: '' })).entries);
  assert.deepEqual(e.get('.profile')?.attributes, ['hidden']);
  assert.deepEqual(e.get('locked.txt')?.attributes, ['readonly']);
});

test('browse: an unknown shadow copy and a missing folder are reported in words', async () => {
  const src = folders.source();
  put(src, 'a.txt', 'x');
  const shadow = src.snapshot('C', T2);
  await assert.rejects(browse(src, { shadowId: '{99999999-0000-0000-0000-000000000000}', folder: '' }), (e: unknown) => e instanceof AppError && e.code === 'SHADOW_NOT_FOUND');
  await assert.rejects(browse(src, { shadowId: shadow.id, folder: 'nowhere' }), (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
  await assert.rejects(browse(src, { shadowId: shadow.id, folder: '', cursor: 'garbage' }), (e: unknown) => e instanceof AppError && e.code === 'BAD_CURSOR');
});
