import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputOf, ResultOf } from '../contract/operations.js';
import type { Lang } from '../contract/errors.js';
import { AppError } from '../vss/app-error.js';
import { appendAudit, readAudit, type AuditEntry } from '../audit/audit-log.js';
import { simExtras } from '../ffi/sim-extras.js';
import type { Machine } from '../host/host-session.js';
import type { ShadowCopy, Volume } from '../vss/types.js';
import { resolveVolume } from '../vss/resolve-volume.js';
import { toErrorData } from '../host/error-data.js';
import { ScheduleStore, lockDownFolder, findSchedule, reconcileCopies, recordRun, type ScheduleState } from './schedule-store.js';
import { REAL_CLOCK, simulatedClock, type MachineClock } from './machine-clock.js';
import { dueRunsBetween, nextRunAfter } from './triggers.js';
import { planThinning } from './retention.js';
import { senseSchedule } from './storage-sense.js';
import { taskPath, scheduledCommand } from './task-xml.js';
import { schtasksRegistrar, type TaskRegistrar } from './task-scheduler.js';
import { DEFAULT_RETENTION, type RunCause, type Schedule, type ScheduleRun, type ScheduleStatus, type ScheduleWarning, type TickProgress } from './schedule-types.js';

/** A due run missed by more than this is overdue (Task Scheduler starts a missed one "as soon as possible"). */
export const OVERDUE_GRACE_MS = 60 * 60 * 1000;
/** The most runs one tick may make: a year of hourly copies is 8,760. */
export const TICK_MAX_RUNS = 20_000;

/** The schedule operations of the contract. */
export interface ScheduleService {
  list(lang: Lang): ResultOf<'listSchedules'>;
  add(i: InputOf<'addSchedule'>, lang: Lang): ResultOf<'addSchedule'>;
  check(i: InputOf<'checkSchedule'>, lang: Lang): ResultOf<'checkSchedule'>;
  update(i: InputOf<'updateSchedule'>, lang: Lang): ResultOf<'updateSchedule'>;
  remove(i: InputOf<'removeSchedule'>): ResultOf<'removeSchedule'>;
  run(i: InputOf<'runSchedule'>): ResultOf<'runSchedule'>;
  preview(i: InputOf<'previewRetention'>): ResultOf<'previewRetention'>;
  tick(i: InputOf<'scheduleTick'>, progress?: (p: TickProgress) => void, signal?: AbortSignal): Promise<ResultOf<'scheduleTick'>>;
  /** The machine-wide log of schedule changes and scheduled runs, merged into the audit by the host. */
  readonly auditDir: string;
}

/** What the service works on. */
export interface ScheduleDeps {
  /** This computer's VSS (schedules are always this computer's, whatever image is open). */
  machine: Machine;
  backend: 'windows' | 'sim';
  /** The machine-wide folder of the schedule store and its log. */
  home: string;
  clock: MachineClock;
  /** Task Scheduler on Windows; null on the simulated machine, whose clock runs the schedules. */
  registrar: TaskRegistrar | null;
  /** What the task runs: the command line with `--schedule NAME`. */
  command: (name: string) => { command: string; arguments: string };
  /** Copies came or went: the host drops its cached listings. */
  changed: () => void;
}

/**
 * Where the machine-wide schedule store is: `%ProgramData%\ShadowDesk\schedules` on Windows (the
 * task runs as SYSTEM, the window as the user: both read it), the simulated machine's own folder
 * (`<machine>/programdata/ShadowDesk/schedules`) on the simulated machine.
 */
export function scheduleHome(backend: 'windows' | 'sim', env: NodeJS.ProcessEnv = process.env): string {
  if (backend === 'sim') {
    const sim = simExtras();
    if (!sim) throw new Error('The simulated machine is not loaded');
    return path.join(sim.root(), 'programdata', 'ShadowDesk', 'schedules');
  }
  const programData = env.ProgramData?.trim() || env.ALLUSERSPROFILE?.trim() || 'C:\\ProgramData';
  return path.win32.join(programData, 'ShadowDesk', 'schedules');
}

/** The service for this host: Task Scheduler on Windows, the simulated clock on the simulated machine. */
export function defaultScheduleDeps(machine: Machine, backend: 'windows' | 'sim', changed: () => void, env: NodeJS.ProcessEnv = process.env): ScheduleDeps {
  const home = scheduleHome(backend, env);
  const cliScript = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  return {
    machine,
    backend,
    home,
    clock: backend === 'sim' ? simulatedClock(new ScheduleStore(home)) : REAL_CLOCK,
    registrar: backend === 'windows' ? schtasksRegistrar(env) : null,
    command: (name) => scheduledCommand(process.execPath, name, cliScript),
    changed,
  };
}

const sameVolume = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function errorOf(err: unknown): { code: string; message: string } {
  const e = toErrorData(err, 'en');
  return { code: e.code, message: e.message };
}

/** Builds the schedule operations over `deps`. */
export function createScheduleService(deps: ScheduleDeps): ScheduleService {
  const { machine, clock, registrar } = deps;
  const store = new ScheduleStore(deps.home, deps.backend === 'windows' && process.platform === 'win32' ? { onCreate: (dir) => lockDownFolder(dir) } : {});

  const audit = (entry: Omit<AuditEntry, 'at'> & { at?: string }): void => {
    appendAudit(deps.home, { at: entry.at ?? clock.now().toISOString(), ...entry } as AuditEntry);
  };

  const mustFind = (state: ScheduleState, name: string): Schedule => {
    const s = findSchedule(state, name);
    if (!s) throw new AppError('SCHEDULE_NOT_FOUND', { en: `There is no schedule named "${name}".`, it: `Non esiste una pianificazione chiamata "${name}".` });
    return s;
  };

  /** Canonical names of the volumes, refusing any VSS cannot copy, in words. */
  const resolveVolumes = (names: readonly string[], volumes: Volume[]): string[] => {
    const out: string[] = [];
    for (const name of names) {
      const v = resolveVolume(name, volumes);
      if (v.shadowCopySupported === false) {
        throw new AppError('VOLUME_NOT_SUPPORTED', {
          en: `${v.name} (${v.fileSystem || 'no file system'}) cannot have shadow copies, so it cannot be scheduled: VSS copies NTFS and ReFS volumes only.`,
          it: `${v.name} (${v.fileSystem || 'nessun file system'}) non può avere copie shadow, quindi non si può pianificare: VSS copia solo volumi NTFS e ReFS.`,
        });
      }
      if (!out.some((x) => sameVolume(x, v.name))) out.push(v.name);
    }
    return out;
  };

  const ownedIds = (state: ScheduleState): Set<string> => new Set(Object.values(state.copies).flat());

  /** Brings the records in line with the copies that exist: vanished ids move aside, never an error. */
  const reconcile = (shadows: readonly ShadowCopy[]): ScheduleState => {
    const existing = new Set(shadows.map((s) => s.id));
    const state = store.read();
    const stale = Object.values(state.copies).some((ids) => ids.some((id) => !existing.has(id)));
    if (!stale) return state;
    return store.update((st) => {
      reconcileCopies(st, existing);
      return st;
    });
  };

  const statusOf = (s: Schedule, state: ScheduleState, shadows: readonly ShadowCopy[], sense: { volumes: Volume[]; storage: ReturnType<Machine['listStorage']> }, lang: Lang): ScheduleStatus => {
    const now = clock.now();
    const runs = state.runs[s.name] ?? [];
    const lastRun = runs[runs.length - 1] ?? null;
    const timed = s.trigger.kind !== 'logon' && s.trigger.kind !== 'idle';
    let overdue = false;
    if (timed && !s.paused) {
      const from = new Date(Math.max(Date.parse(s.createdAt), now.getTime() - 8 * 24 * 3600 * 1000));
      const due = dueRunsBetween(s.trigger, from, now);
      const prev = due[due.length - 1];
      if (prev && now.getTime() - prev.getTime() > OVERDUE_GRACE_MS) {
        overdue = !runs.some((r) => Date.parse(r.at) >= prev.getTime() - 60_000);
      }
    }
    const own = new Set(state.copies[s.name] ?? []);
    const scheduled = ownedIds(state);
    return {
      ...s,
      nextRunAt: s.paused || !timed ? null : (nextRunAfter(s.trigger, now)?.toISOString() ?? null),
      lastRun,
      copies: shadows.filter((c) => own.has(c.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((c) => c.id),
      vanishedIds: state.vanished[s.name] ?? [],
      overdue,
      registration: registrar ? { kind: 'task', taskPath: taskPath(s.name) } : { kind: 'simulated' },
      warnings: senseSchedule(s, { volumes: sense.volumes, shadows, storage: sense.storage, scheduled }, lang, own),
    };
  };

  const statusByName = (name: string, lang: Lang): ScheduleStatus => {
    const shadows = machine.listShadows();
    const state = reconcile(shadows);
    return statusOf(mustFind(state, name), state, shadows, { volumes: machine.listVolumes(), storage: machine.listStorage() }, lang);
  };

  /** Deletes one of the schedule's copies, records and audits it. */
  const deleteOwn = (s: Schedule, id: string, reason: 'thinning' | 'free-space', at: Date): boolean => {
    try {
      const r = machine.deleteShadows({ kind: 'shadow', id });
      store.update((st) => {
        st.copies[s.name] = (st.copies[s.name] ?? []).filter((x) => x !== id);
      });
      audit({ at: at.toISOString(), action: 'delete', target: `shadow ${id}`, outcome: 'ok', schedule: s.name, detail: { deletedIds: r.deletedIds, reason } });
      return true;
    } catch (err) {
      audit({ at: at.toISOString(), action: 'delete', target: `shadow ${id}`, outcome: 'failed', schedule: s.name, detail: { reason }, error: errorOf(err) });
      throw err;
    }
  };

  /**
   * Thinning after a run: the policy's plan over this schedule's own copies, then the free-space
   * floor (its oldest kept copies, never the newest, while the volume holding the storage is below
   * it). Copies anyone else made are never candidates.
   */
  const thin = (s: Schedule, now: Date): string[] => {
    const deleted: string[] = [];
    const shadows = machine.listShadows();
    const state = reconcile(shadows);
    const owned = new Set(state.copies[s.name] ?? []);
    const mine = shadows.filter((c) => s.volumes.some((v) => sameVolume(v, c.volume)));
    const plan = planThinning(mine.map((c) => ({ id: c.id, volume: c.volume, createdAt: c.createdAt })), owned, s.retention, now);
    for (const victim of plan.delete) if (deleteOwn(s, victim.id, 'thinning', now)) deleted.push(victim.id);
    if (s.retention.minFreePercent <= 0) return deleted;
    const storage = machine.listStorage();
    let volumes = machine.listVolumes();
    for (const volume of s.volumes) {
      const holder = storage.find((a) => sameVolume(a.volume, volume))?.storageVolume ?? volume;
      for (let guard = 0; guard < 64; guard++) {
        const v = volumes.find((x) => sameVolume(x.name, holder));
        if (!v || v.capacityBytes === null || v.freeBytes === null || v.capacityBytes === 0) break;
        if ((v.freeBytes / v.capacityBytes) * 100 >= s.retention.minFreePercent) break;
        const kept = machine.listShadows()
          .filter((c) => owned.has(c.id) && !deleted.includes(c.id) && sameVolume(c.volume, volume))
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        if (kept.length <= 1) break; // never the newest
        const oldest = kept[0]!;
        if (deleteOwn(s, oldest.id, 'free-space', now)) deleted.push(oldest.id);
        volumes = machine.listVolumes(); // what the deletion freed
      }
    }
    return deleted;
  };

  /** One run: a copy set of the schedule's volumes, then thinning of its own copies. */
  const runOne = (s: Schedule, cause: RunCause, at?: Date): ScheduleRun => {
    const started = at ?? clock.now();
    const run: ScheduleRun = { at: started.toISOString(), cause, outcome: 'ok', createdIds: [], deletedIds: [], deletedByVss: [] };
    try {
      try {
        const result = clock.during(() => machine.createShadows({ volumes: s.volumes, withWriters: s.withWriters }), at);
        run.createdIds = result.shadows.map((c) => c.id);
        run.deletedByVss = result.deletedToMakeRoom;
        store.update((st) => {
          st.copies[s.name] = [...(st.copies[s.name] ?? []), ...run.createdIds];
        });
        audit({
          at: started.toISOString(), action: 'create', target: s.volumes.join(', '), outcome: 'ok', schedule: s.name,
          detail: { setId: result.setId, shadowIds: run.createdIds, withWriters: result.withWriters, deletedToMakeRoom: result.deletedToMakeRoom, cause },
        });
      } catch (err) {
        run.outcome = 'failed';
        run.error = errorOf(err);
        audit({ at: started.toISOString(), action: 'create', target: s.volumes.join(', '), outcome: 'failed', schedule: s.name, detail: { cause }, error: run.error });
        return run;
      }
      try {
        run.deletedIds = thin(s, started);
      } catch (err) {
        run.outcome = 'failed';
        run.error = errorOf(err);
      }
      return run;
    } finally {
      store.update((st) => recordRun(st, s.name, run));
      deps.changed();
    }
  };

  const withDefaults = (i: InputOf<'addSchedule'>, volumes: string[]): Schedule => ({
    name: i.name.trim(),
    volumes,
    trigger: i.trigger,
    retention: i.retention ?? DEFAULT_RETENTION,
    withWriters: i.withWriters ?? false,
    paused: false,
    account: i.account ?? 'SYSTEM',
    createdAt: clock.now().toISOString(),
  });

  return {
    auditDir: deps.home,

    list(lang) {
      const shadows = machine.listShadows();
      const state = reconcile(shadows);
      const sense = { volumes: machine.listVolumes(), storage: machine.listStorage() };
      return {
        schedules: state.schedules.map((s) => statusOf(s, state, shadows, sense, lang)),
        now: clock.now().toISOString(),
        clock: clock.simulated ? 'simulated' : 'real',
        supported: true,
      };
    },

    check(i, lang) {
      const volumes = resolveVolumes(i.volumes, machine.listVolumes());
      const shadows = machine.listShadows();
      const state = store.read();
      const def = withDefaults(i, volumes);
      const timed = def.trigger.kind !== 'logon' && def.trigger.kind !== 'idle';
      return {
        warnings: senseSchedule(def, { volumes: machine.listVolumes(), shadows, storage: machine.listStorage(), scheduled: ownedIds(state) }, lang),
        nextRunAt: timed ? (nextRunAfter(def.trigger, clock.now())?.toISOString() ?? null) : null,
      };
    },

    add(i, lang) {
      const volumes = resolveVolumes(i.volumes, machine.listVolumes());
      const schedule = withDefaults(i, volumes);
      store.update((st) => {
        if (findSchedule(st, schedule.name)) {
          throw new AppError('SCHEDULE_EXISTS', { en: `A schedule named "${schedule.name}" exists already.`, it: `Esiste già una pianificazione chiamata "${schedule.name}".` });
        }
        st.schedules.push(schedule);
      });
      try {
        registrar?.register(schedule, deps.command(schedule.name));
      } catch (err) {
        store.update((st) => {
          st.schedules = st.schedules.filter((x) => x.name !== schedule.name);
        });
        audit({ action: 'schedule-add', target: schedule.name, outcome: 'failed', detail: { volumes, trigger: schedule.trigger }, error: errorOf(err) });
        throw err;
      }
      audit({ action: 'schedule-add', target: schedule.name, outcome: 'ok', detail: { volumes, trigger: schedule.trigger, retention: schedule.retention, account: schedule.account } });
      const status = statusByName(schedule.name, lang);
      return { schedule: status, warnings: status.warnings };
    },

    update(i, lang) {
      const volumes = i.volumes ? resolveVolumes(i.volumes, machine.listVolumes()) : undefined;
      const { before, after } = store.update((st) => {
        const s = mustFind(st, i.name);
        const next: Schedule = {
          ...s,
          ...(i.paused !== undefined ? { paused: i.paused } : {}),
          ...(i.trigger ? { trigger: i.trigger } : {}),
          ...(i.retention ? { retention: i.retention } : {}),
          ...(volumes ? { volumes } : {}),
        };
        st.schedules = st.schedules.map((x) => (x === s ? next : x));
        return { before: s, after: next };
      });
      try {
        if (registrar && (i.trigger || volumes)) registrar.register(after, deps.command(after.name));
        if (registrar && before.paused !== after.paused) registrar.setEnabled(after.name, !after.paused);
      } catch (err) {
        store.update((st) => {
          st.schedules = st.schedules.map((x) => (x.name === after.name ? before : x));
        });
        audit({ action: 'schedule-change', target: after.name, outcome: 'failed', error: errorOf(err) });
        throw err;
      }
      const changes: Record<string, unknown> = {};
      if (before.paused !== after.paused) changes.paused = after.paused;
      if (i.trigger) changes.trigger = after.trigger;
      if (i.retention) changes.retention = after.retention;
      if (volumes) changes.volumes = after.volumes;
      audit({ action: 'schedule-change', target: after.name, outcome: 'ok', detail: changes });
      return { schedule: statusByName(after.name, lang) };
    },

    remove(i) {
      const s = mustFind(store.read(), i.name);
      registrar?.remove(s.name);
      const keptCopies = store.update((st) => {
        const kept = (st.copies[s.name] ?? []).length;
        st.schedules = st.schedules.filter((x) => x.name !== s.name);
        delete st.copies[s.name];
        delete st.runs[s.name];
        delete st.vanished[s.name];
        return kept;
      });
      audit({ action: 'schedule-remove', target: s.name, outcome: 'ok', detail: { keptCopies } });
      return { removed: true as const, keptCopies };
    },

    run(i) {
      const s = mustFind(store.read(), i.name);
      const cause = i.cause ?? 'now';
      if (s.paused && cause !== 'now') {
        throw new AppError('SCHEDULE_PAUSED', { en: `The schedule "${s.name}" is paused: nothing was made.`, it: `La pianificazione "${s.name}" è in pausa: non è stato creato nulla.` });
      }
      return runOne(s, cause);
    },

    preview(i) {
      const s = mustFind(store.read(), i.name);
      const shadows = machine.listShadows();
      const state = reconcile(shadows);
      const now = clock.now();
      // What the next run would delete if it ran now: it makes a copy of each volume first, so the
      // newest copy there now is no longer the newest then. The coming copies are planned, not listed.
      const coming = s.volumes.map((volume, k) => ({ id: `(next ${k})`, volume, createdAt: now.toISOString() }));
      const mine = shadows.filter((c) => s.volumes.some((v) => sameVolume(v, c.volume))).map((c) => ({ id: c.id, volume: c.volume, createdAt: c.createdAt }));
      const owned = new Set([...(state.copies[s.name] ?? []), ...coming.map((c) => c.id)]);
      const plan = planThinning([...mine, ...coming], owned, i.retention, now);
      const real = (c: { id: string }): boolean => !c.id.startsWith('(next ');
      return { keep: plan.keep.filter(real), delete: plan.delete.filter(real) };
    },

    async tick(i, progress, signal) {
      if (deps.backend !== 'sim' || !clock.simulated) {
        throw new AppError('SIMULATED_ONLY', {
          en: 'Only the simulated machine has a clock to move: on Windows, Task Scheduler runs the schedules.',
          it: 'Solo la macchina simulata ha un orologio da spostare: su Windows le pianificazioni le esegue l\'Utilità di pianificazione.',
        });
      }
      const now = clock.now();
      const until = new Date(i.until);
      if (until.getTime() < now.getTime()) {
        throw new AppError('CLOCK_BACKWARDS', {
          en: `The simulated clock only moves forward: it is ${now.toISOString()} there already.`,
          it: `L'orologio simulato va solo avanti: lì è già ${now.toISOString()}.`,
        });
      }
      const state = store.read();
      const due: Array<{ at: Date; schedule: Schedule; cause: RunCause }> = [];
      for (const s of state.schedules) {
        if (s.paused) continue;
        if (s.trigger.kind === 'logon') {
          if (i.logon) due.push({ at: now, schedule: s, cause: 'logon' });
        } else if (s.trigger.kind === 'idle') {
          const at = new Date(now.getTime() + s.trigger.idleMinutes * 60_000);
          if (i.idle && at <= until) due.push({ at, schedule: s, cause: 'idle' });
        } else {
          const from = new Date(Math.max(now.getTime(), Date.parse(s.createdAt)));
          for (const at of dueRunsBetween(s.trigger, from, until)) due.push({ at, schedule: s, cause: 'schedule' });
        }
        if (due.length > TICK_MAX_RUNS) {
          throw new AppError('TICK_TOO_LONG', {
            en: `More than ${TICK_MAX_RUNS} runs fall due before ${i.until}: move the clock in shorter steps.`,
            it: `Prima di ${i.until} cadono più di ${TICK_MAX_RUNS} esecuzioni: spostare l'orologio a passi più brevi.`,
          });
        }
      }
      due.sort((a, b) => a.at.getTime() - b.at.getTime());
      const runs: ResultOf<'scheduleTick'>['runs'] = [];
      for (const [k, d] of due.entries()) {
        if (signal?.aborted) break;
        clock.advanceTo(d.at);
        runs.push({ schedule: d.schedule.name, ...runOne(d.schedule, d.cause, d.at) });
        progress?.({ done: k + 1, total: due.length, at: d.at.toISOString() });
        // Let the host answer other calls (and a cancel) between runs.
        await new Promise((r) => setImmediate(r));
      }
      if (!signal?.aborted) clock.advanceTo(until);
      return { runs, now: clock.now().toISOString() };
    },
  };
}

/** Warnings for a schedule, by kind: what the doctor turns into findings. */
export type { ScheduleWarning };

/** Reads the schedule log (scheduled runs and schedule changes) beside the user's own audit log. */
export function readScheduleAudit(home: string, options: Parameters<typeof readAudit>[1] = {}): AuditEntry[] {
  return readAudit(home, options);
}
