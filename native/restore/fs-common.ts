import { createHash } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import { constants as fsConstants, existsSync } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { AppError } from '../vss/app-error.js';
import type { FileTree, TreeFile } from './file-tree.js';
import { findShadow, type ShadowInfo, type ShadowSource } from './shadow-source.js';
import { resolveInside } from './volume-path.js';

/*
 * File-system helpers every restore module shares: looking copies up, confining paths, never
 * following links, and turning "nothing there" into null instead of an exception.
 */

/** What a user sees an entry as. */
export type Kind = 'file' | 'folder' | 'link';

/** Open flag that refuses to follow a symlink (0 where the platform has none, e.g. Windows). */
export const NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;

const HASH_CHUNK = 1024 * 1024;

/**
 * SHA-256 of a regular file, read without following links. Used to tell "identical already" from a
 * real conflict, and by undo to prove a file is still the one the restore wrote.
 */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(file, fsConstants.O_RDONLY | NOFOLLOW);
  try {
    const buf = Buffer.allocUnsafe(HASH_CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/**
 * SHA-256 of a regular file of a tree (a shadow copy, the live volume, a volume in a disk image):
 * what the plan compares with a file in the way, and what a restore proves it wrote.
 */
export async function hashTreeFile(tree: FileTree, segments: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  const file = await tree.open(segments);
  try {
    const buf = Buffer.allocUnsafe(HASH_CHUNK);
    for (let position = 0; ; ) {
      const n = await file.read(buf, 0, buf.length, position);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      position += n;
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** Reads up to `length` bytes of a tree file from `position` (fewer at the end of the file). */
export async function readTreeAt(file: TreeFile, length: number, position = 0): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const n = await file.read(buf, filled, length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

/** lstat that answers null for "nothing there" instead of throwing, so callers read as plain logic. */
export async function lstatOrNull(file: string): Promise<Stats | null> {
  try {
    return await lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
}

/**
 * Looks a shadow copy up by id or unique prefix and fails in words (both languages) when it is not
 * there, so every read operation reports an unknown copy the same way.
 */
export function requireShadow(source: ShadowSource, shadowId: string): ShadowInfo {
  const shadow = findShadow(source, shadowId);
  if (!shadow) {
    throw new AppError('SHADOW_NOT_FOUND', {
      en: `No shadow copy matches "${shadowId}". It may have been deleted.`,
      it: `Nessuna copia shadow corrisponde a "${shadowId}". Potrebbe essere stata eliminata.`,
    });
  }
  return shadow;
}

/**
 * Maps checked segments under a root, refusing a root that does not exist (an unknown volume or a
 * copy that vanished) in words rather than with a raw ENOENT.
 */
export function resolveUnder(root: string, segments: string[], what: string): string {
  if (!existsSync(root)) {
    throw new AppError('NOT_FOUND', { en: `${what} is not available.`, it: `${what} non è disponibile.` }, root);
  }
  return resolveInside(root, segments);
}

/** The kind a user sees; symlinks and junctions stay links so nothing ever follows them. */
export function kindOfStats(s: Stats | Dirent): Kind {
  if (s.isSymbolicLink()) return 'link';
  return s.isDirectory() ? 'folder' : 'file';
}

/** Whole seconds, because copies made by some tools round sub-second times. */
export function mtimeSecond(s: { mtimeMs: number }): number {
  return Math.floor(s.mtimeMs / 1000);
}

/** Runs `fn` over `items` with at most `limit` in flight, so a 5000-entry page does not flood the pool. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The copy asked for, refused in words when it is of another volume than the path. */
export function shadowOnVolume(source: ShadowSource, shadowId: string, volume: string): ShadowInfo {
  const shadow = requireShadow(source, shadowId);
  if (shadow.volume.toUpperCase() !== volume) {
    throw new AppError('WRONG_VOLUME', {
      en: `The shadow copy ${shadow.id} is of ${shadow.volume}, not of ${volume}.`,
      it: `La copia shadow ${shadow.id} è di ${shadow.volume}, non di ${volume}.`,
    });
  }
  return shadow;
}
