import type { ErrorData } from '../../../native/contract/errors';
import { callApi, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import type { BrowseEntry, BrowsePage, Comparison, Preview, PreviewSource, VersionList } from '../api/contract-types';

/**
 * A folder of a shadow copy, read as a random-access list: the first page gives `total`, and only the
 * pages a list shows are read (by offset), so the End key of a 100,000-entry folder reads one page,
 * not every page on the way.
 */
export interface BrowseFolder {
  shadowId: string | null;
  /** Volume-relative folder, '' for the root. */
  folder: string;
  /**
   * The entries loaded, each at its index in the folder (browse order): a sparse array with holes
   * where a page is not loaded (or no longer kept: at most KEPT_PAGES pages are). `entries[i]` is the
   * row i or undefined; `filter`/`forEach` visit the loaded ones only. Its length is not the total.
   */
  entries: BrowseEntry[];
  /** Entries in the folder, as its last page read said. */
  total: number;
  /** The first page's status: 'ready' once `total` is known. */
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: ErrorData | null;
  /** Pages (index = offset / BROWSE_PAGE_SIZE) being read now. */
  pending: readonly number[];
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
  /**
   * Makes sure the rows `first`..`last` (indexes, inclusive) of the open folder are loaded: reads the
   * pages covering them that are neither kept nor on their way (by offset), and keeps them as the most
   * recently used. The list calls it for what it shows.
   */
  loadRange(first: number, last: number): Promise<void>;
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

/** Entries per browse page: the list reads and keeps whole pages. */
export const BROWSE_PAGE_SIZE = 200;
/**
 * Pages kept for the open folder (least recently shown dropped first): 6,000 entries, a few screens
 * around every place visited lately, however big the folder (1,000,000 entries stay 6,000 in memory).
 */
export const KEPT_PAGES = 30;
const PAGE_SIZE = BROWSE_PAGE_SIZE;
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

/** The entries of the kept pages, each at its index in the folder (holes elsewhere). */
function placeEntries(pages: ReadonlyMap<number, BrowseEntry[]>): BrowseEntry[] {
  const out: BrowseEntry[] = [];
  // Ascending, so a folder read from its start stays a plain dense array.
  for (const p of [...pages.keys()].sort((a, b) => a - b)) {
    const base = p * PAGE_SIZE;
    pages.get(p)!.forEach((e, i) => { out[base + i] = e; });
  }
  return out;
}

const EMPTY_BROWSE: BrowseFolder = { shadowId: null, folder: '', entries: [], total: 0, status: 'idle', error: null, pending: [] };

/** Creates the browse + versions slice. */
export const createBrowseSlice: SliceCreator<BrowseSlice> = (set, get) => {
  /** The open folder's kept pages by page index, least recently shown first (a Map keeps insertion order). */
  let pages = new Map<number, BrowseEntry[]>();
  const inFlight = new Set<number>();

  const touch = (p: number) => {
    const list = pages.get(p);
    if (list) { pages.delete(p); pages.set(p, list); }
  };

  /** The open folder's first page on its way: the tree reads a folder's subfolders from it (folders come first). */
  let firstPage: { key: string; page: Promise<BrowsePage | null> } | null = null;

  const fetchPage = async (shadowId: string, folder: string, p: number, generation: number): Promise<BrowsePage | null> => {
    inFlight.add(p);
    set({ browse: { ...get().browse, pending: [...inFlight] } });
    try {
      const page = await callApi('browse', { shadowId, folder, offset: p * PAGE_SIZE, pageSize: PAGE_SIZE }, selectLang(get()));
      // An answer for a folder no longer shown (another folder, copy or machine) is dropped.
      if (generation !== browseGeneration) return page;
      inFlight.delete(p);
      const prev = get().browse;
      // The folder changed under the list (live files came or went): the pages read before no longer
      // line up with this one, so only this one is kept; the list reads the others again.
      if (prev.status === 'ready' && page.total !== prev.total) pages = new Map();
      pages.set(p, page.entries);
      while (pages.size > KEPT_PAGES) pages.delete(pages.keys().next().value as number);
      set({ browse: { ...prev, entries: placeEntries(pages), total: page.total, status: 'ready', error: null, pending: [...inFlight] } });
      return page;
    } catch (e) {
      if (generation !== browseGeneration) return null;
      inFlight.delete(p);
      set({ browse: { ...get().browse, status: 'error', error: toErrorData(e), pending: [...inFlight] } });
      return null;
    }
  };

  return {
    browse: EMPTY_BROWSE,
    openFolder: async (shadowId, folder) => {
      const generation = ++browseGeneration;
      pages = new Map();
      inFlight.clear();
      set({ browse: { shadowId, folder, entries: [], total: 0, status: 'loading', error: null, pending: [] } });
      const page = fetchPage(shadowId, folder, 0, generation);
      firstPage = { key: `${shadowId}\n${folder}`, page };
      await page;
    },
    loadRange: async (first, last) => {
      const b = get().browse;
      if (!b.shadowId || b.status !== 'ready' || b.total === 0) return;
      const from = Math.max(0, Math.floor(first / PAGE_SIZE));
      const to = Math.min(Math.ceil(b.total / PAGE_SIZE) - 1, Math.floor(Math.max(first, last) / PAGE_SIZE));
      const wanted: number[] = [];
      for (let p = from; p <= to; p++) {
        if (pages.has(p)) touch(p);
        else if (!inFlight.has(p)) wanted.push(p);
      }
      const generation = browseGeneration;
      await Promise.all(wanted.map((p) => fetchPage(b.shadowId!, b.folder, p, generation)));
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
        // The open folder: the list's first page is on its way; when it holds a file (or the whole
        // folder), the subfolders are all in it, and the tree asks the engine nothing more.
        // Any other folder waits for that first page too: the list's first rows go first.
        const pending = firstPage;
        const first = pending ? await pending.page : null;
        const listed = pending?.key === `${shadowId}\n${folder}` ? first : null;
        const known = listed !== null && (listed.entries.some((e) => e.kind !== 'folder') || listed.nextCursor === null) ? listed : null;
        let cursor: string | null = null;
        pages: do {
          const page: BrowsePage = known ?? await callApi('browse', { shadowId, folder, cursor, pageSize: cursor === null ? TREE_FIRST_PAGE : TREE_PAGE }, selectLang(get()));
          for (const e of page.entries) {
            if (e.kind !== 'folder') break pages;
            if (e.status === 'new') continue;
            if (children.length === TREE_CAP) { more = true; break pages; }
            children.push(e.name);
          }
          cursor = known ? null : page.nextCursor;
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
      pages = new Map();
      inFlight.clear();
      firstPage = null;
      preparedForDrag.clear();
      set({
        browse: EMPTY_BROWSE,
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
