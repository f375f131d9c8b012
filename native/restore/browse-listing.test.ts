import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FolderSource } from '../testing/folder-source.js';
import { testFolders } from '../testing/test-folders.js';
import { browse, clearBrowseCache } from './browse.js';
import type { FileTree } from './file-tree.js';
import { FsTree } from './fs-tree.js';
import type { ShadowInfo, ShadowSource } from './shadow-source.js';
import type { BrowseEntry } from './types.js';

const folders = testFolders();
afterEach(() => clearBrowseCache());

const T = new Date('2026-11-19T09:00:00Z');
const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The folder source's roots as FsTrees folding case or not, either with `readdirKinds` (the
 * parallel-array listing) or with only readdir (the fallback every other tree takes).
 */
function sourceOver(s: FolderSource, foldCase: boolean, kinds: boolean): ShadowSource {
  const trees = new Map<string, FileTree>();
  const tree = (root: string): FileTree => {
    let t = trees.get(root);
    if (!t) {
      const fs = new FsTree(root, { what: 'test', foldCase });
      t = kinds
        ? fs
        : {
            foldCase,
            readdir: (x) => fs.readdir(x),
            stat: (x) => fs.stat(x),
            statMany: (f, n) => fs.statMany(f, n),
            open: (x) => fs.open(x),
            readlink: (x) => fs.readlink(x),
            nativePath: (x) => fs.nativePath(x),
          };
      trees.set(root, t);
    }
    return t;
  };
  return {
    listShadows: () => s.listShadows(),
    liveTree: (v) => tree(s.liveRoot(v)),
    shadowTree: (x: ShadowInfo) => tree(s.shadowRoot(x)),
    destination: (to, v) => s.destination(to, v),
    writeRoot: (k) => s.writeRoot(k),
  };
}

async function byOffsets(source: ShadowSource, shadowId: string, pageSize: number): Promise<{ entries: BrowseEntry[]; total: number }> {
  const entries: BrowseEntry[] = [];
  let total = 0;
  for (let offset = 0; ; offset += pageSize) {
    const page = await browse(source, { shadowId, folder: 'mix', offset, pageSize });
    entries.push(...page.entries);
    total = page.total;
    if (!page.nextCursor) break;
  }
  return { entries, total };
}

/** A folder of folders, files, cases and numbers, changed on the live side after the copy was made. */
function mixedFolder(): { s: FolderSource; shadow: ShadowInfo } {
  const s = folders.source();
  const dir = path.join(s.liveRoot('C:\\'), 'mix');
  mkdirSync(dir);
  const names = ['a10', 'A2', 'a1', 'b', 'B-1', '_x', 'x_', 'Zeta', 'zeta 2', 'é', 'e', 'file (3)', 'file (10)', '10', '9', '.dot', 'swap'];
  for (let i = 0; i < 500; i++) names.push(`n${(i * 7919) % 1000}-${i % 3 === 0 ? 'X' : 'x'}`);
  for (const n of names) writeFileSync(path.join(dir, n), 'copy');
  for (const d of ['Dir2', 'dir10', 'dir1', 'gone-dir']) mkdirSync(path.join(dir, d));
  const shadow = s.snapshot('C', T);
  // Live changes: names only live has (some sorting first), names gone, a file now a folder, a renamed case.
  for (const n of ['0-new', 'AAA new', '~last']) writeFileSync(path.join(dir, n), 'live');
  mkdirSync(path.join(dir, '00 new dir'));
  for (const n of ['b', 'n919-x', '9']) unlinkSync(path.join(dir, n));
  rmSync(path.join(dir, 'gone-dir'), { recursive: true });
  unlinkSync(path.join(dir, 'swap'));
  mkdirSync(path.join(dir, 'swap'));
  // Through another name: under Wine, a rename that only changes case left the folder listing the
  // old spelling (CI on 2026-12-03 saw 'Zeta' live, so 'same'), which this fixture does not mean.
  renameSync(path.join(dir, 'Zeta'), path.join(dir, 'Zeta.renaming'));
  renameSync(path.join(dir, 'Zeta.renaming'), path.join(dir, 'ZETA'));
  assert.ok(readdirSync(dir).includes('ZETA') && !readdirSync(dir).includes('Zeta'), 'the live folder spells it ZETA');
  writeFileSync(path.join(dir, 'a1'), 'changed now');
  return { s, shadow };
}

for (const foldCase of [false, true]) {
  test(`browse (foldCase ${foldCase}): the parallel-array listing pages as the readdir fallback does, and every first page is the sorted folder's start`, async () => {
    const { s, shadow } = mixedFolder();
    const withKinds = sourceOver(s, foldCase, true);
    const fallback = sourceOver(s, foldCase, false);
    const all = await byOffsets(withKinds, shadow.id, 1000);
    clearBrowseCache();
    assert.deepEqual(await byOffsets(fallback, shadow.id, 37), all);
    // The order is browse's: folders first, then the collator, then code units.
    const rank = (e: BrowseEntry): number => (e.kind === 'folder' ? 0 : 1);
    for (let i = 1; i < all.entries.length; i++) {
      const a = all.entries[i - 1]!;
      const b = all.entries[i]!;
      const c = rank(a) - rank(b) || COLLATOR.compare(a.name, b.name) || (a.name < b.name ? -1 : 1);
      assert.ok(c < 0 || (rank(a) === rank(b) && a.name.toLowerCase() === b.name.toLowerCase()), `${a.name} before ${b.name}`);
    }
    assert.equal(all.total, all.entries.length);
    const names = new Set(all.entries.map((e) => e.name));
    for (const n of ['0-new', 'AAA new', '~last', '00 new dir', 'b', 'gone-dir', 'swap']) assert.ok(names.has(n), n);
    const status = new Map(all.entries.map((e) => [e.name, e.status]));
    assert.equal(status.get('0-new'), 'new');
    assert.equal(status.get('00 new dir'), 'new');
    assert.equal(status.get('b'), 'deleted');
    assert.equal(status.get('gone-dir'), 'deleted');
    assert.equal(status.get('swap'), 'changed');
    assert.equal(status.get('a1'), 'changed');
    if (foldCase) {
      // One entry, the copy's spelling, compared with the live one of another case.
      assert.ok(names.has('Zeta') && !names.has('ZETA'));
      assert.equal(status.get('Zeta'), 'same');
    } else {
      assert.equal(status.get('Zeta'), 'deleted');
      assert.equal(status.get('ZETA'), 'new');
    }
    for (const size of [1, 3, 7, 50, 200, 600]) {
      for (const source of [withKinds, fallback]) {
        clearBrowseCache();
        const cold = await browse(source, { shadowId: shadow.id, folder: 'mix', pageSize: size });
        assert.deepEqual(cold.entries, all.entries.slice(0, size), `first page of ${size}`);
        assert.equal(cold.total, all.total);
        // A bigger first page than the one picked when the listing was built.
        const bigger = await browse(source, { shadowId: shadow.id, folder: 'mix', pageSize: size * 2 });
        assert.deepEqual(bigger.entries, all.entries.slice(0, size * 2), `then a first page of ${size * 2}`);
      }
    }
  });
}

test('browse: a folder only the live side has is listed from the live side alone, first page included', async () => {
  const s = folders.source();
  const shadow = s.snapshot('C', T);
  const dir = path.join(s.liveRoot('C:\\'), 'mix');
  mkdirSync(dir);
  for (const n of ['b', 'A', 'c10', 'c9']) writeFileSync(path.join(dir, n), '');
  mkdirSync(path.join(dir, 'z-dir'));
  const page = await browse(sourceOver(s, false, true), { shadowId: shadow.id, folder: 'mix', pageSize: 3 });
  assert.deepEqual(page.entries.map((e) => `${e.name}:${e.status}`), ['z-dir:new', 'A:new', 'b:new']);
  assert.equal(page.total, 5);
});

test('browse (foldCase): two copy names folding alike (a case-keeping folder) are one entry, counted once', async () => {
  const s = folders.source();
  const dir = path.join(s.liveRoot('C:\\'), 'mix');
  mkdirSync(dir);
  for (const n of ['Q', 'q', 'r', 'S']) writeFileSync(path.join(dir, n), '');
  const shadow = s.snapshot('C', T);
  const source = sourceOver(s, true, true);
  const first = await browse(source, { shadowId: shadow.id, folder: 'mix', pageSize: 2 });
  const all = await browse(source, { shadowId: shadow.id, folder: 'mix', offset: 0, pageSize: 10, cursor: first.nextCursor });
  assert.equal(first.total, 3);
  const names = (await browse(source, { shadowId: shadow.id, folder: 'mix', offset: 1, pageSize: 10 })).entries.map((e) => e.name);
  assert.deepEqual(names, ['r', 'S']);
  assert.ok(['Q', 'q'].includes(first.entries[0]!.name));
  assert.equal(all.entries.length, 3);
});
