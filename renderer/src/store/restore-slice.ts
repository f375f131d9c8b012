import type { ErrorData } from '../../../native/contract/errors';
import { callApi, isCancelled, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { selectLang } from './selectors';
import type { ConflictChoice, RestorePlan, RestoreProgress, RestoreResult, RestoreTarget, UndoResult } from '../api/contract-types';

/** A restore from plan to result (and undo), as the restore plan dialog shows it. */
export interface RestoreFlow {
  target: RestoreTarget;
  phase: 'planning' | 'plan' | 'running' | 'done' | 'cancelled' | 'error';
  plan: RestorePlan | null;
  progress: RestoreProgress | null;
  result: RestoreResult | null;
  error: ErrorData | null;
  undo: { status: 'idle' | 'running' | 'done' | 'error'; result: UndoResult | null; error: ErrorData | null };
}

/** The restore plan dialog's flow: plan, run with progress and cancel, undo. */
export interface RestoreSlice {
  restore: RestoreFlow | null;
  /** Opens the dialog and builds the plan (nothing is written). */
  planRestore(target: RestoreTarget): Promise<void>;
  /** Runs the planned restore with a choice for all conflicts and per item (by target path). */
  runRestore(onConflict: ConflictChoice, perItem: Record<string, ConflictChoice>): Promise<void>;
  cancelRestore(): void;
  /** Puts back everything the finished restore did. */
  undoRestore(): Promise<void>;
  closeRestore(): void;
}

/** The running restore's AbortController: not state, kept beside the store. */
let controller: AbortController | null = null;

/** Creates the restore slice. */
export const createRestoreSlice: SliceCreator<RestoreSlice> = (set, get) => {
  const update = (patch: Partial<RestoreFlow>) => {
    const r = get().restore;
    if (r) set({ restore: { ...r, ...patch } });
  };
  const refreshBrowse = () => {
    const b = get().browse;
    if (b.shadowId) void get().openFolder(b.shadowId, b.folder);
    if (get().versionList.data) void get().loadVersions(get().versionsPath);
  };
  return {
    restore: null,
    planRestore: async (target) => {
      set({ restore: { target, phase: 'planning', plan: null, progress: null, result: null, error: null, undo: { status: 'idle', result: null, error: null } } });
      try {
        const plan = await callApi('planRestore', target, selectLang(get()));
        if (get().restore?.target === target) update({ phase: 'plan', plan });
      } catch (e) {
        if (get().restore?.target === target) update({ phase: 'error', error: toErrorData(e) });
      }
    },
    runRestore: async (onConflict, perItem) => {
      const r = get().restore;
      if (!r || r.phase !== 'plan') return;
      controller = new AbortController();
      const signal = controller.signal;
      update({ phase: 'running', progress: null });
      try {
        const result = await callApi('runRestore', { ...r.target, onConflict, perItem }, selectLang(get()), {
          signal,
          onProgress: (progress: RestoreProgress) => update({ progress }),
        });
        update({ phase: result.state === 'cancelled' ? 'cancelled' : 'done', result });
      } catch (e) {
        const error = toErrorData(e);
        update(signal.aborted || isCancelled(error) ? { phase: 'cancelled' } : { phase: 'error', error });
      } finally {
        controller = null;
        refreshBrowse();
      }
    },
    cancelRestore: () => controller?.abort(),
    undoRestore: async () => {
      const r = get().restore;
      if (!r?.result) return;
      update({ undo: { status: 'running', result: null, error: null } });
      try {
        const result = await callApi('undoRestore', { restoreId: r.result.restoreId }, selectLang(get()));
        update({ undo: { status: 'done', result, error: null } });
      } catch (e) {
        update({ undo: { status: 'error', result: null, error: toErrorData(e) } });
      }
      refreshBrowse();
    },
    closeRestore: () => {
      controller?.abort();
      set({ restore: null });
    },
  };
};
