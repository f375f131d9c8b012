import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FolderSource } from '../testing/folder-source.js';
import { testFolders } from '../testing/test-folders.js';
import { browse, clearBrowseCache, firstInOrder } from './browse.js';
import { FsTree } from './fs-tree.js';
import type { BrowseEntry } from './types.js';

const folders = testFolders();
afterEach(() => clearBrowseCache());

const T1 = new Date('2026-11-18T09:00:00Z');
const T2 = new Date('2026-11-19T09:00:00Z');
const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

async function allPages(s: FolderSource, shadowId: string, folder: string, pageSize: number): Promise<BrowseEntry[]> {
  const out: BrowseEntry[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await browse(s, { shadowId, folder, cursor, pageSize });
    out.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

test('browse: a page asked by offset is the page reached through the cursors, cold or warm', async () => {
  const src = folders.source();
  const dir = path.join(src.liveRoot('C:\\'), 'many');
  mkdirSync(dir);
  for (let i = 0; i < 700; i++) writeFileSync(path.join(dir, `f${i}.txt`), '');
  for (let i = 0; i < 20; i++) mkdirSync(path.join(dir, `sub${i}`));
  const shadow = src.snapshot('C', T2);
  const viaCursors = await allPages(src, shadow.id, 'many', 100);
  for (const offset of [0, 100, 300, 650, 719]) {
    clearBrowseCache();
    const cold = await browse(src, { shadowId: shadow.id, folder: 'many', offset, pageSize: 100 });
    assert.deepEqual(cold.entries, viaCursors.slice(offset, offset + 100), `cold offset ${offset}`);
    assert.equal(cold.total, 720);
    const warm = await browse(src, { shadowId: shadow.id, folder: 'many', offset, pageSize: 100 });
    assert.deepEqual(warm.entries, cold.entries, `warm offset ${offset}`);
    // The cursor of an offset page continues where it ends.
    if (cold.nextCursor) {
      const next = await browse(src, { shadowId: shadow.id, folder: 'many', cursor: cold.nextCursor, pageSize: 100 });
      assert.deepEqual(next.entries, viaCursors.slice(offset + 100, offset + 200));
    } else assert.ok(offset + 100 >= 720);
  }
});

test('browse: the first page picked without sorting the folder is the first page of the sorted folder', async () => {
  const src = folders.source();
  const dir = path.join(src.liveRoot('C:\\'), 'mixed');
  mkdirSync(dir);
  const names = ['a10', 'A2', 'a1', 'b', 'B-1', '_x', 'x_', 'Zeta', 'zeta 2', 'é', 'e', 'file (3)', 'file (10)', '10', '9', '.dot'];
  for (let i = 0; i < 300; i++) names.push(`n${(i * 7919) % 1000}-${i % 3 === 0 ? 'X' : 'x'}`);
  for (const n of names) writeFileSync(path.join(dir, n), '');
  for (const d of ['Dir2', 'dir10', 'dir1']) mkdirSync(path.join(dir, d));
  const shadow = src.snapshot('C', T2);
  for (const size of [1, 7, 50, 200, 400]) {
    clearBrowseCache();
    const cold = await browse(src, { shadowId: shadow.id, folder: 'mixed', pageSize: size });
    // Warm the listing through a later page (which sorts the whole folder), then ask the first again.
    await browse(src, { shadowId: shadow.id, folder: 'mixed', offset: 1, pageSize: size });
    const sorted = await browse(src, { shadowId: shadow.id, folder: 'mixed', pageSize: size });
    assert.deepEqual(cold.entries.map((e) => e.name), sorted.entries.map((e) => e.name), `page size ${size}`);
  }
});

test('firstInOrder: the first k of any order equal the first k of a full sort', () => {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const alphabet = ['a', 'A', 'b', '1', '2', '0', '-', '_', ' ', '.', 'é', 'z'];
  for (let round = 0; round < 30; round++) {
    const seen = new Set<string>();
    const items: { name: string; rank: 0 | 1 }[] = [];
    for (let i = 0; i < 400; i++) {
      let name = '';
      const len = 1 + Math.floor(rnd() * 6);
      for (let c = 0; c < len; c++) name += alphabet[Math.floor(rnd() * alphabet.length)];
      if (seen.has(name)) continue;
      seen.add(name);
      items.push({ name, rank: rnd() < 0.1 ? 0 : 1 });
    }
    if (round % 3 === 1) items.reverse();
    const full = [...items].sort((a, b) => a.rank - b.rank || COLLATOR.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const k of [1, 5, 37, 200, 399, 500]) assert.deepEqual(firstInOrder(items, k), full.slice(0, k), `round ${round}, k ${k}`);
  }
});

test('browse: a live folder far out of step with the copy still gets every name once with the right status', async () => {
  const src = folders.source();
  const dir = path.join(src.liveRoot('C:\\'), 'drift');
  mkdirSync(dir);
  for (let i = 0; i < 600; i++) {
    writeFileSync(path.join(dir, `k${i}`), 'same');
    utimesSync(path.join(dir, `k${i}`), T1, T1);
  }
  const shadow = src.snapshot('C', T2);
  const expected = new Map<string, string>();
  for (let i = 0; i < 600; i++) expected.set(`k${i}`, 'same');
  for (let i = 0; i < 600; i += 7) {
    unlinkSync(path.join(dir, `k${i}`));
    expected.set(`k${i}`, 'deleted');
  }
  for (let i = 1; i < 600; i += 11) {
    if (expected.get(`k${i}`) !== 'same') continue;
    writeFileSync(path.join(dir, `k${i}`), 'changed!');
    expected.set(`k${i}`, 'changed');
  }
  for (let i = 0; i < 150; i++) {
    writeFileSync(path.join(dir, `new${i}`), '');
    expected.set(`new${i}`, 'new');
  }
  // Rebuilt live folder: a different order of the same names on most file systems.
  const entries = await allPages(src, shadow.id, 'drift', 97);
  assert.equal(entries.length, expected.size);
  assert.equal(new Set(entries.map((e) => e.name)).size, expected.size, 'each name once');
  for (const e of entries) assert.equal(e.status, expected.get(e.name), e.name);
});

test('FsTree.statMany describes each name as stat does, refuses anything but a single name, and yields between batches', async () => {
  const src = folders.source();
  const root = src.liveRoot('C:\\');
  mkdirSync(path.join(root, 'd', 'inner'), { recursive: true });
  const names: string[] = ['inner', 'absent'];
  for (let i = 0; i < 700; i++) {
    writeFileSync(path.join(root, 'd', `f${i}`), 'x'.repeat(i % 13));
    names.push(`f${i}`);
  }
  const tree = new FsTree(root, { what: 'The volume C:\\' });
  let ranBetween = false;
  setImmediate(() => (ranBetween = true));
  const many = await tree.statMany(['d'], names);
  const ranBeforeDone = ranBetween;
  assert.ok(ranBeforeDone, 'other work ran while 700 entries were stat\'ed');
  for (let i = 0; i < names.length; i++) {
    const one = await tree.stat(['d', names[i]!]);
    assert.deepEqual(many[i] && { kind: many[i]!.kind, size: many[i]!.size, mtimeMs: many[i]!.mtimeMs }, one && { kind: one.kind, size: one.size, mtimeMs: one.mtimeMs }, names[i]);
  }
  assert.equal(many[1], null);
  for (const bad of ['..', '.', '', 'a/b']) await assert.rejects(tree.statMany(['d'], [bad]), /not a single name/, bad);
  assert.deepEqual(await tree.statMany(['no-such-folder'], ['x']), [null]);
  rmSync(path.join(root, 'd'), { recursive: true });
});
