import { randomBytes } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import { lstat as fsLstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import type { FileAttributesPort, ShadowSource } from './shadow-source.js';
import { attributeNamesOf } from './windows-attributes.js';
import { kindOfStats, mapLimit, mtimeSecond, requireShadow, resolveUnder } from './fs-common.js';
import type { BrowseEntry, BrowsePage, EntryStatus } from './types.js';
import { normalizeRelative } from './volume-path.js';

/** How a stat function looks; injectable so tests can prove a page stats only its own entries. */
export type LstatFn = (path: string) => Promise<Stats>;

/** Options of {@link browse}. */
export interface BrowseOptions {
  shadowId: string;
  /** Volume-relative folder ('' or '\\' for the root); checked before anything is read. */
  folder: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
  /** Entries per page: default 200, at most 5000. */
  pageSize?: number;
  /** Replaces `fs.promises.lstat` (instrumentation and tests only). */
  lstat?: LstatFn;
}

type Kind = BrowseEntry['kind'];

interface MergedName {
  name: string;
  copyKind?: Kind;
  liveKind?: Kind;
}

interface Listing {
  token: string;
  names: MergedName[];
}

const DEFAULT_PAGE = 200;
const MAX_PAGE = 5000;
const CACHE_SIZE = 8;
const CACHE_TTL_MS = 30_000;
const STAT_CONCURRENCY = 32;

/**
 * Windows compares names without regard to case, so `Report.txt` in a copy and `report.txt` now are
 * the same file there; on POSIX they are two files.
 */
const FOLD_CASE = process.platform === 'win32';
const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Why a cache: sorting a 100,000-entry folder is the expensive part of a page, and a user scrolls
 * through many pages of the same folder. The live side changes, so entries expire after 30 s.
 */
const cache = new Map<string, { at: number; listing: Promise<Listing> }>();

/**
 * Lists one page of a folder in a shadow copy, each entry marked against the live volume, so a user
 * can see at a glance what changed since the copy. Only the page's entries are stat'ed: names are read
 * once, sorted and cached, which keeps a 100,000-entry folder as quick as a small one.
 */
export async function browse(source: ShadowSource, opts: BrowseOptions): Promise<BrowsePage> {
  const segments = normalizeRelative(opts.folder);
  const shadow = requireShadow(source, opts.shadowId);
  const copyDir = resolveUnder(source.shadowRoot(shadow), segments, 'The shadow copy');
  const liveDir = resolveUnder(source.liveRoot(shadow.volume), segments, `The volume ${shadow.volume}`);
  const folder = segments.join('\\');
  const pageSize = clampPageSize(opts.pageSize);
  const cursor = opts.cursor ? decodeCursor(opts.cursor) : null;
  const listing = await cachedListing(`${copyDir}\u0000${liveDir}`, copyDir, liveDir, folder);
  const offset = cursor?.offset ?? 0;
  const slice = listing.names.slice(offset, offset + pageSize);
  const lstat = opts.lstat ?? fsLstat;
  const rows = await mapLimit(slice, STAT_CONCURRENCY, (m) => pageEntry(m, copyDir, liveDir, lstat, source.fileAttributes));
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

function cachedListing(key: string, copyDir: string, liveDir: string, folder: string): Promise<Listing> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_TTL_MS) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.listing;
  }
  const listing = buildListing(copyDir, liveDir, folder);
  cache.set(key, { at: now, listing });
  listing.catch(() => cache.delete(key));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return listing;
}

async function buildListing(copyDir: string, liveDir: string, folder: string): Promise<Listing> {
  const [copy, live] = await Promise.all([readNames(copyDir), readNames(liveDir)]);
  if (copy === 'not-folder' || (copy === null && live === 'not-folder')) throw notAFolder(folder);
  if (copy === null && (live === null || live === 'not-folder')) throw notFound(folder);
  const merged = new Map<string, MergedName>();
  for (const d of copy ?? []) merged.set(keyOf(d.name), { name: d.name, copyKind: kindOfStats(d) });
  for (const d of live === 'not-folder' ? [] : live ?? []) {
    const m = merged.get(keyOf(d.name));
    if (m) m.liveKind = kindOfStats(d);
    else merged.set(keyOf(d.name), { name: d.name, liveKind: kindOfStats(d) });
  }
  const names = [...merged.values()].sort(compareMerged);
  return { token: randomBytes(6).toString('hex'), names };
}

async function readNames(dir: string): Promise<Dirent[] | null | 'not-folder'> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return 'not-folder';
    throw err;
  }
}

function keyOf(name: string): string {
  return FOLD_CASE ? name.toLowerCase() : name;
}

function compareMerged(a: MergedName, b: MergedName): number {
  const af = (a.copyKind ?? a.liveKind) === 'folder' ? 0 : 1;
  const bf = (b.copyKind ?? b.liveKind) === 'folder' ? 0 : 1;
  if (af !== bf) return af - bf;
  return COLLATOR.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

async function pageEntry(m: MergedName, copyDir: string, liveDir: string, lstat: LstatFn, port: FileAttributesPort | undefined): Promise<BrowseEntry | null> {
  const [copy, live] = await Promise.all([
    m.copyKind ? statOrNull(lstat, path.join(copyDir, m.name)) : null,
    m.liveKind ? statOrNull(lstat, path.join(liveDir, m.name)) : null,
  ]);
  const shown = copy ?? live;
  if (!shown) return null;
  return {
    name: m.name,
    kind: kindOfStats(shown),
    size: kindOfStats(shown) === 'folder' ? 0 : shown.size,
    modifiedAt: shown.mtime.toISOString(),
    attributes: attributesOf(m.name, shown, port, path.join(copy ? copyDir : liveDir, m.name)),
    status: statusOf(copy, live),
  };
}

async function statOrNull(lstat: LstatFn, p: string): Promise<Stats | null> {
  try {
    return await lstat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/** same / changed / deleted / new, with the rules documented on {@link BrowseEntry.status}. */
export function statusOf(copy: Stats | null, live: Stats | null): EntryStatus {
  if (!copy) return 'new';
  if (!live) return 'deleted';
  const kind = kindOfStats(copy);
  if (kind !== kindOfStats(live)) return 'changed';
  if (kind === 'folder') return 'same';
  return copy.size === live.size && mtimeSecond(copy) === mtimeSecond(live) ? 'same' : 'changed';
}

/**
 * What can be said honestly off Windows: `readonly` when the owner may not write, `hidden` for
 * dot-names. The Windows build reports the real attribute bits later; Node only exposes readonly there.
 */
function attributesOf(name: string, s: Stats, port: FileAttributesPort | undefined, nativePath: string | null): string[] {
  // Windows: the real attribute bits; elsewhere what the mode and the name say.
  const bits = port && nativePath ? port.get(nativePath) : null;
  if (bits !== null) return attributeNamesOf(bits);
  const out: string[] = [];
  if ((s.mode & 0o200) === 0) out.push('readonly');
  if (process.platform !== 'win32' && name.startsWith('.')) out.push('hidden');
  return out;
}

function notFound(folder: string): AppError {
  const shown = folder || '\\';
  return new AppError('NOT_FOUND', { en: `The folder "${shown}" is neither in this shadow copy nor on the volume now.`, it: `La cartella "${shown}" non è né in questa copia shadow né sul volume adesso.` });
}

function notAFolder(folder: string): AppError {
  return new AppError('NOT_A_FOLDER', { en: `"${folder}" is a file, not a folder.`, it: `"${folder}" è un file, non una cartella.` });
}
