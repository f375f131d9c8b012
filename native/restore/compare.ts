import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch, OMIT_HEADERS } from 'diff';
import { AppError } from '../vss/app-error.js';
import { hashFile, kindOfStats, lstatOrNull, mtimeSecond, opendirOrNull, resolveUnder, shadowOnVolume } from './fs-common.js';
import type { ShadowSource } from './shadow-source.js';
import type { Comparison, FileFacts } from './types.js';
import { formatVolumePath, parseVolumePath } from './volume-path.js';

/** Options of {@link compare}: one path, seen in a shadow copy and either now or in another copy. */
export interface CompareOptions {
  /** Full path, `C:\Users\ana\report.txt`. */
  path: string;
  left: { shadowId: string };
  right: 'live' | { shadowId: string };
}

/** Above this a file is shown as facts, not as a diff: a huge diff helps nobody and costs memory. */
export const TEXT_LIMIT = 4 * 1024 * 1024;
/** Entries walked per side of a folder comparison before it stops and says so. */
export const FOLDER_CAP = 50_000;
const SNIFF = 8 * 1024;
const FOLD_CASE = process.platform === 'win32';
const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

interface Side {
  label: string;
  target: string;
  stats: Stats | null;
}

interface WalkEntry {
  rel: string;
  kind: 'file' | 'folder' | 'link';
  size: number;
  mtime: number;
}

/**
 * Compares a version with what is there now (or with another copy), so a user can check it is the
 * right one before restoring: a unified diff for text, size/time/SHA-256 for anything else, and
 * added/removed/changed lists for a folder ("what changed since Tuesday"). A side that does not exist
 * still compares, so a deleted file can be checked against its copy.
 */
export async function compare(source: ShadowSource, opts: CompareOptions): Promise<Comparison> {
  const vp = parseVolumePath(opts.path);
  const segments = vp.relative ? vp.relative.split('\\') : [];
  const shown = formatVolumePath(vp);
  const leftShadow = shadowOnVolume(source, opts.left.shadowId, vp.volume);
  const rightShadow = opts.right === 'live' ? null : shadowOnVolume(source, opts.right.shadowId, vp.volume);
  const left = await sideOf(source.shadowRoot(leftShadow), segments, `${shown} (copy of ${localStamp(leftShadow.createdAt)})`, 'The shadow copy');
  const right = rightShadow
    ? await sideOf(source.shadowRoot(rightShadow), segments, `${shown} (copy of ${localStamp(rightShadow.createdAt)})`, 'The shadow copy')
    : await sideOf(source.liveRoot(vp.volume), segments, `${shown} (now)`, `The volume ${vp.volume}`);
  if (!left.stats && !right.stats) throw notFound(shown);
  if (isFolderOrAbsent(left.stats) && isFolderOrAbsent(right.stats)) return compareFolders(left, right);
  return compareFiles(left, right);
}

async function sideOf(root: string, segments: string[], label: string, what: string): Promise<Side> {
  const target = resolveUnder(root, segments, what);
  return { label, target, stats: await lstatOrNull(target) };
}

/** `2026-11-20 10:02` in the machine's local time: people remember their own clock, not UTC. */
export function localStamp(iso: string): string {
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function isFolderOrAbsent(s: Stats | null): boolean {
  return s === null || (!s.isSymbolicLink() && s.isDirectory());
}

async function compareFiles(left: Side, right: Side): Promise<Comparison> {
  const [lt, rt] = await Promise.all([readText(left), readText(right)]);
  if (lt !== undefined && rt !== undefined) {
    const identical = left.stats !== null && right.stats !== null && lt.text === rt.text;
    const patch = identical ? '' : unifiedDiff(left.label, right.label, lt.text, rt.text);
    return { kind: 'text', patch, identical, left: lt.facts, right: rt.facts };
  }
  const [lf, rf] = await Promise.all([binaryFacts(left), binaryFacts(right)]);
  return { kind: 'binary', identical: lf.sha256 !== null && lf.sha256 === rf.sha256, left: lf, right: rf };
}

/**
 * `diff` would C-quote labels holding backslashes or spaces (`"C:\\Users\\…"`), which every Windows
 * path does; people read these headers, so they are written plainly.
 */
function unifiedDiff(leftLabel: string, rightLabel: string, a: string, b: string): string {
  const hunks = createTwoFilesPatch(leftLabel, rightLabel, a, b, undefined, undefined, { headerOptions: OMIT_HEADERS });
  return `--- ${leftLabel}\n+++ ${rightLabel}\n${hunks}`;
}

/**
 * The side as text, or undefined when it is not text (too big, a NUL early on, not UTF-8, not a file).
 * An absent side is the empty text so a deleted file diffs as all-removed.
 */
async function readText(side: Side): Promise<{ text: string; facts: FileFacts } | undefined> {
  if (!side.stats) return { text: '', facts: absentFacts(side.label) };
  if (!side.stats.isFile() || side.stats.size > TEXT_LIMIT) return undefined;
  const buf = await readFile(side.target);
  if (buf.length > TEXT_LIMIT || buf.subarray(0, SNIFF).includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return undefined;
  }
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return { text, facts: { label: side.label, exists: true, size: buf.length, modifiedAt: side.stats.mtime.toISOString(), sha256 } };
}

/** Facts without content; a folder or link facing a file gets no hash (there are no bytes to hash). */
async function binaryFacts(side: Side): Promise<FileFacts> {
  const s = side.stats;
  if (!s) return absentFacts(side.label);
  const isFile = s.isFile();
  return {
    label: side.label,
    exists: true,
    size: isFile ? s.size : null,
    modifiedAt: s.mtime.toISOString(),
    sha256: isFile ? await hashFile(side.target) : null,
  };
}

function absentFacts(label: string): FileFacts {
  return { label, exists: false, size: null, modifiedAt: null, sha256: null };
}

async function compareFolders(left: Side, right: Side): Promise<Comparison> {
  const [l, r] = await Promise.all([walkSide(left), walkSide(right)]);
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const [key, e] of l.entries) {
    const other = r.entries.get(key);
    if (!other) removed.push(e.rel);
    else if (differs(e, other)) changed.push(e.rel);
  }
  for (const [key, e] of r.entries) if (!l.entries.has(key)) added.push(e.rel);
  const truncated = l.truncated || r.truncated;
  return {
    kind: 'folder',
    added: sortPaths(added),
    removed: sortPaths(removed),
    changed: sortPaths(changed),
    leftCount: l.entries.size,
    rightCount: r.entries.size,
    ...(truncated ? { truncated } : {}),
  };
}

/** Changed = another kind, or a file (or link) whose size or time to the second differs. */
function differs(a: WalkEntry, b: WalkEntry): boolean {
  if (a.kind !== b.kind) return true;
  return a.kind !== 'folder' && (a.size !== b.size || a.mtime !== b.mtime);
}

function sortPaths(list: string[]): string[] {
  return list.sort((a, b) => COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

async function walkSide(side: Side): Promise<{ entries: Map<string, WalkEntry>; truncated: boolean }> {
  const entries = new Map<string, WalkEntry>();
  if (!side.stats) return { entries, truncated: false };
  const stack: { dir: string; rel: string }[] = [{ dir: side.target, rel: '' }];
  while (stack.length > 0) {
    const { dir, rel } = stack.pop()!;
    const handle = await opendirOrNull(dir);
    if (!handle) continue;
    for await (const d of handle) {
      if (entries.size >= FOLDER_CAP) return { entries, truncated: true };
      const childRel = rel ? `${rel}\\${d.name}` : d.name;
      const full = path.join(dir, d.name);
      const kind = kindOfStats(d);
      if (kind === 'folder') {
        entries.set(keyOf(childRel), { rel: childRel, kind, size: 0, mtime: 0 });
        stack.push({ dir: full, rel: childRel });
        continue;
      }
      const s = await lstatOrNull(full);
      if (s) entries.set(keyOf(childRel), { rel: childRel, kind, size: s.size, mtime: mtimeSecond(s) });
    }
  }
  return { entries, truncated: false };
}

function keyOf(rel: string): string {
  return FOLD_CASE ? rel.toLowerCase() : rel;
}

function notFound(shown: string): AppError {
  return new AppError('NOT_FOUND', {
    en: `"${shown}" exists on neither side of the comparison.`,
    it: `"${shown}" non esiste in nessuno dei due lati del confronto.`,
  });
}
