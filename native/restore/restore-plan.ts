/**
 * Restore planning: works out, before a single byte is written, which files a restore would write,
 * where, and which existing files it would collide with. "Show, then act": the user (or the CLI's
 * confirmation) sees this plan, and the executor only ever writes what a plan lists.
 */
import { AppError } from '../vss/app-error.js';
import { rootWhat, showPath, type Destination } from './destination.js';
import type { FileTree, TreeStat } from './file-tree.js';
import { hashFile, hashTreeFile, lstatOrNull, requireShadow, resolveUnder } from './fs-common.js';
import type { ShadowInfo, ShadowSource } from './shadow-source.js';
import type { PlanItem, RestorePlan } from './types.js';
import { formatVolumePath, normalizeRelative, parseVolumePath } from './volume-path.js';
import type { VolumePath } from './volume-path.js';

/** What a restore should bring back, and where to. */
export interface RestoreTarget {
  shadowId: string;
  /** Full paths as the user sees them: `C:\Users\ana\report.docx`, or folders. */
  paths: string[];
  /**
   * Another folder to restore into; absent = back to the original place. A `C:\…` path of the
   * source's volumes, or (where the source's volumes are read-only, as in a disk image) an absolute
   * folder of this computer: see {@link ShadowSource.destination}.
   */
  to?: string;
}

/** Windows names are case-insensitive, so two plan items differing only in case are one file there. */
const FOLD_CASE = process.platform === 'win32';

/**
 * Native path of a place a restore writes, proven to stay inside its destination root (links and
 * junctions that lead out are refused) before anything is opened.
 */
export function destinationNative(d: Destination, segments: string[] = d.segments): string {
  return resolveUnder(d.root, segments, rootWhat(d.rootKey));
}

/**
 * Compares what is at a target now (a native file the restore would write) with the file of the
 * copy it would write there: the sizes first, then the SHA-256 of both.
 */
export async function conflictOf(targetNative: string, size: number, tree: FileTree, sourceSegments: readonly string[]): Promise<PlanItem['conflict']> {
  const live = await lstatOrNull(targetNative);
  if (!live) return 'none';
  if (!live.isFile() || live.size !== size) return 'different';
  const [a, b] = await Promise.all([hashFile(targetNative), hashTreeFile(tree, sourceSegments)]);
  return a === b ? 'same' : 'different';
}

/**
 * Conflict as planned. A file standing where the target needs a folder (ENOTDIR) is a conflict the
 * executor will report as that item's failure; the rest of the plan stays valid.
 */
async function plannedConflict(dest: Destination, segments: string[], size: number, tree: FileTree, sourceSegments: string[]): Promise<PlanItem['conflict']> {
  try {
    return await conflictOf(destinationNative(dest, segments), size, tree, sourceSegments);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return 'different';
    throw err;
  }
}

function notFound(full: string, shadow: ShadowInfo): AppError {
  return new AppError('NOT_FOUND', {
    en: `"${full}" is not in the shadow copy of ${shadow.createdAt}.`,
    it: `"${full}" non è presente nella copia shadow del ${shadow.createdAt}.`,
  });
}

function wrongVolume(full: string, shadow: ShadowInfo): AppError {
  return new AppError('WRONG_VOLUME', {
    en: `"${full}" is not on ${shadow.volume}, the volume of this shadow copy.`,
    it: `"${full}" non si trova su ${shadow.volume}, il volume di questa copia shadow.`,
  });
}

function wholeVolume(full: string): AppError {
  return new AppError('PATH_REJECTED', {
    en: `"${full}" is a whole volume: choose the folders or files to restore.`,
    it: `"${full}" è un intero volume: scegliere le cartelle o i file da ripristinare.`,
  });
}

interface FoundFile {
  /** Volume-relative path in the copy. */
  relative: string;
  /** Path below the restored top entry ('' when the top entry is the file itself). */
  below: string[];
  stats: TreeStat;
}

interface Walk {
  files: FoundFile[];
  links: string[];
}

/** Walks a folder of the copy by the kinds its listing records, so links and junctions are listed, never entered. */
async function walkCopy(tree: FileTree, relative: string[], below: string[], out: Walk): Promise<void> {
  const dir = [...relative, ...below];
  const listed = await tree.readdir(dir);
  const entries = Array.isArray(listed) ? [...listed] : [];
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const sub = [...below, e.name];
    const rel = [...relative, ...sub].join('\\');
    if (e.kind === 'link') out.links.push(rel);
    else if (e.kind === 'folder') await walkCopy(tree, relative, sub, out);
    else {
      // Described by the stat, not the listing: a file that became a link meanwhile stays out.
      const st = await tree.stat([...dir, e.name]);
      if (st?.kind === 'file') out.files.push({ relative: rel, below: sub, stats: st });
      else if (st?.kind === 'link') out.links.push(rel);
    }
  }
}

/** Finds every regular file a path of the copy stands for (itself, or a folder's whole subtree). */
async function expand(shadow: ShadowInfo, tree: FileTree, vp: VolumePath, full: string): Promise<Walk> {
  const segments = normalizeRelative(vp.relative);
  const st = await tree.stat(segments);
  if (!st) throw notFound(full, shadow);
  const out: Walk = { files: [], links: [] };
  if (st.kind === 'link') out.links.push(vp.relative);
  else if (st.kind === 'folder') await walkCopy(tree, segments, [], out);
  else out.files.push({ relative: vp.relative, below: [], stats: st });
  return out;
}

/** Where a restored file goes, below the destination root: its own place, or under `to` keeping the top entry's name. */
function targetSegments(vp: VolumePath, found: FoundFile, to: Destination | null): string[] {
  if (!to) return normalizeRelative(found.relative);
  const top = normalizeRelative(vp.relative).at(-1) ?? '';
  return [...to.segments, top, ...found.below];
}

/** The folder the plan's targets share, so a plan and the history can name one destination. */
function commonFolder(rootKey: string, targets: string[][]): string {
  const split = targets.map((t) => t.slice(0, -1));
  const first = split[0];
  if (!first) return showPath(rootKey, []);
  let n = first.length;
  for (const s of split) {
    let i = 0;
    while (i < n && i < s.length && sameName(s[i]!, first[i]!)) i++;
    n = i;
  }
  return showPath(rootKey, first.slice(0, n));
}

function sameName(a: string, b: string): boolean {
  return FOLD_CASE ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * Builds a restore plan: every file to write, its target, and whether a file is in the way (none,
 * identical already, or different). Paths are checked (no `..`, streams, UNC, links out of the
 * volume) on both sides before anything is opened; a path missing from the copy fails with NOT_FOUND
 * naming it; links inside the copy are never followed and are listed in `skippedLinks`.
 */
export async function planRestore(source: ShadowSource, target: RestoreTarget): Promise<RestorePlan> {
  const shadow = requireShadow(source, target.shadowId);
  const tree = source.shadowTree(shadow);
  const to = target.to === undefined ? null : source.destination(target.to, shadow.volume);
  if (to) destinationNative(to);
  // Without `to`, files go back to their own places: a source that cannot write there refuses now.
  const home = to ?? source.destination(null, shadow.volume);
  const items: PlanItem[] = [];
  const targets: string[][] = [];
  const skippedLinks: string[] = [];
  const seen = new Set<string>();
  for (const full of target.paths) {
    const vp = parseVolumePath(full);
    if (vp.volume !== shadow.volume) throw wrongVolume(full, shadow);
    if (vp.relative === '') throw wholeVolume(full);
    const walk = await expand(shadow, tree, vp, full);
    skippedLinks.push(...walk.links.map((rel) => formatVolumePath({ volume: vp.volume, relative: rel })));
    for (const found of walk.files) {
      const segs = targetSegments(vp, found, to);
      const dest = showPath(home.rootKey, segs);
      const key = FOLD_CASE ? dest.toLowerCase() : dest;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push(segs);
      items.push({
        source: found.relative,
        target: dest,
        size: found.stats.size,
        modifiedAt: new Date(found.stats.mtimeMs).toISOString(),
        conflict: await plannedConflict(home, segs, found.stats.size, tree, normalizeRelative(found.relative)),
      });
    }
  }
  return {
    shadowId: shadow.id,
    shadowCreatedAt: shadow.createdAt,
    destination: to ? showPath(to.rootKey, to.segments) : commonFolder(home.rootKey, targets),
    items,
    totals: {
      files: items.length,
      bytes: items.reduce((n, i) => n + i.size, 0),
      conflicts: items.filter((i) => i.conflict === 'different').length,
      identical: items.filter((i) => i.conflict === 'same').length,
    },
    ...(skippedLinks.length > 0 ? { skippedLinks } : {}),
  };
}
