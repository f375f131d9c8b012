// Times are local wall-clock times, so these tests fix a zone with daylight saving time: Rome
// (CET +01:00, CEST +02:00; in 2026 the clock springs forward on 29 March at 02:00 and falls back on
// 25 October at 03:00). Node re-reads TZ when it is assigned, before any Date is made below.
process.env.TZ = 'Europe/Rome';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ScheduleTrigger } from './schedule-types.js';
import { WEEKDAYS } from './schedule-types.js';
import { describeTrigger, dueRunsBetween, nextRunAfter, presetTrigger, runsPerDayUpperBound, runsPerHourUpperBound } from './triggers.js';

/** Local wall time in Rome, the test zone. */
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi);
const iso = (d: Date | null) => d?.toISOString() ?? null;

// Whether this runtime honours TZ (node.exe under Wine may not): the DST cases need it.
const romeKnown = new Date(Date.UTC(2026, 6, 1, 12)).getTimezoneOffset() === -120
  && new Date(Date.UTC(2026, 0, 1, 12)).getTimezoneOffset() === -60;
const needRome = romeKnown ? {} : { skip: 'this runtime ignores TZ=Europe/Rome, and the daylight-saving cases need a zone that has it' };

test('the presets are the triggers the window and the CLI promise', () => {
  assert.deepEqual(presetTrigger('server-default'), { kind: 'weekly', days: ['mon', 'tue', 'wed', 'thu', 'fri'], times: ['07:00', '12:00'] });
  assert.deepEqual(presetTrigger('hourly'), { kind: 'hourly', everyHours: 1, startTime: '00:00' });
  assert.deepEqual(presetTrigger('daily'), { kind: 'daily', times: ['12:00'] });
  assert.deepEqual(presetTrigger('logon'), { kind: 'logon' });
  assert.deepEqual(presetTrigger('idle'), { kind: 'idle', idleMinutes: 10 });
});

test('server-default: the next run is strictly after, and skips the weekend', needRome, () => {
  const t = presetTrigger('server-default');
  // Friday 4 December 2026.
  assert.equal(iso(nextRunAfter(t, local(2026, 12, 4, 6, 59))), iso(local(2026, 12, 4, 7, 0)));
  assert.equal(iso(nextRunAfter(t, local(2026, 12, 4, 7, 0))), iso(local(2026, 12, 4, 12, 0)));
  assert.equal(iso(nextRunAfter(t, local(2026, 12, 4, 12, 0))), iso(local(2026, 12, 7, 7, 0)));
  // Saturday → Monday 07:00 local, which is 06:00 UTC in winter.
  assert.equal(iso(nextRunAfter(t, local(2026, 12, 5, 9, 0))), '2026-12-07T06:00:00.000Z');
});

test('a weekly trigger on one day waits up to a week', needRome, () => {
  const t: ScheduleTrigger = { kind: 'weekly', days: ['wed'], times: ['09:30'] };
  // Wednesday 2 December 2026 at 09:30 exactly: the next is the following Wednesday.
  assert.equal(iso(nextRunAfter(t, local(2026, 12, 2, 9, 30))), iso(local(2026, 12, 9, 9, 30)));
});

test('log-on and idle are events, not times', () => {
  for (const t of [presetTrigger('logon'), presetTrigger('idle')]) {
    assert.equal(nextRunAfter(t, local(2026, 12, 1)), null);
    assert.deepEqual(dueRunsBetween(t, local(2026, 12, 1), local(2026, 12, 31)), []);
  }
});

test('dueRunsBetween: from is excluded, to included, and an empty range has none', needRome, () => {
  const t = presetTrigger('daily');
  assert.deepEqual(dueRunsBetween(t, local(2026, 12, 1, 12), local(2026, 12, 2, 12)).map(iso), [iso(local(2026, 12, 2, 12))]);
  assert.deepEqual(dueRunsBetween(t, local(2026, 12, 2, 12), local(2026, 12, 1, 12)), []);
  assert.deepEqual(dueRunsBetween(t, local(2026, 12, 2, 12), local(2026, 12, 2, 12)), []);
});

test('hourly for 30 days of December is 720 runs, one hour apart, on the hour', needRome, () => {
  const runs = dueRunsBetween(presetTrigger('hourly'), local(2026, 12, 1), local(2026, 12, 31));
  assert.equal(runs.length, 30 * 24);
  assert.equal(iso(runs[0] ?? null), iso(local(2026, 12, 1, 1)));
  assert.equal(iso(runs[runs.length - 1] ?? null), iso(local(2026, 12, 31, 0)));
  for (let i = 1; i < runs.length; i++) assert.equal(runs[i]!.getTime() - runs[i - 1]!.getTime(), 3_600_000);
  for (const r of runs) assert.equal(r.getMinutes(), 0);
});

test('a year of hourly runs is 8759 and takes well under a second', needRome, () => {
  const started = performance.now();
  const runs = dueRunsBetween(presetTrigger('hourly'), new Date('2027-01-01T00:00:00Z'), new Date('2028-01-01T00:00:00Z'));
  // 2027 has 365 × 24 = 8760 wall-clock hours. On 28 March 02:00 does not exist and runs with 03:00
  // (one instant, one run); on 31 October the repeated 02:00 runs once. So 8760 − 1.
  assert.equal(runs.length, 8759);
  assert.ok(performance.now() - started < 1000);
});

test('every 3 hours from 06:00 repeats for a day, as Task Scheduler\'s Duration P1D does: 8 runs a day', needRome, () => {
  const t: ScheduleTrigger = { kind: 'hourly', everyHours: 3, startTime: '06:00' };
  const runs = dueRunsBetween(t, local(2026, 12, 1, 23, 59), local(2026, 12, 2, 23, 59));
  // 00:00 and 03:00 belong to the repetition that started at 06:00 the day before.
  assert.deepEqual(runs.map((r) => `${r.getHours()}`), ['0', '3', '6', '9', '12', '15', '18', '21']);
});

test('every 5 hours from 06:00: the repetition that starts at 06:00 ends at 02:00 the next morning', needRome, () => {
  const t: ScheduleTrigger = { kind: 'hourly', everyHours: 5, startTime: '06:00' };
  // 06, 11, 16, 21 and 02 (06 + 20 h); the next repetition starts at 06:00 again, not at 07:00.
  const runs = dueRunsBetween(t, local(2026, 12, 2, 0, 0), local(2026, 12, 3, 0, 0));
  assert.deepEqual(runs.map((r) => r.getHours()), [2, 6, 11, 16, 21]);
  assert.equal(runsPerDayUpperBound(t), 5);
  assert.equal(iso(nextRunAfter(t, local(2026, 12, 2, 21, 0))), iso(local(2026, 12, 3, 2, 0)));
  assert.equal(iso(nextRunAfter(t, local(2026, 12, 3, 2, 0))), iso(local(2026, 12, 3, 6, 0)));
});

test('spring forward: 02:30 does not exist on 29 March 2026, so it runs at 03:00, the first valid instant', needRome, () => {
  const t: ScheduleTrigger = { kind: 'daily', times: ['02:30'] };
  const next = nextRunAfter(t, local(2026, 3, 29, 0, 0));
  // 03:00 CEST = 01:00 UTC, the moment the clock jumps from 02:00 to 03:00.
  assert.equal(iso(next), '2026-03-29T01:00:00.000Z');
  // The day before and after, 02:30 as usual.
  assert.equal(iso(nextRunAfter(t, local(2026, 3, 28, 0, 0))), '2026-03-28T01:30:00.000Z');
  assert.equal(iso(nextRunAfter(t, next!)), '2026-03-30T00:30:00.000Z');
});

test('spring forward: hourly makes 23 runs that day, 02:00 and 03:00 being one instant', needRome, () => {
  const runs = dueRunsBetween(presetTrigger('hourly'), local(2026, 3, 29, 0, 0), local(2026, 3, 30, 0, 0));
  // Wall hours 01..23 and 00 of the next day are 24 slots; 02:00 does not exist and lands on 03:00.
  assert.equal(runs.length, 23);
  for (let i = 1; i < runs.length; i++) assert.equal(runs[i]!.getTime() - runs[i - 1]!.getTime(), 3_600_000);
});

test('fall back: 02:30 happens twice on 25 October 2026 and runs once, at the first', needRome, () => {
  const t: ScheduleTrigger = { kind: 'daily', times: ['02:30'] };
  const runs = dueRunsBetween(t, local(2026, 10, 25, 0, 0), local(2026, 10, 26, 0, 0));
  // 02:30 CEST = 00:30 UTC; the second 02:30 (CET) would be 01:30 UTC.
  assert.deepEqual(runs.map(iso), ['2026-10-25T00:30:00.000Z']);
  const hourly = dueRunsBetween(presetTrigger('hourly'), local(2026, 10, 25, 0, 0), local(2026, 10, 26, 0, 0));
  assert.equal(hourly.length, 24, 'one run per wall hour, the repeated hour once');
});

test('weekly times are distinct and sorted however they were given', needRome, () => {
  const t: ScheduleTrigger = { kind: 'weekly', days: ['fri', 'mon'], times: ['12:00', '07:00', '12:00'] };
  const runs = dueRunsBetween(t, local(2026, 11, 30, 0, 0), local(2026, 12, 7, 0, 0));
  assert.deepEqual(runs.map(iso), [local(2026, 11, 30, 7), local(2026, 11, 30, 12), local(2026, 12, 4, 7), local(2026, 12, 4, 12)].map(iso));
  assert.equal(runsPerDayUpperBound(t), 2);
});

test('runsPerDayUpperBound and runsPerHourUpperBound', () => {
  assert.equal(runsPerDayUpperBound(presetTrigger('hourly')), 24);
  assert.equal(runsPerDayUpperBound({ kind: 'hourly', everyHours: 7, startTime: '00:00' }), 4);
  assert.equal(runsPerDayUpperBound(presetTrigger('server-default')), 2);
  assert.equal(runsPerDayUpperBound(presetTrigger('daily')), 1);
  assert.equal(runsPerDayUpperBound(presetTrigger('logon')), 24);
  assert.equal(runsPerDayUpperBound(presetTrigger('idle')), 24);
  assert.equal(runsPerHourUpperBound(presetTrigger('hourly')), 1);
  assert.equal(runsPerHourUpperBound({ kind: 'daily', times: ['07:00', '07:30', '08:00'] }), 2);
  assert.equal(runsPerHourUpperBound({ kind: 'daily', times: ['23:40', '00:20'] }), 2, 'around midnight too');
});

const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const timedTrigger: fc.Arbitrary<ScheduleTrigger> = fc.oneof(
  fc.record({ kind: fc.constant('weekly' as const), days: fc.subarray([...WEEKDAYS], { minLength: 1 }), times: fc.array(clock, { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('daily' as const), times: fc.array(clock, { minLength: 1, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('hourly' as const), everyHours: fc.integer({ min: 1, max: 23 }), startTime: clock }),
);
// Any instant of 2026–2027, both DST changes of each year included.
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms));

test('property: following nextRunAfter from run to run gives exactly dueRunsBetween', () => {
  fc.assert(fc.property(timedTrigger, instant, fc.integer({ min: 1, max: 10 }), (t, from, days) => {
    const to = new Date(from.getTime() + days * 86_400_000);
    const due = dueRunsBetween(t, from, to).map((d) => d.getTime());
    const walked: number[] = [];
    let at = from;
    for (;;) {
      const next = nextRunAfter(t, at);
      assert.ok(next, 'a timed trigger always has a next run');
      assert.ok(next.getTime() > at.getTime(), 'strictly after');
      if (next.getTime() > to.getTime()) break;
      walked.push(next.getTime());
      at = next;
    }
    assert.deepEqual(walked, due);
  }), { numRuns: 200 });
});

test('property: a local day never holds more runs than runsPerDayUpperBound, nor an hour more than runsPerHourUpperBound', () => {
  fc.assert(fc.property(timedTrigger, instant, (t, at) => {
    const dayStart = new Date(at.getFullYear(), at.getMonth(), at.getDate());
    const dayEnd = new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1);
    const inDay = dueRunsBetween(t, new Date(dayStart.getTime() - 1), new Date(dayEnd.getTime() - 1));
    assert.ok(inDay.length <= runsPerDayUpperBound(t), `${inDay.length} runs on ${dayStart.toDateString()}`);
    const hourAgo = new Date(at.getTime() - 3_600_000);
    const inHour = dueRunsBetween(t, hourAgo, at);
    // An elapsed hour across a spring-forward change spans two wall-clock hours (the cap arithmetic adds one for it).
    const wallHours = hourAgo.getTimezoneOffset() === at.getTimezoneOffset() ? 1 : 2;
    assert.ok(inHour.length <= wallHours * runsPerHourUpperBound(t), `${inHour.length} runs in the hour before ${at.toISOString()}`);
  }), { numRuns: 300 });
});

test('describeTrigger in English', () => {
  assert.equal(describeTrigger(presetTrigger('server-default'), 'en'), 'Weekdays at 07:00 and 12:00');
  assert.equal(describeTrigger(presetTrigger('hourly'), 'en'), 'Every hour');
  assert.equal(describeTrigger({ kind: 'hourly', everyHours: 3, startTime: '06:00' }, 'en'), 'Every 3 hours from 06:00');
  assert.equal(describeTrigger(presetTrigger('daily'), 'en'), 'Every day at 12:00');
  assert.equal(describeTrigger(presetTrigger('logon'), 'en'), 'At log-on');
  assert.equal(describeTrigger(presetTrigger('idle'), 'en'), 'When idle for 10 minutes, on AC power');
  assert.equal(describeTrigger({ kind: 'idle', idleMinutes: 1 }, 'en'), 'When idle for 1 minute, on AC power');
  assert.equal(describeTrigger({ kind: 'weekly', days: ['fri', 'mon', 'wed'], times: ['09:30'] }, 'en'), 'Mon, Wed, Fri at 09:30');
  assert.equal(describeTrigger({ kind: 'weekly', days: ['sun', 'sat'], times: ['10:00'] }, 'en'), 'Weekends at 10:00');
  assert.equal(describeTrigger({ kind: 'weekly', days: [...WEEKDAYS], times: ['18:00', '08:00', '13:00'] }, 'en'), 'Every day at 08:00, 13:00 and 18:00');
});

test('describeTrigger in Italian', () => {
  assert.equal(describeTrigger(presetTrigger('server-default'), 'it'), 'Nei giorni feriali alle 07:00 e alle 12:00');
  assert.equal(describeTrigger(presetTrigger('hourly'), 'it'), 'Ogni ora');
  assert.equal(describeTrigger({ kind: 'hourly', everyHours: 3, startTime: '06:00' }, 'it'), 'Ogni 3 ore dalle 06:00');
  assert.equal(describeTrigger({ kind: 'hourly', everyHours: 2, startTime: '01:00' }, 'it'), "Ogni 2 ore dall'01:00");
  assert.equal(describeTrigger(presetTrigger('daily'), 'it'), 'Ogni giorno alle 12:00');
  assert.equal(describeTrigger(presetTrigger('logon'), 'it'), "All'accesso");
  assert.equal(describeTrigger(presetTrigger('idle'), 'it'), 'Quando il computer è inattivo da 10 minuti, con alimentazione di rete');
  assert.equal(describeTrigger({ kind: 'weekly', days: ['mon', 'wed', 'fri'], times: ['09:30'] }, 'it'), 'Lun, mer, ven alle 09:30');
  assert.equal(describeTrigger({ kind: 'daily', times: ['08:00', '13:00', '18:00'] }, 'it'), 'Ogni giorno alle 08:00, alle 13:00 e alle 18:00');
});
