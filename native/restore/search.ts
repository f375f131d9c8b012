import picomatch from 'picomatch';
import { compareNames } from './name-order.js';
import { AppError } from '../vss/app-error.js';
import { KIND_CODE, readdirKindsOf, type FileTree, type TreeKindList } from './file-tree.js';
import { requireShadow } from './fs-common.js';
import type { ShadowInfo, ShadowSource } from './shadow-source.js';
import type { SearchHit, SearchResult } from './types.js';
import { formatVolumePath } from './volume-path.js';

/** Options of {@link search}. */
export interface SearchOptions {
  /** A glob when it has `*`, `?`, `[` or `]`; otherwise a substring. Names only, case-insensitive. */
  pattern: string;
  /** Limit the search to one shadow copy; all of them otherwise. */
  shadowId?: string;
  /** Distinct paths to find before stopping (default 5000). */
  limit?: number;
}

/** A progress report, sent in batches so a UI is not flooded. */
export interface SearchProgress {
  shadowsDone: number;
  shadowsTotal: number;
  entriesScanned: number;
  /** Paths first found since the previous report (more copies of them may still be added later). */
  newHits: SearchHit[];
}

const DEFAULT_LIMIT = 5000;
const REPORT_EVERY_ENTRIES = 2000;
const REPORT_EVERY_MS = 250;
/** An empty folder's listing (a folder skipped reads as one). */
const NOTHING: TreeKindList = { names: [], kinds: new Uint8Array(0) };

/** Mutable state of one search, shared by the walk of every shadow copy. */
interface SearchState {
  hits: Map<string, SearchHit>;
  pending: SearchHit[];
  entriesScanned: number;
  shadowsDone: number;
  shadowsTotal: number;
  lastReport: number;
  limit: number;
  truncated: boolean;
  onProgress: ((e: SearchProgress) => void) | undefined;
}

/**
 * Finds files and folders by name across one or every shadow copy — deleted ones included, which is
 * what Explorer cannot do — grouping each path's copies into one hit. The walk is iterative and
 * asynchronous so a deep or huge tree neither overflows the stack nor freezes the event loop; it can
 * be cancelled (AppError CANCELLED) and reports progress in batches.
 */
export async function search(
  source: ShadowSource,
  opts: SearchOptions,
  onProgress?: (e: SearchProgress) => void,
  signal?: AbortSignal,
): Promise<SearchResult> {
  const matches = nameMatcher(opts.pattern);
  const shadows = opts.shadowId ? [requireShadow(source, opts.shadowId)] : source.listShadows();
  // A copy asked for by id and deleted since the list was read: say so, not "nothing found".
  if (opts.shadowId && source.shadowPresent && !source.shadowPresent(shadows[0]!)) {
    throw new AppError('SHADOW_NOT_FOUND', { en: `The shadow copy ${shadows[0]!.id} is not there any more: it may have been deleted.`, it: `La copia shadow ${shadows[0]!.id} non c'è più: potrebbe essere stata eliminata.` });
  }
  const state: SearchState = {
    hits: new Map(),
    pending: [],
    entriesScanned: 0,
    shadowsDone: 0,
    shadowsTotal: shadows.length,
    lastReport: Date.now(),
    limit: Math.max(1, Math.floor(opts.limit ?? DEFAULT_LIMIT)),
    truncated: false,
    onProgress,
  };
  for (const shadow of shadows) {
    throwIfAborted(signal);
    await walkShadow(source, shadow, matches, state, signal);
    state.shadowsDone++;
    report(state);
    if (state.truncated) break;
  }
  const hits = [...state.hits.values()].sort((a, b) => compareNames(a.path, b.path));
  return { pattern: opts.pattern, hits, shadowsSearched: state.shadowsDone, entriesScanned: state.entriesScanned, truncated: state.truncated };
}

/** Glob (picomatch, case-insensitive like Windows) when the pattern has glob characters, else substring. */
export function nameMatcher(pattern: string): (name: string) => boolean {
  const p = pattern.trim();
  if (!p) {
    throw new AppError('BAD_PATTERN', { en: 'Type part of a name, or a pattern like *.docx.', it: 'Digitare parte di un nome, o un modello come *.docx.' });
  }
  if (/[*?[\]]/.test(p)) {
    const isMatch = picomatch(p, { nocase: true, dot: true });
    return (name) => isMatch(name);
  }
  const needle = p.toLowerCase();
  return (name) => name.toLowerCase().includes(needle);
}

/**
 * Walks one copy's folders depth first. Folders are read as names and kinds arrays
 * ({@link FileTree.readdirKinds}, opendir batches on this machine's folders): one entry object per
 * name of a 200,000-file volume was most of the walk's garbage.
 */
async function walkShadow(source: ShadowSource, shadow: ShadowInfo, matches: (n: string) => boolean, state: SearchState, signal?: AbortSignal): Promise<void> {
  const tree = source.shadowTree(shadow);
  const live = source.liveTree(shadow.volume);
  const stack: { segs: string[]; rel: string }[] = [{ segs: [], rel: '' }];
  let first = true;
  while (stack.length > 0) {
    const { segs, rel } = stack.pop()!;
    const listed = await readdirOrSkip(tree, segs, first);
    if (listed === 'gone') return;
    first = false;
    const { names, kinds } = listed;
    for (let i = 0; i < names.length; i++) {
      throwIfAborted(signal);
      state.entriesScanned++;
      const name = names[i]!;
      const code = kinds[i]!;
      // The child's path is built only for a folder to enter or a match: most names are neither.
      if (code === KIND_CODE.folder) stack.push({ segs: [...segs, name], rel: rel ? `${rel}\\${name}` : name });
      if (code !== KIND_CODE.link && matches(name)) {
        const added = await addCopy(state, shadow, tree, live, [...segs, name], rel ? `${rel}\\${name}` : name, code === KIND_CODE.folder ? 'folder' : 'file');
        if (!added) return;
      }
      if (state.entriesScanned % REPORT_EVERY_ENTRIES === 0) maybeReport(state);
    }
  }
}

/**
 * A folder that cannot be read (gone, or locked like System Volume Information) is skipped; a copy
 * whose root is gone (deleted meanwhile) is skipped whole.
 */
async function readdirOrSkip(tree: FileTree, segs: string[], isRoot: boolean): Promise<TreeKindList | 'gone'> {
  try {
    const listed = await readdirKindsOf(tree, segs);
    if (listed === null && isRoot) return 'gone';
    return listed === null || listed === 'not-folder' ? NOTHING : listed;
  } catch (err) {
    if (isRoot && err instanceof AppError && err.code === 'NOT_FOUND') return 'gone';
    return NOTHING;
  }
}

function maybeReport(state: SearchState): void {
  if (Date.now() - state.lastReport >= REPORT_EVERY_MS) report(state);
}

function report(state: SearchState): void {
  state.lastReport = Date.now();
  const newHits = state.pending;
  state.pending = [];
  state.onProgress?.({ shadowsDone: state.shadowsDone, shadowsTotal: state.shadowsTotal, entriesScanned: state.entriesScanned, newHits });
}

/** Adds one copy to its path's hit; false when a new path would exceed the limit (search stops). */
async function addCopy(state: SearchState, shadow: ShadowInfo, tree: FileTree, live: FileTree, segs: string[], rel: string, kind: 'file' | 'folder'): Promise<boolean> {
  const s = await tree.stat(segs).catch(() => null);
  if (!s) return true;
  const copy = { shadowId: shadow.id, createdAt: shadow.createdAt, size: kind === 'folder' ? 0 : s.size, modifiedAt: new Date(s.mtimeMs).toISOString() };
  const key = `${shadow.volume.toUpperCase()}${tree.foldCase ? rel.toLowerCase() : rel}`;
  const existing = state.hits.get(key);
  if (existing) {
    existing.copies.push(copy);
    return true;
  }
  if (state.hits.size >= state.limit) {
    state.truncated = true;
    return false;
  }
  const volume = shadow.volume.toUpperCase();
  const hit: SearchHit = { path: formatVolumePath({ volume, relative: rel }), volume, relative: rel, kind, existsNow: await existsLive(live, segs), copies: [copy] };
  state.hits.set(key, hit);
  state.pending.push(hit);
  return true;
}

/** Asked of the live tree like every other path, so a live link cannot send the check elsewhere. */
async function existsLive(live: FileTree, segs: string[]): Promise<boolean> {
  try {
    return (await live.stat(segs)) !== null;
  } catch {
    return false;
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw new AppError('CANCELLED', { en: 'The search was cancelled.', it: 'La ricerca è stata annullata.' });
  }
}
