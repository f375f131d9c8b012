import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { AppError } from '../vss/app-error.js';
import { FsTree } from './fs-tree.js';
import { hashTreeFile } from './fs-common.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const MTIME = new Date('2026-03-01T08:00:00Z');

/** A root with `docs/a.txt` and an `outside` folder next to it (not inside the root). */
function fixture(): { root: string; outside: string; tree: FsTree } {
  const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-fstree-'));
  dirs.push(base);
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  mkdirSync(path.join(root, 'docs'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(root, 'docs', 'a.txt'), 'alpha');
  utimesSync(path.join(root, 'docs', 'a.txt'), MTIME, MTIME);
  writeFileSync(path.join(outside, 'secret.txt'), 'not yours');
  return { root, outside, tree: new FsTree(root, { what: 'The shadow copy' }) };
}

const code = (c: string) => (err: unknown): boolean => err instanceof AppError && err.code === c;

test('FsTree: lists, stats, opens and hashes a file; folders, sizes and times as the folder says', async () => {
  const { root, tree } = fixture();
  assert.equal(tree.foldCase, process.platform === 'win32');
  assert.deepEqual(await tree.readdir([]), [{ name: 'docs', kind: 'folder' }]);
  assert.deepEqual(await tree.readdir(['docs']), [{ name: 'a.txt', kind: 'file' }]);
  const st = (await tree.stat(['docs', 'a.txt']))!;
  assert.equal(st.kind, 'file');
  assert.equal(st.size, 5);
  assert.equal(st.mtimeMs, MTIME.getTime());
  assert.equal(st.attributes, null, 'no attribute port: null, never guessed');
  if (process.platform !== 'win32') assert.equal(typeof st.mode, 'number');
  assert.equal((await tree.stat(['docs']))!.kind, 'folder');
  assert.equal((await tree.stat(['docs']))!.size, 0);
  const f = await tree.open(['docs', 'a.txt']);
  const buf = Buffer.alloc(16);
  assert.equal(await f.read(buf, 0, 16, 1), 4);
  assert.equal(buf.subarray(0, 4).toString(), 'lpha');
  assert.equal(await f.read(buf, 0, 16, 5), 0, 'the end of the file');
  await f.close();
  assert.equal(await hashTreeFile(tree, ['docs', 'a.txt']), '8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8');
  assert.equal(tree.nativePath(['docs', 'a.txt']), path.join(root, 'docs', 'a.txt'));
});

test('FsTree: nothing there is null, a file read as a folder is not-folder, a gone root is NOT_FOUND in words', async () => {
  const { root, tree } = fixture();
  assert.equal(await tree.stat(['nowhere']), null);
  assert.equal(await tree.stat(['nowhere', 'deeper', 'x.txt']), null);
  assert.equal(await tree.stat(['docs', 'a.txt', 'below-a-file']), null);
  assert.equal(await tree.readdir(['nowhere']), null);
  assert.equal(await tree.readdir(['docs', 'a.txt']), 'not-folder');
  assert.equal(await tree.readlink(['docs', 'a.txt']), null, 'not a link');
  assert.equal(await tree.readlink(['nowhere']), null);
  await assert.rejects(tree.open(['nowhere.txt']), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
  await assert.rejects(tree.open(['docs']), code('NOT_A_FILE'), 'a folder is not opened as a file');
  const gone = new FsTree(path.join(root, 'no-such-root'), { what: 'The shadow copy' });
  await assert.rejects(gone.readdir([]), (err: unknown) => err instanceof AppError && err.code === 'NOT_FOUND' && /The shadow copy is not available/.test(err.text.en) && /non è disponibile/.test(err.text.it));
  await assert.rejects(gone.stat(['a.txt']), code('NOT_FOUND'));
});

test('FsTree: a link is described and never followed: stat says link, open refuses it, readlink shows its target', { skip: SYMLINK_SKIP }, async () => {
  const { root, outside, tree } = fixture();
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'docs', 'file-link'), 'file');
  symlinkSync(path.join(root, 'docs', 'a.txt'), path.join(root, 'docs', 'inner-link'), 'file');
  const entries = (await tree.readdir(['docs'])) as { name: string; kind: string }[];
  assert.deepEqual(entries.sort((a, b) => a.name.localeCompare(b.name)).map((e) => `${e.name}:${e.kind}`), ['a.txt:file', 'file-link:link', 'inner-link:link']);
  for (const name of ['file-link', 'inner-link']) {
    assert.equal((await tree.stat(['docs', name]))!.kind, 'link', name);
    await assert.rejects(tree.open(['docs', name]), code('NOT_A_FILE'), `${name} is not opened through`);
  }
  assert.equal(await tree.readlink(['docs', 'file-link']), path.join(outside, 'secret.txt'));
});

test('FsTree: a folder link that leads out of the root is refused before anything is read through it', { skip: SYMLINK_SKIP }, async () => {
  const { root, outside, tree } = fixture();
  symlinkSync(outside, path.join(root, 'out'), 'dir');
  mkdirSync(path.join(root, 'inside'));
  symlinkSync(path.join(root, 'inside'), path.join(root, 'in'), 'dir');
  assert.equal((await tree.stat(['out']))!.kind, 'link', 'the link itself is described');
  await assert.rejects(tree.readdir(['out']), code('PATH_REJECTED'));
  await assert.rejects(tree.stat(['out', 'secret.txt']), code('PATH_REJECTED'));
  await assert.rejects(tree.open(['out', 'secret.txt']), code('PATH_REJECTED'));
  await assert.rejects(tree.readlink(['out', 'secret.txt']), code('PATH_REJECTED'));
  assert.throws(() => tree.nativePath(['out', 'secret.txt']), code('PATH_REJECTED'));
  // Listed first (the root proven), the escape is still refused when read through.
  await tree.readdir([]);
  await assert.rejects(tree.readdir(['out']), code('PATH_REJECTED'));
  await assert.rejects(tree.stat(['out', 'secret.txt']), code('PATH_REJECTED'));
  // A link that stays inside the root may be passed through, as the engine always allowed.
  assert.deepEqual(await tree.readdir(['in']), []);
});

test('FsTree: foldCase can be set for a tree that keeps case (NTFS in an image)', () => {
  const { root } = fixture();
  assert.equal(new FsTree(root, { what: 'x', foldCase: false }).foldCase, false);
  assert.equal(new FsTree(root, { what: 'x', foldCase: true }).foldCase, true);
});

test('FsTree: readdirKinds gives the names and kinds readdir gives, across several read batches', async () => {
  const { root, tree } = fixture();
  const big = path.join(root, 'big');
  mkdirSync(big);
  // More than two opendir batches (4096 each), plus folders and, where links can be made, a link.
  for (let i = 0; i < 9000; i++) writeFileSync(path.join(big, `f${i}.txt`), '');
  for (let i = 0; i < 7; i++) mkdirSync(path.join(big, `Dir ${i}`));
  if (!SYMLINK_SKIP) symlinkSync(path.join(root, 'docs'), path.join(big, 'to-docs'), 'dir');
  for (const at of [[], ['docs'], ['big']]) {
    const entries = (await tree.readdir(at)) as { name: string; kind: string }[];
    const list = await tree.readdirKinds(at);
    assert.ok(list !== null && list !== 'not-folder');
    assert.equal(list.names.length, list.kinds.length);
    const kindNames = ['', 'file', 'folder', 'link'];
    const got = list.names.map((n, i) => `${n}:${kindNames[list.kinds[i]!]}`).sort();
    assert.deepEqual(got, entries.map((e) => `${e.name}:${e.kind}`).sort(), at.join('/'));
  }
  assert.equal(await tree.readdirKinds(['nowhere']), null);
  assert.equal(await tree.readdirKinds(['docs', 'a.txt']), 'not-folder');
  const gone = new FsTree(path.join(root, 'no-such-root'), { what: 'The shadow copy' });
  await assert.rejects(gone.readdirKinds([]), code('NOT_FOUND'));
});

test('FsTree: readdirKinds refuses a folder link that leads out of the root, as readdir does', { skip: SYMLINK_SKIP }, async () => {
  const { root, outside, tree } = fixture();
  symlinkSync(outside, path.join(root, 'out'), 'dir');
  mkdirSync(path.join(root, 'inside'));
  writeFileSync(path.join(root, 'inside', 'x'), '');
  symlinkSync(path.join(root, 'inside'), path.join(root, 'in'), 'dir');
  await assert.rejects(tree.readdirKinds(['out']), code('PATH_REJECTED'));
  await tree.readdirKinds([]);
  await assert.rejects(tree.readdirKinds(['out']), code('PATH_REJECTED'), 'still refused with the root proven');
  assert.deepEqual((await tree.readdirKinds(['in']))!, { names: ['x'], kinds: Uint8Array.of(1) });
});
