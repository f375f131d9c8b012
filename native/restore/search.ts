import type { Dirent } from 'node:fs';
import { existsSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { AppError } from '../vss/app-error.js';
import { kindOfStats, opendirOrNull, requireShadow } from './fs-common.js';
import type { ShadowInfo, ShadowSource } from './shadow-source.js';
import type { SearchHit, SearchResult } from './types.js';
import { formatVolumePath, resolveInside } from './volume-path.js';

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
const FOLD_CASE = process.platform === 'win32';
const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

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
  const hits = [...state.hits.values()].sort((a, b) => COLLATOR.compare(a.path, b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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

async function walkShadow(source: ShadowSource, shadow: ShadowInfo, matches: (n: string) => boolean, state: SearchState, signal?: AbortSignal): Promise<void> {
  const root = source.shadowRoot(shadow);
  if (!existsSync(root)) return;
  const liveRoot = source.liveRoot(shadow.volume);
  const stack: { dir: string; rel: string }[] = [{ dir: root, rel: '' }];
  while (stack.length > 0) {
    const { dir, rel } = stack.pop()!;
    const handle = await opendirOrNull(dir);
    if (!handle) continue;
    for await (const d of handle) {
      throwIfAborted(signal);
      state.entriesScanned++;
      const childRel = rel ? `${rel}\\${d.name}` : d.name;
      const kind = kindOfStats(d);
      if (kind === 'folder') stack.push({ dir: path.join(dir, d.name), rel: childRel });
      if (kind !== 'link' && matches(d.name)) {
        const added = await addCopy(state, shadow, liveRoot, dir, d, childRel, kind);
        if (!added) return;
      }
      if (state.entriesScanned % REPORT_EVERY_ENTRIES === 0) maybeReport(state);
    }
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
async function addCopy(state: SearchState, shadow: ShadowInfo, liveRoot: string, dir: string, d: Dirent, rel: string, kind: 'file' | 'folder'): Promise<boolean> {
  const s = await lstat(path.join(dir, d.name)).catch(() => null);
  if (!s) return true;
  const copy = { shadowId: shadow.id, createdAt: shadow.createdAt, size: kind === 'folder' ? 0 : s.size, modifiedAt: s.mtime.toISOString() };
  const key = `${shadow.volume.toUpperCase()}${FOLD_CASE ? rel.toLowerCase() : rel}`;
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
  const hit: SearchHit = { path: formatVolumePath({ volume, relative: rel }), volume, relative: rel, kind, existsNow: await existsLive(liveRoot, rel), copies: [copy] };
  state.hits.set(key, hit);
  state.pending.push(hit);
  return true;
}

/** Checked through resolveInside like every other path, so a live link cannot send the check elsewhere. */
async function existsLive(liveRoot: string, rel: string): Promise<boolean> {
  if (!existsSync(liveRoot)) return false;
  try {
    await lstat(resolveInside(liveRoot, rel.split('\\')));
    return true;
  } catch {
    return false;
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw new AppError('CANCELLED', { en: 'The search was cancelled.', it: 'La ricerca è stata annullata.' });
  }
}
