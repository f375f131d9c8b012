import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FolderSource } from '../testing/folder-source.js';
import { AppError } from '../vss/app-error.js';
import { compare, localStamp } from './compare.js';

let src: FolderSource | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
});

const day = (d: number): Date => new Date(`2026-11-${String(d).padStart(2, '0')}T09:00:00Z`);
const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');

function put(s: FolderSource, rel: string, data: string | Buffer, mtime: Date): void {
  const file = path.join(s.liveRoot('C'), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  utimesSync(file, mtime, mtime);
}

test('compare: a text file against now gives a unified diff labelled with the copy date and "now"', async () => {
  src = new FolderSource();
  put(src, 'Users/ana/report.txt', 'Title\nFirst line\nEnd\n', day(1));
  const shadow = src.snapshot('C', day(2));
  put(src, 'Users/ana/report.txt', 'Title\nFirst line, edited\nEnd\n', day(3));

  const c = await compare(src, { path: 'C:\\Users\\ana\\report.txt', left: { shadowId: shadow.id }, right: 'live' });
  assert.equal(c.kind, 'text');
  if (c.kind !== 'text') return;
  assert.equal(c.identical, false);
  const leftLabel = `C:\\Users\\ana\\report.txt (copy of ${localStamp(shadow.createdAt)})`;
  assert.equal(c.left.label, leftLabel);
  assert.equal(c.right.label, 'C:\\Users\\ana\\report.txt (now)');
  assert.ok(c.patch.includes(`--- ${leftLabel}`));
  assert.ok(c.patch.includes('+++ C:\\Users\\ana\\report.txt (now)'));
  assert.ok(c.patch.includes('\n-First line\n+First line, edited\n'));
  assert.equal(c.left.sha256, sha('Title\nFirst line\nEnd\n'));
  assert.equal(c.left.modifiedAt, day(1).toISOString());
  assert.equal(c.right.size, 'Title\nFirst line, edited\nEnd\n'.length);
});

test('compare: identical text gives an empty patch', async () => {
  src = new FolderSource();
  put(src, 'same.txt', 'unchanged\n', day(1));
  const shadow = src.snapshot('C', day(2));
  const c = await compare(src, { path: 'C:\\same.txt', left: { shadowId: shadow.id }, right: 'live' });
  assert.equal(c.kind, 'text');
  if (c.kind !== 'text') return;
  assert.equal(c.identical, true);
  assert.equal(c.patch, '');
});

test('compare: a binary file (NUL bytes, or invalid UTF-8) gives size, time and hash of each side', async () => {
  src = new FolderSource();
  const before = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x02]);
  const after = Buffer.from([0xff, 0xfe, 0xfd, 0x41]);
  put(src, 'data.bin', before, day(1));
  const shadow = src.snapshot('C', day(2));
  put(src, 'data.bin', after, day(3));
  const c = await compare(src, { path: 'C:\\data.bin', left: { shadowId: shadow.id }, right: 'live' });
  assert.equal(c.kind, 'binary');
  if (c.kind !== 'binary') return;
  assert.equal(c.identical, false);
  assert.deepEqual(
    { size: c.left.size, sha256: c.left.sha256, modifiedAt: c.left.modifiedAt, exists: c.left.exists },
    { size: before.length, sha256: sha(before), modifiedAt: day(1).toISOString(), exists: true },
  );
  assert.equal(c.right.sha256, sha(after));
  assert.equal(c.right.size, after.length);
});

test('compare: a deleted file still compares with its copy; the missing side has exists false', async () => {
  src = new FolderSource();
  put(src, 'notes.txt', 'keep me\n', day(1));
  const shadow = src.snapshot('C', day(2));
  unlinkSync(path.join(src.liveRoot('C'), 'notes.txt'));
  const c = await compare(src, { path: 'C:\\notes.txt', left: { shadowId: shadow.id }, right: 'live' });
  assert.equal(c.kind, 'text');
  if (c.kind !== 'text') return;
  assert.equal(c.identical, false);
  assert.deepEqual(c.right, { label: 'C:\\notes.txt (now)', exists: false, size: null, modifiedAt: null, sha256: null });
  assert.ok(c.patch.includes('\n-keep me\n'));
});

test('compare: two copies of a folder give added, removed and changed paths, sorted', async () => {
  src = new FolderSource();
  put(src, 'proj/keep.txt', 'k', day(1));
  put(src, 'proj/edit.txt', 'e', day(1));
  put(src, 'proj/old/gone.txt', 'g', day(1));
  const tuesday = src.snapshot('C', day(2));
  put(src, 'proj/edit.txt', 'edited', day(3));
  rmSync(path.join(src.liveRoot('C'), 'proj', 'old'), { recursive: true });
  put(src, 'proj/new/B.txt', 'b', day(3));
  put(src, 'proj/new/a.txt', 'a', day(3));
  const friday = src.snapshot('C', day(4));

  const c = await compare(src, { path: 'C:\\proj', left: { shadowId: tuesday.id }, right: { shadowId: friday.id } });
  assert.equal(c.kind, 'folder');
  if (c.kind !== 'folder') return;
  assert.deepEqual(c.added, ['new', 'new\\a.txt', 'new\\B.txt']);
  assert.deepEqual(c.removed, ['old', 'old\\gone.txt']);
  assert.deepEqual(c.changed, ['edit.txt']);
  assert.equal(c.leftCount, 4);
  assert.equal(c.rightCount, 5);
  assert.equal(c.truncated, undefined);
});

test('compare: unknown copies, copies of another volume and hostile paths are refused', async () => {
  src = new FolderSource(['C', 'D']);
  put(src, 'a.txt', 'x', day(1));
  const c = src.snapshot('C', day(2));
  const d = src.snapshot('D', day(2));
  const code = (want: string) => (e: unknown) => e instanceof AppError && e.code === want;
  await assert.rejects(compare(src, { path: 'C:\\a.txt', left: { shadowId: '{deadbeef-0000-0000-0000-000000000000}' }, right: 'live' }), code('SHADOW_NOT_FOUND'));
  await assert.rejects(compare(src, { path: 'C:\\a.txt', left: { shadowId: d.id }, right: 'live' }), code('WRONG_VOLUME'));
  await assert.rejects(compare(src, { path: 'C:\\..\\a.txt', left: { shadowId: c.id }, right: 'live' }), code('PATH_REJECTED'));
  await assert.rejects(compare(src, { path: 'C:\\nowhere.txt', left: { shadowId: c.id }, right: 'live' }), code('NOT_FOUND'));
});
