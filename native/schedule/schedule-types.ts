/*
 * Scheduled shadow copies as plain data: what crosses the contract to every front end, what the
 * schedule store keeps on disk, and what the Windows task definition is generated from.
 */

/** Days of the week, as Task Scheduler's DaysOfWeek names them (Monday first, as people list them). */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Every weekday in order (index 0 = Monday). */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * When a schedule makes a copy. Times are `HH:MM` in the machine's local time, as in the Server
 * dialog and Task Scheduler's StartBoundary (which has no zone: it follows the machine's clock).
 * - weekly: on the given days at each time (the Server dialog's default is Monday to Friday at 07:00 and 12:00);
 * - daily: every day at each time;
 * - hourly: every `everyHours` hours from `startTime` (Task Scheduler: a repetition interval);
 * - logon: when any user logs on;
 * - idle: when the computer has been idle for `idleMinutes` and runs on AC power.
 */
export type ScheduleTrigger =
  | { kind: 'weekly'; days: Weekday[]; times: string[] }
  | { kind: 'daily'; times: string[] }
  | { kind: 'hourly'; everyHours: number; startTime: string }
  | { kind: 'logon' }
  | { kind: 'idle'; idleMinutes: number };

/** The presets the window and the CLI offer; `custom` is any other trigger. */
export type SchedulePreset = 'server-default' | 'hourly' | 'daily' | 'logon' | 'idle';

/**
 * What thinning keeps, Time Machine-like: every copy of the last `hours` hours, one per day for
 * `days` days, one per week for `weeks` weeks, one per month for `months` months. `minFreePercent`
 * is a floor of free space on the volume that holds the shadow storage: below it, the schedule's
 * own oldest copies go first (never the newest). Copies the schedule did not make are never touched.
 */
export interface RetentionPolicy {
  hours: number;
  days: number;
  weeks: number;
  months: number;
  minFreePercent: number;
}

/**
 * The defaults: at most 49 copies per volume even for an hourly schedule (24 hours, 7 days, 4 weeks,
 * 12 months, the newest, and the extra hour of a daylight-saving change: maxKeptPerVolume), which
 * leaves 15 of VSS's 64 for System Restore, backups and the user's own.
 */
export const DEFAULT_RETENTION: RetentionPolicy = { hours: 24, days: 7, weeks: 4, months: 12, minFreePercent: 5 };

/** One schedule, as the user defined it. */
export interface Schedule {
  /** Unique on the machine (case-insensitive); also the task's name under `\ShadowDesk\`. */
  name: string;
  /** Canonical volume names (`C:\`), one copy set per run covering them all. */
  volumes: string[];
  trigger: ScheduleTrigger;
  retention: RetentionPolicy;
  withWriters: boolean;
  paused: boolean;
  /** Windows: the account the task runs as; 'SYSTEM' (the default) or `DOMAIN\user`. */
  account: string;
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** How a run started. */
export type RunCause = 'schedule' | 'now' | 'logon' | 'idle';

/** One run of a schedule: what it made and what its thinning removed. */
export interface ScheduleRun {
  /** ISO 8601 UTC, when the run started (on the simulated clock, the due time). */
  at: string;
  cause: RunCause;
  outcome: 'ok' | 'failed';
  /** Shadow copy ids the run made (one per volume). */
  createdIds: string[];
  /** Shadow copy ids thinning deleted afterwards. */
  deletedIds: string[];
  /** Ids VSS deleted to make room while the copy was made (never ours to choose). */
  deletedByVss: string[];
  error?: { code: string; message: string };
}

/** A warning about a schedule's future, said when it is made and by the doctor. */
export interface ScheduleWarning {
  kind: 'copy-cap' | 'storage' | 'unsupported-volume' | 'no-storage';
  volume: string;
  /** Plain sentence in the caller's language. */
  message: string;
  /** The figures behind it (copies expected, cap; bytes expected, maximum), for front ends to show. */
  expected?: number;
  limit?: number;
}

/** A schedule with what the machine knows about it now. */
export interface ScheduleStatus extends Schedule {
  /** ISO 8601 UTC; null when paused or when the trigger is an event (log-on, idle). */
  nextRunAt: string | null;
  lastRun: ScheduleRun | null;
  /** The copies this schedule made that still exist, oldest first. */
  copies: string[];
  /** Copies it made that are gone without ShadowDesk deleting them (VSS made room, or someone deleted them). */
  vanishedIds: string[];
  /** Due runs that did not happen (the machine was off, or the task failed to start). */
  overdue: boolean;
  /** Where it is registered: a Task Scheduler task, or the simulated machine's clock. */
  registration: { kind: 'task'; taskPath: string } | { kind: 'simulated' };
  warnings: ScheduleWarning[];
}

/** One copy in a retention preview. */
export interface RetainedCopy {
  id: string;
  volume: string;
  createdAt: string;
  /** Why it stays: 'newest', 'hour', 'day 2026-12-01', 'week 2026-W48', 'month 2026-11'. Empty for a copy that goes. */
  reasons: string[];
}

/** What a policy keeps and deletes among one schedule's copies now. */
export interface ThinPlan {
  keep: RetainedCopy[];
  delete: RetainedCopy[];
}

/** The list a front end shows, with the machine's clock (the simulated one runs ahead after a tick). */
export interface ScheduleList {
  schedules: ScheduleStatus[];
  /** ISO 8601 UTC: the machine's now. */
  now: string;
  clock: 'real' | 'simulated';
  /** False where schedules cannot be registered (a disk image, or Windows without Task Scheduler), with why. */
  supported: boolean;
  unsupportedReason?: string;
}

/** What `scheduleTick` did: every run due up to `until`, in time order. */
export interface TickResult {
  runs: Array<ScheduleRun & { schedule: string }>;
  /** The machine's now after the tick. */
  now: string;
}

/** Progress of a tick: runs done of the runs due. */
export interface TickProgress {
  done: number;
  total: number;
  /** The due time of the run just done (ISO 8601 UTC). */
  at: string;
}
