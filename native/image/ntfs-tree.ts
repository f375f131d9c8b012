import { ATTR_REPARSE_POINT, type FsntfsEntry, type FsntfsVolume } from '../ffi/libyal/fsntfs.js';
import { LibyalError } from '../ffi/libyal/libyal-load.js';
import type { FileTree, TreeEntry, TreeFile, TreeKind, TreeStat } from '../restore/file-tree.js';
import { AppError } from '../vss/app-error.js';

/**
 * The NTFS metafiles Windows never shows in a volume's root (MFT records 0–11 and `$Extend`). Only these
 * names are hidden, and only at the root: `$Recycle.Bin` and `System Volume Information` are ordinary
 * folders that Explorer hides by their hidden/system attributes, which callers get from `stat`, so they
 * stay listed (a helpdesk user looking for a deleted file's copy may need them).
 */
export const NTFS_METAFILES: ReadonlySet<string> = new Set([
  '$MFT', '$MFTMirr', '$LogFile', '$Volume', '$AttrDef', '$Bitmap', '$Boot', '$BadClus', '$Secure', '$UpCase', '$Extend', '$Quota', '$ObjId', '$Reparse',
]);

/** Difference between the FILETIME epoch (1601) and the Unix epoch, in 100 ns ticks. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** A FILETIME as milliseconds since 1970, keeping the 100 ns digits as a fraction (0 when unset). */
export function filetimeToMs(ft: bigint): number {
  if (ft === 0n) return 0;
  const ticks = ft - FILETIME_UNIX_EPOCH;
  return Number(ticks / 10000n) + Number(ticks % 10000n) / 10000;
}

function readFailed(e: unknown): never {
  if (e instanceof LibyalError) {
    throw new AppError('IMAGE_READ_FAILED', {
      en: 'ShadowDesk could not read this part of the disk image; the image may be damaged or incomplete.',
      it: 'ShadowDesk non è riuscito a leggere questa parte dell\'immagine disco; l\'immagine potrebbe essere danneggiata o incompleta.',
    }, e.message);
  }
  throw e;
}

/**
 * A {@link FileTree} over one NTFS volume inside a disk image (the live volume or one shadow copy),
 * read through libfsntfs. Names keep their case (`foldCase` false: NTFS may hold `a` and `A`);
 * reparse points (symbolic links, junctions) are links and are never followed; there is no native path.
 * Calls are synchronous underneath (libyal runs on the calling thread), so each method finishes
 * before the next starts.
 */
export class NtfsTree implements FileTree {
  readonly foldCase = false;
  private readonly volume: FsntfsVolume;
  private readonly open_ = new Set<FsntfsEntry>();
  private closed = false;

  constructor(volume: FsntfsVolume) {
    this.volume = volume;
  }

  /**
   * The entry at `segments`, spelled exactly: libfsntfs finds names without regard to case, and NTFS
   * may hold two names differing only by case, so each level's find is checked and, when it found the
   * other spelling, redone by scanning that folder.
   */
  private lookup(segments: readonly string[]): FsntfsEntry | null {
    if (this.closed) throw new Error('the disk image is closed');
    if (segments.length === 1 && NTFS_METAFILES.has(segments[0] as string)) return null;
    let current: FsntfsEntry | null = this.volume.root();
    try {
      for (const name of segments) {
        let next: FsntfsEntry | null = current.child(name);
        if (next && next.name() !== name) {
          next.free();
          next = current.childExact(name);
        }
        if (!next) return null;
        current.free();
        current = next;
      }
      const found: FsntfsEntry = current;
      current = null;
      return found;
    } finally {
      current?.free();
    }
  }

  private static kindOf(entry: FsntfsEntry, flags: number): TreeKind {
    if (flags & ATTR_REPARSE_POINT) return 'link';
    return entry.isDirectory() ? 'folder' : 'file';
  }

  private with<T>(segments: readonly string[], fn: (e: FsntfsEntry) => T): T | null {
    let entry: FsntfsEntry | null = null;
    try {
      entry = this.lookup(segments);
      if (!entry) return null;
      return fn(entry);
    } catch (e) {
      return readFailed(e);
    } finally {
      entry?.free();
    }
  }

  async readdir(segments: readonly string[]): Promise<TreeEntry[] | null | 'not-folder'> {
    return this.with(segments, (dir): TreeEntry[] | 'not-folder' => {
      if (NtfsTree.kindOf(dir, dir.attributeFlags()) !== 'folder') return 'not-folder';
      const skip = segments.length === 0 ? (name: string): boolean => NTFS_METAFILES.has(name) : undefined;
      return dir.children(skip).map((c): TreeEntry => ({ name: c.name, kind: c.flags & ATTR_REPARSE_POINT ? 'link' : c.folder ? 'folder' : 'file' }));
    });
  }

  async stat(segments: readonly string[]): Promise<TreeStat | null> {
    return this.with(segments, (e): TreeStat => {
      const attributes = e.attributeFlags();
      const kind = NtfsTree.kindOf(e, attributes);
      const t = e.times();
      const stat: TreeStat = {
        kind,
        size: kind === 'folder' ? 0 : e.size(),
        mtimeMs: filetimeToMs(t.modified),
        atimeMs: filetimeToMs(t.accessed),
        birthtimeMs: filetimeToMs(t.created),
        attributes,
        mode: null,
      };
      if (kind !== 'folder') {
        const streams = e.streams();
        if (streams.length > 0) stat.streams = streams;
      }
      return stat;
    });
  }

  async open(segments: readonly string[]): Promise<TreeFile> {
    let entry: FsntfsEntry | null;
    try {
      entry = this.lookup(segments);
    } catch (e) {
      return readFailed(e);
    }
    if (!entry) {
      throw new AppError('FILE_NOT_FOUND', { en: 'The file is not in this copy.', it: 'Il file non è in questa copia.' }, segments.join('\\'));
    }
    const e = entry;
    let kind: TreeKind;
    let size: number;
    try {
      kind = NtfsTree.kindOf(e, e.attributeFlags());
      size = kind === 'file' ? e.size() : 0;
    } catch (err) {
      e.free();
      return readFailed(err);
    }
    if (kind !== 'file') {
      e.free();
      throw new AppError('NOT_A_FILE', { en: 'This is a folder or a link, not a file.', it: 'Questa è una cartella o un collegamento, non un file.' }, segments.join('\\'));
    }
    this.open_.add(e);
    const files = this.open_;
    return {
      async read(buf: Buffer, offset: number, length: number, position: number): Promise<number> {
        if (e.ptr === null) throw new Error('file closed');
        if (position >= size || length <= 0) return 0;
        const n = Math.min(length, size - position);
        try {
          return e.read(buf.subarray(offset, offset + n), n, position);
        } catch (err) {
          return readFailed(err);
        }
      },
      async close(): Promise<void> {
        if (files.delete(e)) e.free();
      },
    };
  }

  async readlink(segments: readonly string[]): Promise<string | null> {
    return this.with(segments, (e) => ((e.attributeFlags() & ATTR_REPARSE_POINT) ? e.linkTarget() : null));
  }

  nativePath(): string | null {
    return null;
  }

  /** Frees every file still open, then the NTFS volume (and its bridge); idempotent. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of this.open_) e.free();
    this.open_.clear();
    this.volume.free();
  }
}
