import { randomBytes } from 'node:crypto';
import { AppError } from '../vss/app-error.js';
import { KIND_CODE, readdirKindsOf, type FileTree, type TreeKindList, type TreeStat } from './file-tree.js';
import type { ShadowSource } from './shadow-source.js';
import { attributeNamesOf } from './windows-attributes.js';
import { mapLimit, mtimeSecond, requireShadow } from './fs-common.js';
import type { BrowseEntry, BrowsePage, EntryStatus } from './types.js';
import { normalizeRelative } from './volume-path.js';
import { compareNames } from './name-order.js';

/** Options of {@link browse}. */
export interface BrowseOptions {
  shadowId: string;
  /** Volume-relative folder ('' or '\\' for the root); checked before anything is read. */
  folder: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
  /**
   * Where the page starts, counted from the folder's first entry in browse order. Random access for a
   * list that jumps (the End key) instead of reading every page on the way; wins over `cursor`.
   */
  offset?: number;
  /** Entries per page: default 200, at most 5000. */
  pageSize?: number;
}

/**
 * One folder's merged listing as parallel arrays indexed by entry: the copy's entries first (its
 * readdir order), then the names only the live side has. Why arrays: a 100,000-entry folder kept as
 * one object per entry (on top of the readdir's own) was most of a first page's garbage collection.
 */
interface Listing {
  token: string;
  /** Entry i's name: the copy's spelling when the copy has it. */
  names: string[];
  /** {@link KIND_CODE} of entry i in the copy and live now; 0 where that side has no such entry. */
  copyKinds: Uint8Array;
  liveKinds: Uint8Array;
  /** 0 for a folder (listed first), 1 otherwise: computed once, not on every comparison. */
  ranks: Uint8Array;
  /** The live side's spelling where it differs only by case from the copy's (folding trees only). */
  liveNames: Map<number, string> | null;
  /** Browse order over entry indices ({@link compareMerged}'s order). */
  cmp: (a: number, b: number) => number;
  /** The first entries in browse order, picked without sorting the folder (the first page's size). */
  first: number[];
  /** Every entry in browse order, sorted on the first page that needs it (later pages). */
  order: number[] | null;
}

const DEFAULT_PAGE = 200;
const MAX_PAGE = 5000;
const CACHE_SIZE = 8;
const CACHE_TTL_MS = 30_000;
const STAT_CONCURRENCY = 32;


/**
 * Why a cache: sorting a 100,000-entry folder is the expensive part of a page, and a user scrolls
 * through many pages of the same folder. The live side changes, so entries expire after 30 s. Keyed
 * by the trees themselves (a source keeps one per root) and the folder.
 */
const cache = new Map<string, { at: number; listing: Promise<Listing> }>();
const treeIds = new WeakMap<FileTree, number>();
let nextTreeId = 1;

function treeId(tree: FileTree): number {
  let id = treeIds.get(tree);
  if (id === undefined) {
    id = nextTreeId++;
    treeIds.set(tree, id);
  }
  return id;
}

/**
 * Lists one page of a folder in a shadow copy, each entry marked against the live volume, so a user
 * can see at a glance what changed since the copy. Only the page's entries are stat'ed: names are read
 * once, sorted and cached, which keeps a 100,000-entry folder as quick as a small one.
 */
export async function browse(source: ShadowSource, opts: BrowseOptions): Promise<BrowsePage> {
  const segments = normalizeRelative(opts.folder);
  const shadow = requireShadow(source, opts.shadowId);
  const copy = source.shadowTree(shadow);
  const live = source.liveTree(shadow.volume);
  const folder = segments.join('\\');
  const pageSize = clampPageSize(opts.pageSize);
  const cursor = opts.cursor ? decodeCursor(opts.cursor) : null;
  // Both sides fold case only when both trees do: NTFS in an image may hold `a` and `A` side by side.
  const foldCase = copy.foldCase && live.foldCase;
  const key = `${treeId(copy)}\u0000${treeId(live)}\u0000${foldCase ? folder.toLowerCase() : folder}`;
  const listing = await cachedListing(key, copy, live, segments, folder, foldCase, pageSize);
  const offset = opts.offset ?? cursor?.offset ?? 0;
  const slice = pageIndices(listing, offset, pageSize);
  const rows = await pageEntries(listing, slice, copy, live, segments);
  // The copy may have been deleted by another process while its listing was kept: say so rather
  // than show every entry as new. Checked after reading, so nothing read before counts as the copy.
  if (source.shadowPresent && !source.shadowPresent(shadow)) throw copyGone(shadow.id);
  const end = offset + slice.length;
  return {
    shadowId: shadow.id,
    folder,
    entries: rows.filter((e): e is BrowseEntry => e !== null),
    total: listing.names.length,
    nextCursor: end < listing.names.length ? encodeCursor(end, listing.token) : null,
  };
}

/** Empties the listing cache (tests, or after a restore wrote into a folder being browsed). */
export function clearBrowseCache(): void {
  cache.clear();
}

function clampPageSize(n: number | undefined): number {
  if (n === undefined || !Number.isFinite(n)) return DEFAULT_PAGE;
  return Math.min(MAX_PAGE, Math.max(1, Math.floor(n)));
}

function encodeCursor(offset: number, token: string): string {
  return Buffer.from(JSON.stringify({ o: offset, t: token })).toString('base64url');
}

/**
 * A cursor whose listing has expired still works from its offset: the copy side never changes, so only
 * live additions or removals since the previous page can shift it.
 */
function decodeCursor(text: string): { offset: number; token: string } {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { o?: unknown; t?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && typeof v.t === 'string') return { offset: v.o, token: v.t };
  } catch {
    // fall through to the refusal below
  }
  throw new AppError('BAD_CURSOR', { en: 'This page link is not valid; start again from the first page.', it: 'Questo riferimento di pagina non è valido; ricominciare dalla prima pagina.' });
}

function cachedListing(key: string, copy: FileTree, live: FileTree, segments: string[], folder: string, foldCase: boolean, firstK: number): Promise<Listing> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_TTL_MS) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.listing;
  }
  const listing = buildListing(copy, live, segments, folder, foldCase, firstK);
  cache.set(key, { at: now, listing });
  listing.catch(() => cache.delete(key));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return listing;
}

/**
 * Reads both sides at once and merges them. The first page is picked from the copy's entries while
 * the live side is still being read (both merges keep a copy entry's name and rank, so the first
 * entries of the folder are among the copy's first ones and the live-only names), then corrected with
 * the live-only names: the same page as picking from the merged folder, with the work overlapped.
 */
async function buildListing(copyTree: FileTree, liveTree: FileTree, segments: string[], folder: string, foldCase: boolean, firstK: number): Promise<Listing> {
  const copyRead = readdirKindsOf(copyTree, segments);
  const liveRead = readdirKindsOf(liveTree, segments);
  // Awaited below; this only keeps a failure from being reported as unhandled while the copy is read.
  liveRead.catch(() => undefined);
  const copy = await copyRead;
  if (copy === 'not-folder') throw notAFolder(folder);
  let base = copy ?? { names: [], kinds: new Uint8Array(0) };
  let keys: Map<string, number> | null = null;
  if (foldCase) ({ base, keys } = foldedIndex(base));
  const cn = base.names.length;
  const ranks0 = new Uint8Array(cn);
  for (let i = 0; i < cn; i++) ranks0[i] = base.kinds[i] === KIND_CODE.folder ? 0 : 1;
  const copyFirst = pickFirst(comparator(base.names, ranks0), firstK, [], 0, cn);
  const live = await liveRead;
  if (copy === null && live === 'not-folder') throw notAFolder(folder);
  if (copy === null && (live === null || live === 'not-folder')) throw notFound(folder);
  const liveList = live === 'not-folder' || live === null ? { names: [], kinds: new Uint8Array(0) } : live;
  const n0 = cn + liveList.names.length;
  const names = base.names;
  const copyKinds = new Uint8Array(n0);
  copyKinds.set(base.kinds);
  const liveKinds = new Uint8Array(n0);
  const ranks = new Uint8Array(n0);
  ranks.set(ranks0);
  const liveNames = keys ? new Map<number, string>() : null;
  if (keys) mergeByKey(names, liveKinds, ranks, liveList, keys, liveNames!);
  else mergeInStep(names, liveKinds, ranks, liveList);
  const n = names.length;
  const cmp = comparator(names, ranks);
  const first = n > cn ? pickFirst(cmp, firstK, copyFirst, cn, n) : copyFirst;
  return {
    token: randomBytes(6).toString('hex'),
    names,
    copyKinds: copyKinds.subarray(0, n),
    liveKinds: liveKinds.subarray(0, n),
    ranks: ranks.subarray(0, n),
    liveNames: liveNames && liveNames.size > 0 ? liveNames : null,
    cmp,
    first,
    order: null,
  };
}

/**
 * The copy's entries keyed by folded name, for a folding merge. Two copy names folding alike (a
 * case-keeping folder read as folding) keep the later one, as one Map of entries always did; the
 * copy's list is then compacted so entry i is still the copy's i-th kept name.
 */
function foldedIndex(copy: TreeKindList): { base: TreeKindList; keys: Map<string, number> } {
  const keys = new Map<string, number>();
  let dropped: Set<number> | null = null;
  for (let i = 0; i < copy.names.length; i++) {
    const key = copy.names[i]!.toLowerCase();
    const before = keys.get(key);
    if (before !== undefined) (dropped ??= new Set()).add(before);
    keys.set(key, i);
  }
  if (!dropped) return { base: copy, keys };
  const names: string[] = [];
  const kinds: number[] = [];
  for (let i = 0; i < copy.names.length; i++) {
    if (dropped.has(i)) continue;
    names.push(copy.names[i]!);
    kinds.push(copy.kinds[i]!);
  }
  const compact = { names, kinds: Uint8Array.from(kinds) };
  keys.clear();
  for (let i = 0; i < names.length; i++) keys.set(names[i]!.toLowerCase(), i);
  return { base: compact, keys };
}

/**
 * Merges the live side into the copy's entries when names are case-sensitive (so unique on each
 * side): `liveKinds` is filled for the copy's names the live side has, and names only the live side
 * has are appended. The two folders usually list the same names in the same order (a copy of a folder
 * on the same file system), so they are walked in step and only names out of step go through a Map;
 * hashing 200,000 fresh strings was most of a 100,000-entry first page. Same result whatever the orders.
 */
function mergeInStep(names: string[], liveKinds: Uint8Array, ranks: Uint8Array, live: TreeKindList): void {
  const cn = names.length;
  const ln = live.names.length;
  const lNames = live.names;
  const copyOnly = new Map<string, number>();
  const liveOnly = new Map<string, number>();
  let i = 0;
  let j = 0;
  while (i < cn && j < ln) {
    const c = names[i]!;
    const l = lNames[j]!;
    if (c === l) {
      liveKinds[i] = live.kinds[j]!;
      i++;
      j++;
    } else if (j + 1 < ln && lNames[j + 1] === c) {
      liveOnly.set(l, j); // one name more on the live side: step over it
      j++;
    } else if (i + 1 < cn && names[i + 1] === l) {
      copyOnly.set(c, i); // one name fewer on the live side
      i++;
    } else {
      copyOnly.set(c, i);
      liveOnly.set(l, j);
      i++;
      j++;
    }
  }
  for (; i < cn; i++) copyOnly.set(names[i]!, i);
  for (; j < ln; j++) liveOnly.set(lNames[j]!, j);
  for (const [name, lj] of liveOnly) {
    const ci = copyOnly.get(name);
    if (ci !== undefined) liveKinds[ci] = live.kinds[lj]!;
    else addLiveOnly(names, liveKinds, ranks, name, live.kinds[lj]!);
  }
}

/** Merges the live side by folded name (Windows folders), the live side's spelling kept where it differs. */
function mergeByKey(names: string[], liveKinds: Uint8Array, ranks: Uint8Array, live: TreeKindList, keys: Map<string, number>, liveNames: Map<number, string>): void {
  for (let j = 0; j < live.names.length; j++) {
    const name = live.names[j]!;
    const key = name.toLowerCase();
    const at = keys.get(key);
    if (at !== undefined) {
      liveKinds[at] = live.kinds[j]!;
      // Case differs between the sides (folded): the live name is the one stat'ed there.
      if (names[at] !== name) liveNames.set(at, name);
    } else keys.set(key, addLiveOnly(names, liveKinds, ranks, name, live.kinds[j]!));
  }
}

function addLiveOnly(names: string[], liveKinds: Uint8Array, ranks: Uint8Array, name: string, kind: number): number {
  const at = names.length;
  names.push(name);
  liveKinds[at] = kind;
  ranks[at] = kind === KIND_CODE.folder ? 0 : 1;
  return at;
}

/** {@link compareMerged}'s order over entry indices of parallel `names` and `ranks`. */
function comparator(names: readonly string[], ranks: Uint8Array): (a: number, b: number) => number {
  return (a, b) => {
    const r = ranks[a]! - ranks[b]!;
    if (r !== 0) return r;
    return compareNames(names[a]!, names[b]!);
  };
}

/** The entry indices of a page: the first page from the pick made at build, later ones from the sorted folder. */
function pageIndices(listing: Listing, offset: number, pageSize: number): ArrayLike<number> {
  const n = listing.names.length;
  if (offset === 0 && !listing.order) {
    if (pageSize <= listing.first.length || listing.first.length === n) return listing.first.slice(0, pageSize);
    // A small page of a big folder: pick it. A big first page (a walk's, 5,000 at a time) would
    // re-sort hash-ordered buffers of 2k with the collator again and again, then the walk's next
    // page sorts the folder anyway: sort it now, once (100,000 entries: 1.5x readdir -> 1.3x).
    if (pageSize * 16 < n) return pickFirst(listing.cmp, pageSize, [], 0, n);
  }
  if (!listing.order) {
    const { names, ranks } = listing;
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    // First by rank and code units (cheap comparisons), then the browse order: the sort (TimSort)
    // then finds long runs already in order, so it asks the collator about n pairs, not n log n.
    // opendir lists in the file system's own order (hash order on ext4): 250 ms sorted directly.
    order.sort((a, b) => ranks[a]! - ranks[b]! || (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
    listing.order = order.sort(listing.cmp);
  }
  return listing.order.slice(offset, offset + pageSize);
}

/**
 * The first `k` of `seed` and the indices `from`..`to`-1 in the order `cmp`, without sorting them
 * all: the algorithm of {@link firstInOrder} over indices.
 */
function pickFirst(cmp: (a: number, b: number) => number, k: number, seed: readonly number[], from: number, to: number): number[] {
  let best: number[] = [];
  let threshold = -1;
  const take = (i: number): void => {
    if (threshold >= 0 && cmp(i, threshold) >= 0) return;
    best.push(i);
    if (best.length >= 2 * k) {
      best = best.sort(cmp).slice(0, k);
      threshold = best[k - 1]!;
    }
  };
  for (const i of seed) take(i);
  for (let i = from; i < to; i++) take(i);
  return best.sort(cmp).slice(0, k);
}

/**
 * The first `k` entries in browse order without sorting the folder: a candidate buffer of 2k kept
 * below a threshold (the k-th entry so far), so most entries cost one comparison. The same order as
 * a full sort, since both use {@link compareMerged}, a total order.
 */
export function firstInOrder<T extends { name: string; rank: 0 | 1 }>(all: readonly T[], k: number): T[] {
  if (all.length <= k) return [...all].sort(compareMerged);
  let best: T[] = [];
  let threshold: T | undefined;
  for (const m of all) {
    if (threshold !== undefined && compareMerged(m, threshold) >= 0) continue;
    best.push(m);
    if (best.length >= 2 * k) {
      best = best.sort(compareMerged).slice(0, k);
      threshold = best[k - 1];
    }
  }
  return best.sort(compareMerged).slice(0, k);
}

function compareMerged(a: { name: string; rank: 0 | 1 }, b: { name: string; rank: 0 | 1 }): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  return compareNames(a.name, b.name);
}

/** Stats a page's entries on both sides, in one go per side where the tree can ({@link FileTree.statMany}). */
async function pageEntries(listing: Listing, slice: ArrayLike<number>, copyTree: FileTree, liveTree: FileTree, folder: string[]): Promise<(BrowseEntry | null)[]> {
  const { names, copyKinds, liveKinds, liveNames } = listing;
  const copyAsked = new Array<string | null>(slice.length);
  const liveAsked = new Array<string | null>(slice.length);
  for (let p = 0; p < slice.length; p++) {
    const i = slice[p]!;
    copyAsked[p] = copyKinds[i] ? names[i]! : null;
    liveAsked[p] = liveKinds[i] ? (liveNames?.get(i) ?? names[i]!) : null;
  }
  const [copies, lives] = await Promise.all([statSide(copyTree, folder, copyAsked), statSide(liveTree, folder, liveAsked)]);
  const out = new Array<BrowseEntry | null>(slice.length);
  for (let p = 0; p < slice.length; p++) out[p] = pageEntry(names[slice[p]!]!, copies[p]!, lives[p]!);
  return out;
}

/** The stats of `names` in `folder` (null where a name is null or absent). */
async function statSide(tree: FileTree, folder: string[], names: (string | null)[]): Promise<(TreeStat | null)[]> {
  if (!tree.statMany) return mapLimit(names, STAT_CONCURRENCY, (n) => (n === null ? Promise.resolve(null) : tree.stat([...folder, n])));
  const asked = names.filter((n): n is string => n !== null);
  const got = asked.length > 0 ? await tree.statMany(folder, asked) : [];
  let j = 0;
  return names.map((n) => (n === null ? null : got[j++]!));
}

function pageEntry(name: string, copy: TreeStat | null, live: TreeStat | null): BrowseEntry | null {
  const shown = copy ?? live;
  if (!shown) return null;
  return {
    name,
    kind: shown.kind,
    size: shown.kind === 'folder' ? 0 : shown.size,
    modifiedAt: new Date(shown.mtimeMs).toISOString(),
    attributes: attributesOf(name, shown),
    status: statusOf(copy, live),
  };
}

/** same / changed / deleted / new, with the rules documented on {@link BrowseEntry.status}. */
export function statusOf(copy: TreeStat | null, live: TreeStat | null): EntryStatus {
  if (!copy) return 'new';
  if (!live) return 'deleted';
  const kind = copy.kind;
  if (kind !== live.kind) return 'changed';
  if (kind === 'folder') return 'same';
  return copy.size === live.size && mtimeSecond(copy) === mtimeSecond(live) ? 'same' : 'changed';
}

/**
 * What can be said honestly off Windows: `readonly` when the owner may not write, `hidden` for
 * dot-names. The Windows build reports the real attribute bits later; Node only exposes readonly there.
 */
function attributesOf(name: string, s: TreeStat): string[] {
  // Windows and NTFS in an image: the real attribute bits; elsewhere what the mode and the name say.
  const bits = s.attributes;
  if (bits !== null) return attributeNamesOf(bits);
  const out: string[] = [];
  if (s.mode !== null && (s.mode & 0o200) === 0) out.push('readonly');
  if (process.platform !== 'win32' && name.startsWith('.')) out.push('hidden');
  return out;
}

function copyGone(id: string): AppError {
  return new AppError('SHADOW_NOT_FOUND', { en: `The shadow copy ${id} is not there any more: it may have been deleted.`, it: `La copia shadow ${id} non c'è più: potrebbe essere stata eliminata.` });
}

function notFound(folder: string): AppError {
  const shown = folder || '\\';
  return new AppError('NOT_FOUND', { en: `The folder "${shown}" is neither in this shadow copy nor on the volume now.`, it: `La cartella "${shown}" non è né in questa copia shadow né sul volume adesso.` });
}

function notAFolder(folder: string): AppError {
  return new AppError('NOT_A_FOLDER', { en: `"${folder}" is a file, not a folder.`, it: `"${folder}" è un file, non una cartella.` });
}
