import assert from 'node:assert/strict';
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import type { FolderSource } from '../testing/folder-source.js';
import { putFile, testFolders } from '../testing/test-folders.js';
import { planRestore } from './restore-plan.js';
import { runRestore } from './restore-run.js';
import { loadJournal } from './restore-journal.js';
import type { RestorePlan } from './types.js';

const folders = testFolders();

const SHOT = new Date('2026-03-10T09:05:00Z');
const OLD_MTIME = new Date('2026-03-01T08:00:00Z');

const setup = (volumes?: string[]): FolderSource => folders.source(volumes);

/** Native path of `C:\a\b` (or another volume) in the live folders. */
function live(s: FolderSource, full: string): string {
  const m = /^([A-Z]):\\?(.*)$/.exec(full)!;
  return path.join(s.liveRoot(`${m[1]}:\\`), ...m[2]!.split('\\').filter(Boolean));
}

const put = (file: string, content: string | Buffer, mtime = OLD_MTIME): void => putFile(file, content, mtime);

function dataDir(s: FolderSource): string {
  return path.join(s.base, 'data');
}

/** Every file below a folder whose name marks it as one of our temporaries. */
function temps(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.tmp'));
}

/** The keep-both stamp, computed independently of the engine: local time of the shadow copy. */
function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}.${p(d.getMinutes())}`;
}

test('replace at the original place: content and mtime come back, the old file is kept aside', async () => {
  const s = setup();
  const report = live(s, 'C:\\Users\\ana\\report.docx');
  put(report, 'version one');
  const shot = s.snapshot('C', SHOT);
  put(report, 'version two, overwritten by mistake', new Date());
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\report.docx'] });
  assert.equal(plan.items.length, 1);
  assert.equal(plan.items[0]!.conflict, 'different');
  assert.equal(plan.items[0]!.target, 'C:\\Users\\ana\\report.docx');
  assert.equal(plan.destination, 'C:\\Users\\ana');
  assert.deepEqual(plan.totals, { files: 1, bytes: 11, conflicts: 1, identical: 0 });

  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(r.state, 'completed');
  assert.deepEqual(r.restored, ['C:\\Users\\ana\\report.docx']);
  assert.equal(r.replaced, 1);
  assert.match(r.restoreId, /^\d{8}-\d{6}-[0-9a-f]{4}$/);
  assert.equal(readFileSync(report, 'utf8'), 'version one');
  assert.equal(Math.floor(lstatSync(report).mtimeMs), OLD_MTIME.getTime());
  const aside = path.join(s.liveRoot('C:\\'), '.shadowdesk-undo', r.restoreId, 'Users', 'ana', 'report.docx');
  assert.equal(readFileSync(aside, 'utf8'), 'version two, overwritten by mistake');
  assert.deepEqual(temps(s.liveRoot('C:\\')), []);

  const j = loadJournal(dataDir(s), r.restoreId);
  assert.equal(j.state, 'completed');
  assert.equal(j.pid, process.pid);
  assert.equal(j.items[0]!.state, 'placed');
  assert.equal(j.items[0]!.aside, `.shadowdesk-undo\\${r.restoreId}\\Users\\ana\\report.docx`);
  assert.equal(j.items[0]!.final, 'Users\\ana\\report.docx');
  assert.match(j.items[0]!.temp!, /^Users\\ana\\\.report\.docx\.shadowdesk-.*\.tmp$/);
});

test('keep both writes "name (restored YYYY-MM-DD HH.MM).ext", then " 2" when that exists', async () => {
  const s = setup();
  const report = live(s, 'C:\\Users\\ana\\report.docx');
  put(report, 'old');
  const shot = s.snapshot('C', SHOT);
  put(report, 'new', new Date());
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\report.docx'] });
  const first = await runRestore(s, plan, { onConflict: 'keep-both', dataDir: dataDir(s) });
  const name1 = `report (restored ${stamp(SHOT)}).docx`;
  assert.deepEqual(first.keptBoth, [{ target: 'C:\\Users\\ana\\report.docx', writtenAs: `C:\\Users\\ana\\${name1}` }]);
  assert.equal(readFileSync(report, 'utf8'), 'new', 'the current file is untouched');
  assert.equal(readFileSync(path.join(path.dirname(report), name1), 'utf8'), 'old');
  assert.equal(first.replaced, 0);

  const second = await runRestore(s, plan, { onConflict: 'keep-both', dataDir: dataDir(s) });
  const name2 = `report (restored ${stamp(SHOT)} 2).docx`;
  assert.equal(second.keptBoth[0]!.writtenAs, `C:\\Users\\ana\\${name2}`);
  assert.deepEqual(readdirSync(path.dirname(report)).sort(), [name1, name2, 'report.docx'].sort());
});

test('skip leaves conflicts alone; per-item choices override the default', async () => {
  const s = setup();
  const a = live(s, 'C:\\docs\\a.txt');
  const b = live(s, 'C:\\docs\\b.txt');
  put(a, 'a old');
  put(b, 'b old');
  const shot = s.snapshot('C', SHOT);
  put(a, 'a new');
  put(b, 'b new');
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
  const r = await runRestore(s, plan, { onConflict: 'skip', perItem: { 'C:\\docs\\b.txt': 'replace' }, dataDir: dataDir(s) });
  assert.equal(r.state, 'completed');
  assert.deepEqual(r.skipped, ['C:\\docs\\a.txt']);
  assert.deepEqual(r.restored, ['C:\\docs\\b.txt']);
  assert.equal(readFileSync(a, 'utf8'), 'a new');
  assert.equal(readFileSync(b, 'utf8'), 'b old');
});

test('identical files are planned as "same" and skipped without being touched', async () => {
  const s = setup();
  const same = live(s, 'C:\\docs\\same.txt');
  const gone = live(s, 'C:\\docs\\gone.txt');
  put(same, 'unchanged');
  put(gone, 'deleted later');
  const shot = s.snapshot('C', SHOT);
  rmSync(gone);
  const later = new Date('2026-04-01T00:00:00Z');
  utimesSync(same, later, later);
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
  assert.deepEqual(plan.items.map((i) => [i.target, i.conflict]), [['C:\\docs\\gone.txt', 'none'], ['C:\\docs\\same.txt', 'same']]);
  assert.equal(plan.totals.identical, 1);
  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.deepEqual(r.skipped, ['C:\\docs\\same.txt']);
  assert.deepEqual(r.restored, ['C:\\docs\\gone.txt']);
  assert.equal(r.replaced, 0);
  assert.equal(Math.floor(lstatSync(same).mtimeMs), later.getTime(), 'the identical file was not rewritten');
  assert.equal(readFileSync(gone, 'utf8'), 'deleted later');
});

test('a deleted folder comes back with its subfolders, content and times', async () => {
  const s = setup();
  const files = { 'C:\\proj\\readme.md': 'hello', 'C:\\proj\\src\\main.ts': 'code', 'C:\\proj\\src\\deep\\x.bin': Buffer.from([0, 1, 2, 255]) };
  for (const [f, c] of Object.entries(files)) put(live(s, f), c);
  const shot = s.snapshot('C', SHOT);
  rmSync(live(s, 'C:\\proj'), { recursive: true });
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\proj'] });
  assert.equal(plan.items.length, 3);
  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(r.state, 'completed');
  for (const [f, c] of Object.entries(files)) {
    assert.deepEqual(readFileSync(live(s, f)), Buffer.from(c));
    assert.equal(Math.floor(lstatSync(live(s, f)).mtimeMs), OLD_MTIME.getTime());
  }
  assert.deepEqual(temps(s.liveRoot('C:\\')), []);
});

test('restore to another folder on another volume keeps the top name and the subtree', async () => {
  const s = setup(['C', 'D']);
  put(live(s, 'C:\\Users\\ana\\Documents\\report.docx'), 'report');
  put(live(s, 'C:\\Users\\ana\\Documents\\sub\\notes.txt'), 'notes');
  const shot = s.snapshot('C', SHOT);
  const folderPlan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\Documents'], to: 'D:\\Restored' });
  assert.equal(folderPlan.destination, 'D:\\Restored');
  assert.deepEqual(folderPlan.items.map((i) => i.target).sort(), ['D:\\Restored\\Documents\\report.docx', 'D:\\Restored\\Documents\\sub\\notes.txt']);
  const r = await runRestore(s, folderPlan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(r.state, 'completed');
  assert.equal(readFileSync(live(s, 'D:\\Restored\\Documents\\sub\\notes.txt'), 'utf8'), 'notes');

  const filePlan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\Users\\ana\\Documents\\report.docx'], to: 'D:\\Restored' });
  assert.deepEqual(filePlan.items.map((i) => i.target), ['D:\\Restored\\report.docx']);
  await runRestore(s, filePlan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(readFileSync(live(s, 'D:\\Restored\\report.docx'), 'utf8'), 'report');
  assert.equal(readFileSync(live(s, 'C:\\Users\\ana\\Documents\\report.docx'), 'utf8'), 'report', 'the source place is untouched');
});

test('a path missing from the copy fails with NOT_FOUND naming it', async () => {
  const s = setup();
  put(live(s, 'C:\\a.txt'), 'a');
  const shot = s.snapshot('C', SHOT);
  await assert.rejects(planRestore(s, { shadowId: shot.id, paths: ['C:\\a.txt', 'C:\\Users\\ana\\nothing.txt'] }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'NOT_FOUND');
    assert.match(err.message, /C:\\Users\\ana\\nothing\.txt/);
    return true;
  });
});

test('links inside the copy are never followed: listed as skipped, not restored', { skip: SYMLINK_SKIP }, async () => {
  const s = setup();
  const outside = folders.temp('outside');
  writeFileSync(path.join(outside, 'secret.txt'), 'not yours');
  put(live(s, 'C:\\docs\\real.txt'), 'real');
  symlinkSync(outside, live(s, 'C:\\docs\\escape'));
  const shot = s.snapshot('C', SHOT);
  rmSync(live(s, 'C:\\docs'), { recursive: true });
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
  assert.deepEqual(plan.items.map((i) => i.target), ['C:\\docs\\real.txt']);
  assert.deepEqual(plan.skippedLinks, ['C:\\docs\\escape']);
});

test('hostile paths are refused before anything is written', async () => {
  const s = setup();
  put(live(s, 'C:\\Users\\bob\\notes.txt'), 'notes');
  const shot = s.snapshot('C', SHOT);
  const refused = async (paths: string[], to?: string): Promise<void> => {
    await assert.rejects(planRestore(s, { shadowId: shot.id, paths, ...(to ? { to } : {}) }), { code: 'PATH_REJECTED' });
  };
  await refused(['C:\\Users\\..\\..\\etc\\passwd']);
  await refused(['C:\\Users\\bob\\notes.txt:evil']);
  await refused(['\\\\server\\share\\notes.txt']);
  await refused(['C:\\Users\\bob\\notes.txt'], 'C:\\Restored\\..\\..\\out');
  await refused(['C:\\Users\\bob\\notes.txt'], 'C:\\Restored\\x:stream');
  assert.ok(!existsSync(live(s, 'C:\\Restored')), 'a refused plan created nothing, not even the destination folder');
  assert.equal(readFileSync(live(s, 'C:\\Users\\bob\\notes.txt'), 'utf8'), 'notes');
});

test('links at the destination that lead outside the volume are refused, even in a stale plan', { skip: SYMLINK_SKIP }, async () => {
  const s = setup();
  put(live(s, 'C:\\Users\\bob\\notes.txt'), 'notes');
  const shot = s.snapshot('C', SHOT);
  const outside = folders.temp('outside');
  const refused = async (paths: string[], to?: string): Promise<void> => {
    await assert.rejects(planRestore(s, { shadowId: shot.id, paths, ...(to ? { to } : {}) }), { code: 'PATH_REJECTED' });
  };
  symlinkSync(outside, live(s, 'C:\\link-out'));
  await refused(['C:\\Users\\bob\\notes.txt'], 'C:\\link-out');
  rmSync(live(s, 'C:\\Users\\bob'), { recursive: true });
  symlinkSync(outside, live(s, 'C:\\Users\\bob'));
  await refused(['C:\\Users\\bob\\notes.txt']);

  const forged: RestorePlan = {
    shadowId: shot.id,
    shadowCreatedAt: shot.createdAt,
    destination: 'C:\\',
    items: [{ source: 'Users\\bob\\notes.txt', target: 'C:\\Users\\bob\\notes.txt', size: 5, modifiedAt: OLD_MTIME.toISOString(), conflict: 'none' }],
    totals: { files: 1, bytes: 5, conflicts: 0, identical: 0 },
  };
  const r = await runRestore(s, forged, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(r.state, 'failed', 'a stale plan through an escaping link fails that item');
  assert.match(r.failed[0]!.error, /outside the volume/);
  await assert.rejects(runRestore(s, { ...forged, items: [{ ...forged.items[0]!, target: 'C:\\..\\x.txt' }] }, { onConflict: 'replace', dataDir: dataDir(s) }), { code: 'PATH_REJECTED' });
  assert.deepEqual(readdirSync(outside), [], 'nothing was written outside the volume');
});

test('a temp file never appears at the user path: the target holds the old file until the verified swap', async () => {
  const s = setup();
  const big = live(s, 'C:\\media\\big.bin');
  const content = Buffer.alloc(20 * 1024 * 1024, 0x41);
  put(big, content);
  const shot = s.snapshot('C', SHOT);
  put(big, 'small current file');
  const fresh = live(s, 'C:\\media\\copy\\big.bin');
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\media\\big.bin'] });
  let midFile = 0;
  const r = await runRestore(s, plan, {
    onConflict: 'replace',
    dataDir: dataDir(s),
    onProgress: (p) => {
      if (p.bytesDone === 0 || p.bytesDone === p.bytesTotal) return;
      midFile++;
      assert.equal(readFileSync(big, 'utf8'), 'small current file', 'the user file is untouched mid-copy');
      const dir = readdirSync(path.dirname(big));
      assert.ok(dir.some((n) => /^\.big\.bin\.shadowdesk-.*\.tmp$/.test(n)), `the temp sits beside the target: ${dir.join(', ')}`);
    },
  });
  assert.ok(midFile >= 2, `progress reported mid-file (${midFile})`);
  assert.deepEqual(readFileSync(big), content);
  assert.equal(r.state, 'completed');

  const toPlan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\media\\big.bin'], to: 'C:\\media\\copy' });
  await runRestore(s, toPlan, {
    onConflict: 'replace',
    dataDir: dataDir(s),
    onProgress: (p) => {
      if (p.filesDone === 0) assert.equal(existsSync(fresh), false, 'a new target does not exist before it is complete');
    },
  });
  assert.deepEqual(readFileSync(fresh), content);
});

test('one failing file is recorded and the others continue; the state is then "failed"', async () => {
  const s = setup();
  put(live(s, 'C:\\box\\inner\\a.txt'), 'a');
  put(live(s, 'C:\\box\\b.txt'), 'b');
  const shot = s.snapshot('C', SHOT);
  rmSync(live(s, 'C:\\box'), { recursive: true });
  put(live(s, 'C:\\box\\inner'), 'a file now stands where the folder was');
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\box'] });
  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.equal(r.state, 'failed');
  assert.deepEqual(r.failed.map((f) => f.target), ['C:\\box\\inner\\a.txt']);
  assert.deepEqual(r.restored, ['C:\\box\\b.txt']);
  assert.equal(readFileSync(live(s, 'C:\\box\\inner'), 'utf8'), 'a file now stands where the folder was');
  const j = loadJournal(dataDir(s), r.restoreId);
  assert.deepEqual(j.items.map((i) => [i.target, i.state]), [['C:\\box\\b.txt', 'placed'], ['C:\\box\\inner\\a.txt', 'failed']]);
  assert.match(r.failed[0]!.error, /a file stands where a folder is needed/);
});
