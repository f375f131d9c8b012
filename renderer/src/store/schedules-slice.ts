import type { ErrorData } from '../../../native/contract/errors';
import { callApi, onComputer, toErrorData } from '../api/call-api';
import type { Phrase } from './activity-slice';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import { singleFlight } from './single-flight';
import type {
  RetentionPolicy, ScheduleCheck, ScheduleDefinition, ScheduleList, ScheduleRun, ScheduleUpdate, ScheduleWarning, ThinPlan,
} from '../api/contract-types';

/**
 * What a new schedule keeps unless the user says otherwise: native/schedule/schedule-types.ts's
 * DEFAULT_RETENTION, copied because the renderer may import only the contract's types, never a value
 * from native/. At most 49 copies per volume even hourly (24 hours, 7 days, 4 weeks, 12 months, the
 * newest, and a daylight-saving change's extra hour), which leaves 15 of VSS's 64 for System Restore,
 * backups and the user's own. The host applies the same defaults when none is sent.
 */
export const DEFAULT_RETENTION: RetentionPolicy = { hours: 24, days: 7, weeks: 4, months: 12, minFreePercent: 5 };

/** The New schedule dialog's add: nothing yet, adding, added (with the warnings to show), or why not. */
export interface ScheduleAddState {
  status: 'idle' | 'adding' | 'added' | 'error';
  warnings: ScheduleWarning[];
  error: ErrorData | null;
}

/** A result asked for one input (a definition, a policy), kept with the input it answers. */
export interface Keyed<T> extends Loadable<T> {
  /** The input this answer is for (JSON), so an answer for an older input is never shown for a newer one. */
  key: string;
}

/**
 * Scheduled shadow copies with retention (issue 11): the list with the machine's clock, and every
 * action on a schedule. Running one changes the copies, so volumes, copies and (if shown) the audit
 * log are read again after it.
 */
export interface SchedulesSlice {
  schedules: Loadable<ScheduleList>;
  /** Names of the schedules whose Run now is running. */
  schedulesRunning: string[];
  /** The New schedule dialog, when shown, with the volumes it starts with (a volume card's). */
  scheduleDialog: { volumes: string[] } | null;
  /** What checkSchedule said about the definition in the New schedule dialog. */
  scheduleCheck: Keyed<ScheduleCheck>;
  scheduleAdd: ScheduleAddState;
  /** What the policy in the Edit retention dialog would delete now. */
  retentionPreview: Keyed<ThinPlan>;
  loadSchedules(): Promise<void>;
  showScheduleDialog(volumes?: string[]): void;
  hideScheduleDialog(): void;
  /** Asks the host what a definition would run into (warnings, next run) before it is added. */
  checkSchedule(definition: ScheduleDefinition): Promise<void>;
  /** Adds a schedule; true when done (its warnings then stay in `scheduleAdd` for the dialog to show). */
  addSchedule(definition: ScheduleDefinition, computer: string | null): Promise<boolean>;
  /**
   * Pauses, resumes or changes a schedule, as a tracked activity; true when done. Like every action
   * that changes a machine it takes the computer the user saw (null = this one), not whatever is
   * chosen when it runs.
   */
  updateSchedule(update: ScheduleUpdate, computer: string | null): Promise<boolean>;
  /** Removes a schedule (its copies stay) on `computer`, as a tracked activity; true when done. */
  removeSchedule(name: string, computer: string | null): Promise<boolean>;
  /** Runs a schedule now on `computer`: a copy of its volumes, then its thinning. Null when it failed. */
  runSchedule(name: string, computer: string | null): Promise<ScheduleRun | null>;
  /** Asks which of a schedule's copies a policy would delete now (nothing is deleted). */
  previewRetention(name: string, retention: RetentionPolicy): Promise<void>;
  clearRetentionPreview(): void;
}

const once = singleFlight();

function keyed<T>(key: string, l: Loadable<T>): Keyed<T> {
  return { ...l, key };
}

/** Creates the schedules slice. */
export const createSchedulesSlice: SliceCreator<SchedulesSlice> = (set, get) => {
  /** Copies came and went: read again everything that shows them. */
  const afterCopiesChanged = async () => {
    await Promise.all([get().loadSchedules(), get().loadShadows(), get().loadVolumes()]);
  };

  return {
    schedules: idle(),
    schedulesRunning: [],
    scheduleDialog: null,
    scheduleCheck: keyed('', idle()),
    scheduleAdd: { status: 'idle', warnings: [], error: null },
    retentionPreview: keyed('', idle()),

    loadSchedules: () =>
      once('schedules', async () => {
        set({ schedules: loading(get().schedules) });
        try {
          set({ schedules: ready(await callApi('listSchedules', {}, selectLang(get()))) });
        } catch (e) {
          set({ schedules: failed(get().schedules, toErrorData(e)) });
        }
      }),

    showScheduleDialog: (volumes = []) =>
      set({
        scheduleDialog: { volumes },
        scheduleCheck: keyed('', idle()),
        scheduleAdd: { status: 'idle', warnings: [], error: null },
      }),
    hideScheduleDialog: () => set({ scheduleDialog: null }),

    checkSchedule: async (definition) => {
      const key = JSON.stringify(definition);
      set({ scheduleCheck: keyed(key, loading(get().scheduleCheck)) });
      try {
        const result = await callApi('checkSchedule', definition, selectLang(get()));
        // The user may have changed the definition meanwhile: only the newest answer is kept.
        if (get().scheduleCheck.key === key) set({ scheduleCheck: keyed(key, ready(result)) });
      } catch (e) {
        if (get().scheduleCheck.key === key) set({ scheduleCheck: keyed(key, failed(get().scheduleCheck, toErrorData(e))) });
      }
    },

    addSchedule: async (definition, computer) => {
      set({ scheduleAdd: { status: 'adding', warnings: [], error: null } });
      try {
        const { warnings } = await callApi('addSchedule', definition, selectLang(get()), onComputer(computer));
        set({ scheduleAdd: { status: 'added', warnings, error: null } });
        await get().loadSchedules();
        if (get().auditLog.status !== 'idle') void get().loadAudit();
        return true;
      } catch (e) {
        set({ scheduleAdd: { status: 'error', warnings: [], error: toErrorData(e) } });
        return false;
      }
    },

    updateSchedule: async (update, computer) => {
      const lang = selectLang(get());
      const name = update.name;
      const what = update.paused === true ? 'pause' : update.paused === false ? 'resume' : 'change';
      const result = await get().runActivity({
        kind: 'schedule',
        title: { key: `activity.schedule.${what}.title`, values: { name } },
        failedTitle: { key: `activity.schedule.${what}.failed`, values: { name } },
        run: (signal) => callApi('updateSchedule', update, lang, { signal, ...onComputer(computer) }),
        describe: () => ({ key: `activity.schedule.${what}.done`, values: { name } }),
      });
      await get().loadSchedules();
      return result !== null;
    },

    removeSchedule: async (name, computer) => {
      const lang = selectLang(get());
      const result = await get().runActivity({
        kind: 'schedule',
        title: { key: 'activity.schedule.remove.title', values: { name } },
        failedTitle: { key: 'activity.schedule.remove.failed', values: { name } },
        run: (signal) => callApi('removeSchedule', { name }, lang, { signal, ...onComputer(computer) }),
        describe: (r) => ({ key: 'activity.schedule.remove.done', values: { name, count: r.keptCopies } }),
      });
      await get().loadSchedules();
      return result !== null;
    },

    runSchedule: async (name, computer) => {
      const lang = selectLang(get());
      set({ schedulesRunning: [...get().schedulesRunning, name] });
      const result = await get().runActivity({
        kind: 'schedule',
        title: { key: 'activity.schedule.run.title', values: { name } },
        failedTitle: { key: 'activity.schedule.run.failed', values: { name } },
        run: async (signal) => {
          const run = await callApi('runSchedule', { name }, lang, { signal, ...onComputer(computer) });
          // A run that failed answers normally, with its error: the activity fails with that sentence.
          if (run.outcome === 'failed') throw { data: run.error ?? { code: 'UNEXPECTED', message: '' } };
          return run;
        },
        describe: (r): Phrase => {
          const values = { name, count: r.createdIds.length, deleted: r.deletedIds.length, vss: r.deletedByVss.length };
          if (r.deletedByVss.length > 0) return { key: 'activity.schedule.run.doneVss', values };
          return { key: r.deletedIds.length > 0 ? 'activity.schedule.run.doneThinned' : 'activity.schedule.run.done', values };
        },
        settle: (r) => ({ attention: r.deletedByVss.length > 0 }),
      });
      set({ schedulesRunning: get().schedulesRunning.filter((n) => n !== name) });
      await afterCopiesChanged();
      return result;
    },

    previewRetention: async (name, retention) => {
      const key = JSON.stringify({ name, retention });
      set({ retentionPreview: keyed(key, loading(get().retentionPreview)) });
      try {
        const plan = await callApi('previewRetention', { name, retention }, selectLang(get()));
        if (get().retentionPreview.key === key) set({ retentionPreview: keyed(key, ready(plan)) });
      } catch (e) {
        if (get().retentionPreview.key === key) set({ retentionPreview: keyed(key, failed(get().retentionPreview, toErrorData(e))) });
      }
    },
    clearRetentionPreview: () => set({ retentionPreview: keyed('', idle()) }),
  };
};
