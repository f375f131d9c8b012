/**
 * What a file tree's entries are, as plain data: shared with the contract (another computer's trees
 * travel as these), so it uses nothing of Node's.
 */

/** What a user sees an entry as; links and junctions stay links so nothing ever follows them. */
export type TreeKind = 'file' | 'folder' | 'link';

/** One name in a folder, with its kind as the folder itself records it (no stat needed). */
export interface TreeEntry {
  name: string;
  kind: TreeKind;
}

/** An alternate data stream of an NTFS file: listed as a fact, never restored unless asked. */
export interface TreeStream {
  name: string;
  size: number;
}

/** What a stat of one entry gives, whatever the tree. Links are described, never followed. */
export interface TreeStat {
  kind: TreeKind;
  /** Bytes of the file's data (the unnamed stream); 0 for a folder. */
  size: number;
  /** Milliseconds since 1970 (fractional where the tree keeps finer times). */
  mtimeMs: number;
  atimeMs: number;
  /** Creation time where the tree keeps one, else the change time. */
  birthtimeMs: number;
  /** Windows FILE_ATTRIBUTE_* bits where the tree knows them (NTFS in an image, Windows), else null. */
  attributes: number | null;
  /** POSIX permission bits where the tree is a POSIX folder, else null. */
  mode: number | null;
  /** Alternate data streams, where the tree has them (NTFS in an image); absent elsewhere. */
  streams?: TreeStream[];
}
