import type { Destination } from './destination.js';
import type { FileTree } from './file-tree.js';
import type { ProcessIdentityPort } from './restore-journal.js';

/** A shadow copy as the restore engine needs it: which volume, when, and where its files are. */
export interface ShadowInfo {
  id: string;
  setId: string;
  /** `C:\` */
  volume: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  deviceObject: string;
}

/**
 * Windows file attribute bits (FILE_ATTRIBUTE_*), read and written through kernel32 where the
 * platform has them. Node's fs has no API for them, so the host plugs this in on Windows.
 */
export interface FileAttributesPort {
  /** The attribute bits of a file or folder, or null when they cannot be read. */
  get(nativePath: string): number | null;
  /** Sets the attribute bits; false when Windows refused. */
  set(nativePath: string, attributes: number): boolean;
}

/**
 * Where files live, as the restore engine sees them. The engine READS copies and "now" only through
 * {@link FileTree}s, so it works the same over folders of this machine (the VSS host on Windows and
 * in the sim, tests) and over NTFS volumes inside a disk image. It WRITES (restore, undo, crash
 * recovery) only into a {@link Destination}: a folder of this computer the source names for a path
 * the user gave. The engine itself never talks to VSS or to an image.
 */
export interface ShadowSource {
  /** Every shadow copy, oldest first; a source may keep the list for a moment (see refreshShadows). */
  listShadows(): ShadowInfo[];
  /**
   * The list read again now, for a source that keeps it: a copy asked for by id and missing from the
   * kept list may have been made since by another process, and must not stay hidden.
   */
  refreshShadows?(): ShadowInfo[];
  /**
   * Optional: whether the copy is still there, asked cheaply (its root exists), for a reader that
   * kept something of it (browse's listing) and must not show a copy deleted since as if it were there.
   */
  shadowPresent?(shadow: ShadowInfo): boolean;
  /** A live volume ("now"), e.g. `C:\`, read-only. */
  liveTree(volume: string): FileTree;
  /** One shadow copy's files, read-only. */
  shadowTree(shadow: ShadowInfo): FileTree;
  /**
   * Where a restore writes. `to` null: back to the files' own places on `volume` (the copy's volume);
   * otherwise `to` as the user gave it (a plan's "Restore to…"). Over this machine's volumes both map
   * onto the live volume, `C:\\…` ({@link volumeDestination}). A source whose live volumes cannot be
   * written (a disk image) refuses `to` null in words (IMAGE_READ_ONLY) and takes `to` as an absolute
   * folder of this computer ({@link localDestination}). Nothing is written here; paths are checked
   * and confined before anything is.
   */
  destination(to: string | null, volume: string): Destination;
  /**
   * The native folder a journal's root key names (its items' `volume`), for undo and crash recovery
   * of a restore this or an earlier process made: `C:\` as a volume of this source, an absolute
   * folder as itself ({@link writeRootOf}).
   */
  writeRoot(rootKey: string): string;
  /** Windows attributes, on Windows only: carried onto what a restore writes (reading them is the trees' job). */
  readonly fileAttributes?: FileAttributesPort;
  /** Windows: tells a restore's owner from a later process with its pid (Linux reads /proc itself). */
  readonly processes?: ProcessIdentityPort;
}

/** Finds a shadow by full id (with or without braces, any case) or by a unique prefix of it. */
export function findShadow(source: ShadowSource, idOrPrefix: string): ShadowInfo | undefined {
  const key = idOrPrefix.trim().toLowerCase().replace(/^\{/, '').replace(/\}$/, '');
  if (key.length < 4) return undefined;
  const found = pick(source.listShadows(), key);
  if (found || !source.refreshShadows) return found;
  return pick(source.refreshShadows(), key);
}

function pick(all: ShadowInfo[], key: string): ShadowInfo | undefined {
  const exact = all.find((s) => s.id.slice(1, -1) === key);
  if (exact) return exact;
  const hits = all.filter((s) => s.id.slice(1).startsWith(key));
  return hits.length === 1 ? hits[0] : undefined;
}
