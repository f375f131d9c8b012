import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, test } from 'node:test';
import { FolderSource } from '../testing/folder-source.js';
import type { ChildRestoreSpec } from '../testing/child-restore.js';
import { planRestore } from './restore-plan.js';
import { runRestore } from './restore-run.js';
import { loadJournal, ownProcessStart, saveJournal } from './restore-journal.js';
import type { Journal } from './restore-journal.js';
import { listRestores, recoverInterrupted, undoRestore } from './restore-undo.js';

let src: FolderSource | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
});

const SHOT = new Date('2026-03-10T09:05:00Z');
const OLD_MTIME = new Date('2026-03-01T08:00:00Z');
const here = path.dirname(fileURLToPath(import.meta.url));

function setup(): FolderSource {
  src = new FolderSource(['C']);
  return src;
}

function live(s: FolderSource, rel: string): string {
  return path.join(s.liveRoot('C:\\'), ...rel.split('\\'));
}

function put(file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, OLD_MTIME, OLD_MTIME);
}

function dataDir(s: FolderSource): string {
  return path.join(s.base, 'data');
}

/** A pid that surely belongs to no process any more: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  assert.ok(r.pid);
  return r.pid;
}

function onlyJournal(s: FolderSource): Journal {
  const ids = readdirSync(path.join(dataDir(s), 'restores'));
  assert.equal(ids.length, 1);
  return loadJournal(dataDir(s), ids[0]!);
}

/** Two files whose live versions differ from the copy, ready to be replaced. */
function twoChanged(s: FolderSource): { id: string } {
  put(live(s, 'docs\\a.txt'), 'a from the copy');
  put(live(s, 'docs\\b.txt'), 'b from the copy');
  const shot = s.snapshot('C', SHOT);
  put(live(s, 'docs\\a.txt'), 'a current');
  put(live(s, 'docs\\b.txt'), 'b current');
  return shot;
}

test('a crash between moving aside and renaming into place is recovered: target back, no temp left', async () => {
  const s = setup();
  const shot = twoChanged(s);
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
  let asides = 0;
  const crash = new Error('simulated crash');
  await assert.rejects(
    runRestore(s, plan, {
      onConflict: 'replace',
      dataDir: dataDir(s),
      testHooks: {
        afterAside: () => {
          if (++asides === 2) throw crash;
        },
      },
    }),
    (err) => err === crash,
  );
  assert.equal(existsSync(live(s, 'docs\\b.txt')), false, 'the crash left b.txt moved aside');
  assert.equal(onlyJournal(s).state, 'running');

  assert.deepEqual(await recoverInterrupted(s, dataDir(s)), [], 'a journal of this very process is not interrupted');

  const j = onlyJournal(s);
  j.pid = deadPid();
  await saveJournal(dataDir(s), j);
  const recovered = await recoverInterrupted(s, dataDir(s));
  assert.deepEqual(recovered.map((r) => [r.restoreId, r.state, r.files]), [[j.restoreId, 'interrupted', 1]]);
  assert.equal(readFileSync(live(s, 'docs\\b.txt'), 'utf8'), 'b current', 'the user file is back');
  assert.equal(readFileSync(live(s, 'docs\\a.txt'), 'utf8'), 'a from the copy', 'the complete, verified file stays');
  assert.deepEqual(readdirSync(live(s, 'docs')).sort(), ['a.txt', 'b.txt']);
  assert.equal(listRestores(dataDir(s))[0]?.state, 'interrupted');
  assert.deepEqual(await recoverInterrupted(s, dataDir(s)), [], 'recovery happens once');

  const u = await undoRestore(s, j.restoreId, { dataDir: dataDir(s) });
  assert.deepEqual(u.putBack, ['C:\\docs\\a.txt']);
  assert.equal(readFileSync(live(s, 'docs\\a.txt'), 'utf8'), 'a current');
  assert.equal(readFileSync(live(s, 'docs\\b.txt'), 'utf8'), 'b current');
});

test('a crash mid-copy (journal written by hand) loses only the partial temp file', async () => {
  const s = setup();
  put(live(s, 'docs\\a.txt'), 'a current');
  put(live(s, 'docs\\.a.txt.shadowdesk-20260310-100000-abcd.tmp'), 'half of');
  put(live(s, 'docs\\unrelated.tmp'), 'a user file that merely looks temporary');
  const journal: Journal = {
    version: 1,
    restoreId: '20260310-100000-abcd',
    state: 'running',
    startedAt: '2026-03-10T10:00:00.000Z',
    finishedAt: null,
    pid: deadPid(),
    processStart: ownProcessStart(),
    shadowId: '{00000000-0000-0000-0000-000000000001}',
    shadowCreatedAt: SHOT.toISOString(),
    destination: 'C:\\docs',
    createdDirs: [],
    items: [
      { source: 'docs\\a.txt', target: 'C:\\docs\\a.txt', volume: 'C:\\', choice: 'replace', state: 'pending', size: 15, temp: 'docs\\.a.txt.shadowdesk-20260310-100000-abcd.tmp', aside: null, final: null, sha256: null },
      { source: 'docs\\u.txt', target: 'C:\\docs\\u.txt', volume: 'C:\\', choice: 'replace', state: 'pending', size: 1, temp: 'docs\\unrelated.tmp', aside: null, final: null, sha256: null },
    ],
  };
  mkdirSync(path.join(dataDir(s), 'restores', journal.restoreId), { recursive: true });
  await saveJournal(dataDir(s), journal);
  const recovered = await recoverInterrupted(s, dataDir(s));
  assert.equal(recovered[0]?.state, 'interrupted');
  assert.deepEqual(readdirSync(live(s, 'docs')).sort(), ['a.txt', 'unrelated.tmp'], 'only our own temp was removed');
  assert.equal(readFileSync(live(s, 'docs\\a.txt'), 'utf8'), 'a current');
});

test('a restore process killed right after moving a target aside is recovered by another process', async () => {
  const s = setup();
  const shot = twoChanged(s);
  const spec: ChildRestoreSpec = {
    liveRoots: { C: s.liveRoot('C:\\') },
    shadows: s.listShadows(),
    shadowRoots: Object.fromEntries(s.listShadows().map((x) => [x.id, s.shadowRoot(x)])),
    dataDir: dataDir(s),
    shadowId: shot.id,
    paths: ['C:\\docs'],
    onConflict: 'replace',
    exitAfterAside: 1,
  };
  const child = spawnSync(process.execPath, [path.join(here, '..', 'testing', 'child-restore.js'), JSON.stringify(spec)], { encoding: 'utf8' });
  assert.equal(child.status, 9, `the child died mid-restore: ${child.stderr}${child.stdout}`);
  assert.equal(existsSync(live(s, 'docs\\a.txt')), false, 'killed with a.txt moved aside');
  assert.equal(onlyJournal(s).state, 'running');
  assert.ok(readdirSync(live(s, 'docs')).some((n) => n.endsWith('.tmp')), 'and its temp file still there');

  const recovered = await recoverInterrupted(s, dataDir(s));
  assert.equal(recovered.length, 1);
  assert.equal(recovered[0]!.state, 'interrupted');
  assert.deepEqual(readdirSync(live(s, 'docs')).sort(), ['a.txt', 'b.txt'], 'nothing partial or temporary left');
  assert.equal(readFileSync(live(s, 'docs\\a.txt'), 'utf8'), 'a current');
  assert.equal(readFileSync(live(s, 'docs\\b.txt'), 'utf8'), 'b current');
  assert.equal(existsSync(live(s, '.shadowdesk-undo')), false, 'no empty undo area left behind');
});
