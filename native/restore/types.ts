/**
 * Result types of the restore engine. They are plain JSON so the contract hands them unchanged to
 * the CLI, the headless server and the renderer.
 */

/** How an entry in a shadow copy compares with the live volume now. */
export type EntryStatus = 'same' | 'changed' | 'deleted' | 'new';

/** One row of a folder listing. */
export interface BrowseEntry {
  name: string;
  kind: 'file' | 'folder' | 'link';
  size: number;
  /** ISO 8601 UTC. */
  modifiedAt: string;
  /** Windows attribute names where known (readonly, hidden, …); on POSIX, readonly from the mode. */
  attributes: string[];
  /**
   * same / changed / deleted (in the copy, not live any more) / new (live only, not in the copy).
   * For folders, `changed` is not computed (a folder is `same` if it exists on both sides).
   */
  status: EntryStatus;
}

/** One page of a folder in a shadow copy. */
export interface BrowsePage {
  shadowId: string;
  /** Volume-relative folder, '' for the root. */
  folder: string;
  entries: BrowseEntry[];
  /** Total entries (copy ∪ live) in the folder. */
  total: number;
  /** Pass back to get the next page; null at the end. */
  nextCursor: string | null;
}

/** A distinct version of a file or folder. */
export interface Version {
  /** The shadow copies that hold this same version, oldest first. */
  shadowIds: string[];
  /** Creation time of the first and last shadow copy holding it. */
  firstSeen: string;
  lastSeen: string;
  kind: 'file' | 'folder';
  size: number;
  modifiedAt: string;
  /** SHA-256 hex, when hashes were asked for (files only). */
  sha256?: string;
  /** True when it is identical to what is on the volume now. */
  sameAsCurrent: boolean;
}

/** Every distinct version of one path, newest first. */
export interface VersionList {
  /** `C:\Users\ana\report.docx` */
  path: string;
  volume: string;
  relative: string;
  /** What is on the volume now, or null when the path no longer exists. */
  current: { kind: 'file' | 'folder'; size: number; modifiedAt: string; sha256?: string } | null;
  versions: Version[];
}

/** The result of comparing two sides of a file or folder. */
export type Comparison =
  | {
      kind: 'text';
      /** Unified diff (old = left, new = right). Empty when identical. */
      patch: string;
      identical: boolean;
      left: FileFacts;
      right: FileFacts;
    }
  | { kind: 'binary'; identical: boolean; left: FileFacts; right: FileFacts }
  | {
      kind: 'folder';
      added: string[];
      removed: string[];
      changed: string[];
      /** Number of entries compared on each side. */
      leftCount: number;
      rightCount: number;
      /** True when a side had more entries than the walk cap, so the lists are incomplete. */
      truncated?: boolean;
    };

/** Size, time and hash of one side of a comparison (null when that side does not exist). */
export interface FileFacts {
  label: string;
  exists: boolean;
  size: number | null;
  modifiedAt: string | null;
  sha256: string | null;
}

/** One search hit, grouped by path. */
export interface SearchHit {
  /** `C:\Users\ana\report.docx` */
  path: string;
  volume: string;
  relative: string;
  kind: 'file' | 'folder';
  /** False when the path no longer exists on the live volume (a deleted file). */
  existsNow: boolean;
  /** Every shadow copy holding it, oldest first. */
  copies: { shadowId: string; createdAt: string; size: number; modifiedAt: string }[];
}

/** Summary of a whole search. */
export interface SearchResult {
  pattern: string;
  hits: SearchHit[];
  /** Shadow copies searched and entries looked at. */
  shadowsSearched: number;
  entriesScanned: number;
  /** True when the hit limit stopped the search early. */
  truncated: boolean;
}

/** What to do when the destination already has a file of that name. */
export type ConflictChoice = 'replace' | 'keep-both' | 'skip';

/** One file a restore will write. */
export interface PlanItem {
  /** Volume-relative source path inside the shadow copy. */
  source: string;
  /** Full destination path, `C:\Users\ana\report.docx`. */
  target: string;
  size: number;
  modifiedAt: string;
  /** none: target absent; same: identical already; different: a different file would be replaced. */
  conflict: 'none' | 'same' | 'different';
}

/** A restore plan: what would be written, before anything is. */
export interface RestorePlan {
  shadowId: string;
  shadowCreatedAt: string;
  /** Destination folder root the sources map onto. */
  destination: string;
  items: PlanItem[];
  totals: { files: number; bytes: number; conflicts: number; identical: number };
  /** Full paths of links and junctions found in the copy: never followed, so never restored. */
  skippedLinks?: string[];
}

/** Progress of a running restore. */
export interface RestoreProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  current: string;
}

/** The outcome of a restore. */
export interface RestoreResult {
  restoreId: string;
  state: 'completed' | 'cancelled' | 'failed';
  restored: string[];
  keptBoth: { target: string; writtenAs: string }[];
  skipped: string[];
  failed: { target: string; error: string }[];
  /** Files that were replaced and are kept aside so `undo` can put them back. */
  replaced: number;
}

/** A restore as the journal remembers it. */
export interface RestoreRecord {
  restoreId: string;
  startedAt: string;
  finishedAt: string | null;
  /** `partly-undone`: an undo left some files alone (see UndoRefusal); undoing again retries them. */
  state: 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted' | 'undone' | 'partly-undone';
  shadowId: string;
  destination: string;
  files: number;
  bytes: number;
}

/** A file undo left alone, and why (so the user can decide; nothing was destroyed). */
export interface UndoRefusal {
  path: string;
  /**
   * `edited`: the file was changed after the restore, so it is left as it is; `place-taken`: the
   * file the restore replaced cannot go back because something now has its name (it stays at `keptAt`).
   */
  code: 'edited' | 'place-taken';
  /** Where the replaced file is kept, for `place-taken`. */
  keptAt?: string;
  /** The same in an English sentence, for logs and terminals. */
  reason: string;
}

/** What an undo did. `refused` is empty when everything went back to how it was. */
export interface UndoResult {
  restoreId: string;
  /** Files the restore had replaced, now back at their place. */
  putBack: string[];
  /** Files the restore had written, now removed. */
  removed: string[];
  refused: UndoRefusal[];
}

/** How the bytes of a text preview were decoded. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The image formats a preview carries as bytes; the type comes from the file's content, never its name. */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/bmp' | 'image/svg+xml';

/**
 * What a file or folder looks like, from a shadow copy or from now, so a user can tell "this is the
 * one" before restoring. Every kind carries the full path, size and time; `text` and `image` carry the
 * content (text capped, images whole or not at all).
 */
export type Preview = PreviewFacts &
  (
    | {
        kind: 'text';
        text: string;
        encoding: TextEncodingName;
        /** True when the file is longer than what is shown (only the first `shownBytes` were read). */
        truncated: boolean;
        shownBytes: number;
      }
    | { kind: 'image'; mime: ImageMime; dataBase64: string; truncated: false }
    /** Not text and not an image ShadowDesk can show: facts only. */
    | { kind: 'binary' }
    /** An image above the image limit: not read at all. */
    | { kind: 'too-large'; limit: number }
    | { kind: 'folder' }
    /** A link or junction inside the copy: shown as such, never followed. */
    | { kind: 'link' }
  );

/** What every preview says about its item. */
export interface PreviewFacts {
  /** `C:\Users\ana\report.txt` */
  path: string;
  /** Bytes on disk (0 for a folder). */
  size: number;
  /** ISO 8601 UTC. */
  modifiedAt: string;
  /**
   * Alternate data streams of the item, where its tree has them (NTFS in a disk image): facts only,
   * never restored. Absent when there are none or the tree cannot tell.
   */
  streams?: { name: string; size: number }[];
}
