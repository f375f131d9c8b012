import { randomBytes } from 'node:crypto';
import { AppError } from '../vss/app-error.js';
import type { FileTree, TreeEntry, TreeStat } from './file-tree.js';
import type { ShadowSource } from './shadow-source.js';
import { attributeNamesOf } from './windows-attributes.js';
import { mapLimit, mtimeSecond, requireShadow } from './fs-common.js';
import type { BrowseEntry, BrowsePage, EntryStatus } from './types.js';
import { normalizeRelative } from './volume-path.js';

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

type Kind = BrowseEntry['kind'];

interface MergedName {
  name: string;
  /** 0 for a folder (listed first), 1 otherwise: computed once, not on every comparison. */
  rank: 0 | 1;
  /** The live side's spelling when it differs only by case from the copy's (folding trees only). */
  liveName?: string;
  copyKind?: Kind;
  liveKind?: Kind;
}

interface Listing {
  token: string;
  /** Every entry, in no particular order until {@link sortedNames} sorts them (in place). */
  names: MergedName[];
  /** Whether `names` is in browse order yet: the first page does not need it to be. */
  sorted: boolean;
}

const DEFAULT_PAGE = 200;
const MAX_PAGE = 5000;
const CACHE_SIZE = 8;
const CACHE_TTL_MS = 30_000;
const STAT_CONCURRENCY = 32;

const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

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
  const listing = await cachedListing(key, copy, live, segments, folder, foldCase);
  const offset = opts.offset ?? cursor?.offset ?? 0;
  // The first page needs only its own entries in order; later pages need the whole folder sorted.
  const slice = offset === 0 && !listing.sorted ? firstInOrder(listing.names, pageSize) : sortedNames(listing).slice(offset, offset + pageSize);
  const rows = await pageEntries(slice, copy, live, segments);
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

function cachedListing(key: string, copy: FileTree, live: FileTree, segments: string[], folder: string, foldCase: boolean): Promise<Listing> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_TTL_MS) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.listing;
  }
  const listing = buildListing(copy, live, segments, folder, foldCase);
  cache.set(key, { at: now, listing });
  listing.catch(() => cache.delete(key));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return listing;
}

async function buildListing(copyTree: FileTree, liveTree: FileTree, segments: string[], folder: string, foldCase: boolean): Promise<Listing> {
  const [copy, live] = await Promise.all([copyTree.readdir(segments), liveTree.readdir(segments)]);
  const keyOf = (name: string): string => (foldCase ? name.toLowerCase() : name);
  if (copy === 'not-folder' || (copy === null && live === 'not-folder')) throw notAFolder(folder);
  if (copy === null && (live === null || live === 'not-folder')) throw notFound(folder);
  const copyList = copy ?? [];
  const liveList = live === 'not-folder' ? [] : (live ?? ([] as TreeEntry[]));
  const names = foldCase ? mergeByKey(copyList, liveList, keyOf) : mergeInStep(copyList, liveList);
  return { token: randomBytes(6).toString('hex'), names, sorted: false };
}

/**
 * Merges the two sides by name when names are case-sensitive (so unique on each side). The two
 * folders usually list the same names in the same order (a copy of a folder on the same file system:
 * the same index order), so they are walked in step and only names out of step go through a Map;
 * hashing 200,000 fresh strings was most of a 100,000-entry first page. Same result as
 * {@link mergeByKey}, whatever the orders.
 */
function mergeInStep(copy: readonly TreeEntry[], live: readonly TreeEntry[]): MergedName[] {
  const out: MergedName[] = [];
  const copyOnly = new Map<string, TreeEntry>();
  const liveOnly = new Map<string, TreeEntry>();
  let i = 0;
  let j = 0;
  while (i < copy.length && j < live.length) {
    const c = copy[i]!;
    const l = live[j]!;
    if (c.name === l.name) {
      out.push({ name: c.name, rank: c.kind === 'folder' ? 0 : 1, copyKind: c.kind, liveKind: l.kind });
      i++;
      j++;
    } else if (j + 1 < live.length && live[j + 1]!.name === c.name) {
      liveOnly.set(l.name, l); // one name more on the live side: step over it
      j++;
    } else if (i + 1 < copy.length && copy[i + 1]!.name === l.name) {
      copyOnly.set(c.name, c); // one name fewer on the live side
      i++;
    } else {
      copyOnly.set(c.name, c);
      liveOnly.set(l.name, l);
      i++;
      j++;
    }
  }
  for (; i < copy.length; i++) copyOnly.set(copy[i]!.name, copy[i]!);
  for (; j < live.length; j++) liveOnly.set(live[j]!.name, live[j]!);
  for (const l of liveOnly.values()) {
    const c = copyOnly.get(l.name);
    if (c) {
      copyOnly.delete(l.name);
      out.push({ name: c.name, rank: c.kind === 'folder' ? 0 : 1, copyKind: c.kind, liveKind: l.kind });
    } else out.push({ name: l.name, rank: l.kind === 'folder' ? 0 : 1, liveKind: l.kind });
  }
  for (const c of copyOnly.values()) out.push({ name: c.name, rank: c.kind === 'folder' ? 0 : 1, copyKind: c.kind });
  return out;
}

/** Merges the two sides by folded name (Windows folders): one Map, the live side's spelling kept. */
function mergeByKey(copy: readonly TreeEntry[], live: readonly TreeEntry[], keyOf: (name: string) => string): MergedName[] {
  const merged = new Map<string, MergedName>();
  for (const d of copy) merged.set(keyOf(d.name), { name: d.name, rank: d.kind === 'folder' ? 0 : 1, copyKind: d.kind });
  for (const d of live) {
    const m = merged.get(keyOf(d.name));
    if (m) {
      m.liveKind = d.kind;
      // Case differs between the sides (folded): the live name is the one stat'ed there.
      if (m.name !== d.name) m.liveName = d.name;
    } else merged.set(keyOf(d.name), { name: d.name, rank: d.kind === 'folder' ? 0 : 1, liveKind: d.kind });
  }
  return [...merged.values()];
}

/** The listing in browse order, sorted on first need and kept so. */
function sortedNames(listing: Listing): MergedName[] {
  if (!listing.sorted) {
    listing.names.sort(compareMerged);
    listing.sorted = true;
  }
  return listing.names;
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
  return COLLATOR.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Stats a page's entries on both sides, in one go per side where the tree can ({@link FileTree.statMany}). */
async function pageEntries(slice: MergedName[], copyTree: FileTree, liveTree: FileTree, folder: string[]): Promise<(BrowseEntry | null)[]> {
  const [copies, lives] = await Promise.all([
    statSide(copyTree, folder, slice.map((m) => (m.copyKind ? m.name : null))),
    statSide(liveTree, folder, slice.map((m) => (m.liveKind ? (m.liveName ?? m.name) : null))),
  ]);
  return slice.map((m, i) => pageEntry(m, copies[i]!, lives[i]!));
}

/** The stats of `names` in `folder` (null where a name is null or absent). */
async function statSide(tree: FileTree, folder: string[], names: (string | null)[]): Promise<(TreeStat | null)[]> {
  if (!tree.statMany) return mapLimit(names, STAT_CONCURRENCY, (n) => (n === null ? Promise.resolve(null) : tree.stat([...folder, n])));
  const asked = names.filter((n): n is string => n !== null);
  const got = asked.length > 0 ? await tree.statMany(folder, asked) : [];
  let j = 0;
  return names.map((n) => (n === null ? null : got[j++]!));
}

function pageEntry(m: MergedName, copy: TreeStat | null, live: TreeStat | null): BrowseEntry | null {
  const shown = copy ?? live;
  if (!shown) return null;
  return {
    name: m.name,
    kind: shown.kind,
    size: shown.kind === 'folder' ? 0 : shown.size,
    modifiedAt: new Date(shown.mtimeMs).toISOString(),
    attributes: attributesOf(m.name, shown),
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
