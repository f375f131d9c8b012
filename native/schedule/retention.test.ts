// Days, weeks and months are local calendar periods, so these tests fix a zone with daylight saving
// time (Rome: CET/CEST). Node re-reads TZ when it is assigned, before any Date is made below.
process.env.TZ = 'Europe/Rome';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RetentionPolicy, ScheduleTrigger } from './schedule-types.js';
import { DEFAULT_RETENTION, WEEKDAYS } from './schedule-types.js';
import { isoWeekKey, maxKeptPerVolume, planThinning, type ThinnableCopy } from './retention.js';
import { dueRunsBetween, presetTrigger } from './triggers.js';

const HOUR = 3_600_000;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi);
const romeKnown = new Date(Date.UTC(2026, 6, 1, 12)).getTimezoneOffset() === -120;
const needRome = romeKnown ? {} : { skip: 'this runtime ignores TZ=Europe/Rome, and the hand-computed periods are Rome\'s' };

function copyAt(id: string, at: Date, volume = 'C:\\'): ThinnableCopy {
  return { id, volume, createdAt: at.toISOString() };
}

test('ISO weeks: Monday start, and the week-year of the week\'s Thursday', () => {
  assert.equal(isoWeekKey(local(2027, 1, 1, 12)), '2026-W53'); // a Friday in 2026's 53rd week
  assert.equal(isoWeekKey(local(2026, 12, 28, 12)), '2026-W53'); // its Monday
  assert.equal(isoWeekKey(local(2026, 12, 27, 12)), '2026-W52'); // the Sunday before
  assert.equal(isoWeekKey(local(2026, 1, 1, 12)), '2026-W01');
  assert.equal(isoWeekKey(local(2024, 12, 30, 12)), '2025-W01');
  assert.equal(isoWeekKey(local(2021, 1, 3, 12)), '2020-W53');
  assert.equal(isoWeekKey(local(2026, 12, 1, 12)), '2026-W49');
});

test('30 days of hourly copies with the default policy keep 34, for reasons that can be counted by hand', needRome, () => {
  // Copies every hour on the hour from Tue 1 Dec 2026 13:00 to Thu 31 Dec 12:00: 30 × 24 = 720.
  // Now is Thu 31 Dec 12:30. Policy 24 hours / 7 days / 4 weeks / 12 months.
  const now = local(2026, 12, 31, 12, 30);
  const copies: ThinnableCopy[] = [];
  for (let i = 0; i < 720; i++) copies.push(copyAt(`h${i}`, new Date(local(2026, 12, 1, 13).getTime() + i * HOUR)));
  // Five copies the schedule did not make (System Restore, the user's), among them the very newest.
  const foreign = [local(2026, 12, 2, 3, 10), local(2026, 12, 20, 1), local(2026, 12, 30, 8, 5), local(2026, 12, 31, 0, 0), local(2026, 12, 31, 12, 10)]
    .map((at, i) => copyAt(`sr${i}`, at));
  const owned = new Set(copies.map((c) => c.id));
  const plan = planThinning([...copies, ...foreign], owned, DEFAULT_RETENTION, now);

  // hour:  createdAt > 30 Dec 12:30 → 30 Dec 13:00 … 31 Dec 12:00 = 11 + 13 = 24 copies (the newest among them).
  // day:   25 … 31 Dec, the oldest of each day is its 00:00 copy → 7; 31 Dec 00:00 is also an 'hour' copy → 6 more.
  // week:  2026-W53 (Mon 28 Dec…), W52 (21…), W51 (14…), W50 (7…), the oldest of each is Monday 00:00 → 4;
  //        28 Dec 00:00 is already a day copy → 3 more.
  // month: 2026-12 (and 11 earlier months with no copies) → the oldest, 1 Dec 13:00 → 1 more.
  // Kept: 24 + 6 + 3 + 1 = 34; deleted: 720 − 34 = 686.
  assert.equal(plan.keep.length, 34);
  assert.equal(plan.delete.length, 686);
  const reasonsOf = (at: Date) => plan.keep.find((c) => c.createdAt === at.toISOString())?.reasons;
  assert.deepEqual(reasonsOf(local(2026, 12, 31, 12)), ['newest', 'hour']);
  assert.deepEqual(reasonsOf(local(2026, 12, 31, 0)), ['hour', 'day 2026-12-31']);
  assert.deepEqual(reasonsOf(local(2026, 12, 30, 13)), ['hour']);
  assert.equal(reasonsOf(local(2026, 12, 30, 12)), undefined, '30 Dec 12:00 is 24 h 30 min old and not first of its day');
  assert.deepEqual(reasonsOf(local(2026, 12, 30, 0)), ['day 2026-12-30']);
  assert.deepEqual(reasonsOf(local(2026, 12, 28, 0)), ['day 2026-12-28', 'week 2026-W53']);
  assert.deepEqual(reasonsOf(local(2026, 12, 21, 0)), ['week 2026-W52']);
  assert.deepEqual(reasonsOf(local(2026, 12, 7, 0)), ['week 2026-W50']);
  assert.deepEqual(reasonsOf(local(2026, 12, 1, 13)), ['month 2026-12']);
  assert.equal(reasonsOf(local(2026, 12, 24, 0)), undefined, '24 Dec is outside the 7 days and not a Monday');
  // Nothing of anyone else's is in the plan, even the newest copy of the volume.
  for (const c of [...plan.keep, ...plan.delete]) assert.ok(owned.has(c.id));
  // Oldest first, both lists; a copy that goes has no reasons.
  const times = (l: { createdAt: string }[]) => l.map((c) => Date.parse(c.createdAt));
  assert.deepEqual(times(plan.keep), [...times(plan.keep)].sort((a, b) => a - b));
  assert.deepEqual(times(plan.delete), [...times(plan.delete)].sort((a, b) => a - b));
  assert.ok(plan.delete.every((c) => c.reasons.length === 0));
});

test('a policy of zeros keeps only the newest copy of each volume', () => {
  const now = new Date('2026-12-31T12:00:00Z');
  const copies = [
    copyAt('c1', new Date('2026-12-30T10:00:00Z'), 'C:\\'), copyAt('c2', new Date('2026-12-31T10:00:00Z'), 'C:\\'),
    copyAt('d1', new Date('2026-12-29T10:00:00Z'), 'D:\\'), copyAt('d2', new Date('2026-11-01T10:00:00Z'), 'D:\\'),
  ];
  const plan = planThinning(copies, new Set(['c1', 'c2', 'd1', 'd2']), { hours: 0, days: 0, weeks: 0, months: 0, minFreePercent: 5 }, now);
  assert.deepEqual(plan.keep.map((c) => [c.id, c.reasons]), [['d1', ['newest']], ['c2', ['newest']]]);
  assert.deepEqual(plan.delete.map((c) => c.id), ['d2', 'c1']);
});

test('a copy dated after now (the clock went back) stays, and so does one whose date cannot be read', () => {
  const now = new Date('2026-12-31T12:00:00Z');
  const copies = [
    copyAt('old', new Date('2026-01-01T00:00:00Z')),
    copyAt('future1', new Date('2027-01-02T00:00:00Z')),
    copyAt('future2', new Date('2027-01-01T00:00:00Z')),
    { id: 'garbled', volume: 'C:\\', createdAt: 'not a date' },
  ];
  const plan = planThinning(copies, new Set(copies.map((c) => c.id)), { hours: 0, days: 0, weeks: 0, months: 0, minFreePercent: 0 }, now);
  assert.deepEqual(plan.keep.map((c) => [c.id, c.reasons]).sort(), [['future1', ['newest', 'future']], ['future2', ['future']], ['garbled', ['undated']]].sort());
  assert.deepEqual(plan.delete.map((c) => c.id), ['old']);
});

test('a copy listed twice is planned once', () => {
  const now = new Date('2026-12-31T12:00:00Z');
  const c = copyAt('x', new Date('2026-12-31T11:00:00Z'));
  const plan = planThinning([c, c], new Set(['x']), DEFAULT_RETENTION, now);
  assert.equal(plan.keep.length + plan.delete.length, 1);
});

test('maxKeptPerVolume: the default policy with an hourly schedule stays within VSS\'s 64 copies', () => {
  // hour tier: min(ceil(24/24) × 24, 24 × 1) = 24, plus 1 for a spring-forward day; 7 + 4 + 12; the newest.
  assert.equal(maxKeptPerVolume(presetTrigger('hourly'), DEFAULT_RETENTION), 25 + 7 + 4 + 12 + 1);
  assert.ok(maxKeptPerVolume(presetTrigger('hourly'), DEFAULT_RETENTION) <= 64);
  // Weekdays at 07:00 and 12:00: at most 2 runs in 24 hours, + 1 → 3.
  assert.equal(maxKeptPerVolume(presetTrigger('server-default'), DEFAULT_RETENTION), 3 + 23 + 1);
  // Two weeks of hourly copies cannot fit: the caller warns.
  assert.ok(maxKeptPerVolume(presetTrigger('hourly'), { ...DEFAULT_RETENTION, hours: 24 * 14 }) > 64);
  assert.equal(maxKeptPerVolume(presetTrigger('daily'), { hours: 0, days: 0, weeks: 0, months: 0, minFreePercent: 0 }), 1);
});

// ---- properties over random histories ----

const VOLUMES = ['C:\\', 'D:\\', 'E:\\'];
const MONTH = 31 * 24 * HOUR;
const policyArb: fc.Arbitrary<RetentionPolicy> = fc.record({
  hours: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 72 })),
  days: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 14 })),
  weeks: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 })),
  months: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 })),
  minFreePercent: fc.constant(5),
});
const nowArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) });
// A history: copies spread over ~18 months before now (a few in the future, as after a clock change),
// many of them close together (hourly runs), owned or not, on up to three volumes.
const historyArb = fc.tuple(nowArb, fc.array(fc.record({
  back: fc.oneof(
    fc.integer({ min: -2 * 24 * HOUR, max: 18 * MONTH }),
    fc.integer({ min: 0, max: 3 * 24 * HOUR }),
    fc.integer({ min: 0, max: 60 }).map((h) => h * HOUR),
  ),
  volume: fc.constantFrom(...VOLUMES),
  owned: fc.boolean(),
}), { maxLength: 120 })).map(([now, rows]) => ({
  now: new Date(now),
  copies: rows.map((r, i) => ({ id: `id${i}`, volume: r.volume, createdAt: new Date(now - r.back).toISOString() })),
  owned: new Set(rows.flatMap((r, i) => (r.owned ? [`id${i}`] : []))),
}));

/** The test's own periods, worked out differently from the module: local y-m-d, the local date of the week's Monday, local y-m. */
function periodsOf(t: Date) {
  const monday = new Date(t.getFullYear(), t.getMonth(), t.getDate() - ((t.getDay() + 6) % 7), 12);
  return {
    day: `${t.getFullYear()}/${t.getMonth()}/${t.getDate()}`,
    week: `${monday.getFullYear()}/${monday.getMonth()}/${monday.getDate()}`,
    month: `${t.getFullYear()}/${t.getMonth()}`,
  };
}
function windowOf(now: Date, tier: 'day' | 'week' | 'month', count: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = tier === 'day' ? new Date(now.getFullYear(), now.getMonth(), now.getDate() - i, 12)
      : tier === 'week' ? new Date(now.getFullYear(), now.getMonth(), now.getDate() - 7 * i, 12)
        : new Date(now.getFullYear(), now.getMonth() - i, 15, 12);
    out.add(periodsOf(at)[tier]);
  }
  return out;
}

test('property: the plan partitions the owned copies and never names anyone else\'s', () => {
  fc.assert(fc.property(historyArb, policyArb, ({ now, copies, owned }, policy) => {
    const plan = planThinning(copies, owned, policy, now);
    const ids = [...plan.keep, ...plan.delete].map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'each copy once');
    assert.deepEqual(new Set(ids), new Set(copies.filter((c) => owned.has(c.id)).map((c) => c.id)));
    for (const c of plan.delete) assert.ok(owned.has(c.id), `${c.id} is not the schedule's`);
    for (const c of plan.keep) assert.ok(c.reasons.length > 0);
  }), { numRuns: 300 });
});

test('property: the newest owned copy of each volume, every copy of the last hours and every future copy stay', () => {
  fc.assert(fc.property(historyArb, policyArb, ({ now, copies, owned }, policy) => {
    const plan = planThinning(copies, owned, policy, now);
    const kept = new Set(plan.keep.map((c) => c.id));
    for (const v of VOLUMES) {
      const mine = copies.filter((c) => owned.has(c.id) && c.volume === v).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const newest = mine[mine.length - 1];
      if (newest) assert.ok(kept.has(newest.id), `newest of ${v}`);
      for (const c of mine) {
        const t = Date.parse(c.createdAt);
        if (t > now.getTime()) assert.ok(kept.has(c.id), 'future');
        if (t <= now.getTime() && t > now.getTime() - policy.hours * HOUR) assert.ok(kept.has(c.id), 'within the hours');
      }
    }
  }), { numRuns: 300 });
});

test('property: in every day, week and month of the windows that has owned copies, its oldest stays', () => {
  fc.assert(fc.property(historyArb, policyArb, ({ now, copies, owned }, policy) => {
    const plan = planThinning(copies, owned, policy, now);
    const kept = new Set(plan.keep.map((c) => c.id));
    for (const tier of ['day', 'week', 'month'] as const) {
      const win = windowOf(now, tier, tier === 'day' ? policy.days : tier === 'week' ? policy.weeks : policy.months);
      for (const v of VOLUMES) {
        const oldest = new Map<string, { id: string; t: number }>();
        for (const c of copies) {
          const t = Date.parse(c.createdAt);
          if (!owned.has(c.id) || c.volume !== v || t > now.getTime()) continue;
          const key = periodsOf(new Date(t))[tier];
          if (!win.has(key)) continue;
          const cur = oldest.get(key);
          if (!cur || t < cur.t || (t === cur.t && c.id < cur.id)) oldest.set(key, { id: c.id, t });
        }
        for (const [key, c] of oldest) assert.ok(kept.has(c.id), `${tier} ${key} on ${v}: its oldest ${c.id} went`);
      }
    }
  }), { numRuns: 300 });
});

test('property: thinning is idempotent: after its deletions, planning again deletes nothing', () => {
  fc.assert(fc.property(historyArb, policyArb, ({ now, copies, owned }, policy) => {
    const first = planThinning(copies, owned, policy, now);
    const gone = new Set(first.delete.map((c) => c.id));
    const again = planThinning(copies.filter((c) => !gone.has(c.id)), owned, policy, now);
    assert.deepEqual(again.delete, []);
    assert.deepEqual(again.keep.map((c) => c.id), first.keep.map((c) => c.id));
  }), { numRuns: 300 });
});

const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const timedTrigger: fc.Arbitrary<ScheduleTrigger> = fc.oneof(
  fc.record({ kind: fc.constant('weekly' as const), days: fc.subarray([...WEEKDAYS], { minLength: 1 }), times: fc.array(clock, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('daily' as const), times: fc.array(clock, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('hourly' as const), everyHours: fc.integer({ min: 1, max: 12 }), startTime: clock }),
);

test('property: running a schedule and thinning after each run never holds more than maxKeptPerVolume', () => {
  fc.assert(fc.property(timedTrigger, policyArb, nowArb, (trigger, policy, startMs) => {
    // Simulate up to ~600 runs, as the runner does: a copy, then thinning.
    const start = new Date(startMs);
    const runs = dueRunsBetween(trigger, start, new Date(startMs + 200 * 24 * HOUR)).slice(0, 600);
    const bound = maxKeptPerVolume(trigger, policy);
    let held: ThinnableCopy[] = [];
    const owned = new Set<string>();
    runs.forEach((at, i) => {
      const c = copyAt(`r${i}`, at);
      owned.add(c.id);
      held.push(c);
      const gone = new Set(planThinning(held, owned, policy, at).delete.map((d) => d.id));
      held = held.filter((h) => !gone.has(h.id));
      assert.ok(held.length <= bound, `${held.length} copies held after run ${i}, bound ${bound}`);
    });
  }), { numRuns: 25 });
});
