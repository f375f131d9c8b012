import { callApi, onComputer, toErrorData } from '../api/call-api';
import type { Phrase } from './activity-slice';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import { singleFlight } from './single-flight';
import type { DeleteTarget, Provider, ShadowCopy } from '../api/contract-types';

/** Shadow copies and providers, with create and delete. */
export interface ShadowsSlice {
  shadows: Loadable<ShadowCopy[]>;
  providers: Loadable<Provider[]>;
  /** The volume the Shadow copies view shows (a volume name such as `C:\`), or null for all. */
  shadowsVolume: string | null;
  setShadowsVolume(volume: string | null): void;
  /** Loads every shadow copy (all volumes; views filter). */
  loadShadows(): Promise<void>;
  /** Loads the providers, to name the provider of each copy. */
  loadProviders(): Promise<void>;
  /**
   * Creates one shadow copy set over the volumes on `computer` (null = this one), the computer its
   * confirmation named, whatever is chosen by then; true when done. Refreshes copies and storage.
   */
  createShadows(volumes: string[], withWriters: boolean, computer: string | null): Promise<boolean>;
  /** Deletes copies (one, a set, the oldest or all of a volume) on the computer the confirmation named; true when done. */
  deleteShadows(target: DeleteTarget, computer: string | null): Promise<boolean>;
}

const once = singleFlight();

function deleteTitle(target: DeleteTarget) {
  switch (target.kind) {
    case 'shadow': return { key: 'activity.delete.shadow' };
    case 'set': return { key: 'activity.delete.set' };
    case 'oldest': return { key: 'activity.delete.oldest', values: { volume: target.volume } };
    case 'all': return { key: 'activity.delete.all', values: { volume: target.volume } };
  }
}

/** Creates the shadows slice. */
export const createShadowsSlice: SliceCreator<ShadowsSlice> = (set, get) => ({
  shadows: idle(),
  providers: idle(),
  shadowsVolume: null,
  setShadowsVolume: (shadowsVolume) => set({ shadowsVolume }),

  loadShadows: () =>
    once('shadows', async () => {
      set({ shadows: loading(get().shadows) });
      try {
        const list = await callApi('listShadows', {}, selectLang(get()));
        set({ shadows: ready(list) });
      } catch (e) {
        set({ shadows: failed(get().shadows, toErrorData(e)) });
      }
    }),

  loadProviders: () =>
    once('providers', async () => {
      set({ providers: loading(get().providers) });
      try {
        set({ providers: ready(await callApi('listProviders', {}, selectLang(get()))) });
      } catch (e) {
        set({ providers: failed(get().providers, toErrorData(e)) });
      }
    }),

  createShadows: async (volumes, withWriters, computer) => {
    const lang = selectLang(get());
    const result = await get().runActivity({
      kind: 'create',
      title: { key: withWriters ? 'activity.create.titleWriters' : 'activity.create.title', values: { volumes: volumes.join(', '), count: volumes.length } },
      failedTitle: { key: 'activity.create.failed', values: { volumes: volumes.join(', '), count: volumes.length } },
      run: (signal) => callApi('createShadows', { volumes, withWriters }, lang, { signal, ...onComputer(computer) }),
      describe: (r): Phrase =>
        r.deletedToMakeRoom.length > 0
          ? { key: 'activity.create.doneMadeRoom', values: { count: r.deletedToMakeRoom.length, created: r.shadows.length } }
          : { key: 'activity.create.done', values: { count: r.shadows.length } },
      // Writers that failed without failing the copy: one note each, and the toast asks for a look.
      settle: (r) => ({
        notes: r.warnings.map((w) => ({
          key: w.reason === 'failed-at-identify' ? 'activity.create.warningIdentify' : 'activity.create.warningOtherVolumes',
          values: { name: w.name, detail: w.lastError ? `${w.state}, ${w.lastError}` : w.state },
        })),
        attention: r.warnings.length > 0,
      }),
    });
    await Promise.all([get().loadShadows(), get().loadVolumes()]);
    return result !== null;
  },

  deleteShadows: async (target, computer) => {
    const lang = selectLang(get());
    const result = await get().runActivity({
      kind: 'delete',
      title: deleteTitle(target),
      failedTitle: { key: 'activity.delete.failed' },
      run: (signal) => callApi('deleteShadows', target, lang, { signal, ...onComputer(computer) }),
      describe: (r) => ({ key: 'activity.delete.done', values: { count: r.deletedCount } }),
    });
    await Promise.all([get().loadShadows(), get().loadVolumes()]);
    return result !== null;
  },
});
