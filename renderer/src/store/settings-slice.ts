import type { AboutInfo } from '../api/contract-types';
import { callApi, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';

/** What Settings shows about this copy of ShadowDesk: version, backend and the data folder. */
export interface SettingsSlice {
  about: Loadable<AboutInfo>;
  loadAbout(): Promise<void>;
}

/** Creates the settings slice. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  about: idle(),
  loadAbout: async () => {
    set({ about: loading(get().about) });
    try {
      set({ about: ready(await callApi('about', {}, selectLang(get()))) });
    } catch (e) {
      set({ about: failed(get().about, toErrorData(e)) });
    }
  },
});
