import { createHash } from 'node:crypto';
import { compareNames } from './name-order.js';
import { createTwoFilesPatch, OMIT_HEADERS } from 'diff';
import { AppError } from '../vss/app-error.js';
import type { FileTree, TreeEntry, TreeStat } from './file-tree.js';
import { hashTreeFile, mtimeSecond, readTreeAt, shadowOnVolume } from './fs-common.js';
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

interface Side {
  label: string;
  tree: FileTree;
  segments: string[];
  stats: TreeStat | null;
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
  const left = await sideOf(source.shadowTree(leftShadow), segments, `${shown} (copy of ${localStamp(leftShadow.createdAt)})`);
  const right = rightShadow
    ? await sideOf(source.shadowTree(rightShadow), segments, `${shown} (copy of ${localStamp(rightShadow.createdAt)})`)
    : await sideOf(source.liveTree(vp.volume), segments, `${shown} (now)`);
  if (!left.stats && !right.stats) throw notFound(shown);
  if (isFolderOrAbsent(left.stats) && isFolderOrAbsent(right.stats)) return compareFolders(left, right);
  return compareFiles(left, right);
}

async function sideOf(tree: FileTree, segments: string[], label: string): Promise<Side> {
  return { label, tree, segments, stats: await tree.stat(segments) };
}

/** `2026-11-20 10:02` in the machine's local time: people remember their own clock, not UTC. */
export function localStamp(iso: string): string {
  const d = new Date(iso);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function isFolderOrAbsent(s: TreeStat | null): boolean {
  return s === null || s.kind === 'folder';
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
  if (side.stats.kind !== 'file' || side.stats.size > TEXT_LIMIT) return undefined;
  const buf = await readWhole(side);
  if (buf.length > TEXT_LIMIT || buf.subarray(0, SNIFF).includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return undefined;
  }
  const sha256 = createHash('sha256').update(buf).digest('hex');
  return { text, facts: { label: side.label, exists: true, size: buf.length, modifiedAt: new Date(side.stats.mtimeMs).toISOString(), sha256 } };
}

/** The whole file, up to one byte past the text limit (so a file that grew meanwhile is seen as too big). */
async function readWhole(side: Side): Promise<Buffer> {
  const file = await side.tree.open(side.segments);
  try {
    return await readTreeAt(file, TEXT_LIMIT + 1);
  } finally {
    await file.close();
  }
}

/** Facts without content; a folder or link facing a file gets no hash (there are no bytes to hash). */
async function binaryFacts(side: Side): Promise<FileFacts> {
  const s = side.stats;
  if (!s) return absentFacts(side.label);
  const isFile = s.kind === 'file';
  return {
    label: side.label,
    exists: true,
    size: isFile ? s.size : null,
    modifiedAt: new Date(s.mtimeMs).toISOString(),
    sha256: isFile ? await hashTreeFile(side.tree, side.segments) : null,
  };
}

function absentFacts(label: string): FileFacts {
  return { label, exists: false, size: null, modifiedAt: null, sha256: null };
}

async function compareFolders(left: Side, right: Side): Promise<Comparison> {
  // Paths fold case only when both trees do: NTFS in an image may hold `a` and `A` side by side.
  const foldCase = left.tree.foldCase && right.tree.foldCase;
  const [l, r] = await Promise.all([walkSide(left, foldCase), walkSide(right, foldCase)]);
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
  return list.sort(compareNames);
}

async function walkSide(side: Side, foldCase: boolean): Promise<{ entries: Map<string, WalkEntry>; truncated: boolean }> {
  const entries = new Map<string, WalkEntry>();
  if (!side.stats) return { entries, truncated: false };
  const keyOf = (rel: string): string => (foldCase ? rel.toLowerCase() : rel);
  const stack: { segs: string[]; rel: string }[] = [{ segs: side.segments, rel: '' }];
  while (stack.length > 0) {
    const { segs, rel } = stack.pop()!;
    const listed = await readdirOrSkip(side.tree, segs);
    for (const d of listed) {
      if (entries.size >= FOLDER_CAP) return { entries, truncated: true };
      const childRel = rel ? `${rel}\\${d.name}` : d.name;
      const child = [...segs, d.name];
      if (d.kind === 'folder') {
        entries.set(keyOf(childRel), { rel: childRel, kind: d.kind, size: 0, mtime: 0 });
        stack.push({ segs: child, rel: childRel });
        continue;
      }
      const s = await side.tree.stat(child);
      if (s) entries.set(keyOf(childRel), { rel: childRel, kind: d.kind, size: s.size, mtime: mtimeSecond(s) });
    }
  }
  return { entries, truncated: false };
}

/** A folder that cannot be read (gone, or locked like System Volume Information) is skipped. */
async function readdirOrSkip(tree: FileTree, segs: string[]): Promise<TreeEntry[]> {
  try {
    const listed = await tree.readdir(segs);
    return Array.isArray(listed) ? listed : [];
  } catch {
    return [];
  }
}

function notFound(shown: string): AppError {
  return new AppError('NOT_FOUND', {
    en: `"${shown}" exists on neither side of the comparison.`,
    it: `"${shown}" non esiste in nessuno dei due lati del confronto.`,
  });
}
