import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScheduleStore, findSchedule, lockDownArgs, lockDownFolder, reconcileCopies, recordRun, RUNS_KEPT } from './schedule-store.js';
import { DEFAULT_RETENTION, type Schedule } from './schedule-types.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'shadowdesk-store-'));
}

const schedule: Schedule = {
  name: 'Work', volumes: ['C:\\'], trigger: { kind: 'daily', times: ['12:00'] }, retention: DEFAULT_RETENTION,
  withWriters: false, paused: false, account: 'SYSTEM', createdAt: '2026-12-01T10:00:00.000Z',
};

test('the store reads empty before its first write, and each update is whole on disk with no temp file left', () => {
  const dir = path.join(tempDir(), 'schedules');
  const store = new ScheduleStore(dir);
  assert.deepEqual(store.read().schedules, []);
  assert.equal(fs.existsSync(dir), false, 'reading creates nothing');
  store.update((st) => void st.schedules.push(schedule));
  store.update((st) => void (st.copies.Work = ['{a}', '{b}']));
  assert.deepEqual(new ScheduleStore(dir).read().copies, { Work: ['{a}', '{b}'] });
  assert.deepEqual(fs.readdirSync(dir).sort(), ['schedules.json']);
  assert.equal(findSchedule(store.read(), 'WORK')?.name, 'Work');
});

test('a change that throws writes nothing, and the lock is released', () => {
  const store = new ScheduleStore(path.join(tempDir(), 's'));
  store.update((st) => void st.schedules.push(schedule));
  assert.throws(() => store.update((st) => {
    st.schedules = [];
    throw new Error('refused');
  }), /refused/);
  assert.equal(store.read().schedules.length, 1);
  store.update((st) => void (st.clockOffsetMs = 5));
  assert.equal(store.read().clockOffsetMs, 5);
});

test('a damaged file is an error, never read as "no schedules" (which would stop thinning from knowing its copies)', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'schedules.json'), '{"version":1,"schedules":[{"name"');
  assert.throws(() => new ScheduleStore(dir).read(), SyntaxError);
  fs.writeFileSync(path.join(dir, 'schedules.json'), '{"something":"else"}');
  assert.throws(() => new ScheduleStore(dir).read(), /not a ShadowDesk schedule file/);
});

test('a lock left by a process that died is taken over after a minute; a fresh one is waited for', () => {
  const dir = tempDir();
  const store = new ScheduleStore(dir);
  fs.mkdirSync(path.join(dir, '.lock'));
  const old = new Date(Date.now() - 120_000);
  fs.utimesSync(path.join(dir, '.lock'), old, old);
  store.update((st) => void st.schedules.push(schedule));
  assert.equal(fs.existsSync(path.join(dir, '.lock')), false);
});

test('reconcile moves ids that no longer exist to vanished, and runs keep the newest 50', () => {
  const store = new ScheduleStore(tempDir());
  store.update((st) => {
    st.copies = { Work: ['{a}', '{b}', '{c}'], Other: ['{d}'] };
    reconcileCopies(st, new Set(['{b}', '{d}']));
    for (let k = 0; k < RUNS_KEPT + 5; k++) recordRun(st, 'Work', { at: new Date(k * 1000).toISOString(), cause: 'schedule', outcome: 'ok', createdIds: [`{${k}}`], deletedIds: [], deletedByVss: [] });
  });
  const st = store.read();
  assert.deepEqual(st.copies, { Work: ['{b}'], Other: ['{d}'] });
  assert.deepEqual(st.vanished, { Work: ['{a}', '{c}'] });
  assert.equal(st.runs.Work!.length, RUNS_KEPT);
  assert.deepEqual(st.runs.Work![0]!.createdIds, ['{5}']);
});

test('the Windows store folder is left to SYSTEM and Administrators, read-only for Users, by well-known SIDs', () => {
  assert.deepEqual(lockDownArgs('C:\\ProgramData\\ShadowDesk\\schedules'), [
    'C:\\ProgramData\\ShadowDesk\\schedules', '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-32-545:(OI)(CI)RX',
  ]);
});

test('icacls accepts the lock-down of a new store folder', { skip: process.platform === 'win32' ? false : 'icacls exists on Windows only (this runs under Wine in test:windows-abi)' }, () => {
  const dir = path.join(tempDir(), 'schedules');
  const store = new ScheduleStore(dir, { onCreate: (d) => lockDownFolder(d) });
  store.update((st) => void st.schedules.push(schedule));
  assert.equal(store.read().schedules.length, 1);
});
