process.env.TZ = 'UTC';
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { runCapturedCli } from '../testing/captured-cli.js';

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  host?.dispose();
  m?.dispose();
  m = undefined;
  host = undefined;
});

async function cli(args: string[], options: { confirm?: (q: string) => Promise<boolean>; lang?: 'en' | 'it' } = {}) {
  m ??= freshMachine('shadowdesk-schedule-cli-');
  host ??= inProcessApi(m);
  return runCapturedCli(args, host.api, options);
}

test('cli schedule add: the Server preset on C: and D:, its next run, what it keeps and where it runs', async () => {
  const r = await cli(['schedule', 'add', 'Work files', '--volume', 'C:', '--volume', 'd', '--preset', 'server-default']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Schedule "Work files": C:\\, D:\\, Weekdays at 07:00 and 12:00\./);
  assert.match(r.out, /Next run: /);
  assert.match(r.out, /Keeps every copy of the last 24 hours, one a day for 7 days, one a week for 4 weeks, one a month for 12 months; at least 5% free\./);
  assert.match(r.out, /schedule tick --until DATE/);
  const list = JSON.parse((await cli(['schedule', 'list', '--json'])).out);
  assert.deepEqual(list.schedules[0].trigger, { kind: 'weekly', days: ['mon', 'tue', 'wed', 'thu', 'fri'], times: ['07:00', '12:00'] });
  // The next run is a weekday at 07:00 or 12:00.
  const next = new Date(list.schedules[0].nextRunAt);
  assert.ok([1, 2, 3, 4, 5].includes(next.getDay()) && ['07:00', '12:00'].includes(next.toISOString().slice(11, 16)), list.schedules[0].nextRunAt);
});

test('cli schedule add refuses, in words, a volume VSS cannot copy, a trigger given twice and an unknown day', async () => {
  const fat = await cli(['schedule', 'add', 'Stick', '--volume', 'E:', '--every', '2h']);
  assert.equal(fat.code, 1);
  assert.match(fat.err, /E:\\ \(FAT32\) cannot have shadow copies, so it cannot be scheduled/);
  const italian = inProcessApi(m!, 'it');
  const it = await runCapturedCli(['schedule', 'add', 'Stick', '--volume', 'E:', '--every', '2h'], italian.api, { lang: 'it' });
  italian.dispose();
  assert.match(it.err, /non può avere copie shadow, quindi non si può pianificare/);
  const twice = await cli(['schedule', 'add', 'X', '--volume', 'C:', '--preset', 'hourly', '--at', '09:00']);
  assert.equal(twice.code, 2);
  assert.match(twice.err, /Say when, once/);
  const day = await cli(['schedule', 'add', 'X', '--volume', 'C:', '--at', '09:00', '--days', 'mon,funday']);
  assert.equal(day.code, 2);
  assert.match(day.err, /Unknown day "fun"/);
  assert.equal(JSON.parse((await cli(['schedule', 'list', '--json'])).out).schedules.length, 0);
});

test('cli schedule tick runs what falls due; --schedule runs like the task; retention names what would go and asks', async () => {
  assert.equal((await cli(['schedule', 'tick', '--until', '2099-03-02T00:30:00Z'])).code, 0);
  assert.equal((await cli(['schedule', 'add', 'H', '--volume', 'C:', '--every', '1h'])).code, 0);
  const tick = await cli(['schedule', 'tick', '--until', '2099-03-03T06:00:00Z']);
  assert.equal(tick.code, 0, tick.err);
  // 2 March 01:00 to 3 March 06:00: 30 runs; the default policy keeps 24 hours plus 2 March's first copy.
  assert.match(tick.out, /^30 runs: 30 copies made, 5 thinned\. /);
  const task = await cli(['--schedule', 'H']);
  assert.equal(task.code, 0, task.err);
  assert.match(task.out, /^Made: \{/);
  const entries = JSON.parse((await cli(['audit', '--json', '--limit', '3'])).out);
  assert.equal(entries[0].schedule, 'H');
  assert.equal(entries[0].detail.cause, 'schedule');

  const before = JSON.parse((await cli(['schedule', 'list', '--json'])).out).schedules[0].copies.length;
  let asked = '';
  const refused = await cli(['schedule', 'retention', 'H', '--keep-hours', '2', '--keep-days', '0', '--keep-weeks', '0', '--keep-months', '0'], {
    confirm: async (q) => ((asked = q), false),
  });
  assert.equal(refused.code, 1);
  assert.match(asked, /the next run of "H" deletes these \d+ of its copies:\n {2}.*\{[0-9a-f-]+\}/);
  const listed = asked.match(/\{[0-9a-f-]+\}/g)!;
  // Kept: 05:00 and 06:00 (the last two hours) and the task's run just after 06:00 (the newest).
  assert.equal(listed.length, before - 3, 'every other copy of the schedule is named');
  const still = JSON.parse((await cli(['schedule', 'list', '--json'])).out).schedules[0];
  assert.equal(still.copies.length, before, 'saying no changes nothing');
  assert.equal(still.retention.hours, 24);
});

test('cli schedule pause, resume and remove; remove keeps the copies and says so', async () => {
  await cli(['schedule', 'add', 'Daily', '--volume', 'C:', '--at', '12:00']);
  assert.match((await cli(['schedule', 'pause', 'daily'])).out, /"Daily": paused\./);
  assert.match((await cli(['schedule', 'resume', 'Daily'])).out, /"Daily": .*12:00/);
  const run = await cli(['schedule', 'run', 'Daily', '--yes']);
  assert.equal(run.code, 0, run.err);
  const noTerminal = await cli(['schedule', 'remove', 'Daily']);
  assert.equal(noTerminal.code, 1);
  assert.match(noTerminal.err, /Remove the schedule "Daily"\? The copies it made stay; no more are made\.\nAdd --yes to confirm\./);
  const removed = await cli(['schedule', 'remove', 'Daily', '--yes']);
  assert.equal(removed.code, 0);
  assert.match(removed.out, /Removed\. The copy it made stays\./);
  const unknown = await cli(['schedule', 'run', 'Daily', '--yes']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /There is no schedule named "Daily"\./);
});
