import type { ErrorData } from '../../../native/contract/errors';
import { callApi, isCancelled, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { selectLang } from './selectors';
import type { SearchHit, SearchProgress } from '../api/contract-types';

/** Where a search is: never run, running, being stopped, finished, stopped by the user, or failed. */
export type SearchStatus = 'idle' | 'running' | 'stopping' | 'done' | 'stopped' | 'error';

/** The last search, kept in the store so leaving the view and coming back shows it again. */
export interface SearchRun {
  pattern: string;
  /** The one copy searched, or null for every copy. */
  shadowId: string | null;
  status: SearchStatus;
  /** Paths found so far (all of them once done), sorted by path so a folder's hits stay together. */
  hits: SearchHit[];
  shadowsDone: number;
  /** Known from the first progress report; null until then. */
  shadowsTotal: number | null;
  entriesScanned: number;
  /** The hit limit stopped the search early: there are more matches than shown. */
  truncated: boolean;
  error: ErrorData | null;
}

/** Search across every shadow copy (or one), streamed as it runs, stoppable, remembered. */
export interface SearchSlice {
  /** What is typed in the search box (kept so it survives leaving the view). */
  searchText: string;
  /** The "in copy" choice: a shadow copy id, or null for every copy. */
  searchScope: string | null;
  search: SearchRun;
  /** The path of the selected result, whose copies and actions the details pane shows. */
  searchSelected: string | null;
  setSearchText(text: string): void;
  setSearchScope(shadowId: string | null): void;
  /** Searches for the typed text in the chosen scope; a running search is stopped first. */
  runSearch(): Promise<void>;
  /** Stops the running search; what it found so far stays. */
  stopSearch(): void;
  /** Empties the box and forgets the results (stopping a running search). */
  clearSearch(): void;
  selectSearchHit(path: string | null): void;
}

/**
 * Distinct paths a search collects before it stops: the engine's own default, named here so the
 * view can say "showing the first 5,000". More would not help anyone scroll; a narrower pattern does.
 */
export const SEARCH_LIMIT = 5000;

const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** By path, the way the engine sorts its final result, so rows do not jump when it arrives. */
export function compareHits(a: SearchHit, b: SearchHit): number {
  return COLLATOR.compare(a.path, b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

const IDLE: SearchRun = {
  pattern: '', shadowId: null, status: 'idle', hits: [], shadowsDone: 0, shadowsTotal: null, entriesScanned: 0, truncated: false, error: null,
};

/** The running search's AbortController and generation: not state, kept beside the store. */
let controller: AbortController | null = null;
let generation = 0;

/** Creates the search slice. */
export const createSearchSlice: SliceCreator<SearchSlice> = (set, get) => {
  /** Applies a patch to the run, unless a newer search (or a clear) has replaced it. */
  const update = (gen: number, patch: Partial<SearchRun>) => {
    if (gen === generation) set({ search: { ...get().search, ...patch } });
  };
  const onProgress = (gen: number, seen: Set<string>) => (p: SearchProgress) => {
    if (gen !== generation) return;
    const fresh = p.newHits.filter((h) => !seen.has(h.path));
    for (const h of fresh) seen.add(h.path);
    const hits = fresh.length > 0 ? [...get().search.hits, ...fresh].sort(compareHits) : get().search.hits;
    update(gen, { hits, shadowsDone: p.shadowsDone, shadowsTotal: p.shadowsTotal, entriesScanned: p.entriesScanned });
  };

  return {
    searchText: '',
    searchScope: null,
    search: IDLE,
    searchSelected: null,
    setSearchText: (searchText) => set({ searchText }),
    setSearchScope: (searchScope) => set({ searchScope }),

    runSearch: async () => {
      const pattern = get().searchText.trim();
      if (!pattern) return;
      controller?.abort();
      const gen = ++generation;
      const mine = new AbortController();
      controller = mine;
      const shadowId = get().searchScope;
      set({
        search: { ...IDLE, pattern, shadowId, status: 'running', shadowsTotal: shadowId ? 1 : null },
        searchSelected: null,
      });
      try {
        const input = shadowId ? { pattern, shadowId, limit: SEARCH_LIMIT } : { pattern, limit: SEARCH_LIMIT };
        const result = await callApi('search', input, selectLang(get()), { signal: mine.signal, onProgress: onProgress(gen, new Set()) });
        // Finished, even if Stop was pressed too late to matter: the complete answer is the better one.
        update(gen, {
          status: 'done',
          hits: [...result.hits].sort(compareHits),
          shadowsDone: result.shadowsSearched,
          shadowsTotal: get().search.shadowsTotal ?? result.shadowsSearched,
          entriesScanned: result.entriesScanned,
          truncated: result.truncated,
        });
      } catch (e) {
        const error = toErrorData(e);
        update(gen, mine.signal.aborted || isCancelled(error) ? { status: 'stopped' } : { status: 'error', error });
      } finally {
        if (controller === mine) controller = null;
      }
    },

    stopSearch: () => {
      const s = get().search;
      if (!controller || s.status !== 'running') return;
      set({ search: { ...s, status: 'stopping' } });
      controller.abort();
    },

    clearSearch: () => {
      controller?.abort();
      controller = null;
      generation++;
      set({ searchText: '', search: IDLE, searchSelected: null });
    },

    selectSearchHit: (searchSelected) => set({ searchSelected }),
  };
};
