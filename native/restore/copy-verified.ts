/**
 * The copy at the heart of a restore: a file of a tree (a shadow copy of this machine, a volume in a
 * disk image, another computer's copy) into a new temp file of this machine, flushed, and proven by
 * SHA-256 to hold exactly the bytes read. Reads, writes and hashing overlap: chunks go through a few
 * slots of shared memory, each written to the temp and hashed (off the main thread, see
 * hash-pool.ts) while the next is read, because done one after another they left the disk and the
 * second core idle most of the time. The order of what is proven never changes: write all, fsync,
 * then hash the temp as it is on disk and compare, then give it the copy's times.
 */
import { open, utimes, type FileHandle } from 'node:fs/promises';
import { AppError } from '../vss/app-error.js';
import type { FileTree, TreeStat } from './file-tree.js';
import type { HashPool } from './hash-pool.js';

/** Bytes per slot: big enough that a syscall and a message per chunk cost nothing next to the copying. */
export const COPY_CHUNK = 4 * 1024 * 1024;
/** Slots per copy: one being read while two are written and hashed. */
export const COPY_SLOTS = 3;

/** Shared memory for one copy at a time; kept and reused by the restore (allocating it costs page faults). */
export class CopyBuffers {
  readonly memory = new SharedArrayBuffer(COPY_CHUNK * COPY_SLOTS);
  readonly views: Buffer[] = Array.from({ length: COPY_SLOTS }, (_, i) => Buffer.from(this.memory, i * COPY_CHUNK, COPY_CHUNK));
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

/**
 * Copies the tree's file into `temp` (created with 'wx': never a file that was there), fsyncs it,
 * hashes the temp as written and compares it with the hash of what was read, then sets the copy's
 * times. Answers the SHA-256. Leaves the temp in place on failure: the caller removes it.
 */
export async function copyVerified(job: CopyJob): Promise<string> {
  const input = await job.tree.open(job.srcSegs);
  try {
    const hash = job.pool.stream(job.st.size);
    let sourceHash: string;
    let position = 0;
    const output = await open(job.temp, 'wx');
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
        // Never rejects: a failure is kept and thrown by the loop, so no write is left unawaited.
        busy[slot] = Promise.all([writeAllAt(output, view.subarray(0, n), at), hash.update(job.buffers.memory, slot * COPY_CHUNK, n)]).then(
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
      await output.sync();
      sourceHash = await expected;
    } finally {
      // Every write and hash of these slots must be over before the file closes or the slots are reused.
      await Promise.all(busy);
      await output.close();
    }
    job.checkpoint();
    if ((await job.pool.file(job.temp, position)) !== sourceHash) {
      throw new AppError('VERIFY_FAILED', { en: 'the copy written did not match the shadow copy (SHA-256).', it: 'la copia scritta non corrisponde alla copia shadow (SHA-256).' });
    }
    // Seconds as numbers keep the sub-millisecond part a Date would round away.
    await utimes(job.temp, job.st.atimeMs / 1000, job.st.mtimeMs / 1000);
    return sourceHash;
  } finally {
    await input.close();
  }
}
