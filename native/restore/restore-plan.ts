/**
 * Restore planning: works out, before a single byte is written, which files a restore would write,
 * where, and which existing files it would collide with. "Show, then act": the user (or the CLI's
 * confirmation) sees this plan, and the executor only ever writes what a plan lists.
 */
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import { hashFile, lstatOrNull, requireShadow, resolveUnder } from './fs-common.js';
import type { ShadowInfo, ShadowSource } from './shadow-source.js';
import type { PlanItem, RestorePlan } from './types.js';
import { formatVolumePath, normalizeRelative, parseVolumePath } from './volume-path.js';
import type { VolumePath } from './volume-path.js';

/** What a restore should bring back, and where to. */
export interface RestoreTarget {
  shadowId: string;
  /** Full paths as the user sees them: `C:\Users\ana\report.docx`, or folders. */
  paths: string[];
  /** Full path of another folder; absent = back to the original place. */
  to?: string;
}

/**
 * Never follow a link while reading: on POSIX the open itself refuses one (the flag does not exist on
 * Windows, where the lstat check before opening is what keeps links out).
 */
/** Windows names are case-insensitive, so two plan items differing only in case are one file there. */
const FOLD_CASE = process.platform === 'win32';

/**
 * Resolves a full user path (`C:\dir\file`) to its native location on the live volume, refusing
 * hostile paths and links that escape the volume before anything is opened.
 */
export function liveNative(source: ShadowSource, full: string): string {
  const vp = parseVolumePath(full);
  return resolveUnder(source.liveRoot(vp.volume), normalizeRelative(vp.relative), `The volume ${vp.volume}`);
}

/** Compares what is at a target now with the file a restore would write there. */
export async function conflictOf(targetNative: string, size: number, sourceNative: string): Promise<PlanItem['conflict']> {
  const live = await lstatOrNull(targetNative);
  if (!live) return 'none';
  if (!live.isFile() || live.size !== size) return 'different';
  const [a, b] = await Promise.all([hashFile(targetNative), hashFile(sourceNative)]);
  return a === b ? 'same' : 'different';
}

/**
 * Conflict as planned. A file standing where the target needs a folder (ENOTDIR) is a conflict the
 * executor will report as that item's failure; the rest of the plan stays valid.
 */
async function plannedConflict(source: ShadowSource, target: string, size: number, sourceNative: string): Promise<PlanItem['conflict']> {
  try {
    return await conflictOf(liveNative(source, target), size, sourceNative);
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
  stats: Stats;
}

interface Walk {
  files: FoundFile[];
  links: string[];
}

/** Walks a folder of the copy with lstat only, so links and junctions are listed, never entered. */
async function walkCopy(shadowRoot: string, relative: string[], below: string[], out: Walk): Promise<void> {
  const dir = path.join(shadowRoot, ...relative, ...below);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const sub = [...below, e.name];
    const rel = [...relative, ...sub].join('\\');
    if (e.isSymbolicLink()) out.links.push(rel);
    else if (e.isDirectory()) await walkCopy(shadowRoot, relative, sub, out);
    else if (e.isFile()) out.files.push({ relative: rel, below: sub, stats: await lstat(path.join(dir, e.name)) });
  }
}

/** Finds every regular file a path of the copy stands for (itself, or a folder's whole subtree). */
async function expand(shadow: ShadowInfo, shadowRoot: string, vp: VolumePath, full: string): Promise<Walk> {
  const segments = normalizeRelative(vp.relative);
  const native = resolveUnder(shadowRoot, segments, 'The shadow copy');
  const st = await lstatOrNull(native);
  if (!st) throw notFound(full, shadow);
  const out: Walk = { files: [], links: [] };
  if (st.isSymbolicLink()) out.links.push(vp.relative);
  else if (st.isDirectory()) await walkCopy(shadowRoot, segments, [], out);
  else if (st.isFile()) out.files.push({ relative: vp.relative, below: [], stats: st });
  return out;
}

/** Where a restored file goes: its own place, or under `to` keeping the top entry's name. */
function targetOf(vp: VolumePath, found: FoundFile, to: VolumePath | null): string {
  if (!to) return formatVolumePath({ volume: vp.volume, relative: found.relative });
  const top = normalizeRelative(vp.relative).at(-1) ?? '';
  const relative = [...normalizeRelative(to.relative), top, ...found.below].join('\\');
  return formatVolumePath({ volume: to.volume, relative });
}

/** The folder the plan's targets share, so a plan and the history can name one destination. */
function commonFolder(targets: string[], fallback: string): string {
  const split = targets.map((t) => t.split('\\').slice(0, -1));
  const first = split[0];
  if (!first) return fallback;
  let n = first.length;
  for (const s of split) {
    let i = 0;
    while (i < n && i < s.length && sameName(s[i]!, first[i]!)) i++;
    n = i;
  }
  const parts = first.slice(0, n);
  return parts.length <= 1 ? `${parts[0] ?? fallback.slice(0, 2)}\\` : parts.join('\\');
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
  const shadowRoot = source.shadowRoot(shadow);
  const to = target.to === undefined ? null : parseVolumePath(target.to);
  if (to) liveNative(source, formatVolumePath(to));
  const items: PlanItem[] = [];
  const skippedLinks: string[] = [];
  const seen = new Set<string>();
  for (const full of target.paths) {
    const vp = parseVolumePath(full);
    if (vp.volume !== shadow.volume) throw wrongVolume(full, shadow);
    if (vp.relative === '') throw wholeVolume(full);
    const walk = await expand(shadow, shadowRoot, vp, full);
    skippedLinks.push(...walk.links.map((rel) => formatVolumePath({ volume: vp.volume, relative: rel })));
    for (const found of walk.files) {
      const dest = targetOf(vp, found, to);
      const key = FOLD_CASE ? dest.toLowerCase() : dest;
      if (seen.has(key)) continue;
      seen.add(key);
      const sourceNative = path.join(shadowRoot, ...normalizeRelative(found.relative));
      items.push({
        source: found.relative,
        target: dest,
        size: found.stats.size,
        modifiedAt: found.stats.mtime.toISOString(),
        conflict: await plannedConflict(source, dest, found.stats.size, sourceNative),
      });
    }
  }
  return {
    shadowId: shadow.id,
    shadowCreatedAt: shadow.createdAt,
    destination: to ? formatVolumePath(to) : commonFolder(items.map((i) => i.target), shadow.volume),
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
