import type { ErrorData } from '../../../native/contract/errors';
import { callApi, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import type { BrowseEntry, Comparison, VersionList } from '../api/contract-types';

/** A folder of a shadow copy as far as it has been paged in. */
export interface BrowseFolder {
  shadowId: string | null;
  /** Volume-relative folder, '' for the root. */
  folder: string;
  entries: BrowseEntry[];
  total: number;
  cursor: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: ErrorData | null;
}

/** Browse (a folder of a copy, paged) and Previous versions (versions, compare). */
export interface BrowseSlice {
  browse: BrowseFolder;
  /** Opens a folder of a copy from its first page. */
  openFolder(shadowId: string, folder: string): Promise<void>;
  /** Loads the next page of the open folder, if any (one at a time). */
  loadMoreEntries(): Promise<void>;
  versionsPath: string;
  versionList: Loadable<VersionList>;
  comparison: Loadable<Comparison> & { shadowId: string | null };
  /** Lists the distinct versions of a full path. */
  loadVersions(path: string): Promise<void>;
  /** Compares a version (the copy holding it) with the file now. */
  compareWithCurrent(path: string, shadowId: string): Promise<void>;
}

const PAGE_SIZE = 200;
let browseGeneration = 0;

/** Creates the browse + versions slice. */
export const createBrowseSlice: SliceCreator<BrowseSlice> = (set, get) => {
  const fetchPage = async (shadowId: string, folder: string, cursor: string | null, generation: number) => {
    try {
      const page = await callApi('browse', { shadowId, folder, cursor, pageSize: PAGE_SIZE }, selectLang(get()));
      if (generation !== browseGeneration) return;
      const prev = get().browse;
      set({
        browse: {
          ...prev,
          entries: cursor === null ? page.entries : [...prev.entries, ...page.entries],
          total: page.total,
          cursor: page.nextCursor,
          status: 'ready',
          error: null,
        },
      });
    } catch (e) {
      if (generation !== browseGeneration) return;
      set({ browse: { ...get().browse, status: 'error', error: toErrorData(e) } });
    }
  };

  return {
    browse: { shadowId: null, folder: '', entries: [], total: 0, cursor: null, status: 'idle', error: null },
    openFolder: async (shadowId, folder) => {
      const generation = ++browseGeneration;
      set({ browse: { shadowId, folder, entries: [], total: 0, cursor: null, status: 'loading', error: null } });
      await fetchPage(shadowId, folder, null, generation);
    },
    loadMoreEntries: async () => {
      const b = get().browse;
      if (!b.shadowId || b.cursor === null || b.status === 'loading') return;
      set({ browse: { ...b, status: 'loading' } });
      await fetchPage(b.shadowId, b.folder, b.cursor, browseGeneration);
    },

    versionsPath: '',
    versionList: idle(),
    comparison: { ...idle(), shadowId: null },
    loadVersions: async (path) => {
      set({ versionsPath: path, versionList: loading(get().versionList), comparison: { ...idle(), shadowId: null } });
      try {
        set({ versionList: ready(await callApi('versions', { path }, selectLang(get()))) });
      } catch (e) {
        set({ versionList: { ...failed(get().versionList, toErrorData(e)), data: null } });
      }
    },
    compareWithCurrent: async (path, shadowId) => {
      set({ comparison: { ...loading(get().comparison), data: null, shadowId } });
      try {
        const data = await callApi('compare', { path, left: { shadowId }, right: 'live' }, selectLang(get()));
        set({ comparison: { ...ready(data), shadowId } });
      } catch (e) {
        set({ comparison: { ...failed(get().comparison, toErrorData(e)), shadowId } });
      }
    },
  };
};
