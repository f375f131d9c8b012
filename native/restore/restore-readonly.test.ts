import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, test } from 'node:test';
import type { ChildRestoreSpec } from '../testing/child-restore.js';
import { ReadOnlySource } from '../testing/readonly-source.js';
import { AppError } from '../vss/app-error.js';
import { planRestore } from './restore-plan.js';
import { runRestore } from './restore-run.js';
import { loadAllJournals, loadJournal } from './restore-journal.js';
import { recoverInterrupted, undoRestore } from './restore-undo.js';

/*
 * Restores from a source whose live volumes are read-only (a disk image): never in place, always
 * `to` a folder of this computer, and journalled, verified and undoable like any other restore.
 */

let src: ReadOnlySource | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
});

const SHOT = new Date('2026-03-10T09:05:00Z');
const OLD_MTIME = new Date('2026-03-01T08:00:00.123Z');
const here = path.dirname(fileURLToPath(import.meta.url));

function setup(): ReadOnlySource {
  src = new ReadOnlySource(['C']);
  return src;
}

function put(file: string, content: string, mtime = OLD_MTIME): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, mtime, mtime);
}

/** `C:\a\b` in the "image" folders (arranging only: the engine reads through the trees). */
function image(s: ReadOnlySource, rel: string): string {
  return path.join(s.folders.liveRoot('C:\\'), ...rel.split('\\'));
}

function dataDir(s: ReadOnlySource): string {
  return path.join(s.folders.base, 'data');
}

/** Every file below a folder, relative, sorted. */
function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => statSync(path.join(dir, n)).isFile()).sort();
}

/** A copy with `Users\ana\report.docx` and `Users\ana\notes\todo.txt`; both changed since. */
function arrange(s: ReadOnlySource) {
  put(image(s, 'Users\\ana\\report.docx'), 'report of March');
  put(image(s, 'Users\\ana\\notes\\todo.txt'), 'buy milk');
  const shot = s.folders.snapshot('C', SHOT);
  put(image(s, 'Users\\ana\\report.docx'), 'report of today', new Date());
  return shot;
}

test('read-only live volume: an in-place restore is refused in words, and nothing is written', async () => {
  const s = setup();
  const shot = arrange(s);
  const before = allFiles(s.folders.liveRoot('C:\\'));
  const refused = (err: unknown): boolean =>
    err instanceof AppError && err.code === 'IMAGE_READ_ONLY' && /read-only: restore to a folder of this computer/.test(err.text.en) && /sola lettura/.test(err.text.it);
  await assert.rejects(planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\report.docx'] }), refused);
  // (On Windows `C:\` is also a folder of this computer, so a forged plan is not tried there.)
  if (process.platform !== 'win32') await assert.rejects(
    runRestore(s, { shadowId: shot.id, shadowCreatedAt: shot.createdAt, destination: 'C:\\', items: [{ source: 'Users\\ana\\report.docx', target: 'C:\\Users\\ana\\report.docx', size: 15, modifiedAt: OLD_MTIME.toISOString(), conflict: 'different' }], totals: { files: 1, bytes: 15, conflicts: 1, identical: 0 } }, { onConflict: 'replace', dataDir: dataDir(s) }),
    refused,
    'a forged plan naming the volume is refused too',
  );
  await assert.rejects(planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\report.docx'], to: 'restored' }), (e: unknown) => e instanceof AppError && e.code === 'PATH_REJECTED', 'a relative folder is no folder of this computer');
  await assert.rejects(planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\report.docx'], to: path.join(s.local, 'missing') }), (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
  assert.deepEqual(allFiles(s.folders.liveRoot('C:\\')), before, 'the image is untouched');
  assert.deepEqual(loadAllJournals(dataDir(s)), [], 'no journal for a refused restore');
});

test('read-only live volume: a restore to a local folder writes, keeps times, verifies, and undo removes what it wrote', async () => {
  const s = setup();
  const shot = arrange(s);
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana'], to: s.local });
  assert.equal(plan.destination, s.local);
  assert.deepEqual(plan.items.map((i) => i.target).sort(), [path.join(s.local, 'ana', 'notes', 'todo.txt'), path.join(s.local, 'ana', 'report.docx')]);
  assert.ok(plan.items.every((i) => i.conflict === 'none'));
  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(r.state, 'completed');
  assert.equal(r.restored.length, 2);
  const report = path.join(s.local, 'ana', 'report.docx');
  assert.equal(readFileSync(report, 'utf8'), 'report of March');
  assert.equal(Math.round(statSync(report).mtimeMs), OLD_MTIME.getTime(), 'the copy\'s modified time, to the millisecond');
  assert.equal(readFileSync(image(s, 'Users\\ana\\report.docx'), 'utf8'), 'report of today', 'the image is never written');
  const j = loadJournal(dataDir(s), r.restoreId);
  assert.ok(j.items.every((i) => i.volume === s.local && i.state === 'placed'), 'journalled under the local folder');
  const reportItem = j.items.find((i) => i.final === 'ana\\report.docx')!;
  assert.equal(reportItem.sha256, createHash('sha256').update('report of March').digest('hex'), 'the SHA-256 of what was read and written');
  assert.equal(allFiles(s.local).filter((n) => n.endsWith('.tmp')).length, 0, 'no temp file left');

  const u = await undoRestore(s, r.restoreId, { dataDir: dataDir(s) });
  assert.deepEqual(u.removed.sort(), [path.join(s.local, 'ana', 'notes', 'todo.txt'), path.join(s.local, 'ana', 'report.docx')]);
  assert.deepEqual(u.refused, []);
  assert.deepEqual(readdirSync(s.local), [], 'the folders it made are gone too');
});

test('read-only live volume: keep both and replace at a local folder; the replaced file waits in the folder\'s own undo area', async () => {
  const s = setup();
  const shot = arrange(s);
  put(path.join(s.local, 'report.docx'), 'my local edit', new Date());
  put(path.join(s.local, 'todo.txt'), 'my list', new Date());
  const paths = ['C:\\Users\\ana\\report.docx', 'C:\\Users\\ana\\notes\\todo.txt'];
  const plan = await planRestore(s, { shadowId: shot.id, paths, to: s.local });
  assert.deepEqual(plan.items.map((i) => i.conflict), ['different', 'different']);
  const r = await runRestore(s, plan, { onConflict: 'keep-both', perItem: { [path.join(s.local, 'todo.txt')]: 'replace' }, dataDir: dataDir(s) });
  assert.equal(r.state, 'completed');
  assert.equal(r.keptBoth.length, 1);
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${SHOT.getFullYear()}-${p(SHOT.getMonth() + 1)}-${p(SHOT.getDate())} ${p(SHOT.getHours())}.${p(SHOT.getMinutes())}`;
  const kept = path.join(s.local, `report (restored ${stamp}).docx`);
  assert.equal(r.keptBoth[0]!.writtenAs, kept);
  assert.equal(readFileSync(kept, 'utf8'), 'report of March');
  assert.equal(readFileSync(path.join(s.local, 'report.docx'), 'utf8'), 'my local edit', 'keep both leaves the local file');
  assert.equal(readFileSync(path.join(s.local, 'todo.txt'), 'utf8'), 'buy milk');
  assert.equal(readFileSync(path.join(s.local, '.shadowdesk-undo', r.restoreId, 'todo.txt'), 'utf8'), 'my list', 'set aside inside the destination');

  const u = await undoRestore(s, r.restoreId, { dataDir: dataDir(s) });
  assert.deepEqual(u.putBack, [path.join(s.local, 'todo.txt')]);
  assert.deepEqual(u.refused, []);
  assert.deepEqual(readdirSync(s.local).sort(), ['report.docx', 'todo.txt'], 'exactly the folder as it was');
  assert.equal(readFileSync(path.join(s.local, 'todo.txt'), 'utf8'), 'my list');
});

test('read-only live volume: a restore to a local folder killed after setting a file aside is recovered by another process', async () => {
  const s = setup();
  const shot = arrange(s);
  const dest = path.join(s.local, 'docs');
  mkdirSync(dest);
  put(path.join(dest, 'report.docx'), 'local report', new Date());
  const spec: ChildRestoreSpec = {
    liveRoots: { C: s.folders.liveRoot('C:\\') },
    shadows: s.listShadows(),
    shadowRoots: Object.fromEntries(s.listShadows().map((x) => [x.id, s.folders.shadowRoot(x)])),
    dataDir: dataDir(s),
    shadowId: shot.id,
    paths: ['C:\\Users\\ana\\report.docx'],
    to: dest,
    readOnlyLive: true,
    onConflict: 'replace',
    exitAfterAside: 1,
  };
  const child = spawnSync(process.execPath, [path.join(here, '..', 'testing', 'child-restore.js'), JSON.stringify(spec)], { encoding: 'utf8' });
  assert.equal(child.status, 9, `the child died mid-restore: ${child.stderr}${child.stdout}`);
  assert.equal(existsSync(path.join(dest, 'report.docx')), false, 'killed with the local file set aside');
  assert.ok(readdirSync(dest).some((n) => n.endsWith('.tmp')), 'and its temp file still there');

  const recovered = await recoverInterrupted(s, dataDir(s));
  assert.equal(recovered.length, 1);
  assert.equal(recovered[0]!.state, 'interrupted');
  assert.deepEqual(readdirSync(dest), ['report.docx'], 'nothing partial or temporary left, no undo area');
  assert.equal(readFileSync(path.join(dest, 'report.docx'), 'utf8'), 'local report');
  const again = await runRestore(s, await planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\report.docx'], to: dest }), { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(again.state, 'completed', 'a rerun completes');
  assert.equal(readFileSync(path.join(dest, 'report.docx'), 'utf8'), 'report of March');
});
