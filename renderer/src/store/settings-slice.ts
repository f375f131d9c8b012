import type { ErrorData } from '../../../native/contract/errors';
import type { AboutInfo, ElevationInfo } from '../api/contract-types';
import { callApi, onComputer, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';

/**
 * What the window knows about where it runs: version, backend and data folder (Settings), whether
 * VSS will accept it (elevation), and the app-only window operations (a folder dialog, Explorer).
 */
export interface SettingsSlice {
  about: Loadable<AboutInfo>;
  loadAbout(): Promise<void>;
  elevation: Loadable<ElevationInfo>;
  loadElevation(): Promise<void>;
  /** The last failure of "Restart as administrator" (declined prompt, …), shown by the banner. */
  restartError: ErrorData | null;
  /** Starts the app again as administrator (Windows asks); this instance then closes. */
  restartElevated(): Promise<void>;
  /** The folder the user picked in the app's folder dialog, or null when cancelled or not available. */
  chooseFolder(title: string, defaultPath?: string): Promise<string | null>;
  /** Shows a file in Explorer; false when it could not (the caller keeps its own message). */
  showInFolder(path: string): Promise<boolean>;
  /** Where "Copy self-test report" is: copying, copied (with its counts), or why it could not. */
  selftestCopy: { status: 'idle' | 'running' | 'copied' | 'error'; pass: number; fail: number; error: ErrorData | null };
  /** Runs the read-only self-test and copies its Markdown report to the clipboard. */
  copySelftest(): Promise<void>;
}

/** Creates the settings slice. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  about: idle(),
  loadAbout: async () => {
    set({ about: loading(get().about) });
    try {
      // This window's own ShadowDesk and what its window can do (folder dialog, Explorer): asked here.
      set({ about: ready(await callApi('about', {}, selectLang(get()), onComputer(null))) });
    } catch (e) {
      set({ about: failed(get().about, toErrorData(e)) });
    }
  },
  elevation: idle(),
  loadElevation: async () => {
    set({ elevation: loading(get().elevation) });
    try {
      set({ elevation: ready(await callApi('elevation', {}, selectLang(get()))) });
    } catch (e) {
      set({ elevation: failed(get().elevation, toErrorData(e)) });
    }
  },
  restartError: null,
  restartElevated: async () => {
    set({ restartError: null });
    try {
      await callApi('restartElevated', {}, selectLang(get()));
    } catch (e) {
      set({ restartError: toErrorData(e) });
    }
  },
  chooseFolder: async (title, defaultPath) => {
    try {
      return (await callApi('chooseFolder', { title, ...(defaultPath ? { defaultPath } : {}) }, selectLang(get()))).path;
    } catch {
      return null;
    }
  },
  showInFolder: async (path) => {
    try {
      await callApi('showInFolder', { path }, selectLang(get()));
      return true;
    } catch {
      return false;
    }
  },
  selftestCopy: { status: 'idle', pass: 0, fail: 0, error: null },
  copySelftest: async () => {
    set({ selftestCopy: { status: 'running', pass: 0, fail: 0, error: null } });
    let result;
    try {
      result = await callApi('selftest', {}, selectLang(get()));
    } catch (e) {
      set({ selftestCopy: { status: 'error', pass: 0, fail: 0, error: toErrorData(e) } });
      return;
    }
    const { pass, fail } = result.report.summary;
    try {
      await navigator.clipboard.writeText(result.markdown);
      set({ selftestCopy: { status: 'copied', pass, fail, error: null } });
    } catch (e) {
      const lang = selectLang(get());
      set({
        selftestCopy: {
          status: 'error', pass, fail,
          error: { code: 'CLIPBOARD', message: lang === 'it' ? "Non è stato possibile copiare l'autotest negli Appunti." : 'The self-test report could not be copied to the clipboard.', detail: toErrorData(e).message },
        },
      });
    }
  },
});
