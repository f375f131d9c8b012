import type { ErrorData } from '../../../native/contract/errors';
import { isCancelled, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';

/** A sentence to show, as an i18n key and its values, so it follows a language switch. */
export interface Phrase {
  key: string;
  values?: Record<string, string | number>;
}

/** The kinds of work the activity slice tracks in this slice of the app. */
export type ActivityKind = 'create' | 'delete' | 'resize' | 'add-storage';

/** One operation that changes the machine, running or finished. */
export interface Activity {
  id: number;
  kind: ActivityKind;
  title: Phrase;
  /** Heading when it fails ("Could not create…"). */
  failedTitle: Phrase;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** 0..1 when the operation reports progress; null for indeterminate. */
  progress: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** What happened, in words, when it succeeded. */
  outcome: Phrase | null;
  error: ErrorData | null;
  cancellable: boolean;
}

/** What to run and how to describe it. */
export interface ActivitySpec<T> {
  kind: ActivityKind;
  title: Phrase;
  failedTitle: Phrase;
  cancellable?: boolean;
  run(signal: AbortSignal, report: (progress: number | null) => void): Promise<T>;
  describe(result: T): Phrase;
}

/** Running and finished work (create, delete, resize), with progress and outcome. */
export interface ActivitySlice {
  activities: Activity[];
  /**
   * Runs work as a tracked activity. Resolves with its result, or null when it failed or was
   * cancelled (the activity then holds the error): callers never need their own try/catch.
   */
  runActivity<T>(spec: ActivitySpec<T>): Promise<T | null>;
  cancelActivity(id: number): void;
  dismissActivity(id: number): void;
}

/** AbortControllers are not state (not serializable, never rendered): kept beside the store. */
const controllers = new Map<number, AbortController>();
let nextId = 1;
const KEEP_FINISHED = 20;

/** Creates the activity slice. */
export const createActivitySlice: SliceCreator<ActivitySlice> = (set, get) => {
  const update = (id: number, patch: Partial<Activity>) =>
    set({ activities: get().activities.map((a) => (a.id === id ? { ...a, ...patch } : a)) });

  return {
    activities: [],
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
        startedAt: new Date().toISOString(),
        finishedAt: null,
        outcome: null,
        error: null,
        cancellable: spec.cancellable ?? false,
      };
      const finished = get().activities.filter((a) => a.state !== 'running').slice(0, KEEP_FINISHED - 1);
      const running = get().activities.filter((a) => a.state === 'running');
      set({ activities: [activity, ...running, ...finished] });
      try {
        const result = await spec.run(controller.signal, (progress) => update(id, { progress }));
        update(id, { state: 'succeeded', progress: 1, finishedAt: new Date().toISOString(), outcome: spec.describe(result) });
        return result;
      } catch (err) {
        const error = toErrorData(err);
        const cancelled = controller.signal.aborted || isCancelled(error);
        update(id, { state: cancelled ? 'cancelled' : 'failed', finishedAt: new Date().toISOString(), error: cancelled ? null : error });
        return null;
      } finally {
        controllers.delete(id);
      }
    },
    cancelActivity: (id) => controllers.get(id)?.abort(),
    dismissActivity: (id) => set({ activities: get().activities.filter((a) => a.id !== id || a.state === 'running') }),
  };
};
