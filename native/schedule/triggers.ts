/*
 * When a schedule is due, in the machine's local time, as plain functions of a trigger and a clock.
 * The simulated machine's clock, the schedule list's "next run" and the cap arithmetic all use
 * these, and the Task Scheduler definition (task-xml.ts) is generated to fire at exactly these times.
 */
import { WEEKDAYS, type ScheduleTrigger, type SchedulePreset, type Weekday } from './schedule-types.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** `HH:MM` → [hours, minutes]; the contract has already checked the shape. */
function hhmm(time: string): [number, number] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`not a time as HH:MM: ${time}`);
  return [Number(m[1]), Number(m[2])];
}

/** Minutes since midnight of `HH:MM`. */
function minutesOf(time: string): number {
  const [h, m] = hhmm(time);
  return h * 60 + m;
}

/** A local calendar day, as Date's local getters give it. */
interface LocalDay {
  y: number;
  m: number;
  d: number;
  /** Monday = 0 … Sunday = 6, as {@link WEEKDAYS} orders them. */
  weekday: number;
}

/** The local day `offset` days from the local day of `at` (noon is used so that DST never moves the date). */
function localDay(at: Date, offset: number): LocalDay {
  const noon = new Date(at.getFullYear(), at.getMonth(), at.getDate() + offset, 12, 0, 0, 0);
  return { y: noon.getFullYear(), m: noon.getMonth(), d: noon.getDate(), weekday: (noon.getDay() + 6) % 7 };
}

/**
 * The instant a local wall-clock time on a day happens. `minutes` may pass 24:00 (it then falls on the
 * following days, as an hourly repetition does). A wall time that does not exist that day (the hour the
 * clock springs forward) happens at the first valid instant after it, the moment of the change; a wall
 * time that happens twice (the hour the clock falls back) happens once, at its first occurrence
 * (ECMAScript's Date already picks the earlier of the two).
 */
export function wallTime(day: { y: number; m: number; d: number }, minutes: number): Date {
  const h = Math.floor(minutes / 60);
  const min = minutes % 60;
  const t = new Date(day.y, day.m, day.d, h, min, 0, 0);
  // Where the wall time should land once normalised (24:00 and later roll to the next days).
  const want = new Date(day.y, day.m, day.d, 12, 0, 0, 0);
  want.setDate(want.getDate() + Math.floor(h / 24));
  const wantH = h % 24;
  const exists = t.getFullYear() === want.getFullYear() && t.getMonth() === want.getMonth()
    && t.getDate() === want.getDate() && t.getHours() === wantH && t.getMinutes() === min;
  if (exists) return t;
  // In a gap: Date moved the time forward by the gap's length. The first valid instant after the wall
  // time is the moment of the change; find it by bisection on whole minutes (changes happen on minutes).
  // At `lo` the clock still shows a time before the wanted one, at `hi` a time after it.
  let lo = Math.floor((t.getTime() - 3 * HOUR_MS) / MINUTE_MS);
  let hi = Math.floor(t.getTime() / MINUTE_MS);
  const offsetAt = (minute: number) => new Date(minute * MINUTE_MS).getTimezoneOffset();
  const before = offsetAt(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi * MINUTE_MS);
}

/** Sorted distinct minutes-since-midnight of a list of `HH:MM`. */
function distinctMinutes(times: readonly string[]): number[] {
  return [...new Set(times.map(minutesOf))].sort((a, b) => a - b);
}

/**
 * The wall times (minutes from that day's midnight, possibly past 24:00) a trigger fires at whose
 * occurrence belongs to a local day. For hourly, a day's occurrence is the repetition that starts at
 * `startTime` and lasts 24 hours (Task Scheduler: a daily trigger at startTime with Interval PT{n}H
 * and Duration P1D), so its last runs may fall on the next morning.
 */
function occurrencesOfDay(trigger: ScheduleTrigger, weekday: number): number[] {
  switch (trigger.kind) {
    case 'weekly':
      return trigger.days.includes(WEEKDAYS[weekday] as Weekday) ? distinctMinutes(trigger.times) : [];
    case 'daily':
      return distinctMinutes(trigger.times);
    case 'hourly': {
      const start = minutesOf(trigger.startTime);
      const out: number[] = [];
      for (let k = 0; k * trigger.everyHours < 24; k++) out.push(start + k * trigger.everyHours * 60);
      return out;
    }
    case 'logon':
    case 'idle':
      return [];
  }
}

/** The latest local day whose occurrences can spill into the next day (hourly repetitions do). */
const SPILL_DAYS = 1;

/**
 * Every due time t with `from` < t <= `to`, ascending and distinct. Used by the simulated machine's
 * clock to run what a tick passes over, and by "overdue" checks. Log-on and idle triggers are events,
 * not times: they give none. Cost is one small list per local day in the range (a year is 366 days).
 */
export function dueRunsBetween(trigger: ScheduleTrigger, from: Date, to: Date): Date[] {
  if (trigger.kind === 'logon' || trigger.kind === 'idle' || !(to.getTime() > from.getTime())) return [];
  const out: number[] = [];
  const fromMs = from.getTime();
  const toMs = to.getTime();
  const first = localDay(from, -SPILL_DAYS);
  // Number of days from `first` to the local day of `to`, inclusive (DST days are 23 or 25 hours).
  const lastDay = localDay(to, 0);
  const span = Math.round((Date.UTC(lastDay.y, lastDay.m, lastDay.d) - Date.UTC(first.y, first.m, first.d)) / (24 * HOUR_MS));
  for (let i = 0; i <= span; i++) {
    const day = localDay(new Date(first.y, first.m, first.d, 12), i);
    for (const minutes of occurrencesOfDay(trigger, day.weekday)) {
      const t = wallTime(day, minutes).getTime();
      if (t > fromMs && t <= toMs) out.push(t);
    }
  }
  return [...new Set(out)].sort((a, b) => a - b).map((t) => new Date(t));
}

/**
 * The first due time strictly after `after`, in local time; null for log-on and idle (events, not
 * times). What the schedule list shows as "next run" and what the simulated clock waits for.
 */
export function nextRunAfter(trigger: ScheduleTrigger, after: Date): Date | null {
  if (trigger.kind === 'logon' || trigger.kind === 'idle') return null;
  // A weekly trigger is due at least once in any 8 local days (plus one day for spill-over).
  for (const horizonDays of [2, 9]) {
    const runs = dueRunsBetween(trigger, after, new Date(after.getTime() + horizonDays * 24 * HOUR_MS));
    if (runs.length > 0) return runs[0] ?? null;
  }
  return null;
}

/**
 * The trigger each preset stands for, so the window, the CLI and the doctor agree on what "hourly"
 * means. server-default is the Windows Server shadow-copy dialog's default: Monday to Friday at
 * 07:00 and 12:00.
 */
export function presetTrigger(preset: SchedulePreset): ScheduleTrigger {
  switch (preset) {
    case 'server-default':
      return { kind: 'weekly', days: ['mon', 'tue', 'wed', 'thu', 'fri'], times: ['07:00', '12:00'] };
    case 'hourly':
      return { kind: 'hourly', everyHours: 1, startTime: '00:00' };
    case 'daily':
      return { kind: 'daily', times: ['12:00'] };
    case 'logon':
      return { kind: 'logon' };
    case 'idle':
      return { kind: 'idle', idleMinutes: 10 };
  }
}

const DAY_NAMES: Record<'en' | 'it', Record<Weekday, string>> = {
  en: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
  it: { mon: 'lun', tue: 'mar', wed: 'mer', thu: 'gio', fri: 'ven', sat: 'sab', sun: 'dom' },
};

/** `HH:MM` as the trigger shows it, sorted and without repeats. */
function sortedTimes(times: readonly string[]): string[] {
  return distinctMinutes(times).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
}

/** Italian elides the article before a vowel: "all'01:00" (l'una), "alle 07:00". */
function itAt(time: string, article: 'a' | 'da'): string {
  const elided = time.startsWith('01:');
  if (article === 'a') return elided ? `all'${time}` : `alle ${time}`;
  return elided ? `dall'${time}` : `dalle ${time}`;
}

function listTimes(times: readonly string[], lang: 'en' | 'it'): string {
  const ts = sortedTimes(times);
  if (lang === 'en') {
    const words = ts.length <= 1 ? ts.join('') : `${ts.slice(0, -1).join(', ')} and ${ts[ts.length - 1]}`;
    return `at ${words}`;
  }
  const parts = ts.map((t) => itAt(t, 'a'));
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} e ${parts[parts.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A trigger in plain words ("Weekdays at 07:00 and 12:00", "Ogni ora"), for the schedule list, the
 * CLI and the task's description in Task Scheduler, so people never have to read a cron-like spec.
 */
export function describeTrigger(trigger: ScheduleTrigger, lang: 'en' | 'it'): string {
  const it = lang === 'it';
  switch (trigger.kind) {
    case 'weekly': {
      const days = WEEKDAYS.filter((d) => trigger.days.includes(d));
      const key = days.join(',');
      const when = listTimes(trigger.times, lang);
      if (days.length === 7) return it ? `Ogni giorno ${when}` : `Every day ${when}`;
      if (key === 'mon,tue,wed,thu,fri') return it ? `Nei giorni feriali ${when}` : `Weekdays ${when}`;
      if (key === 'sat,sun') return it ? `Nel fine settimana ${when}` : `Weekends ${when}`;
      return `${capitalise(days.map((d) => DAY_NAMES[lang][d]).join(', '))} ${when}`;
    }
    case 'daily':
      return it ? `Ogni giorno ${listTimes(trigger.times, lang)}` : `Every day ${listTimes(trigger.times, lang)}`;
    case 'hourly': {
      const n = trigger.everyHours;
      const start = sortedTimes([trigger.startTime])[0] ?? trigger.startTime;
      if (n === 1 && start === '00:00') return it ? 'Ogni ora' : 'Every hour';
      if (n === 1) return it ? `Ogni ora ${itAt(start, 'da')}` : `Every hour from ${start}`;
      return it ? `Ogni ${n} ore ${itAt(start, 'da')}` : `Every ${n} hours from ${start}`;
    }
    case 'logon':
      return it ? "All'accesso" : 'At log-on';
    case 'idle': {
      const m = trigger.idleMinutes;
      return it
        ? `Quando il computer è inattivo da ${m} ${m === 1 ? 'minuto' : 'minuti'}, con alimentazione di rete`
        : `When idle for ${m} ${m === 1 ? 'minute' : 'minutes'}, on AC power`;
    }
  }
}

/**
 * How many runs a trigger makes in one local day, at most: the figure the cap arithmetic multiplies.
 * Weekly and daily: the number of distinct times. Hourly: the repetitions in its 24-hour window,
 * ceil(24 / everyHours) (any calendar day holds exactly that many, some from the previous day's window).
 * Log-on and idle are events with no fixed count: we assume at most one per hour, 24, because Task
 * Scheduler's MultipleInstancesPolicy IgnoreNew and a run's own length keep them apart in practice;
 * it is an assumption, not a guarantee.
 */
export function runsPerDayUpperBound(trigger: ScheduleTrigger): number {
  switch (trigger.kind) {
    case 'weekly':
    case 'daily':
      return distinctMinutes(trigger.times).length;
    case 'hourly':
      return Math.ceil(24 / trigger.everyHours);
    case 'logon':
    case 'idle':
      return 24;
  }
}

/**
 * How many runs can fall within any one wall-clock hour, at most: what a clock that springs forward
 * can squeeze into an elapsed span beyond its wall-clock length. Used by the cap arithmetic.
 */
export function runsPerHourUpperBound(trigger: ScheduleTrigger): number {
  switch (trigger.kind) {
    case 'weekly':
    case 'daily': {
      // The most distinct times within any 60-minute half-open window, around midnight too.
      const ms = distinctMinutes(trigger.times);
      let best = 0;
      for (const start of ms) {
        best = Math.max(best, ms.filter((m) => (m - start + 1440) % 1440 < 60).length);
      }
      return best;
    }
    case 'hourly':
    case 'logon':
    case 'idle':
      return 1;
  }
}
