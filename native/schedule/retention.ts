/*
 * Time Machine-like thinning of one schedule's own shadow copies: which stay and why, which go.
 * Pure: the runner deletes what the plan says, and the window previews the same plan before a
 * stricter policy is saved.
 */
import type { RetainedCopy, RetentionPolicy, ScheduleTrigger, ThinPlan } from './schedule-types.js';
import { runsPerDayUpperBound, runsPerHourUpperBound } from './triggers.js';

const HOUR_MS = 3_600_000;

/** One copy as the plan reads it: its id, its volume and when it was made (ISO 8601). */
export interface ThinnableCopy {
  id: string;
  volume: string;
  createdAt: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function localDayKey(t: Date): string {
  return `${pad(t.getFullYear(), 4)}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** The local calendar month of an instant, `YYYY-MM`. */
export function localMonthKey(t: Date): string {
  return `${pad(t.getFullYear(), 4)}-${pad(t.getMonth() + 1)}`;
}

/**
 * The ISO 8601 week of an instant's local date, `YYYY-Www` with the ISO week-year (weeks start on
 * Monday; week 1 holds the year's first Thursday), so 2027-01-01 (a Friday) is 2026-W53.
 */
export function isoWeekKey(t: Date): string {
  // Work on the local date as a UTC date, so that DST never shifts a day.
  const d = new Date(Date.UTC(t.getFullYear(), t.getMonth(), t.getDate()));
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of this week decides the week-year
  const weekYear = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 24 * HOUR_MS));
  return `${pad(weekYear, 4)}-W${pad(week)}`;
}

/** The keys of the `count` most recent periods counting the one `now` is in (local calendar). */
function windowKeys(now: Date, count: number, tier: 'day' | 'week' | 'month'): Set<string> {
  const keys = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (tier === 'day') keys.add(localDayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - i, 12)));
    else if (tier === 'week') keys.add(isoWeekKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 7 * i, 12)));
    else keys.add(localMonthKey(new Date(now.getFullYear(), now.getMonth() - i, 1, 12)));
  }
  return keys;
}

interface Dated extends ThinnableCopy {
  ms: number;
  reasons: string[];
}

const byTime = (a: Dated, b: Dated) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Which of a schedule's copies its policy keeps now, and which go, with every reason a copy stays.
 * - Only copies whose id is in `owned` are considered: a copy the schedule did not make (System
 *   Restore's, a backup's, the user's) never appears in the plan and is never deleted.
 * - Each volume is thinned on its own.
 * - The newest owned copy of each volume always stays ('newest'), so a schedule never leaves a volume
 *   without its latest copy; so does any copy dated after `now` ('future': the clock went back, and
 *   we cannot place it in a period).
 * - Every copy of the last `hours` hours stays ('hour').
 * - For each of the `days` most recent local days (today included), the `weeks` most recent ISO weeks
 *   and the `months` most recent calendar months, the OLDEST copy in that period stays ('day
 *   2026-12-01', 'week 2026-W48', 'month 2026-11'). The oldest, because it never changes as newer
 *   copies arrive: planning again after deleting deletes nothing (idempotent), and a later run only
 *   ever removes copies that have left every window.
 * - A copy whose time cannot be read stays ('undated'): we never delete what we cannot place.
 * Both lists are sorted oldest first.
 */
export function planThinning(
  copies: ReadonlyArray<ThinnableCopy>,
  owned: ReadonlySet<string>,
  policy: RetentionPolicy,
  now: Date,
): ThinPlan {
  const nowMs = now.getTime();
  const seen = new Set<string>();
  const byVolume = new Map<string, Dated[]>();
  for (const c of copies) {
    if (!owned.has(c.id) || seen.has(c.id)) continue;
    seen.add(c.id);
    const dated: Dated = { id: c.id, volume: c.volume, createdAt: c.createdAt, ms: Date.parse(c.createdAt), reasons: [] };
    const list = byVolume.get(c.volume) ?? [];
    list.push(dated);
    byVolume.set(c.volume, list);
  }

  const windows = {
    day: windowKeys(now, policy.days, 'day'),
    week: windowKeys(now, policy.weeks, 'week'),
    month: windowKeys(now, policy.months, 'month'),
  };
  const keyOf = { day: localDayKey, week: isoWeekKey, month: localMonthKey };
  const hourFloor = nowMs - policy.hours * HOUR_MS;

  const all: Dated[] = [];
  for (const list of byVolume.values()) {
    const undated = list.filter((c) => Number.isNaN(c.ms));
    const dated = list.filter((c) => !Number.isNaN(c.ms)).sort(byTime);
    for (const c of undated) c.reasons.push('undated');
    const newest = dated[dated.length - 1];
    if (newest) newest.reasons.push('newest');
    for (const c of dated) {
      if (c.ms > nowMs) c.reasons.push('future');
      else if (policy.hours > 0 && c.ms > hourFloor) c.reasons.push('hour');
    }
    for (const tier of ['day', 'week', 'month'] as const) {
      const win = windows[tier];
      if (win.size === 0) continue;
      const taken = new Set<string>();
      // Oldest first, so the first copy met in a period is the one that stays.
      for (const c of dated) {
        if (c.ms > nowMs) continue;
        const key = keyOf[tier](new Date(c.ms));
        if (!win.has(key) || taken.has(key)) continue;
        taken.add(key);
        c.reasons.push(`${tier} ${key}`);
      }
    }
    all.push(...dated, ...undated);
  }

  const out = (c: Dated): RetainedCopy => ({ id: c.id, volume: c.volume, createdAt: c.createdAt, reasons: c.reasons });
  const sorted = all.sort((a, b) => (Number.isNaN(a.ms) ? 0 : a.ms) - (Number.isNaN(b.ms) ? 0 : b.ms) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    keep: sorted.filter((c) => c.reasons.length > 0).map(out),
    delete: sorted.filter((c) => c.reasons.length === 0).map(out),
  };
}

/**
 * The most copies per volume a policy can hold at once with a trigger: what is checked against
 * VSS's 64 copies per volume (shared with System Restore, backups and the user's own copies).
 * It is the sum of what each reason can keep: the hour tier holds at most the runs of `hours` wall-clock
 * hours (the fewer of ceil(hours / 24) days of {@link runsPerDayUpperBound} and `hours` hours of
 * {@link runsPerHourUpperBound}) plus one wall-clock hour's worth for the day the clock springs forward
 * (an elapsed span then covers one more wall hour); then one copy per day,
 * per week and per month of the windows, and the newest. Runs the user starts by hand ("run now") and
 * copies dated in the future are not counted: they are rare and thinned at the next run.
 */
export function maxKeptPerVolume(trigger: ScheduleTrigger, policy: RetentionPolicy): number {
  const hourTier = policy.hours > 0
    ? Math.min(Math.ceil(policy.hours / 24) * runsPerDayUpperBound(trigger), policy.hours * runsPerHourUpperBound(trigger))
      + runsPerHourUpperBound(trigger)
    : 0;
  return hourTier + policy.days + policy.weeks + policy.months + 1;
}
