// Local times in these tests are UTC, so the expected tiers below can be written as plain dates.
process.env.TZ = 'UTC';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { RemoteError } from '../contract/api.js';
import { readAudit } from '../audit/audit-log.js';
import { createScheduleService, scheduleHome } from './schedule-service.js';
import { REAL_CLOCK } from './machine-clock.js';
import { scheduledCommand } from './task-xml.js';
import type { TaskRegistrar } from './task-scheduler.js';
import { AppError } from '../vss/app-error.js';
import { hresultByName } from '../ffi/hresult.js';
import { DEFAULT_RETENTION } from './schedule-types.js';

let m: SimMachine | undefined;
let h: InProcessApi | undefined;
afterEach(() => {
  h?.dispose();
  h = undefined;
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

function setup(): { machine: SimMachine; app: InProcessApi } {
  m = freshMachine('shadowdesk-schedule-');
  h = inProcessApi(m);
  return { machine: m, app: h };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RemoteError, String(err));
    return { code: err.data.code, message: err.data.message };
  }
  assert.fail('expected a refusal');
}

const HOURLY = { kind: 'hourly', everyHours: 1, startTime: '00:00' } as const;

test('a schedule is kept in the simulated machine\'s folder, shows its next run, and its making is in the audit log', async () => {
  const { machine, app } = setup();
  const added = await app.api.addSchedule({ name: 'Hourly C', volumes: ['c'], trigger: HOURLY });
  assert.deepEqual(added.schedule.volumes, ['C:\\']);
  assert.deepEqual(added.schedule.retention, DEFAULT_RETENTION);
  assert.equal(added.schedule.account, 'SYSTEM');
  assert.deepEqual(added.schedule.registration, { kind: 'simulated' });
  const list = await app.api.listSchedules({});
  assert.equal(list.clock, 'simulated');
  assert.equal(list.schedules.length, 1);
  const next = Date.parse(list.schedules[0]!.nextRunAt!);
  const now = Date.parse(list.now);
  assert.ok(next > now && next - now <= 3600_000, `next run ${list.schedules[0]!.nextRunAt} within the hour after ${list.now}`);
  assert.equal(new Date(next).getUTCMinutes(), 0);
  assert.ok(existsSync(path.join(machine.root, 'programdata', 'ShadowDesk', 'schedules', 'schedules.json')));
  const audit = await app.api.audit({});
  assert.equal(audit[0]!.action, 'schedule-add');
  assert.equal(audit[0]!.target, 'Hourly C');
});

test('a schedule on a volume VSS cannot copy is refused in words, and so is a second schedule with the same name', async () => {
  const { app } = setup();
  const fat = await refusal(app.api.addSchedule({ name: 'Stick', volumes: ['E:'], trigger: HOURLY }));
  assert.equal(fat.code, 'VOLUME_NOT_SUPPORTED');
  assert.match(fat.message, /E:\\ \(FAT32\) cannot have shadow copies/);
  const missing = await refusal(app.api.addSchedule({ name: 'Nowhere', volumes: ['Q:'], trigger: HOURLY }));
  assert.equal(missing.code, 'VOLUME_NOT_FOUND');
  await app.api.addSchedule({ name: 'Daily', volumes: ['C:'], trigger: { kind: 'daily', times: ['12:00'] } });
  const dup = await refusal(app.api.addSchedule({ name: 'DAILY', volumes: ['D:'], trigger: HOURLY }));
  assert.equal(dup.code, 'SCHEDULE_EXISTS');
  assert.equal((await app.api.listSchedules({})).schedules.length, 1);
});

test('run now makes a copy the schedule owns, audited with its name; pause stops the task\'s runs, not a person\'s', async () => {
  const { app } = setup();
  await app.api.addSchedule({ name: 'Work', volumes: ['C:', 'D:'], trigger: { kind: 'weekly', days: ['mon', 'tue', 'wed', 'thu', 'fri'], times: ['07:00', '12:00'] } });
  const before = new Set((await app.api.listShadows({})).map((s) => s.id));
  const run = await app.api.runSchedule({ name: 'work' });
  assert.equal(run.outcome, 'ok');
  assert.equal(run.cause, 'now');
  assert.equal(run.createdIds.length, 2);
  const after = await app.api.listShadows({});
  const made = after.filter((s) => !before.has(s.id));
  assert.deepEqual(made.map((s) => s.id).sort(), [...run.createdIds].sort());
  const status = (await app.api.listSchedules({})).schedules[0]!;
  assert.deepEqual([...status.copies].sort(), [...run.createdIds].sort());
  assert.equal(status.lastRun?.outcome, 'ok');
  const create = (await app.api.audit({})).find((e) => e.action === 'create');
  assert.equal(create?.schedule, 'Work');
  assert.deepEqual(create?.detail?.shadowIds, run.createdIds);

  await app.api.updateSchedule({ name: 'Work', paused: true });
  const listed = (await app.api.listSchedules({})).schedules[0]!;
  assert.equal(listed.paused, true);
  assert.equal(listed.nextRunAt, null);
  const paused = await refusal(app.api.runSchedule({ name: 'Work', cause: 'schedule' }));
  assert.equal(paused.code, 'SCHEDULE_PAUSED');
  assert.equal((await app.api.runSchedule({ name: 'Work' })).outcome, 'ok');
});

test('a record naming a copy that no longer exists is cleaned up, not an error, and the doctor says copies vanished', async () => {
  const { app } = setup();
  await app.api.addSchedule({ name: 'Hourly C', volumes: ['C:'], trigger: HOURLY });
  const run = await app.api.runSchedule({ name: 'Hourly C' });
  await app.api.deleteShadows({ kind: 'shadow', id: run.createdIds[0]! });
  const status = (await app.api.listSchedules({})).schedules[0]!;
  assert.deepEqual(status.copies, []);
  assert.deepEqual(status.vanishedIds, run.createdIds);
  const doctor = await app.api.doctor({});
  const finding = doctor.report.findings.find((f) => f.id === 'schedule-vanished:hourly c');
  assert.ok(finding, 'the doctor reports the vanished copy');
  assert.match(finding.title, /1 copy of the schedule "Hourly C" disappeared/);
});

test('the simulated clock only moves forward, and tick is refused a date before now', async () => {
  const { app } = setup();
  const past = await refusal(app.api.scheduleTick({ until: '2020-01-01T00:00:00Z' }));
  assert.equal(past.code, 'CLOCK_BACKWARDS');
  const ahead = new Date(Date.now() + 3 * 86400_000).toISOString();
  const tick = await app.api.scheduleTick({ until: ahead });
  assert.equal(tick.runs.length, 0);
  const now = Date.parse((await app.api.listSchedules({})).now);
  assert.ok(now >= Date.parse(ahead) && now < Date.parse(ahead) + 60_000, 'the machine now runs from the tick\'s end');
  // A copy made afterwards by a person is stamped with the machine's clock, so it is newer than the tick.
  const made = await app.api.createShadows({ volumes: ['C:'] });
  assert.ok(Date.parse(made.shadows[0]!.createdAt) >= Date.parse(ahead));
});

// 720 creates take about half a minute here and several under Wine, whose process does the same
// thing through the same calls: the preview test below runs 60 scheduled creates on both.
const MONTH_SKIP = process.platform === 'win32' ? 'a month of 720 creates is run on Linux; under Wine the 60-run test below covers the same code' : false;

test('a simulated month of hourly copies on C: keeps exactly what the default policy says, never a copy someone else made, never near the 64-copy cap', { skip: MONTH_SKIP }, async (t) => {
  const { app } = setup();
  const others = (await app.api.listShadows({ volume: 'C:' })).map((s) => s.id);
  assert.ok(others.length > 0, 'the demo machine has copies of its own');
  // A fixed start far ahead (a Monday), so every tier below is a plain date.
  await app.api.scheduleTick({ until: '2099-03-02T00:30:00Z' });
  await app.api.addSchedule({ name: 'Hourly C', volumes: ['C:'], trigger: HOURLY });
  const tick = await app.api.scheduleTick({ until: '2099-04-01T00:00:00Z' });

  // Runs at every hour from Mon 2 March 01:00 to Wed 1 April 00:00: 30 days of 24.
  assert.equal(tick.runs.length, 720);
  assert.ok(tick.runs.every((r) => r.outcome === 'ok' && r.schedule === 'Hourly C' && r.cause === 'schedule'));
  assert.deepEqual(tick.runs.flatMap((r) => r.deletedByVss), [], 'VSS never had to delete a copy to make room');

  // At most how many copies C: had at once: never near the cap.
  const live = new Set(others);
  let most = 0;
  for (const r of tick.runs) {
    for (const id of r.createdIds) live.add(id);
    most = Math.max(most, live.size);
    for (const id of r.deletedIds) live.delete(id);
  }
  assert.ok(most < 64, `at most ${most} copies on C: at once`);
  t.diagnostic(`at most ${most} copies on C: at once (${others.length} of them not the schedule's)`);

  const left = await app.api.listShadows({ volume: 'C:' });
  for (const id of others) assert.ok(left.some((s) => s.id === id), `the copy ${id} nobody scheduled is still there`);
  const kept = left.filter((s) => !others.includes(s.id)).map((s) => s.createdAt.slice(0, 16)).sort();
  const expected = [
    '2099-03-02T01:00', // month of March: its oldest copy (the first run)
    '2099-03-09T00:00', '2099-03-16T00:00', '2099-03-23T00:00', // weeks: each Monday's first copy (30 March is a day below)
    '2099-03-26T00:00', '2099-03-27T00:00', '2099-03-28T00:00', '2099-03-29T00:00', '2099-03-30T00:00', '2099-03-31T00:00', // days
    // the last 24 hours: 31 March 01:00 to 1 April 00:00 (that day's and April's oldest too, and the newest)
    ...Array.from({ length: 23 }, (_, k) => `2099-03-31T${String(k + 1).padStart(2, '0')}:00`),
    '2099-04-01T00:00',
  ];
  assert.deepEqual(kept, expected);

  const status = (await app.api.listSchedules({})).schedules[0]!;
  assert.equal(status.copies.length, 34);
  assert.equal(status.overdue, false);
  assert.equal(status.nextRunAt, '2099-04-01T01:00:00.000Z');

  const audit = await app.api.audit({ limit: 100000 });
  const creates = audit.filter((e) => e.action === 'create' && e.schedule === 'Hourly C' && e.outcome === 'ok');
  const deletes = audit.filter((e) => e.action === 'delete' && e.schedule === 'Hourly C' && e.outcome === 'ok');
  assert.equal(creates.length, 720);
  assert.equal(deletes.length, 720 - 34);
  const createdIds = new Set(tick.runs.flatMap((r) => r.createdIds));
  assert.ok(deletes.every((e) => createdIds.has(e.target.replace(/^shadow /, ''))), 'thinning deleted only copies the schedule made');
  assert.equal(creates.at(-1)!.at, '2099-03-02T01:00:00.000Z', 'the log is stamped with the simulated clock');
  assert.deepEqual(readAudit(h!.dataDir), [], 'the user\'s own log holds no scheduled run: those are machine-wide');
  assert.ok(scheduleHome('sim').startsWith(m!.root));
});

test('the retention preview names the copies a stricter policy would delete, and deletes nothing', async () => {
  const { app } = setup();
  await app.api.scheduleTick({ until: '2099-03-02T00:30:00Z' });
  await app.api.addSchedule({ name: 'Hourly C', volumes: ['C:'], trigger: HOURLY });
  await app.api.scheduleTick({ until: '2099-03-04T12:00:00Z' });
  const before = await app.api.listShadows({});
  const preview = await app.api.previewRetention({ name: 'Hourly C', retention: { hours: 0, days: 1, weeks: 0, months: 0, minFreePercent: 0 } });
  // Keep and delete together are every copy the schedule still has after the default policy's thinning.
  assert.equal(preview.keep.length + preview.delete.length, (await app.api.listSchedules({})).schedules[0]!.copies.length);
  // One per day for one day: 4 March's first copy. 12:00's is the newest now, but the run makes a newer one first.
  assert.deepEqual(preview.keep.map((c) => c.createdAt.slice(0, 16)), ['2099-03-04T00:00']);
  assert.ok(preview.delete.length > 0);
  assert.ok(preview.delete.every((c) => before.some((s) => s.id === c.id && s.volume === c.volume)));
  assert.deepEqual(await app.api.listShadows({}), before, 'a preview deletes nothing');
  // Saved, the next run deletes exactly the copies the preview named.
  await app.api.updateSchedule({ name: 'Hourly C', retention: { hours: 0, days: 1, weeks: 0, months: 0, minFreePercent: 0 } });
  const run = await app.api.runSchedule({ name: 'Hourly C' });
  assert.deepEqual([...run.deletedIds].sort(), preview.delete.map((c) => c.id).sort());
});

test('a run VSS refuses is recorded as failed with its sentence, audited, and reported by the doctor; nothing is thinned', async () => {
  const { machine, app } = setup();
  await app.api.addSchedule({ name: 'Hourly C', volumes: ['C:'], trigger: HOURLY });
  const first = await app.api.runSchedule({ name: 'Hourly C' });
  machine.sim.injectFault('DoSnapshotSet', hresultByName('VSS_E_UNEXPECTED_PROVIDER_ERROR'));
  const run = await app.api.runSchedule({ name: 'Hourly C', cause: 'schedule' });
  assert.equal(run.outcome, 'failed');
  assert.equal(run.error?.code, 'VSS_E_UNEXPECTED_PROVIDER_ERROR');
  assert.deepEqual(run.deletedIds, []);
  const status = (await app.api.listSchedules({})).schedules[0]!;
  assert.deepEqual(status.copies, first.createdIds, 'the earlier copy stands');
  assert.equal(status.lastRun?.outcome, 'failed');
  const failed = (await app.api.audit({})).find((e) => e.action === 'create' && e.outcome === 'failed');
  assert.equal(failed?.schedule, 'Hourly C');
  const finding = (await app.api.doctor({})).report.findings.find((f) => f.id === 'schedule-failed:hourly c');
  assert.ok(finding);
  assert.equal(finding.command, 'shadowdesk schedule run "Hourly C"');
});

test('a schedule that missed a due run by more than an hour is overdue, and the doctor says so', async () => {
  const { machine, app } = setup();
  await app.api.addSchedule({ name: 'Noon', volumes: ['C:'], trigger: { kind: 'daily', times: ['12:00'] } });
  assert.equal((await app.api.listSchedules({})).schedules[0]!.overdue, false);
  // As if it had been made three days ago on a computer that was off since.
  const file = path.join(machine.root, 'programdata', 'ShadowDesk', 'schedules', 'schedules.json');
  const state = JSON.parse(readFileSync(file, 'utf8'));
  state.schedules[0].createdAt = new Date(Date.now() - 3 * 86400_000).toISOString();
  writeFileSync(file, JSON.stringify(state));
  assert.equal((await app.api.listSchedules({})).schedules[0]!.overdue, true);
  const finding = (await app.api.doctor({})).report.findings.find((f) => f.id === 'schedule-overdue:noon');
  assert.match(finding?.detail ?? '', /it has never run/);
  await app.api.runSchedule({ name: 'Noon' });
  assert.equal((await app.api.listSchedules({})).schedules[0]!.overdue, false, 'a run since the missed one clears it');
});

/** A Task Scheduler that records what it was asked, and refuses when told to. */
function recordingRegistrar() {
  const calls: string[] = [];
  let refuse = false;
  const registrar: TaskRegistrar = {
    register: (s, command) => {
      if (refuse) throw new AppError('TASK_SCHEDULER_FAILED', { en: 'Task Scheduler refused it.', it: 'L\'Utilità di pianificazione ha rifiutato.' });
      calls.push(`register ${s.name} ${command.arguments} ${s.paused ? 'disabled' : 'enabled'}`);
    },
    setEnabled: (name, enabled) => void calls.push(`${enabled ? 'enable' : 'disable'} ${name}`),
    remove: (name) => void calls.push(`remove ${name}`),
    runNow: (name) => void calls.push(`run ${name}`),
  };
  return { registrar, calls, refuseNext: () => (refuse = true) };
}

test('on Windows each schedule is a task: registered running --schedule NAME, disabled by pause, re-registered when its times change, deleted by remove; a refusal leaves no schedule behind', async () => {
  m = freshMachine('shadowdesk-schedule-win-');
  const home = path.join(m.root, 'programdata-win');
  const rec = recordingRegistrar();
  const service = createScheduleService({
    machine: m.client, backend: 'windows', home, clock: REAL_CLOCK, registrar: rec.registrar,
    command: (name) => scheduledCommand('C:\\Program Files\\ShadowDesk\\ShadowDesk.exe', name), changed: () => {},
  });
  const added = service.add({ name: 'Work files', volumes: ['C:'], trigger: { kind: 'daily', times: ['12:00'] } }, 'en');
  assert.deepEqual(added.schedule.registration, { kind: 'task', taskPath: '\\ShadowDesk\\Work files' });
  service.update({ name: 'Work files', paused: true }, 'en');
  service.update({ name: 'Work files', retention: { ...DEFAULT_RETENTION, days: 3 } }, 'en');
  service.update({ name: 'Work files', trigger: { kind: 'daily', times: ['18:00'] } }, 'en');
  service.remove({ name: 'Work files' });
  assert.deepEqual(rec.calls, [
    'register Work files --schedule "Work files" enabled',
    'disable Work files',
    'register Work files --schedule "Work files" disabled',
    'remove Work files',
  ]);
  rec.refuseNext();
  assert.throws(() => service.add({ name: 'Refused', volumes: ['C:'], trigger: { kind: 'logon' } }, 'en'), /Task Scheduler refused it/);
  assert.deepEqual(service.list('en').schedules, []);
  const log = readAudit(home);
  assert.deepEqual(log.map((e) => `${e.action} ${e.target} ${e.outcome}`).reverse(), [
    'schedule-add Work files ok', 'schedule-change Work files ok', 'schedule-change Work files ok', 'schedule-change Work files ok',
    'schedule-remove Work files ok', 'schedule-add Refused failed',
  ]);
  await assert.rejects(service.tick({ until: new Date(Date.now() + 86400_000).toISOString() }), /Only the simulated machine has a clock to move/);
});
