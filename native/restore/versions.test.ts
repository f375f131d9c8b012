import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FolderSource } from '../testing/folder-source.js';
import { AppError } from '../vss/app-error.js';
import { listVersions } from './versions.js';

let src: FolderSource | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
});

const day = (d: number): Date => new Date(`2026-11-${String(d).padStart(2, '0')}T09:00:00Z`);

function put(s: FolderSource, rel: string, text: string, mtime: Date, volume = 'C'): void {
  const file = path.join(s.liveRoot(volume), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  utimesSync(file, mtime, mtime);
}

test('versions: an edited file has one version per real change, identical copies collapsed, newest first', async () => {
  src = new FolderSource();
  put(src, 'Users/ana/report.txt', 'one', day(1));
  const s1 = src.snapshot('C', day(2));
  const s2 = src.snapshot('C', day(3));
  put(src, 'Users/ana/report.txt', 'two two', day(4));
  const s3 = src.snapshot('C', day(5));
  const s4 = src.snapshot('C', day(6));
  put(src, 'Users/ana/report.txt', 'three', day(7));

  const list = await listVersions(src, 'c:/Users/ana/report.txt');
  assert.equal(list.path, 'C:\\Users\\ana\\report.txt');
  assert.equal(list.volume, 'C:\\');
  assert.equal(list.relative, 'Users\\ana\\report.txt');
  assert.deepEqual(list.current, { kind: 'file', size: 5, modifiedAt: day(7).toISOString() });
  assert.equal(list.versions.length, 2);
  const [newest, oldest] = list.versions;
  assert.deepEqual(newest?.shadowIds, [s3.id, s4.id]);
  assert.equal(newest?.firstSeen, s3.createdAt);
  assert.equal(newest?.lastSeen, s4.createdAt);
  assert.equal(newest?.size, 7);
  assert.equal(newest?.modifiedAt, day(4).toISOString());
  assert.deepEqual(oldest?.shadowIds, [s1.id, s2.id]);
  assert.equal(oldest?.size, 3);
  assert.ok(list.versions.every((v) => !v.sameAsCurrent), 'the live file matches none of the copies');
});

test('versions: the version that matches the volume now is marked sameAsCurrent', async () => {
  src = new FolderSource();
  put(src, 'a.txt', 'old', day(1));
  src.snapshot('C', day(2));
  put(src, 'a.txt', 'newer', day(3));
  const s2 = src.snapshot('C', day(4));
  const list = await listVersions(src, 'C:\\a.txt');
  assert.deepEqual(list.versions.map((v) => v.sameAsCurrent), [true, false]);
  assert.deepEqual(list.versions[0]?.shadowIds, [s2.id]);
});

test('versions: a deleted file still has its versions, with current null', async () => {
  src = new FolderSource();
  put(src, 'gone.txt', 'first', day(1));
  src.snapshot('C', day(2));
  put(src, 'gone.txt', 'second!', day(3));
  src.snapshot('C', day(4));
  unlinkSync(path.join(src.liveRoot('C'), 'gone.txt'));
  src.snapshot('C', day(5));

  const list = await listVersions(src, 'C:\\gone.txt');
  assert.equal(list.current, null);
  assert.equal(list.versions.length, 2, 'the copy where the file is absent is not a version');
  assert.deepEqual(list.versions.map((v) => v.size), [7, 5]);
  assert.ok(list.versions.every((v) => !v.sameAsCurrent));
});

test('versions: a folder changes version when its direct content changes', async () => {
  src = new FolderSource();
  put(src, 'proj/a.txt', 'a', day(1));
  const s1 = src.snapshot('C', day(2));
  const s2 = src.snapshot('C', day(3));
  put(src, 'proj/b.txt', 'bb', day(4));
  const s3 = src.snapshot('C', day(5));

  const list = await listVersions(src, 'C:\\proj');
  assert.equal(list.current?.kind, 'folder');
  assert.equal(list.versions.length, 2);
  assert.deepEqual(list.versions.map((v) => v.shadowIds), [[s3.id], [s1.id, s2.id]]);
  assert.deepEqual(list.versions.map((v) => v.kind), ['folder', 'folder']);
  assert.deepEqual(list.versions.map((v) => v.size), [3, 1], 'bytes of the files directly inside');
  assert.deepEqual(list.versions.map((v) => v.sameAsCurrent), [true, false]);
});

test('versions: hash mode tells apart same-size, same-time copies with different content', async () => {
  src = new FolderSource();
  put(src, 'sneaky.bin', 'aaaa', day(1));
  src.snapshot('C', day(2));
  put(src, 'sneaky.bin', 'bbbb', day(1));
  src.snapshot('C', day(3));

  const quick = await listVersions(src, 'C:\\sneaky.bin');
  assert.equal(quick.versions.length, 1, 'size and time alone cannot see the edit');
  assert.equal(quick.versions[0]?.sha256, undefined);

  const hashed = await listVersions(src, 'C:\\sneaky.bin', { hash: true });
  assert.equal(hashed.versions.length, 2);
  assert.match(hashed.versions[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
  assert.notEqual(hashed.versions[0]?.sha256, hashed.versions[1]?.sha256);
  assert.equal(hashed.current?.sha256, hashed.versions[0]?.sha256);
  assert.deepEqual(hashed.versions.map((v) => v.sameAsCurrent), [true, false]);
});

test('versions: only copies of the path\'s own volume count; a path found nowhere is NOT_FOUND', async () => {
  src = new FolderSource(['C', 'D']);
  put(src, 'same-name.txt', 'on C', day(1), 'C');
  put(src, 'same-name.txt', 'on D', day(1), 'D');
  src.snapshot('C', day(2));
  const d = src.snapshot('D', day(3));
  const list = await listVersions(src, 'D:\\same-name.txt');
  assert.deepEqual(list.versions.map((v) => v.shadowIds), [[d.id]]);
  await assert.rejects(listVersions(src, 'C:\\never-existed.txt'), (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
  await assert.rejects(listVersions(src, 'C:\\..\\etc\\passwd'), (e: unknown) => e instanceof AppError && e.code === 'PATH_REJECTED');
});

test('versions: a file put back as it was (non-consecutive copies) is one version, not two', async () => {
  src = new FolderSource();
  put(src, 'r.txt', 'original', day(1));
  const s1 = src.snapshot('C', day(2));
  put(src, 'r.txt', 'a mistake', day(3));
  const s2 = src.snapshot('C', day(4));
  put(src, 'r.txt', 'original', day(1));
  const s3 = src.snapshot('C', day(5));
  const list = await listVersions(src, 'C:\\r.txt');
  assert.deepEqual(list.versions.map((v) => v.shadowIds), [[s1.id, s3.id], [s2.id]]);
  assert.equal(list.versions[0]?.firstSeen, s1.createdAt);
  assert.equal(list.versions[0]?.lastSeen, s3.createdAt);
});
