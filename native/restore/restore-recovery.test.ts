import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { FolderSource } from '../testing/folder-source.js';
import { liveFile, putFile, testFolders } from '../testing/test-folders.js';
import type { ChildRestoreSpec } from '../testing/child-restore.js';
import { planRestore } from './restore-plan.js';
import { runRestore } from './restore-run.js';
import { judgeOwner, linuxObservation, loadJournal, ownProcessStart, ownerAlive, ownerIdentity, parseProcStat, saveJournal, taskFinished } from './restore-journal.js';
import type { Journal, ProcessIdentityPort, ProcessObservation } from './restore-journal.js';
import { listRestores, recoverInterrupted, undoRestore } from './restore-undo.js';

const folders = testFolders();

const SHOT = new Date('2026-03-10T09:05:00Z');
const OLD_MTIME = new Date('2026-03-01T08:00:00Z');
const here = path.dirname(fileURLToPath(import.meta.url));

const setup = (): FolderSource => folders.source();
const live = liveFile;
const put = (file: string, content: string | Buffer): void => putFile(file, content, OLD_MTIME);

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

// ---------------------------------------------------------------- who owns a journal (issue 9, §4)

const onLinux = process.platform === 'linux';
const linuxOnly = onLinux ? false : 'zombies and /proc start times are Linux facts; the Windows owner check runs in process-identity.test.ts under Wine';

function procState(pid: number): string | null {
  try {
    const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return t.slice(t.lastIndexOf(')') + 2, t.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function specFor(s: FolderSource, shotId: string): ChildRestoreSpec {
  return {
    liveRoots: { C: s.liveRoot('C:\\') },
    shadows: s.listShadows(),
    shadowRoots: Object.fromEntries(s.listShadows().map((x) => [x.id, s.shadowRoot(x)])),
    dataDir: dataDir(s),
    shadowId: shotId,
    paths: ['C:\\docs'],
    onConflict: 'replace',
    exitAfterAside: 1,
  };
}

test('a restore host that died but is still a zombie (not yet reaped) is recovered, not taken for alive', { skip: linuxOnly }, async () => {
  const s = setup();
  const shot = twoChanged(s);
  // The restore runs under a parent that never waits for it (as a killed CLI's orphaned host waits
  // for init), so after its crash it stays a zombie while the next host starts.
  const child = path.join(here, '..', 'testing', 'child-restore.js');
  const parent = spawn('sh', ['-c', '"$0" "$1" "$2" & echo $!; exec sleep 60', process.execPath, child, JSON.stringify(specFor(s, shot.id))], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const pid = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(d.toString()))));
    await until('the restore to die a zombie', () => procState(pid) === 'Z');
    assert.equal(onlyJournal(s).pid, pid, 'the journal is the zombie\'s');
    assert.equal(onlyJournal(s).state, 'running');

    const recovered = await recoverInterrupted(s, dataDir(s));
    assert.equal(procState(pid), 'Z', 'still a zombie while recovery ran');
    assert.deepEqual(recovered.map((r) => r.state), ['interrupted'], 'a zombie owns nothing');
    assert.deepEqual(readdirSync(live(s, 'docs')).sort(), ['a.txt', 'b.txt'], 'no temp file left beside the user\'s files');
    assert.equal(readFileSync(live(s, 'docs\\a.txt'), 'utf8'), 'a current');
    assert.equal(existsSync(live(s, '.shadowdesk-undo')), false);
  } finally {
    parent.kill('SIGKILL');
  }
});

test('a pid that now belongs to another process, or to another boot, does not own the journal', { skip: linuxOnly }, async () => {
  const s = setup();
  put(live(s, 'docs\\a.txt'), 'a current');
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const pid = sleeper.pid!;
    await until('the sleeper to start', () => procState(pid) !== null);
    const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    assert.ok(stat);
    const own = ownerIdentity();
    assert.ok(own.bootId, 'Linux names its boot');
    const j = handJournal('20260310-100000-abcd', { pid, processStart: stat.start, bootId: own.bootId });
    assert.equal(ownerAlive(j), true, 'the sleeper itself, started then, in this boot: alive');
    assert.equal(ownerAlive({ ...j, processStart: String(Number(stat.start) - 1) }), false, 'same pid, other start: a reused pid');
    assert.equal(ownerAlive({ ...j, bootId: '00000000-0000-0000-0000-000000000000' }), false, 'same pid and start ticks, but in an earlier boot');
    assert.equal(ownerAlive({ ...j, bootId: undefined }), true, 'an older journal without a boot id is judged by its start');

    await saveHandJournal(s, { ...j, bootId: '00000000-0000-0000-0000-000000000000' });
    const recovered = await recoverInterrupted(s, dataDir(s));
    assert.deepEqual(recovered.map((r) => r.state), ['interrupted']);
  } finally {
    sleeper.kill('SIGKILL');
  }
});

test('the owner check: a dead process is dead, a reused pid is not the owner, a process we cannot see is trusted', () => {
  const here = { pid: 100, processStart: '5000', bootId: 'boot-a' };
  const rec = (pid: number, processStart: string, bootId?: string | null) => ({ pid, processStart, bootId });
  assert.equal(judgeOwner(rec(7, '42', 'boot-a'), here, { state: 'running', start: '42' }), true);
  assert.equal(judgeOwner(rec(7, '42', 'boot-a'), here, { state: 'running', start: '43' }), false, 'pid reused');
  assert.equal(judgeOwner(rec(7, '42', 'boot-a'), here, { state: 'exited' }), false, 'zombie');
  assert.equal(judgeOwner(rec(7, '42', 'boot-a'), here, { state: 'gone' }), false);
  assert.equal(judgeOwner(rec(7, '42', 'boot-b'), here, { state: 'running', start: '42' }), false, 'another boot');
  assert.equal(judgeOwner(rec(7, '42', 'boot-a'), here, { state: 'unknown' }), true, 'not allowed to look: left for later');
  assert.equal(judgeOwner(rec(7, '42'), here, { state: 'running', start: null }), true, 'no start to compare');
  // Windows creation times (the ffi port) compare the same way; an older journal's t… start cannot.
  assert.equal(judgeOwner(rec(7, 'ft:133000000000000000', null), here, { state: 'running', start: 'ft:133000000000000000' }), true);
  assert.equal(judgeOwner(rec(7, 'ft:133000000000000000', null), here, { state: 'running', start: 'ft:133000000000000001' }), false, 'Windows pid reused');
  assert.equal(judgeOwner(rec(7, 't1733000000000', null), here, { state: 'running', start: 'ft:133000000000000001' }), true, 'older journal: trusted');
  // This very pid: the owner only if it is this very process.
  assert.equal(judgeOwner(rec(100, '5000', 'boot-a'), here, { state: 'running', start: '5000' }), true);
  assert.equal(judgeOwner(rec(100, '4000', 'boot-a'), here, { state: 'running', start: '5000' }), false, 'our pid, another process before us');
});

test('/proc/PID/stat is read from the last parenthesis, so a name with spaces and parentheses cannot shift the fields', () => {
  const from = (n: number) => Array.from({ length: 53 - n }, (_, i) => String(i + n)).join(' ');
  assert.deepEqual(parseProcStat(`4242 (node) R ${from(4)}`), { state: 'R', flags: 9, start: '22' });
  assert.deepEqual(parseProcStat(`4242 (a b) Z (c) Z ${from(4)}`), { state: 'Z', flags: 9, start: '22' });
  assert.equal(parseProcStat('4242 (node'), null);
  assert.equal(parseProcStat('4242 (node) R 1 2 3'), null);
});

test('a thread is finished when it is a zombie or dead, or already exiting; asleep, stopped or running it is not', () => {
  for (const state of ['Z', 'X', 'x']) assert.equal(taskFinished({ state, flags: 0x400000 }), true, state);
  for (const state of ['R', 'S', 'D', 'T', 't', 'I']) assert.equal(taskFinished({ state, flags: 0x400040 }), false, state);
  assert.equal(taskFinished({ state: 'D', flags: 0x4 }), true, 'PF_EXITING: inside do_exit()');
});

const haveCc = onLinux && spawnSync('cc', ['--version']).status === 0;

test('a process whose main thread is a zombie but whose other threads run is alive', { skip: haveCc ? false : 'needs Linux and a C compiler (cc) to build a process whose main thread calls pthread_exit' }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-threads-'));
  const exe = path.join(dir, 'leader-exits');
  writeFileSync(`${exe}.c`, '#include <pthread.h>\n#include <unistd.h>\nstatic void *run(void *a) { (void)a; sleep(60); return 0; }\nint main(void) { pthread_t t; pthread_create(&t, 0, run, 0); pthread_exit(0); }\n');
  const cc = spawnSync('cc', ['-pthread', '-o', exe, `${exe}.c`], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  const p = spawn(exe, { stdio: 'ignore' });
  try {
    const pid = p.pid!;
    await until('the main thread to end', () => procState(pid) === 'Z');
    assert.equal(linuxObservation(pid).state, 'running', 'its other thread still runs: the process is alive');
    const start = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!.start;
    assert.equal(ownerAlive({ pid, processStart: start, bootId: ownerIdentity().bootId }), true);
    p.kill('SIGKILL');
    await until('the whole process to end', () => linuxObservation(pid).state !== 'running');
  } finally {
    p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an owner port (the Windows one in the host) decides instead of /proc', () => {
  const j = handJournal('20260310-100000-abcd', { pid: 7, processStart: 'ft:1', bootId: null });
  const port = (o: ProcessObservation): ProcessIdentityPort => ({ observe: (pid) => (pid === 7 ? o : { state: 'running', start: 'ft:99' }) });
  assert.equal(ownerAlive(j, port({ state: 'running', start: 'ft:1' })), true);
  assert.equal(ownerAlive(j, port({ state: 'running', start: 'ft:2' })), false);
  assert.equal(ownerAlive(j, port({ state: 'exited' })), false);
  assert.equal(ownerIdentity(port({ state: 'gone' })).processStart, 'ft:99', 'a journal records the start the port gives');
});

// ---------------------------------------------------------------- what recovery clears

function handJournal(restoreId: string, owner: Pick<Journal, 'pid' | 'processStart' | 'bootId'>, items: Journal['items'] = []): Journal {
  return {
    version: 1,
    restoreId,
    state: 'running',
    startedAt: '2026-03-10T10:00:00.000Z',
    finishedAt: null,
    ...owner,
    shadowId: '{00000000-0000-0000-0000-000000000001}',
    shadowCreatedAt: SHOT.toISOString(),
    destination: 'C:\\docs',
    createdDirs: [],
    items,
  };
}

async function saveHandJournal(s: FolderSource, j: Journal): Promise<void> {
  mkdirSync(path.join(dataDir(s), 'restores', j.restoreId), { recursive: true });
  await saveJournal(dataDir(s), j);
}

function deadOwner(): Pick<Journal, 'pid' | 'processStart' | 'bootId'> {
  return { pid: deadPid(), processStart: ownProcessStart(), bootId: ownerIdentity().bootId };
}

test('recovery finds this restore\'s temp files by name in the planned folders, and only those', async () => {
  const s = setup();
  const id = '20260310-100000-abcd';
  put(live(s, 'docs\\a.txt'), 'a current');
  put(live(s, `docs\\.a.txt.shadowdesk-${id}.tmp`), 'a temp the journal never named');
  put(live(s, `docs\\sub\\.c.txt.shadowdesk-${id}.tmp`), 'another');
  put(live(s, 'docs\\.a.txt.shadowdesk-20260310-100000-ffff.tmp'), 'another restore\'s temp');
  put(live(s, `docs\\a.txt.shadowdesk-${id}.tmp`), 'no leading dot: not a name we make');
  put(live(s, `docs\\.a.txt.shadowdesk-${id}.tmp.docx`), 'a user file');
  put(live(s, `elsewhere\\.x.shadowdesk-${id}.tmp`), 'outside the plan');
  mkdirSync(live(s, `docs\\.d.shadowdesk-${id}.tmp`));
  const item = (rel: string): Journal['items'][number] => ({ source: rel, target: `C:\\${rel}`, volume: 'C:\\', choice: 'replace', state: 'pending', size: 1, temp: null, aside: null, final: null, sha256: null });
  await saveHandJournal(s, handJournal(id, deadOwner(), [item('docs\\a.txt'), item('docs\\sub\\c.txt')]));

  const recovered = await recoverInterrupted(s, dataDir(s));
  assert.deepEqual(recovered.map((r) => r.state), ['interrupted']);
  assert.deepEqual(readdirSync(live(s, 'docs')).sort(), [
    `.a.txt.shadowdesk-${id}.tmp.docx`,
    '.a.txt.shadowdesk-20260310-100000-ffff.tmp',
    `.d.shadowdesk-${id}.tmp`,
    'a.txt',
    `a.txt.shadowdesk-${id}.tmp`,
    'sub',
  ]);
  assert.deepEqual(readdirSync(live(s, 'docs\\sub')), []);
  assert.equal(existsSync(live(s, `elsewhere\\.x.shadowdesk-${id}.tmp`)), true);
});

test('a crash right after the restore made a folder leaves it recorded, and recovery removes it while it is empty', async () => {
  const s = setup();
  put(live(s, 'docs\\new\\deeper\\x.txt'), 'x from the copy');
  put(live(s, 'docs\\kept\\y.txt'), 'y from the copy');
  const shot = s.snapshot('C', SHOT);
  rmSync(live(s, 'docs\\new'), { recursive: true });
  rmSync(live(s, 'docs\\kept'), { recursive: true });
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
  const crash = new Error('simulated crash');
  let folders = 0;
  await assert.rejects(
    runRestore(s, plan, {
      onConflict: 'replace',
      dataDir: dataDir(s),
      testHooks: {
        afterFolders: () => {
          if (++folders === 2) throw crash;
        },
      },
    }),
    (err) => err === crash,
  );
  const j = onlyJournal(s);
  assert.deepEqual(j.createdDirs.map((d) => d.relative).sort(), ['docs\\kept', 'docs\\new', 'docs\\new\\deeper'], 'each folder is in the journal before it exists');
  // The user saved a file into one of them meanwhile: that folder is no longer ours to remove.
  put(live(s, 'docs\\kept\\mine.txt'), 'the user\'s');
  j.pid = deadPid();
  await saveJournal(dataDir(s), j);
  await recoverInterrupted(s, dataDir(s));
  assert.equal(existsSync(live(s, 'docs\\new')), false, 'the empty folders it made are gone');
  assert.deepEqual(readdirSync(live(s, 'docs\\kept')).sort(), ['mine.txt', 'y.txt'], 'a folder holding files stays');
});

test('restore folders reserved but never written are cleared at the next start; a live reservation is not', async () => {
  const s = setup();
  const restores = path.join(dataDir(s), 'restores');
  const dead = deadPid();
  // Left by builds before reservations: killed between mkdir and the first save, or during it.
  mkdirSync(path.join(restores, '20260310-100000-0001'), { recursive: true });
  mkdirSync(path.join(restores, '20260310-100000-0002'));
  writeFileSync(path.join(restores, '20260310-100000-0002', 'journal.json.tmp'), '{"version":1,"restoreId":"2026');
  // Killed between making the folder and moving its journal in; and killed while writing it.
  mkdirSync(path.join(restores, '20260310-100000-0003'));
  writeFileSync(path.join(restores, `20260310-100000-0003.reserving-${dead}.json`), JSON.stringify(handJournal('20260310-100000-0003', { ...deadOwner(), pid: dead })));
  writeFileSync(path.join(restores, `20260310-100000-0004.reserving-${dead}.json`), '{"version":1,"resto');
  // A reservation of this very process, in progress: its folder must stay.
  mkdirSync(path.join(restores, '20260310-100000-0005'));
  writeFileSync(path.join(restores, `20260310-100000-0005.reserving-${process.pid}.json`), JSON.stringify(handJournal('20260310-100000-0005', ownerIdentity())));
  // A folder that holds something else is not a reservation we understand: left alone.
  mkdirSync(path.join(restores, '20260310-100000-0006'));
  writeFileSync(path.join(restores, '20260310-100000-0006', 'notes.txt'), 'someone else\'s');
  // A dead restore's half-written journal save.
  await saveHandJournal(s, handJournal('20260310-100000-0007', deadOwner()));
  writeFileSync(path.join(restores, '20260310-100000-0007', 'journal.json.tmp'), '{"half');

  await recoverInterrupted(s, dataDir(s));
  assert.deepEqual(readdirSync(restores).sort(), [
    '20260310-100000-0005',
    `20260310-100000-0005.reserving-${process.pid}.json`,
    '20260310-100000-0006',
    '20260310-100000-0007',
  ]);
  assert.deepEqual(readdirSync(path.join(restores, '20260310-100000-0007')), ['journal.json']);
  assert.equal(listRestores(dataDir(s)).find((r) => r.restoreId === '20260310-100000-0007')?.state, 'interrupted');
});

test('a restore folder appears together with its journal, and nothing else stays beside it', async () => {
  const s = setup();
  const shot = twoChanged(s);
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: dataDir(s) });
  assert.deepEqual(readdirSync(path.join(dataDir(s), 'restores')), [r.restoreId]);
  assert.deepEqual(readdirSync(path.join(dataDir(s), 'restores', r.restoreId)), ['journal.json']);
  const j = onlyJournal(s);
  assert.deepEqual([j.pid, j.processStart, j.bootId ?? null], [process.pid, ownProcessStart(), ownerIdentity().bootId]);
});
