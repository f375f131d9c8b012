import type { ErrorData } from '../../../native/contract/errors';
import { callApi, isCancelled, onComputer, toErrorData } from '../api/call-api';
import type { ActivitySettlement, Phrase } from './activity-slice';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import { singleFlight } from './single-flight';
import type { ConflictChoice, RestorePlan, RestoreProgress, RestoreRecord, RestoreResult, RestoreTarget, UndoResult } from '../api/contract-types';

export type { RestoreRecord };

/** A restore from plan to result (and undo), as the restore plan dialog shows it. */
export interface RestoreFlow {
  target: RestoreTarget;
  /**
   * The computer whose copy it restores from (null = this one), taken when the dialog opened: the
   * dialog names it, and the restore runs there even if the user chose another computer since.
   */
  computer: string | null;
  /**
   * "Restore to… this computer": the copy is on `computer`, the destination (`target.to`) a folder of
   * the window's computer (planRestoreHere / restoreHere); false for a restore where the copy is.
   */
  here: boolean;
  phase: 'planning' | 'plan' | 'running' | 'done' | 'cancelled' | 'error';
  plan: RestorePlan | null;
  progress: RestoreProgress | null;
  result: RestoreResult | null;
  error: ErrorData | null;
  undo: { status: 'idle' | 'running' | 'done' | 'error'; result: UndoResult | null; error: ErrorData | null };
}

/** Undoing a restore picked from the history: confirm, run, outcome. */
export interface UndoFlow {
  record: RestoreRecord;
  /** The computer whose history the record is from (null = this one), taken when Undo was asked. */
  computer: string | null;
  phase: 'confirm' | 'running' | 'done' | 'error';
  result: UndoResult | null;
  error: ErrorData | null;
}

/** The restore plan dialog's flow (plan, run with progress and cancel, undo) and the restore history. */
export interface RestoreSlice {
  restore: RestoreFlow | null;
  /**
   * Opens the dialog and builds the plan (nothing is written), for the chosen computer; with `here`,
   * the copy stays on the chosen computer and `target.to` is a folder of this computer.
   */
  planRestore(target: RestoreTarget, options?: { here?: boolean }): Promise<void>;
  /** Runs the planned restore with a choice for all conflicts and per item (by target path). */
  runRestore(onConflict: ConflictChoice, perItem: Record<string, ConflictChoice>): Promise<void>;
  cancelRestore(): void;
  /** Puts back everything the finished restore did. */
  undoRestore(): Promise<void>;
  closeRestore(): void;
  /** Every restore ever done on this machine by ShadowDesk, newest first. */
  restoreHistory: Loadable<RestoreRecord[]>;
  loadRestoreHistory(): Promise<void>;
  undoFlow: UndoFlow | null;
  /** Opens the undo confirmation for a restore of the history (nothing happens yet). */
  askUndo(record: RestoreRecord): void;
  /** Runs the confirmed undo as an activity, then refreshes the history. */
  confirmUndo(): Promise<void>;
  closeUndo(): void;
}

/**
 * States whose restore left files that undo can remove or put back ('running' is refused, 'undone'
 * done; 'partly-undone' can be tried again once the user has moved their edit out of the way).
 */
const UNDOABLE: ReadonlySet<RestoreRecord['state']> = new Set(['completed', 'cancelled', 'failed', 'interrupted', 'partly-undone']);

/** True when Undo makes sense for a restore of the history: it wrote something and is not undone yet. */
export function canUndo(record: RestoreRecord): boolean {
  return UNDOABLE.has(record.state) && record.files > 0;
}

function restoreProgress(p: RestoreProgress): { ratio: number | null; text: Phrase } {
  const ratio = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : null;
  return {
    ratio,
    text: { key: 'activity.restore.progress', values: { done: p.filesDone, total: p.filesTotal }, bytes: { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal } },
  };
}

/** Files and bytes a result wrote (restored in place or kept beside), sized from the plan. */
function written(plan: RestorePlan, r: RestoreResult): { count: number; bytes: number } {
  const size = new Map(plan.items.map((i) => [i.target, i.size] as const));
  const targets = [...r.restored, ...r.keptBoth.map((k) => k.target)];
  return { count: targets.length, bytes: targets.reduce((n, t) => n + (size.get(t) ?? 0), 0) };
}

function restoreOutcome(plan: RestorePlan, r: RestoreResult): Phrase {
  const w = written(plan, r);
  if (r.state === 'cancelled') {
    return w.count === 0 ? { key: 'activity.restore.cancelledNothing' } : { key: 'activity.restore.cancelledAfter', values: { count: w.count }, bytes: { bytes: w.bytes } };
  }
  if (r.failed.length > 0) {
    return { key: 'activity.restore.partial', values: { count: w.count, failed: r.failed.length }, bytes: { bytes: w.bytes } };
  }
  return { key: 'activity.restore.done', values: { count: w.count }, bytes: { bytes: w.bytes } };
}

function restoreSettlement(r: RestoreResult): ActivitySettlement {
  const notes: Phrase[] = [];
  if (r.keptBoth.length > 0) notes.push({ key: 'activity.restore.keptBoth', values: { count: r.keptBoth.length } });
  if (r.replaced > 0) notes.push({ key: 'activity.restore.replaced', values: { count: r.replaced } });
  if (r.skipped.length > 0) notes.push({ key: 'activity.restore.skipped', values: { count: r.skipped.length } });
  for (const f of r.failed) notes.push({ key: 'activity.restore.failedItem', values: { path: f.target, error: f.error } });
  return { state: r.state === 'cancelled' ? 'cancelled' : 'succeeded', notes, attention: r.failed.length > 0 };
}

/**
 * A refusal in the user's language, worded from its code (the engine's own sentence is English,
 * for logs and terminals).
 */
function refusalNote(refusal: UndoResult['refused'][number]): Phrase {
  const { path } = refusal;
  if (refusal.code === 'edited') return { key: 'activity.undo.refusedEdited', values: { path } };
  return { key: 'activity.undo.refusedOccupied', values: { path, aside: refusal.keptAt ?? '' } };
}

/** What an undo did, as the outcome sentence (the details go to notes). */
export function undoOutcome(r: UndoResult): Phrase {
  if (r.refused.length === 0) return { key: 'activity.undo.done' };
  if (r.removed.length + r.putBack.length === 0) return { key: 'activity.undo.nothing', values: { count: r.refused.length } };
  return { key: 'activity.undo.partly', values: { count: r.refused.length } };
}

/** The lines under an undo's outcome: removed, put back, and every file left alone with why. */
export function undoNotes(r: UndoResult): Phrase[] {
  const notes: Phrase[] = [];
  if (r.removed.length > 0) notes.push({ key: 'activity.undo.removed', values: { count: r.removed.length } });
  if (r.putBack.length > 0) notes.push({ key: 'activity.undo.putBack', values: { count: r.putBack.length } });
  for (const x of r.refused) notes.push(refusalNote(x));
  return notes;
}

/**
 * The activity that tracks the running restore, so Cancel in the dialog and in Activity stop the
 * same work. An id for an AbortController, not state: kept beside the store.
 */
let restoreActivity: number | null = null;
const once = singleFlight();

/** Creates the restore slice. */
export const createRestoreSlice: SliceCreator<RestoreSlice> = (set, get) => {
  const update = (patch: Partial<RestoreFlow>) => {
    const r = get().restore;
    if (r) set({ restore: { ...r, ...patch } });
  };
  const updateUndo = (patch: Partial<UndoFlow>) => {
    const u = get().undoFlow;
    if (u) set({ undoFlow: { ...u, ...patch } });
  };
  const refreshBrowse = () => {
    const b = get().browse;
    if (b.shadowId) void get().openFolder(b.shadowId, b.folder);
    if (get().versionList.data) void get().loadVersions(get().versionsPath);
  };
  const refreshHistory = () => {
    if (get().restoreHistory.status !== 'idle') void get().loadRestoreHistory();
  };

  /** Undoes one restore as a tracked activity; the error, if any, is handed back for the dialog. */
  const runUndo = async (restoreId: string, folder: string, computer: string | null): Promise<{ result: UndoResult | null; error: ErrorData | null }> => {
    const lang = selectLang(get());
    let error = null as ErrorData | null;
    const result = await get().runActivity({
      kind: 'undo',
      title: { key: 'activity.undo.title', values: { folder } },
      failedTitle: { key: 'activity.undo.failed', values: { folder } },
      run: async () => {
        try {
          return await callApi('undoRestore', { restoreId }, lang, onComputer(computer));
        } catch (e) {
          error = toErrorData(e);
          throw e;
        }
      },
      describe: undoOutcome,
      settle: (r) => ({ notes: undoNotes(r), attention: r.refused.length > 0 }),
    });
    refreshBrowse();
    void get().loadRestoreHistory();
    return { result, error };
  };

  return {
    restore: null,
    restoreHistory: idle(),
    undoFlow: null,
    planRestore: async (target, options = {}) => {
      const computer = get().computer;
      // Bringing files here needs another computer to bring them from.
      const here = (options.here ?? false) && computer !== null && target.to !== undefined;
      set({ restore: { target, computer, here, phase: 'planning', plan: null, progress: null, result: null, error: null, undo: { status: 'idle', result: null, error: null } } });
      try {
        const lang = selectLang(get());
        const plan = here && computer && target.to
          ? await callApi('planRestoreHere', { ...target, from: computer, to: target.to }, lang, onComputer(null))
          : await callApi('planRestore', target, lang, onComputer(computer));
        if (get().restore?.target === target) update({ phase: 'plan', plan });
      } catch (e) {
        if (get().restore?.target === target) update({ phase: 'error', error: toErrorData(e) });
      }
    },
    runRestore: async (onConflict, perItem) => {
      const r = get().restore;
      if (!r || r.phase !== 'plan' || !r.plan) return;
      const plan = r.plan;
      const lang = selectLang(get());
      update({ phase: 'running', progress: null });
      await get().runActivity({
        kind: 'restore',
        title: { key: 'activity.restore.title', values: { count: plan.items.length, folder: plan.destination } },
        failedTitle: { key: 'activity.restore.failed', values: { folder: plan.destination } },
        cancellable: true,
        onStart: (id) => {
          restoreActivity = id;
        },
        run: async (signal, report) => {
          try {
            const progressOptions = {
              signal,
              onProgress: (progress: RestoreProgress) => {
                update({ progress });
                const p = restoreProgress(progress);
                report(p.ratio, p.text);
              },
            };
            const result = r.here && r.computer && r.target.to
              ? await callApi('restoreHere', { ...r.target, from: r.computer, to: r.target.to, onConflict, perItem }, lang, { ...progressOptions, ...onComputer(null) })
              : await callApi('runRestore', { ...r.target, onConflict, perItem }, lang, { ...progressOptions, ...onComputer(r.computer) });
            update({ phase: result.state === 'cancelled' ? 'cancelled' : 'done', result });
            return result;
          } catch (e) {
            const error = toErrorData(e);
            update(signal.aborted || isCancelled(error) ? { phase: 'cancelled' } : { phase: 'error', error });
            throw e;
          }
        },
        describe: (result) => restoreOutcome(plan, result),
        settle: restoreSettlement,
      });
      restoreActivity = null;
      refreshBrowse();
      refreshHistory();
    },
    cancelRestore: () => {
      if (restoreActivity !== null) get().cancelActivity(restoreActivity);
    },
    undoRestore: async () => {
      const r = get().restore;
      if (!r?.result || !r.plan) return;
      update({ undo: { status: 'running', result: null, error: null } });
      // A restore brought here is undone here; one on the other computer, there.
      const { result, error } = await runUndo(r.result.restoreId, r.plan.destination, r.here ? null : r.computer);
      update({ undo: result ? { status: 'done', result, error: null } : { status: 'error', result: null, error } });
    },
    closeRestore: () => {
      if (restoreActivity !== null) get().cancelActivity(restoreActivity);
      set({ restore: null });
    },
    loadRestoreHistory: () =>
      once('history', async () => {
        set({ restoreHistory: loading(get().restoreHistory) });
        try {
          set({ restoreHistory: ready(await callApi('listRestores', {}, selectLang(get()))) });
        } catch (e) {
          set({ restoreHistory: failed(get().restoreHistory, toErrorData(e)) });
        }
      }),
    askUndo: (record) => set({ undoFlow: { record, computer: get().computer, phase: 'confirm', result: null, error: null } }),
    confirmUndo: async () => {
      const u = get().undoFlow;
      if (!u || u.phase !== 'confirm') return;
      updateUndo({ phase: 'running' });
      const { result, error } = await runUndo(u.record.restoreId, u.record.destination, u.computer);
      // The user may have closed the dialog meanwhile (it cannot be closed while running, but be safe).
      if (get().undoFlow?.record.restoreId !== u.record.restoreId) return;
      updateUndo(result ? { phase: 'done', result } : { phase: 'error', error });
    },
    closeUndo: () => {
      if (get().undoFlow?.phase !== 'running') set({ undoFlow: null });
    },
  };
};
