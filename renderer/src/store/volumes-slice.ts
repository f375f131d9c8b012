import { callApi, onComputer, toErrorData } from '../api/call-api';
import type { Phrase } from './activity-slice';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import { singleFlight } from './single-flight';
import type { StorageArea, StorageMax, Volume } from '../api/contract-types';

/** Volumes and their shadow storage, with the actions that change storage. */
export interface VolumesSlice {
  volumes: Loadable<Volume[]>;
  storage: Loadable<StorageArea[]>;
  /**
   * The smallest shadow storage maximum Windows accepts (IVssSnapshotMgmt2::GetMinDiffAreaSize),
   * so the storage dialog can refuse less before asking; null until known or when it cannot be read.
   */
  storageMinBytes: number | null;
  /** Loads volumes and shadow storage (in parallel; each keeps its own error). */
  loadVolumes(): Promise<void>;
  /**
   * Changes a volume's storage maximum on `computer` (null = this one: the computer the confirmation
   * named); true when done. Copies may be deleted by Windows.
   */
  resizeStorage(volume: string, max: StorageMax, computer: string | null): Promise<boolean>;
  /** Creates a storage association for a volume that has none, on the computer the dialog named; true when done. */
  addStorage(volume: string, storageVolume: string, max: StorageMax, computer: string | null): Promise<boolean>;
}

const once = singleFlight();

/** Creates the volumes + storage slice. */
export const createVolumesSlice: SliceCreator<VolumesSlice> = (set, get) => ({
  volumes: idle(),
  storage: idle(),
  storageMinBytes: null,

  loadVolumes: () =>
    once('volumes', async () => {
      const lang = selectLang(get());
      set({ volumes: loading(get().volumes), storage: loading(get().storage) });
      await Promise.all([
        callApi('listVolumes', {}, lang).then(
          (v) => set({ volumes: ready(v) }),
          (e) => set({ volumes: failed(get().volumes, toErrorData(e)) }),
        ),
        callApi('listStorage', {}, lang).then(
          (s) => set({ storage: ready(s) }),
          (e) => set({ storage: failed(get().storage, toErrorData(e)) }),
        ),
        callApi('storageMinimum', {}, lang).then(
          (r) => set({ storageMinBytes: r.minBytes }),
          () => set({ storageMinBytes: null }),
        ),
      ]);
    }),

  resizeStorage: async (volume, max, computer) => {
    const lang = selectLang(get());
    const result = await get().runActivity({
      kind: 'resize',
      title: { key: 'activity.resize.title', values: { volume } },
      failedTitle: { key: 'activity.resize.failed', values: { volume } },
      run: (signal) => callApi('resizeStorage', { volume, max }, lang, { signal, ...onComputer(computer) }),
      describe: (r): Phrase =>
        r.deletedIds.length > 0
          ? { key: 'activity.resize.doneDeleted', values: { volume, count: r.deletedIds.length } }
          : { key: 'activity.resize.done', values: { volume } },
    });
    await Promise.all([get().loadVolumes(), get().loadShadows()]);
    return result !== null;
  },

  addStorage: async (volume, storageVolume, max, computer) => {
    const lang = selectLang(get());
    const result = await get().runActivity({
      kind: 'add-storage',
      title: { key: 'activity.addStorage.title', values: { volume, storageVolume } },
      failedTitle: { key: 'activity.addStorage.failed', values: { volume } },
      run: (signal) => callApi('addStorage', { volume, storageVolume, max }, lang, { signal, ...onComputer(computer) }),
      describe: () => ({ key: 'activity.addStorage.done', values: { volume, storageVolume } }),
    });
    await get().loadVolumes();
    return result !== null;
  },
});
