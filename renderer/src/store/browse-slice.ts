import type { ErrorData } from '../../../native/contract/errors';
import { callApi, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import type { BrowseEntry, BrowsePage, Comparison, Preview, PreviewSource, VersionList } from '../api/contract-types';

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

/** The subfolders of one folder of a copy, as the folder tree has loaded them. */
export interface FolderNode {
  status: 'loading' | 'ready' | 'error';
  /** Names of the subfolders the copy holds, in the list's order. */
  children: string[];
  /** True when the folder has more subfolders than the tree shows (see TREE_CAP). */
  more: boolean;
  error: ErrorData | null;
}

/** The folder tree of one copy: nodes by volume-relative folder ('' is the root), loaded on expand. */
export interface FolderTree {
  shadowId: string | null;
  nodes: Record<string, FolderNode>;
}

/** A preview and what it is of, so a late answer for another file is never shown. */
export type PreviewState = Loadable<Preview> & { key: string | null };

/** Browse (a folder of a copy, paged; its folder tree; a preview) and Previous versions (versions, compare). */
export interface BrowseSlice {
  browse: BrowseFolder;
  folderTree: FolderTree;
  /**
   * Loads a folder's subfolders for the tree (once per copy; `retry` after an error). Folders come
   * first in a listing, so it stops at the first file and never pages through a huge folder's files.
   */
  loadSubfolders(shadowId: string, folder: string, retry?: boolean): Promise<void>;
  preview: PreviewState;
  /** Shows a file or folder of a copy (or now) in the preview pane. */
  loadPreview(path: string, source: PreviewSource): Promise<void>;
  clearPreview(): void;
  /** Opens a folder of a copy from its first page. */
  openFolder(shadowId: string, folder: string): Promise<void>;
  /** Loads the next page of the open folder, if any (one at a time). */
  loadMoreEntries(): Promise<void>;
  versionsPath: string;
  versionList: Loadable<VersionList>;
  /** The last comparison asked for: which copy and path, so a late answer for another is dropped. */
  comparison: Loadable<Comparison> & { shadowId: string | null; path: string | null };
  /** Lists the distinct versions of a full path. */
  loadVersions(path: string): Promise<void>;
  /** Compares a version (the copy holding it) with the file now. */
  compareWithCurrent(path: string, shadowId: string): Promise<void>;
  /** The last failure of Open read-only or of dragging files out, until dismissed or the next try. */
  shellError: { what: 'open' | 'drag'; error: ErrorData } | null;
  /**
   * Opens a file of a copy in its default application (the app on Windows only): the main process
   * has the host make a read-only copy in ShadowDesk's data folder and hands that to Windows.
   */
  openReadOnly(shadowId: string, path: string): Promise<void>;
  /**
   * Starts dragging files of a copy out of the window (read-only copies, as for Open read-only).
   * Called from the page's dragstart: the app starts the drag at once if the copies are ready
   * (prepareDragOut), else says to drag again in a moment.
   */
  dragOut(shadowId: string, paths: string[]): Promise<void>;
  /**
   * Has the app make, ahead of a drag, the read-only copies it will hand over (on hover, on
   * pressing the mouse button): a drag must start inside its dragstart, too soon to make them then.
   * Quiet: a failure shows when the drag itself is tried.
   */
  prepareDragOut(shadowId: string, paths: string[]): void;
  clearShellError(): void;
  /**
   * Forgets every folder, tree node, preview, version list and comparison read so far, and drops
   * answers still on their way: the machine changed (a disk image opened or closed).
   */
  resetBrowse(): void;
}

/** Files whose read-only copies for a drag were asked for already (the app keeps them while it runs). */
const preparedForDrag = new Set<string>();

const PAGE_SIZE = 200;
/** A small first page: next to a huge folder of files, the tree stats only this many to find none. */
const TREE_FIRST_PAGE = 100;
const TREE_PAGE = 1000;
/** Subfolders shown under one tree node; the list (virtualized) shows them all. */
export const TREE_CAP = 1000;
let browseGeneration = 0;

/** Identifies a preview: where from and which path. */
export function previewKey(path: string, source: PreviewSource): string {
  return `${source === 'live' ? 'live' : source.shadowId}|${path}`;
}

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

    folderTree: { shadowId: null, nodes: {} },
    loadSubfolders: async (shadowId, folder, retry = false) => {
      const tree = get().folderTree;
      const nodes = tree.shadowId === shadowId ? tree.nodes : {};
      const existing = nodes[folder];
      if (existing && !(retry && existing.status === 'error')) return;
      // A late answer for a copy no longer shown is dropped.
      const setNode = (node: FolderNode) => {
        const now = get().folderTree;
        if (now.shadowId === shadowId) set({ folderTree: { shadowId, nodes: { ...now.nodes, [folder]: node } } });
      };
      set({ folderTree: { shadowId, nodes: { ...nodes, [folder]: { status: 'loading', children: [], more: false, error: null } } } });
      const children: string[] = [];
      let more = false;
      try {
        let cursor: string | null = null;
        pages: do {
          const page: BrowsePage = await callApi('browse', { shadowId, folder, cursor, pageSize: cursor === null ? TREE_FIRST_PAGE : TREE_PAGE }, selectLang(get()));
          for (const e of page.entries) {
            if (e.kind !== 'folder') break pages;
            if (e.status === 'new') continue;
            if (children.length === TREE_CAP) { more = true; break pages; }
            children.push(e.name);
          }
          cursor = page.nextCursor;
        } while (cursor !== null);
        setNode({ status: 'ready', children, more, error: null });
      } catch (e) {
        setNode({ status: 'error', children: [], more: false, error: toErrorData(e) });
      }
    },

    preview: { ...idle(), key: null },
    loadPreview: async (path, source) => {
      const key = previewKey(path, source);
      const now = get().preview;
      if (now.key === key && (now.status === 'loading' || now.status === 'ready')) return;
      set({ preview: { status: 'loading', data: null, error: null, key } });
      try {
        const data = await callApi('preview', { path, source }, selectLang(get()));
        if (get().preview.key === key) set({ preview: { ...ready(data), key } });
      } catch (e) {
        if (get().preview.key === key) set({ preview: { status: 'error', data: null, error: toErrorData(e), key } });
      }
    },
    clearPreview: () => set({ preview: { ...idle(), key: null } }),

    versionsPath: '',
    versionList: idle(),
    comparison: { ...idle(), shadowId: null, path: null },
    loadVersions: async (path) => {
      set({ versionsPath: path, versionList: loading(get().versionList), comparison: { ...idle(), shadowId: null, path: null } });
      // A late answer for another path (or another machine) is dropped.
      try {
        const list = await callApi('versions', { path }, selectLang(get()));
        if (get().versionsPath === path) set({ versionList: ready(list) });
      } catch (e) {
        if (get().versionsPath === path) set({ versionList: { ...failed(get().versionList, toErrorData(e)), data: null } });
      }
    },
    shellError: null,
    openReadOnly: async (shadowId, path) => {
      set({ shellError: null });
      try {
        await callApi('openVersion', { shadowId, path }, selectLang(get()));
      } catch (e) {
        set({ shellError: { what: 'open', error: toErrorData(e) } });
      }
    },
    dragOut: async (shadowId, paths) => {
      if (paths.length === 0) return;
      set({ shellError: null });
      try {
        await callApi('dragOut', { shadowId, paths }, selectLang(get()));
      } catch (e) {
        set({ shellError: { what: 'drag', error: toErrorData(e) } });
      }
    },
    prepareDragOut: (shadowId, paths) => {
      const keys = paths.map((p) => `${shadowId}\n${p}`);
      if (paths.length === 0 || keys.every((k) => preparedForDrag.has(k))) return;
      for (const k of keys) preparedForDrag.add(k);
      callApi('prepareDragOut', { shadowId, paths }, selectLang(get())).catch(() => {
        for (const k of keys) preparedForDrag.delete(k);
      });
    },
    clearShellError: () => set({ shellError: null }),
    resetBrowse: () => {
      browseGeneration++;
      preparedForDrag.clear();
      set({
        browse: { shadowId: null, folder: '', entries: [], total: 0, cursor: null, status: 'idle', error: null },
        folderTree: { shadowId: null, nodes: {} },
        preview: { ...idle(), key: null },
        versionsPath: '',
        versionList: idle(),
        comparison: { ...idle(), shadowId: null, path: null },
        shellError: null,
      });
    },
    compareWithCurrent: async (path, shadowId) => {
      set({ comparison: { ...loading(get().comparison), data: null, shadowId, path } });
      const current = () => get().comparison.shadowId === shadowId && get().comparison.path === path;
      try {
        const data = await callApi('compare', { path, left: { shadowId }, right: 'live' }, selectLang(get()));
        if (current()) set({ comparison: { ...ready(data), shadowId, path } });
      } catch (e) {
        if (current()) set({ comparison: { ...failed(get().comparison, toErrorData(e)), shadowId, path } });
      }
    },
  };
};
