import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RemoteError } from '../contract/api.js';
import { FolderSource } from '../testing/folder-source.js';
import { inProcessApi } from '../testing/in-process-api.js';
import { assertNoLeaks, freshMachine } from '../testing/sim-machine.js';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { AppError } from '../vss/app-error.js';
import { OPENED_FOLDER, OPENED_KEEP_MS, exportVersion } from './export-version.js';

let src: FolderSource | undefined;
let dataDir: string | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
  if (dataDir) {
    // The exports are read-only: make them writable again so the folder can go.
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else chmodSync(p, 0o644);
      }
    };
    walk(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
  dataDir = undefined;
});

const day = (d: number): Date => new Date(`2026-11-${String(d).padStart(2, '0')}T09:00:00Z`);
const code = (want: string) => (e: unknown) => e instanceof AppError && e.code === want;
const readOnly = (file: string): boolean => (statSync(file).mode & 0o222) === 0;

function put(s: FolderSource, rel: string, data: string | Buffer, mtime = day(1)): string {
  const file = path.join(s.liveRoot('C'), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  utimesSync(file, mtime, mtime);
  return file;
}

function fresh(): { src: FolderSource; dataDir: string } {
  src = new FolderSource(['C', 'D']);
  dataDir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-export-'));
  return { src, dataDir };
}

test('export: the copy\'s bytes, under its own name in the data folder, read-only, with the copy\'s modified time', async () => {
  const { src, dataDir } = fresh();
  const bytes = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 31) & 0xff));
  put(src, 'Users/ana/Documents/budget.xlsx', bytes, day(1));
  const shadow = src.snapshot('C', day(2));
  put(src, 'Users/ana/Documents/budget.xlsx', 'rewritten today', day(3));

  const { file } = await exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\Users\\ana\\Documents\\budget.xlsx' });
  assert.equal(path.basename(file), 'budget.xlsx', 'the original name, so the right application opens it');
  assert.ok(file.startsWith(path.join(dataDir, OPENED_FOLDER) + path.sep), `inside the data folder: ${file}`);
  assert.ok(readFileSync(file).equals(bytes), 'byte for byte the copy\'s version, not today\'s');
  assert.ok(readOnly(file), 'read-only');
  assert.equal(statSync(file).mtime.toISOString(), day(1).toISOString(), 'the modified time of the version');
  assert.equal(readFileSync(path.join(src.liveRoot('C'), 'Users/ana/Documents/budget.xlsx'), 'utf8'), 'rewritten today', 'the live file is untouched');
  assert.deepEqual(readdirSync(path.dirname(file)), ['budget.xlsx'], 'no partial file left behind');
});

test('export: asking again reuses the identical export; another copy or another file with the same name gets its own', async () => {
  const { src, dataDir } = fresh();
  put(src, 'a/report.txt', 'version one', day(1));
  put(src, 'b/report.txt', 'another folder', day(1));
  const first = src.snapshot('C', day(2));
  put(src, 'a/report.txt', 'version two', day(3));
  const second = src.snapshot('C', day(4));

  const one = await exportVersion(src, dataDir, { shadowId: first.id, path: 'C:\\a\\report.txt' });
  const inode = statSync(one.file).ino;
  const again = await exportVersion(src, dataDir, { shadowId: first.id, path: 'c:/a/report.txt' });
  assert.equal(again.file, one.file);
  assert.equal(statSync(again.file).ino, inode, 'the same file, not rewritten (it may be open in its application)');

  const two = await exportVersion(src, dataDir, { shadowId: second.id, path: 'C:\\a\\report.txt' });
  const other = await exportVersion(src, dataDir, { shadowId: first.id, path: 'C:\\b\\report.txt' });
  assert.equal(new Set([one.file, two.file, other.file]).size, 3);
  assert.equal(readFileSync(one.file, 'utf8'), 'version one');
  assert.equal(readFileSync(two.file, 'utf8'), 'version two');
  assert.equal(readFileSync(other.file, 'utf8'), 'another folder');

  // An export someone made writable and edited is replaced by the copy's version again.
  chmodSync(one.file, 0o644);
  writeFileSync(one.file, 'edited by hand');
  const restored = await exportVersion(src, dataDir, { shadowId: first.id, path: 'C:\\a\\report.txt' });
  assert.equal(readFileSync(restored.file, 'utf8'), 'version one');
  assert.ok(readOnly(restored.file));
});

test('export: read-only copies not asked for in a week are removed at the next export; recent ones stay', async () => {
  const { src, dataDir } = fresh();
  put(src, 'old.txt', 'old');
  put(src, 'recent.txt', 'recent');
  put(src, 'new.txt', 'new');
  const shadow = src.snapshot('C', day(2));
  const old = await exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\old.txt' });
  const recent = await exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\recent.txt' });
  const longAgo = new Date(Date.now() - OPENED_KEEP_MS - 60_000);
  utimesSync(path.dirname(old.file), longAgo, longAgo);
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
  utimesSync(path.dirname(recent.file), yesterday, yesterday);

  await exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\new.txt' });
  assert.equal(existsSync(path.dirname(old.file)), false, 'a week old: removed, read-only file and all');
  assert.equal(readFileSync(recent.file, 'utf8'), 'recent');

  // Asking again for a copy makes it recent: it is not removed while in use.
  utimesSync(path.dirname(recent.file), longAgo, longAgo);
  await exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\recent.txt' });
  await exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\new.txt' });
  assert.equal(readFileSync(recent.file, 'utf8'), 'recent');
});

test('export: a file deleted since the copy is exportable; a folder, a missing file, another volume\'s copy are refused in words', async () => {
  const { src, dataDir } = fresh();
  put(src, 'Desktop/todo.txt', 'TODO\r\n', day(1));
  put(src, 'Desktop/keep.txt', 'k', day(1));
  const shadow = src.snapshot('C', day(2));
  const d = src.snapshot('D', day(2));
  rmSync(path.join(src.liveRoot('C'), 'Desktop', 'todo.txt'));

  const { file } = await exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\Desktop\\todo.txt' });
  assert.equal(readFileSync(file, 'utf8'), 'TODO\r\n');

  for (const folder of ['C:\\Desktop', 'C:\\']) {
    await assert.rejects(exportVersion(src, dataDir, { shadowId: shadow.id, path: folder }), (e: unknown) =>
      code('NOT_A_FILE')(e) && /is a folder/.test((e as AppError).text.en) && /è una cartella/.test((e as AppError).text.it), folder);
  }
  await assert.rejects(exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\Desktop\\never.txt' }), code('NOT_FOUND'));
  await assert.rejects(exportVersion(src, dataDir, { shadowId: d.id, path: 'C:\\Desktop\\keep.txt' }), code('WRONG_VOLUME'));
  await assert.rejects(exportVersion(src, dataDir, { shadowId: '{deadbeef-0000-0000-0000-000000000000}', path: 'C:\\Desktop\\keep.txt' }), code('SHADOW_NOT_FOUND'));
});

test('export: ".." and other escapes are refused before anything is read or written', async () => {
  const { src, dataDir } = fresh();
  put(src, 'a.txt', 'x');
  const shadow = src.snapshot('C', day(2));
  writeFileSync(path.join(src.base, 'secret.txt'), 'not yours');
  for (const bad of ['C:\\..\\secret.txt', 'C:\\Users\\..\\..\\secret.txt', 'C:/../secret.txt', 'C:\\a.txt:stream', '\\\\server\\share\\a.txt', 'C:\\con']) {
    await assert.rejects(exportVersion(src, dataDir, { shadowId: shadow.id, path: bad }), code('PATH_REJECTED'), bad);
  }
  assert.deepEqual(readdirSync(dataDir), [], 'nothing written');
});

test('export: a link inside a copy is refused, never followed; a path through a linked folder that leads out is refused', { skip: SYMLINK_SKIP }, async () => {
  const { src, dataDir } = fresh();
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'shadowdesk-export-outside-'));
  try {
    writeFileSync(path.join(elsewhere, 'secret.txt'), 'outside the volume');
    put(src, 'keep.txt', 'k');
    const shadow = src.snapshot('C', day(2));
    const root = src.shadowRoot(shadow);
    symlinkSync(path.join(elsewhere, 'secret.txt'), path.join(root, 'link.txt'), 'file');
    symlinkSync(elsewhere, path.join(root, 'out'), 'dir');
    await assert.rejects(exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\link.txt' }), code('NOT_A_FILE'));
    await assert.rejects(exportVersion(src, dataDir, { shadowId: shadow.id, path: 'C:\\out\\secret.txt' }), code('PATH_REJECTED'));
    assert.deepEqual(readdirSync(dataDir), [], 'nothing written for a link');
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('exportVersion through the contract on the simulated machine: the demo photo and a deleted file; openVersion and dragOut are the app\'s only', async () => {
  const m = freshMachine();
  const host = inProcessApi(m, 'it');
  try {
    const copy = m.client.listShadows({ volume: 'C:' }).at(-1)!;
    const frozenDir = m.sim.deviceFolder(copy.deviceObject);
    const frozen = path.join(frozenDir, 'Users', 'ana', 'Pictures', 'holiday.png');
    const photo = await host.api.exportVersion({ shadowId: copy.id, path: 'C:\\Users\\ana\\Pictures\\holiday.png' });
    assert.ok(readFileSync(photo.file).equals(readFileSync(frozen)), 'the copy\'s bytes');
    assert.ok(readOnly(photo.file));
    assert.equal(Math.floor(statSync(photo.file).mtimeMs), Math.floor(statSync(frozen).mtimeMs), 'the version\'s modified time, to the millisecond');
    assert.ok(photo.file.startsWith(host.dataDir));
    const todo = await host.api.exportVersion({ shadowId: copy.id, path: 'C:\\Users\\ana\\Desktop\\todo.txt' });
    assert.ok(readFileSync(todo.file, 'utf8').startsWith('TODO\r\n'), 'deleted since, still exportable from the copy');
    await assert.rejects(host.api.exportVersion({ shadowId: copy.id, path: 'C:\\Users\\ana' }), (e: unknown) =>
      e instanceof RemoteError && e.data.code === 'NOT_A_FILE' && /è una cartella/.test(e.data.message));
    const onlyInApp = (e: unknown): boolean => e instanceof RemoteError && e.data.code === 'NOT_AVAILABLE_HERE' && /app ShadowDesk su Windows/.test(e.data.message);
    await assert.rejects(host.api.openVersion({ shadowId: copy.id, path: 'C:\\Users\\ana\\Pictures\\holiday.png' }), onlyInApp);
    await assert.rejects(host.api.dragOut({ shadowId: copy.id, paths: ['C:\\Users\\ana\\Pictures\\holiday.png'] }), onlyInApp);
  } finally {
    for (const f of readdirSync(host.dataDir, { recursive: true, withFileTypes: true })) if (f.isFile()) chmodSync(path.join(f.parentPath, f.name), 0o644);
    host.dispose();
    assertNoLeaks(m.sim);
    m.dispose();
  }
});
