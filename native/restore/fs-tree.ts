import type { Dir, Dirent, Stats } from 'node:fs';
import { constants as fsConstants, existsSync, lstatSync } from 'node:fs';
import { lstat, open, opendir, readdir, readlink, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import { KIND_CODE, type FileTree, type TreeEntry, type TreeFile, type TreeKind, type TreeKindList, type TreeStat } from './file-tree.js';
import type { FileAttributesPort } from './shadow-source.js';
import { resolveInside } from './volume-path.js';

/** Open flag that refuses to follow a symlink (0 where the platform has none, e.g. Windows). */
const NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;

/**
 * How long a folder proven to stay inside the root is trusted without proving it again. Browse stats
 * a page of one folder, and walks read a folder's children right after listing it: proving the parent
 * once per page or walk step (as the engine always did) instead of once per entry keeps a 5000-entry
 * page at one realpath per side. Short, because a live folder can be swapped for a junction.
 */
const VERIFIED_MS = 2000;
/** Folders remembered at once; past this the memory starts again (proving again is only slower). */
const VERIFIED_MAX = 4096;

/**
 * Entries lstat'ed synchronously between two turns of the event loop in {@link FsTree.statMany}. One
 * lstat is a few microseconds here (tens on a Windows shadow device), so a batch holds the loop for a
 * few milliseconds at most, far below what a user or an IPC reply would notice, while saving the
 * thread-pool round trip per entry that made a 100,000-entry walk 4× slower than the plain syscalls.
 */
const STAT_BATCH = 256;

/**
 * Entries read per thread-pool call in {@link FsTree.readdirKinds} (Node's largest `opendir` buffer).
 * Taking one batch's entries holds the event loop for a millisecond or two.
 */
const DIR_BATCH = 4096;

/** Lets other work (IPC, timers, cancellation) run between two batches of synchronous calls. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A name fit to be one segment below a folder: no separator, not `.` or `..`. */
function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !(path.sep === '\\' && name.includes('\\'));
}

/** Options of {@link FsTree}. */
export interface FsTreeOptions {
  /** Who the root is, for "… is not available" when it is gone: `The shadow copy`, `The volume C:\`. */
  what: string;
  /** Windows attribute bits, read only when a caller looks at `TreeStat.attributes`. */
  attributes?: FileAttributesPort | undefined;
  /** Names compare without case; Windows by default. */
  foldCase?: boolean;
}

/** The kind a user sees; symlinks and junctions stay links so nothing ever follows them. */
function kindOf(s: Stats | Dirent): TreeKind {
  if (s.isSymbolicLink()) return 'link';
  return s.isDirectory() ? 'folder' : 'file';
}

/** A listing that failed: absent (null) or a file ('not-folder'); anything else is thrown. */
function readdirFailure(err: unknown): null | 'not-folder' {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return null;
  if (code === 'ENOTDIR') return 'not-folder';
  throw err;
}

function isAbsent(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * A TreeStat over Node's Stats. `attributes` is read on first use only: asking kernel32 for them on
 * every stat would cost browse, search and compare a call per entry for a field most never look at.
 */
class FsStat implements TreeStat {
  readonly kind: TreeKind;
  readonly size: number;
  readonly mtimeMs: number;
  readonly atimeMs: number;
  readonly birthtimeMs: number;
  readonly mode: number;
  readonly #port: FileAttributesPort | undefined;
  readonly #native: string;
  #attributes: number | null | undefined;

  constructor(s: Stats, native: string, port: FileAttributesPort | undefined) {
    this.kind = kindOf(s);
    this.size = this.kind === 'folder' ? 0 : s.size;
    this.mtimeMs = s.mtimeMs;
    this.atimeMs = s.atimeMs;
    this.birthtimeMs = s.birthtimeMs > 0 ? s.birthtimeMs : s.ctimeMs;
    this.mode = s.mode & 0o7777;
    this.#port = port;
    this.#native = native;
  }

  get attributes(): number | null {
    if (this.#attributes === undefined) this.#attributes = this.#port ? this.#port.get(this.#native) : null;
    return this.#attributes;
  }
}

class FsFile implements TreeFile {
  readonly #fh: FileHandle;
  constructor(fh: FileHandle) {
    this.#fh = fh;
  }
  async read(buf: Buffer, offset: number, length: number, position: number): Promise<number> {
    return (await this.#fh.read(buf, offset, length, position)).bytesRead;
  }
  close(): Promise<void> {
    return this.#fh.close();
  }
}

function notAFile(segments: readonly string[], why: 'link' | 'other'): AppError {
  const shown = segments.join('\\');
  return why === 'link'
    ? new AppError('NOT_A_FILE', { en: `"${shown}" is a link or junction, which ShadowDesk never follows.`, it: `"${shown}" è un collegamento o una giunzione, che ShadowDesk non segue mai.` })
    : new AppError('NOT_A_FILE', { en: `"${shown}" is not a regular file.`, it: `"${shown}" non è un file normale.` });
}

/**
 * A {@link FileTree} over a folder of this machine read with Node's fs: Windows' live volumes and
 * shadow copies (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\`), the simulated machine, test
 * folders. It keeps every rule the engine always had: links are described (lstat) and never opened
 * through (O_NOFOLLOW where the platform has it, an lstat first where it has not), every folder a
 * path passes through is proven to stay inside the root with {@link resolveInside} before anything
 * is read, and a root that is gone fails in words.
 */
export class FsTree implements FileTree {
  readonly root: string;
  readonly foldCase: boolean;
  readonly #what: string;
  readonly #port: FileAttributesPort | undefined;
  readonly #verified = new Map<string, { native: string; at: number }>();

  constructor(root: string, opts: FsTreeOptions) {
    this.root = root;
    this.#what = opts.what;
    this.#port = opts.attributes;
    this.foldCase = opts.foldCase ?? process.platform === 'win32';
  }

  async readdir(segments: readonly string[]): Promise<TreeEntry[] | null | 'not-folder'> {
    const dirents = await this.#readDirents(segments);
    if (dirents === null || dirents === 'not-folder') return dirents;
    const out = new Array<TreeEntry>(dirents.length);
    for (let i = 0; i < dirents.length; i++) {
      const d = dirents[i]!;
      out[i] = { name: d.name, kind: kindOf(d) };
    }
    return out;
  }

  /**
   * The same folder as {@link readdir} reads (the same proof that it stays inside the root, links never
   * entered), answered as a names array and a kinds array in the folder's own order. Read through
   * `opendir` in batches of {@link DIR_BATCH}: one thread-pool read per batch, the batch's entries then
   * taken synchronously, so each Dirent dies at once. Why not readdir: it keeps every Dirent of a
   * 100,000-entry folder alive together (and sorts the names first), and copying them through the
   * young generation was most of a first page's time.
   */
  async readdirKinds(segments: readonly string[]): Promise<TreeKindList | null | 'not-folder'> {
    const dir = await this.#folder(segments);
    if (dir === null || dir === 'not-folder') return dir;
    let handle: Dir;
    try {
      handle = await opendir(dir, { bufferSize: DIR_BATCH });
    } catch (err) {
      return readdirFailure(err);
    }
    const names: string[] = [];
    const kinds: number[] = [];
    try {
      for (;;) {
        // One batch from the thread pool; the rest of it is already buffered, so readSync does no I/O
        // (except once at the very end, a read that finds nothing more).
        let d = await handle.read();
        let taken = 0;
        while (d !== null) {
          names.push(d.name);
          kinds.push(d.isSymbolicLink() ? KIND_CODE.link : d.isDirectory() ? KIND_CODE.folder : KIND_CODE.file);
          if (++taken === DIR_BATCH) break;
          d = handle.readSync();
        }
        if (d === null) break;
      }
    } catch (err) {
      return readdirFailure(err);
    } finally {
      handle.closeSync();
    }
    this.#remember(segments, dir);
    return { names, kinds: Uint8Array.from(kinds) };
  }

  /** The folder's Dirents once it is proven inside the root and not a link; null when absent. */
  async #readDirents(segments: readonly string[]): Promise<Dirent[] | null | 'not-folder'> {
    const dir = await this.#folder(segments);
    if (dir === null || dir === 'not-folder') return dir;
    let dirents: Dirent[];
    try {
      dirents = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      return readdirFailure(err);
    }
    this.#remember(segments, dir);
    return dirents;
  }

  /**
   * The native path of a folder to list, proven inside the root: a known parent plus an lstat that
   * the folder itself is no link (which a listing would follow), or a full proof. Null when absent.
   */
  async #folder(segments: readonly string[]): Promise<string | null | 'not-folder'> {
    let dir = this.#known(segments.slice(0, -1));
    if (dir !== null && segments.length > 0) {
      dir = path.join(dir, segments[segments.length - 1]!);
      let s: Stats;
      try {
        s = await lstat(dir);
      } catch (err) {
        if (isAbsent(err)) return null;
        throw err;
      }
      if (s.isSymbolicLink()) return this.#prove(segments);
      if (!s.isDirectory()) return 'not-folder';
      return dir;
    }
    return this.#prove(segments);
  }

  async stat(segments: readonly string[]): Promise<TreeStat | null> {
    if (segments.length === 0) {
      // The root is the source's own folder, trusted as given (a junction there is the volume).
      const root = this.#prove(segments);
      return new FsStat(await stat(root), root, this.#port);
    }
    const parent = segments.slice(0, -1);
    const known = this.#known(parent);
    const native = path.join(known ?? this.#prove(parent), segments[segments.length - 1]!);
    try {
      const s = await lstat(native);
      // The parent exists (the entry is in it): proven now, it is trusted for the next entries.
      if (known === null) this.#remember(parent, path.dirname(native));
      return new FsStat(s, native, this.#port);
    } catch (err) {
      if (isAbsent(err)) return null;
      throw err;
    }
  }

  /**
   * Many entries of one folder: the folder is proven inside the root once (as {@link stat} proves a
   * parent), then each entry is lstat'ed, links described and never followed, in batches of
   * {@link STAT_BATCH} with a turn of the event loop between them.
   */
  async statMany(folder: readonly string[], names: readonly string[]): Promise<(TreeStat | null)[]> {
    for (const name of names) {
      if (!isPlainName(name)) throw new Error(`statMany: "${name}" is not a single name.`);
    }
    const known = this.#known(folder);
    const dir = known ?? this.#prove(folder);
    const out = new Array<TreeStat | null>(names.length);
    // The names are single plain segments (checked above), so a join is a concatenation; path.join
    // normalizes the whole path again for each of a walk's 200,000 entries.
    const prefix = dir.endsWith(path.sep) || dir.endsWith('/') ? dir : dir + path.sep;
    let found = false;
    for (let i = 0; i < names.length; i += STAT_BATCH) {
      if (i > 0) await yieldToLoop();
      const end = Math.min(names.length, i + STAT_BATCH);
      for (let j = i; j < end; j++) {
        const native = prefix + names[j]!;
        try {
          out[j] = new FsStat(lstatSync(native), native, this.#port);
          found = true;
        } catch (err) {
          if (!isAbsent(err)) throw err;
          out[j] = null;
        }
      }
    }
    // As in stat: a folder holding an entry exists, and proven now, it is trusted for the next ones.
    if (known === null && found) this.#remember(folder, dir);
    return out;
  }

  async open(segments: readonly string[]): Promise<TreeFile> {
    const native = segments.length === 0 ? this.#prove(segments) : this.#entry(segments);
    // Windows has no O_NOFOLLOW: the lstat is what keeps a link from being opened through.
    if (NOFOLLOW === 0 && (await lstat(native)).isSymbolicLink()) throw notAFile(segments, 'link');
    let fh: FileHandle;
    try {
      fh = await open(native, fsConstants.O_RDONLY | NOFOLLOW);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw notAFile(segments, 'link');
      throw err;
    }
    try {
      // Describe what was opened, not what a stat saw earlier: it may have been swapped since.
      if (!(await fh.stat()).isFile()) throw notAFile(segments, 'other');
    } catch (err) {
      await fh.close();
      throw err;
    }
    return new FsFile(fh);
  }

  async readlink(segments: readonly string[]): Promise<string | null> {
    if (segments.length === 0) return null;
    try {
      return await readlink(this.#entry(segments));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EINVAL' || code === 'UNKNOWN') return null;
      throw err;
    }
  }

  nativePath(segments: readonly string[]): string {
    return segments.length === 0 ? this.#prove(segments) : this.#entry(segments);
  }

  /** Native path of an entry whose parent folder is proven inside the root; the entry itself is not resolved. */
  #entry(segments: readonly string[]): string {
    const parent = segments.slice(0, -1);
    const dir = this.#known(parent) ?? this.#prove(parent);
    return path.join(dir, segments[segments.length - 1]!);
  }

  /** Proves a path stays inside the root (resolving every link on the way), refusing a root that is gone. */
  #prove(segments: readonly string[]): string {
    if (!existsSync(this.root)) {
      throw new AppError('NOT_FOUND', { en: `${this.#what} is not available.`, it: `${this.#what} non è disponibile.` }, this.root);
    }
    return resolveInside(this.root, [...segments]);
  }

  #known(segments: readonly string[]): string | null {
    const hit = this.#verified.get(segments.join('\\'));
    if (!hit) return null;
    if (Date.now() - hit.at > VERIFIED_MS) {
      this.#verified.delete(segments.join('\\'));
      return null;
    }
    return hit.native;
  }

  /** Remembers a folder that exists and was proven inside (never a path that is not there yet). */
  #remember(segments: readonly string[], native: string): void {
    const key = segments.join('\\');
    const hit = this.#verified.get(key);
    if (hit && hit.native === native) {
      // Keep the time of the proof, not of the last use: trust must run out.
      return;
    }
    if (this.#verified.size >= VERIFIED_MAX) this.#verified.clear();
    this.#verified.set(key, { native, at: Date.now() });
  }
}
