import type { ErrorData } from '../../../native/contract/errors';
import type { AuditEntry } from '../api/contract-types';
import { callApi, isCancelled, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import { singleFlight } from './single-flight';

/**
 * A sentence to show, as an i18n key and its values, so it follows a language switch. Sizes and
 * dates are kept raw in `bytes` and `dates` and formatted when shown, for the same reason.
 */
export interface Phrase {
  key: string;
  values?: Record<string, string | number>;
  /** Values that are byte counts ("2.1 MB" / "2,1 MB"). */
  bytes?: Record<string, number>;
  /** Values that are ISO dates, written the user's way. */
  dates?: Record<string, string>;
}

/** The kinds of work the activity slice tracks. */
export type ActivityKind = 'create' | 'delete' | 'resize' | 'add-storage' | 'restore' | 'undo' | 'schedule';

/** How a finished operation went. */
export type ActivityState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One operation that changes the machine, running or finished. */
export interface Activity {
  id: number;
  kind: ActivityKind;
  title: Phrase;
  /** Heading when it fails ("Could not create…"). */
  failedTitle: Phrase;
  state: ActivityState;
  /** 0..1 when the operation reports progress; null for indeterminate. */
  progress: number | null;
  /** Progress in words ("2 of 3 files, 1 MB of 2 MB"), when the operation says more than a ratio. */
  progressText: Phrase | null;
  startedAt: string;
  finishedAt: string | null;
  /** What happened, in words, when it ended (succeeded, or cancelled part-way). */
  outcome: Phrase | null;
  /** More lines about the outcome: files left alone, files that failed. */
  notes: Phrase[];
  /** True when it finished but something needs the user's eye (a refused or failed file). */
  attention: boolean;
  error: ErrorData | null;
  cancellable: boolean;
  /** Dismissed from the strip at the foot of the window; the Activity view still lists it. */
  dismissed: boolean;
}

/** How a result settles the activity, beyond the outcome sentence. */
export interface ActivitySettlement {
  /** 'cancelled' when the operation stopped part-way but returned normally (a cancelled restore). */
  state?: 'succeeded' | 'cancelled';
  notes?: Phrase[];
  attention?: boolean;
}

/** What to run and how to describe it. */
export interface ActivitySpec<T> {
  kind: ActivityKind;
  title: Phrase;
  failedTitle: Phrase;
  cancellable?: boolean;
  /** Told the activity's id before it runs, so a dialog can cancel the same work. */
  onStart?(id: number): void;
  run(signal: AbortSignal, report: (progress: number | null, text?: Phrase) => void): Promise<T>;
  describe(result: T): Phrase;
  settle?(result: T): ActivitySettlement;
}

export type { AuditEntry };

/** The Activity view's tabs. */
export type ActivityTab = 'session' | 'history' | 'log';

/** Running and finished work (create, delete, resize, restore, undo), and the audit log. */
export interface ActivitySlice {
  activities: Activity[];
  /** The Activity view's open tab, kept while the user visits other views. */
  activityTab: ActivityTab;
  /** The audit log, newest first: what was created, deleted, resized and restored, with outcome. */
  auditLog: Loadable<AuditEntry[]>;
  /**
   * Runs work as a tracked activity. Resolves with its result, or null when it failed or was
   * cancelled (the activity then holds the error): callers never need their own try/catch.
   */
  runActivity<T>(spec: ActivitySpec<T>): Promise<T | null>;
  cancelActivity(id: number): void;
  /** Hides a finished activity from the strip (it stays in the Activity view). */
  dismissActivity(id: number): void;
  /** Forgets every finished activity of this session. */
  clearFinishedActivities(): void;
  setActivityTab(tab: ActivityTab): void;
  /** Shows the Activity view on its "this session" tab (from the header's busy indicator). */
  openActivity(): void;
  loadAudit(): Promise<void>;
}

/** AbortControllers are not state (not serializable, never rendered): kept beside the store. */
const controllers = new Map<number, AbortController>();
let nextId = 1;
/** Finished activities kept for the session's list; older ones drop off. */
const KEEP_FINISHED = 50;
/** Audit lines fetched for the Log tab: the newest, enough for any ticket. */
export const AUDIT_LIMIT = 1000;

const once = singleFlight();

/** Creates the activity slice. */
export const createActivitySlice: SliceCreator<ActivitySlice> = (set, get) => {
  const update = (id: number, patch: Partial<Activity>) =>
    set({ activities: get().activities.map((a) => (a.id === id ? { ...a, ...patch } : a)) });
  // Anything that finished changed the log: refresh it if the user has looked at it.
  const refreshLog = () => {
    if (get().auditLog.status !== 'idle') void get().loadAudit();
  };

  return {
    activities: [],
    activityTab: 'session',
    auditLog: idle(),
    runActivity: async <T,>(spec: ActivitySpec<T>): Promise<T | null> => {
      const id = nextId++;
      const controller = new AbortController();
      controllers.set(id, controller);
      const activity: Activity = {
        id,
        kind: spec.kind,
        title: spec.title,
        failedTitle: spec.failedTitle,
        state: 'running',
        progress: null,
        progressText: null,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        outcome: null,
        notes: [],
        attention: false,
        error: null,
        cancellable: spec.cancellable ?? false,
        dismissed: false,
      };
      const finished = get().activities.filter((a) => a.state !== 'running').slice(0, KEEP_FINISHED - 1);
      const running = get().activities.filter((a) => a.state === 'running');
      set({ activities: [activity, ...running, ...finished] });
      spec.onStart?.(id);
      try {
        const result = await spec.run(controller.signal, (progress, text) => update(id, { progress, progressText: text ?? null }));
        const settled = spec.settle?.(result) ?? {};
        update(id, {
          state: settled.state ?? 'succeeded',
          progress: 1,
          finishedAt: new Date().toISOString(),
          outcome: spec.describe(result),
          notes: settled.notes ?? [],
          attention: settled.attention ?? false,
        });
        return result;
      } catch (err) {
        const error = toErrorData(err);
        const cancelled = controller.signal.aborted || isCancelled(error);
        update(id, { state: cancelled ? 'cancelled' : 'failed', finishedAt: new Date().toISOString(), error: cancelled ? null : error });
        return null;
      } finally {
        controllers.delete(id);
        refreshLog();
      }
    },
    cancelActivity: (id) => controllers.get(id)?.abort(),
    dismissActivity: (id) =>
      set({ activities: get().activities.map((a) => (a.id === id && a.state !== 'running' ? { ...a, dismissed: true } : a)) }),
    clearFinishedActivities: () => set({ activities: get().activities.filter((a) => a.state === 'running') }),
    setActivityTab: (activityTab) => set({ activityTab }),
    openActivity: () => set({ view: 'activity', activityTab: 'session' }),
    loadAudit: () =>
      once('audit', async () => {
        set({ auditLog: loading(get().auditLog) });
        try {
          set({ auditLog: ready(await callApi('audit', { limit: AUDIT_LIMIT }, selectLang(get()))) });
        } catch (e) {
          set({ auditLog: failed(get().auditLog, toErrorData(e)) });
        }
      }),
  };
};
