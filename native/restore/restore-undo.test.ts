import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { FolderSource } from '../testing/folder-source.js';
import { planRestore } from './restore-plan.js';
import { runRestore } from './restore-run.js';
import { loadJournal } from './restore-journal.js';
import { listRestores, undoRestore } from './restore-undo.js';

let src: FolderSource | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
});

const SHOT = new Date('2026-03-10T09:05:00Z');
const OLD_MTIME = new Date('2026-03-01T08:00:00Z');

function setup(): FolderSource {
  src = new FolderSource(['C']);
  return src;
}

function live(s: FolderSource, rel: string): string {
  return path.join(s.liveRoot('C:\\'), ...rel.split('\\'));
}

function put(file: string, content: string | Buffer, mtime = OLD_MTIME): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, mtime, mtime);
}

function dataDir(s: FolderSource): string {
  return path.join(s.base, 'data');
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

test('undo puts replaced files back byte-for-byte and removes restored ones and their folders', async () => {
  const s = setup();
  put(live(s, 'docs\\report.docx'), 'copy version');
  put(live(s, 'docs\\deleted\\old.txt'), 'deleted since');
  put(live(s, 'docs\\both.txt'), 'both: copy');
  const shot = s.snapshot('C', SHOT);
  const current = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x10]);
  put(live(s, 'docs\\report.docx'), current, new Date('2026-03-20T10:00:00Z'));
  put(live(s, 'docs\\both.txt'), 'both: current');
  rmSync(live(s, 'docs\\deleted'), { recursive: true });
  const before = allFiles(s.liveRoot('C:\\'));

  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
  const r = await runRestore(s, plan, { onConflict: 'replace', perItem: { 'C:\\docs\\both.txt': 'keep-both' }, dataDir: dataDir(s) });
  assert.equal(r.state, 'completed');
  assert.equal(readFileSync(live(s, 'docs\\report.docx'), 'utf8'), 'copy version');
  assert.equal(r.keptBoth.length, 1);

  const u = await undoRestore(s, r.restoreId, { dataDir: dataDir(s) });
  assert.deepEqual(u.putBack, ['C:\\docs\\report.docx']);
  assert.deepEqual([...u.removed].sort(), ['C:\\docs\\deleted\\old.txt', r.keptBoth[0]!.writtenAs, 'C:\\docs\\report.docx'].sort());
  assert.deepEqual(u.refused, []);
  assert.deepEqual(readFileSync(live(s, 'docs\\report.docx')), current);
  assert.equal(readFileSync(live(s, 'docs\\both.txt'), 'utf8'), 'both: current');
  assert.deepEqual(allFiles(s.liveRoot('C:\\')), before, 'exactly the previous tree: no undo folder, no created folders');
  assert.equal(loadJournal(dataDir(s), r.restoreId).state, 'undone');
  assert.equal(listRestores(dataDir(s))[0]?.state, 'undone');

  await assert.rejects(undoRestore(s, r.restoreId, { dataDir: dataDir(s) }), { code: 'ALREADY_UNDONE' });
});

test('undo refuses to delete a file the user edited after the restore, and keeps the replaced one', async () => {
  const s = setup();
  put(live(s, 'report.txt'), 'from the copy');
  put(live(s, 'other.txt'), 'other from the copy');
  const shot = s.snapshot('C', SHOT);
  put(live(s, 'report.txt'), 'before the restore');
  put(live(s, 'other.txt'), 'other before the restore');
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\report.txt', 'C:\\other.txt'] });
  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  writeFileSync(live(s, 'report.txt'), 'the user kept working after the restore');

  const u = await undoRestore(s, r.restoreId, { dataDir: dataDir(s) });
  assert.equal(readFileSync(live(s, 'report.txt'), 'utf8'), 'the user kept working after the restore');
  assert.deepEqual(u.refused.map((x) => x.path), ['C:\\report.txt', 'C:\\report.txt']);
  assert.match(u.refused[1]!.reason, /\.shadowdesk-undo/);
  const aside = live(s, `.shadowdesk-undo\\${r.restoreId}\\report.txt`);
  assert.equal(readFileSync(aside, 'utf8'), 'before the restore', 'the replaced file is still kept');
  assert.deepEqual(u.putBack, ['C:\\other.txt']);
  assert.equal(readFileSync(live(s, 'other.txt'), 'utf8'), 'other before the restore');
  assert.deepEqual(u.refused.map((x) => x.code), ['edited', 'place-taken'], 'each refusal says why, as a code a window can word');
  assert.equal(u.refused[1]!.keptAt, `C:\\.shadowdesk-undo\\${r.restoreId}\\report.txt`);
  assert.equal(listRestores(dataDir(s))[0]?.state, 'partly-undone', 'the history does not claim it was undone');

  // The user moves their edit out of the way; undoing again finishes the job.
  renameSync(live(s, 'report.txt'), live(s, 'report (my edit).txt'));
  const again = await undoRestore(s, r.restoreId, { dataDir: dataDir(s) });
  assert.deepEqual(again.refused, []);
  assert.deepEqual(again.putBack, ['C:\\report.txt']);
  assert.equal(readFileSync(live(s, 'report.txt'), 'utf8'), 'before the restore');
  assert.equal(readFileSync(live(s, 'report (my edit).txt'), 'utf8'), 'the user kept working after the restore');
  assert.equal(listRestores(dataDir(s))[0]?.state, 'undone');
  await assert.rejects(undoRestore(s, r.restoreId, { dataDir: dataDir(s) }), { code: 'ALREADY_UNDONE' });
});

test('cancel mid-way leaves no temp files, keeps what was placed, and undo still works', async () => {
  const s = setup();
  const size = 12 * 1024 * 1024;
  for (const n of [1, 2, 3]) put(live(s, `big\\f${n}.bin`), Buffer.alloc(size, n));
  const shot = s.snapshot('C', SHOT);
  for (const n of [1, 2, 3]) put(live(s, `big\\f${n}.bin`), `current ${n}`);
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\big'] });
  const ac = new AbortController();
  const r = await runRestore(s, plan, {
    onConflict: 'replace',
    dataDir: dataDir(s),
    signal: ac.signal,
    onProgress: (p) => {
      if (p.filesDone === 1 && p.bytesDone > size) ac.abort();
    },
  });
  assert.equal(r.state, 'cancelled');
  assert.deepEqual(r.restored, ['C:\\big\\f1.bin']);
  assert.deepEqual(readdirSync(live(s, 'big')).sort(), ['f1.bin', 'f2.bin', 'f3.bin'], 'no temp left');
  assert.deepEqual(readFileSync(live(s, 'big\\f1.bin')), Buffer.alloc(size, 1));
  assert.equal(readFileSync(live(s, 'big\\f2.bin'), 'utf8'), 'current 2');
  const j = loadJournal(dataDir(s), r.restoreId);
  assert.deepEqual(j.items.map((i) => i.state), ['placed', 'cancelled', 'pending']);

  const u = await undoRestore(s, r.restoreId, { dataDir: dataDir(s) });
  assert.deepEqual(u.putBack, ['C:\\big\\f1.bin']);
  for (const n of [1, 2, 3]) assert.equal(readFileSync(live(s, `big\\f${n}.bin`), 'utf8'), `current ${n}`);
  assert.equal(existsSync(live(s, '.shadowdesk-undo')), false);
});

test('undo of an unknown or malformed restore id is NOT_FOUND', async () => {
  const s = setup();
  await assert.rejects(undoRestore(s, '20260101-000000-abcd', { dataDir: dataDir(s) }), { code: 'NOT_FOUND' });
  await assert.rejects(undoRestore(s, '..\\..\\etc', { dataDir: dataDir(s) }), { code: 'NOT_FOUND' });
});

test('listRestores shows the history newest first with what each restore wrote', async () => {
  const s = setup();
  put(live(s, 'a.txt'), 'aaaa');
  const shot = s.snapshot('C', SHOT);
  rmSync(live(s, 'a.txt'));
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\a.txt'] });
  const first = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  await new Promise((res) => setTimeout(res, 5));
  const second = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  const list = listRestores(dataDir(s));
  assert.deepEqual(list.map((x) => x.restoreId), [second.restoreId, first.restoreId]);
  assert.deepEqual({ ...list[1]!, startedAt: '', finishedAt: '' }, { restoreId: first.restoreId, startedAt: '', finishedAt: '', state: 'completed', shadowId: shot.id, destination: 'C:\\', files: 1, bytes: 4 });
  assert.equal(list[0]!.files, 0, 'the second found it identical and wrote nothing');
  assert.deepEqual(listRestores(path.join(s.base, 'nowhere')), []);
});
