/**
 * The copy at the heart of a restore: a file of a tree (a shadow copy of this machine, a volume in a
 * disk image, another computer's copy) into a new temp file of this machine, flushed, and proven to
 * hold exactly the bytes read. Reads, writes, read-backs and hashing overlap: chunks go through a few
 * slots of shared memory, each written to the temp, read back and compared byte for byte, and hashed
 * (off the main thread, see hash-pool.ts) while the next is read, because done one after another
 * they left the disk and the second core idle most of the time.
 *
 * The source is hashed once (the journal's SHA-256 is how crash recovery and undo recognise a file
 * this restore placed); the temp is not hashed at all: comparing its bytes with the bytes read is a
 * stronger proof than two equal digests, and costs a memory copy where a second SHA-256 pass cost
 * as much CPU as the first.
 */
import { lstat, open, utimes, type FileHandle } from 'node:fs/promises';
import { AppError } from '../vss/app-error.js';
import type { FileTree, TreeStat } from './file-tree.js';
import type { HashPool } from './hash-pool.js';

/** Bytes per slot: big enough that a syscall and a message per chunk cost nothing next to the copying. */
export const COPY_CHUNK = 4 * 1024 * 1024;
/** Slots per copy: one being read while two are written, read back and hashed. */
export const COPY_SLOTS = 3;

/** Memory for one copy at a time; kept and reused by the restore (allocating it costs page faults). */
export class CopyBuffers {
  /** The slots, shared with the hashing threads. */
  readonly memory = new SharedArrayBuffer(COPY_CHUNK * COPY_SLOTS);
  readonly views: Buffer[] = Array.from({ length: COPY_SLOTS }, (_, i) => Buffer.from(this.memory, i * COPY_CHUNK, COPY_CHUNK));
  /** Where each slot's range of the temp is read back to, to be compared with the slot. */
  readonly readBack: Buffer[] = Array.from({ length: COPY_SLOTS }, () => Buffer.allocUnsafeSlow(COPY_CHUNK));
}

/** What {@link copyVerified} needs from the restore around it. */
export interface CopyJob {
  tree: FileTree;
  srcSegs: string[];
  /** Native temp path; created here exclusively, removed by the caller on failure. */
  temp: string;
  st: TreeStat;
  pool: HashPool;
  buffers: CopyBuffers;
  /** Throws to stop (cancel, or a crash elsewhere); called before every chunk. */
  checkpoint: () => void;
  /** Bytes of this file written so far (for progress). */
  onBytes: (done: number) => void;
  /**
   * Tests only: runs after a chunk's bytes were written to the temp and before they are read back,
   * so a test can alter them there as a faulty disk, driver or another process would.
   */
  afterWrite?: (position: number, length: number) => void;
}

/** Fills `buf` from `position` unless the file ends first; answers how much it read. */
async function readFull(read: (b: Buffer, o: number, l: number, p: number) => Promise<number>, buf: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buf.length) {
    const n = await read(buf, filled, buf.length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

async function writeAllAt(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  for (let off = 0; off < buf.length; ) off += (await fh.write(buf, off, buf.length - off, position + off)).bytesWritten;
}

function verifyFailed(): AppError {
  return new AppError('VERIFY_FAILED', {
    en: 'the copy written did not match the shadow copy (read back and compared byte for byte).',
    it: 'la copia scritta non corrisponde alla copia shadow (riletta e confrontata byte per byte).',
  });
}

/** Reads `chunk.length` bytes of the temp at `position` back into `scratch` and requires them equal to `chunk`. */
async function readBackEquals(fh: FileHandle, chunk: Buffer, scratch: Buffer, position: number): Promise<void> {
  const back = scratch.subarray(0, chunk.length);
  const n = await readFull(async (b, o, l, p) => (await fh.read(b, o, l, p)).bytesRead, back, position);
  if (n !== chunk.length || !back.equals(chunk)) throw verifyFailed();
}

/**
 * Copies the tree's file into `temp` (created with 'wx+': never a file that was there), proves the
 * temp holds exactly what was read, flushes it, then sets the copy's times. Answers the SHA-256 of
 * what was read. Leaves the temp in place on failure: the caller removes it.
 *
 * The proof. Each chunk, once its write has completed, is read back from the temp (the same open
 * file) and compared byte for byte with the slot it was written from, before that slot is reused;
 * after the last chunk the temp's size must be the bytes read, and its name must still be the file
 * written (same device and inode, not a link). Then the data is flushed (fdatasync). A chunk is read
 * back before the flush, where the old design hashed the whole temp after it; both observe the same
 * thing: the file's bytes in the OS cache, which are what the flush writes to the disk (neither ever
 * read the platters, and a flush that fails to write them fails the copy). What either can catch is
 * a write that landed wrong, short or at the wrong offset, or a temp changed by someone else before
 * it was checked; after the check, as before, the temp is the caller's to place at once.
 */
export async function copyVerified(job: CopyJob): Promise<string> {
  const input = await job.tree.open(job.srcSegs);
  try {
    const hash = job.pool.stream(job.st.size);
    let sourceHash: string;
    let position = 0;
    // Read and write: the chunks are read back through this very handle.
    const output = await open(job.temp, 'wx+');
    const busy: Promise<void>[] = [];
    try {
      let failure: unknown = null;
      let written = 0;
      const read = input.read.bind(input);
      for (let i = 0; ; i++) {
        job.checkpoint();
        const slot = i % COPY_SLOTS;
        await busy[slot];
        if (failure) throw failure;
        const view = job.buffers.views[slot]!;
        const n = await readFull(read, view, position);
        if (n === 0) break;
        const at = position;
        position += n;
        const chunk = view.subarray(0, n);
        const checked = writeAllAt(output, chunk, at).then(() => {
          job.afterWrite?.(at, n);
          return readBackEquals(output, chunk, job.buffers.readBack[slot]!, at);
        });
        // Never rejects: a failure is kept and thrown by the loop, so no write is left unawaited.
        busy[slot] = Promise.all([checked, hash.update(job.buffers.memory, slot * COPY_CHUNK, n)]).then(
          () => {
            written += n;
            job.onBytes(written);
          },
          (err: unknown) => {
            failure ??= err;
          },
        );
        if (n < view.length) break;
      }
      await Promise.all(busy);
      if (failure) throw failure;
      const expected = hash.digest();
      const [held, named] = await Promise.all([output.stat(), lstat(job.temp)]);
      if (held.size !== position || !named.isFile() || named.dev !== held.dev || named.ino !== held.ino) throw verifyFailed();
      // fdatasync, not fsync: it flushes the data and what reading it back needs (the size, the
      // blocks), as fsync does; what it may leave unflushed is the inode's times, which the utimes
      // below replaces anyway and which the fsync here never made durable either. From here the temp
      // reaches the user's path by a link (or rename) made durable by the folder's fsync
      // (restore-run.ts syncFolder), and recovery recognises a placed file by its bytes (the
      // journal's SHA-256), never by its times. Windows: FlushFileBuffers, or NTFS's
      // FLUSH_FLAGS_FILE_DATA_SYNC_ONLY, which likewise keeps what retrieving the data needs.
      await output.datasync();
      sourceHash = await expected;
    } finally {
      // Every write, read-back and hash of these slots must be over before the file closes or the slots are reused.
      await Promise.all(busy);
      await output.close();
    }
    job.checkpoint();
    // Seconds as numbers keep the sub-millisecond part a Date would round away.
    await utimes(job.temp, job.st.atimeMs / 1000, job.st.mtimeMs / 1000);
    return sourceHash;
  } finally {
    await input.close();
  }
}
