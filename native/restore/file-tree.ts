/**
 * The restore engine's read-only view of one file tree: a live volume or one shadow copy. Two kinds
 * implement it: folders of this machine read with Node's fs (Windows' own volumes and copies, the
 * simulated machine, test folders), and NTFS volumes inside a disk image read through libfsntfs. The
 * engine reads copies and "now" only through this port, so browse, versions, compare, search, preview
 * and restore work the same on every backend; writes never go through it (see restore-run.ts).
 *
 * Paths are arrays of checked name segments below the tree's root (volume-path.ts `normalizeRelative`
 * makes them), never joined strings, so no implementation has to guard against `..` or separators.
 */

export type { TreeEntry, TreeKind, TreeStat, TreeStream } from './tree-types.js';
import type { TreeEntry, TreeKind, TreeStat } from './tree-types.js';

/**
 * A {@link TreeKind} as one byte, for listings kept as typed arrays; 0 is "not on this side". Why
 * numbers: a big folder's kinds fit one Uint8Array instead of one string slot per entry object.
 */
export const KIND_CODE = { file: 1, folder: 2, link: 3 } as const satisfies Record<TreeKind, number>;

/** The {@link TreeKind} of a {@link KIND_CODE} (undefined for 0, "absent"). */
export const KIND_OF_CODE: readonly (TreeKind | undefined)[] = [undefined, 'file', 'folder', 'link'];

/** A folder's entries as parallel arrays: `kinds[i]` is the {@link KIND_CODE} of `names[i]`. */
export interface TreeKindList {
  names: string[];
  kinds: Uint8Array;
}

/** An open file of a tree, read by position; one reader is used by one caller at a time. */
export interface TreeFile {
  /** Reads up to `length` bytes at `position` into `buf` at `offset`; 0 means the end of the file. */
  read(buf: Buffer, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * A read-only file tree. "Nothing there" is null, never an exception, so callers read as plain logic;
 * other failures throw (an AppError where the tree can say what went wrong in words).
 */
export interface FileTree {
  /**
   * Names compare without regard to case in this tree (Windows folders). NTFS inside an image keeps
   * case and may hold two names that differ only by case, so there it is false.
   */
  readonly foldCase: boolean;
  /** The folder's entries in no particular order; null when absent; 'not-folder' when it is a file. */
  readdir(segments: readonly string[]): Promise<TreeEntry[] | null | 'not-folder'>;
  /**
   * Optional: the folder's names and kinds as two parallel arrays (kinds as {@link KIND_CODE}), with
   * the same answers as {@link readdir}. Why: a 100,000-entry folder read for browse would otherwise
   * become 100,000 entry objects kept alive only to be copied into the listing; callers fall back to
   * readdir through {@link readdirKindsOf}.
   */
  readdirKinds?(segments: readonly string[]): Promise<TreeKindList | null | 'not-folder'>;
  /** The entry itself (a link is described, not followed); null when absent. */
  stat(segments: readonly string[]): Promise<TreeStat | null>;
  /**
   * Optional: the entries `names` directly in folder `folder`, each described as {@link stat} would
   * (null when absent), in one go. A tree of this machine answers a 5000-entry page with batched
   * system calls instead of one thread-pool round trip per entry; callers fall back to stat.
   */
  statMany?(folder: readonly string[], names: readonly string[]): Promise<(TreeStat | null)[]>;
  /** Opens a regular file for reading; refuses a link or folder, and throws when absent. */
  open(segments: readonly string[]): Promise<TreeFile>;
  /** A link's or junction's target as stored, for showing it; null when absent or not a link. */
  readlink(segments: readonly string[]): Promise<string | null>;
  /**
   * The entry's path on this machine, where the tree is a folder of this machine (handing a file to
   * the OS, drag-out); null inside a disk image.
   */
  nativePath(segments: readonly string[]): string | null;
}

/**
 * A folder's names and kinds from any tree: {@link FileTree.readdirKinds} where the tree has it, else
 * its readdir converted (disk images and remote trees keep working unchanged).
 */
export async function readdirKindsOf(tree: FileTree, segments: readonly string[]): Promise<TreeKindList | null | 'not-folder'> {
  if (tree.readdirKinds) return tree.readdirKinds(segments);
  const list = await tree.readdir(segments);
  if (list === null || list === 'not-folder') return list;
  const names = new Array<string>(list.length);
  const kinds = new Uint8Array(list.length);
  for (let i = 0; i < list.length; i++) {
    names[i] = list[i]!.name;
    kinds[i] = KIND_CODE[list[i]!.kind];
  }
  return { names, kinds };
}
