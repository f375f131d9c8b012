import type { AboutInfo } from '../about/about-types.js';
import type { Lang } from '../contract/errors.js';
import type { OperationName } from '../contract/operations.js';
import { RemoteError } from '../contract/remote-error.js';
import { windowsFileAttributes } from '../ffi/file-attributes.js';
import { windowsProcessIdentity } from '../ffi/process-identity.js';
import { localDestination, writeRootOf, type Destination } from '../restore/destination.js';
import type { FileTree, TreeEntry, TreeFile, TreeStat } from '../restore/file-tree.js';
import type { ProcessIdentityPort } from '../restore/restore-journal.js';
import type { FileAttributesPort, ShadowInfo, ShadowSource } from '../restore/shadow-source.js';
import type { ShadowCopy } from '../vss/types.js';
import { AppError } from '../vss/app-error.js';
import type { ComputerPool } from './computer-pool.js';
import { LINK_FAILURE_CODES } from './ssh-host.js';
import type { TreeListResult, TreeReadResult, TreeRef, TreeStatResult } from './computer-types.js';

/**
 * Bytes asked for in one `treeRead`, and how many such reads are kept on their way ahead of the
 * engine (4 MiB in flight). Measured on 127.0.0.1 with a 50 MB file, verified and flushed, once the
 * protocol's line decoder was made linear in a line's length: 512 KiB × 8 at 75–84 MB/s, 1 MiB × 8
 * at 66–73 (`ssh cat` of the same file: 110–113 MB/s). Many reads in flight hide the round trips;
 * bigger ones only make each base64 line longer to build and parse.
 */
export const REMOTE_READ_CHUNK = 512 * 1024;
const READ_AHEAD = 8;

interface Chunk {
  offset: number;
  data: Buffer;
  eof: boolean;
}

/** True for a failure of the link itself (connection lost, ssh refused), as the pool reports it. */
export function isLinkFailure(err: unknown): err is RemoteError {
  return err instanceof RemoteError && LINK_FAILURE_CODES.has(err.data.code);
}

function cancelled(): AppError {
  return new AppError('CANCELLED', { en: 'Cancelled.', it: 'Annullato.' });
}

/** How a {@link RemoteShadowSource} reaches its computer. */
interface Link {
  pool: ComputerPool;
  target: string;
  lang: Lang;
  signal: AbortSignal | undefined;
}

/**
 * One file of the other computer, read by position through `treeRead` with a read-ahead: the chunk
 * holding the position asked for, and the next one already on its way while the engine writes and
 * hashes this one, so a restore's sequential reads keep the link busy instead of waiting a round trip
 * per read. The size the tree stated when it was opened is checked against where the file ends: a
 * file that arrives longer or shorter (it changed there, or a chunk went missing) fails the read.
 */
class RemoteFile implements TreeFile {
  readonly #source: RemoteShadowSource;
  readonly #ref: TreeRef;
  readonly #segments: string[];
  readonly #size: number;
  #current: Chunk | undefined;
  /** Chunks asked for ahead of the engine, by offset (every chunk but the last is whole, so offsets are known). */
  readonly #ahead = new Map<number, Promise<Chunk>>();
  #closed = false;

  constructor(source: RemoteShadowSource, ref: TreeRef, segments: string[], size: number) {
    this.#source = source;
    this.#ref = ref;
    this.#segments = segments;
    this.#size = size;
  }

  #fetch(offset: number): Promise<Chunk> {
    return this.#source.call<TreeReadResult>('treeRead', { tree: this.#ref, segments: this.#segments, offset, length: REMOTE_READ_CHUNK })
      .then((r) => {
        const data = Buffer.from(r.data, 'base64');
        const end = offset + data.length;
        if (end > this.#size || (r.eof && end !== this.#size) || (!r.eof && data.length !== REMOTE_READ_CHUNK)) {
          throw new AppError('TRANSFER_MISMATCH', {
            en: `the file arrived with ${r.eof ? end : `more than ${end - 1}`} bytes where ${this.#size} were stated: it changed on the other computer, or the transfer was incomplete. Nothing of it was kept.`,
            it: `il file è arrivato con ${r.eof ? end : `più di ${end - 1}`} byte invece dei ${this.#size} dichiarati: è cambiato sull'altro computer, o il trasferimento era incompleto. Non ne è stato tenuto nulla.`,
          });
        }
        return { offset, data, eof: r.eof };
      });
  }

  /** Keeps the next {@link READ_AHEAD} chunks after `from` on their way. */
  #prefetch(from: number): void {
    for (let k = 0, offset = from; k < READ_AHEAD && offset < this.#size && !this.#closed; k++, offset += REMOTE_READ_CHUNK) {
      if (this.#ahead.has(offset)) continue;
      const promise = this.#fetch(offset);
      // Its failure surfaces when the engine reads there; one never read (closed first) is dropped.
      promise.catch(() => undefined);
      this.#ahead.set(offset, promise);
    }
  }

  async #chunkAt(position: number): Promise<Chunk> {
    const cur = this.#current;
    if (cur && position >= cur.offset && position < cur.offset + cur.data.length) return cur;
    // A chunk boundary is where sequential reads land; anywhere else (a seek) starts at that position.
    let promise = this.#ahead.get(position);
    if (promise) this.#ahead.delete(position);
    else {
      for (const offset of this.#ahead.keys()) if (offset < position) this.#ahead.delete(offset);
      promise = this.#fetch(position);
    }
    const next = await promise;
    this.#current = next;
    if (!next.eof) this.#prefetch(next.offset + next.data.length);
    return next;
  }

  async read(buf: Buffer, offset: number, length: number, position: number): Promise<number> {
    // The end as stated: an empty file costs no call at all, and a longer one is caught by #fetch.
    if (length === 0 || position >= this.#size) return 0;
    const chunk = await this.#chunkAt(position);
    const from = position - chunk.offset;
    const n = Math.min(length, chunk.data.length - from);
    chunk.data.copy(buf, offset, from, from + n);
    return n;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#current = undefined;
    this.#ahead.clear();
  }
}

/** A tree of the other computer (one copy, or a volume now), every call a tree operation over the pool. */
class RemoteTree implements FileTree {
  readonly foldCase: boolean;
  readonly #source: RemoteShadowSource;
  readonly #ref: TreeRef;

  constructor(source: RemoteShadowSource, ref: TreeRef, foldCase: boolean) {
    this.#source = source;
    this.#ref = ref;
    this.foldCase = foldCase;
  }

  async readdir(segments: readonly string[]): Promise<TreeEntry[] | null | 'not-folder'> {
    return (await this.#source.call<TreeListResult>('treeList', { tree: this.#ref, segments })).entries;
  }

  async stat(segments: readonly string[]): Promise<TreeStat | null> {
    return (await this.#source.call<TreeStatResult>('treeStat', { tree: this.#ref, segments })).stat;
  }

  async open(segments: readonly string[]): Promise<TreeFile> {
    const st = await this.stat(segments);
    const shown = segments.join('\\');
    if (!st) throw new AppError('NOT_FOUND', { en: `"${shown}" is not there.`, it: `"${shown}" non c'è.` });
    if (st.kind !== 'file') {
      throw new AppError('NOT_A_FILE', { en: `"${shown}" is not a regular file.`, it: `"${shown}" non è un file normale.` });
    }
    return new RemoteFile(this.#source, this.#ref, [...segments], st.size);
  }

  async readlink(segments: readonly string[]): Promise<string | null> {
    return (await this.#source.call<TreeStatResult>('treeStat', { tree: this.#ref, segments })).link;
  }

  /** Not a path of this computer: nothing of it can be handed to this computer's OS. */
  nativePath(): string | null {
    return null;
  }
}

/**
 * The restore engine's view of another computer's shadow copies for "Restore to… this computer": its
 * copies and files are read over the pooled ssh connection (treeList, treeStat, treeRead on the host
 * there), and restores write into a folder of THIS computer, exactly as from a disk image
 * ({@link localDestination}): the journal names that folder, so undo and crash recovery work with this
 * computer's own source after this one is gone. Restoring onto the other computer's own files is that
 * computer's business (its own runRestore), so `to` null is refused in words.
 *
 * Once the link drops, every further call fails at once with the same error (no reconnecting halfway
 * through a restore) and {@link RemoteShadowSource.linkLost} is aborted, so a restore stops after the
 * item it was on.
 */
export class RemoteShadowSource implements ShadowSource {
  readonly target: string;
  readonly #link: Link;
  readonly #shadows: ShadowInfo[];
  readonly #foldCase: boolean;
  readonly #trees = new Map<string, RemoteTree>();
  readonly #lost = new AbortController();
  #lostError: RemoteError | undefined;
  /** This computer's: the restore writes here, so attributes are set and owners told apart here. */
  readonly fileAttributes: FileAttributesPort | undefined = windowsFileAttributes();
  readonly processes: ProcessIdentityPort | undefined = windowsProcessIdentity();

  private constructor(link: Link, shadows: ShadowInfo[], foldCase: boolean) {
    this.target = link.target;
    this.#link = link;
    this.#shadows = shadows;
    this.#foldCase = foldCase;
  }

  /**
   * Connects (or reuses the pool's connection) and reads the computer's copies and platform once:
   * listShadows is synchronous in the engine, and a restore works on the copies as they were when
   * it started. Windows names fold case; a Linux host's folders (the simulated machine) do not.
   */
  static async open(pool: ComputerPool, target: string, lang: Lang, signal?: AbortSignal): Promise<RemoteShadowSource> {
    const link: Link = { pool, target, lang, signal };
    const opts = { lang, ...(signal ? { signal } : {}) };
    const about = (await pool.call(target, 'about', {}, opts)) as AboutInfo;
    const copies = (await pool.call(target, 'listShadows', {}, opts)) as ShadowCopy[];
    const shadows = copies
      .map((s) => ({ id: s.id, setId: s.setId, volume: s.volume, createdAt: s.createdAt, deviceObject: s.deviceObject }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return new RemoteShadowSource(link, shadows, about.platform === 'win32');
  }

  /** Aborted when the link to the computer dropped: what a restore from it should stop on. */
  get linkLost(): AbortSignal {
    return this.#lost.signal;
  }

  /** The link failure that stopped this source, if one did. */
  get lostError(): RemoteError | undefined {
    return this.#lostError;
  }

  /**
   * One tree operation on the computer. The caller's signal is looked at before each call rather than
   * handed to the pool: each call is short (a read is at most 4 MiB), the engine checks the signal
   * between reads itself, and HostClient keeps an abort listener per call made with a signal, which a
   * restore of thousands of files would pile up on one signal.
   */
  async call<T>(op: OperationName, input: unknown): Promise<T> {
    if (this.#lostError) throw this.#lostError;
    const { pool, target, lang, signal } = this.#link;
    if (signal?.aborted) throw cancelled();
    try {
      return (await pool.call(target, op, input, { lang })) as T;
    } catch (err) {
      if (isLinkFailure(err) && !this.#lostError) {
        this.#lostError = err;
        this.#lost.abort();
      }
      throw err;
    }
  }

  listShadows(): ShadowInfo[] {
    return this.#shadows;
  }

  shadowTree(shadow: ShadowInfo): FileTree {
    return this.#tree({ shadowId: shadow.id });
  }

  liveTree(volume: string): FileTree {
    return this.#tree({ volume });
  }

  /**
   * A folder of this computer, which must exist; `to` null (back to the files' own places) is the
   * other computer's restore, refused here in words.
   */
  destination(to: string | null): Destination {
    if (to === null) {
      throw new AppError('RESTORE_THERE', {
        en: `Restores onto ${this.target}'s own files happen there: restore on ${this.target}, or choose a folder of this computer to bring the files to.`,
        it: `I ripristini sui file di ${this.target} avvengono lì: ripristinare su ${this.target}, oppure scegliere una cartella di questo computer in cui portare i file.`,
      });
    }
    return localDestination(to);
  }

  /**
   * A journal's folder of this computer, as this computer's own source maps it for undo and recovery:
   * a folder as itself, and on Windows a whole drive chosen as the folder (`D:\\`) as that drive.
   */
  writeRoot(rootKey: string): string {
    return writeRootOf(rootKey, process.platform === 'win32' ? (v) => v : null);
  }

  #tree(ref: TreeRef): RemoteTree {
    const key = 'shadowId' in ref ? `s:${ref.shadowId}` : `v:${ref.volume}`;
    let tree = this.#trees.get(key);
    if (!tree) {
      tree = new RemoteTree(this, ref, this.#foldCase);
      this.#trees.set(key, tree);
    }
    return tree;
  }
}
