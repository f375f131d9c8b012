/**
 * SHA-256 off the main thread, for the restore executor. A restore hashes every byte it reads from
 * the copy once (the journal keeps the digest, so recovery and undo can recognise what it placed);
 * on one thread that work, not the disk, set the pace. The pool runs the hashing in worker threads
 * so it overlaps the copying, reading back and comparing of the next chunk and the next file, and
 * falls back to the main thread for small restores (a worker costs ~30 ms to start). The workers
 * only ever read: bytes handed over in shared memory, and files opened by path without following
 * links.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hashFile } from './fs-common.js';

/** One running hash of a byte stream, fed in order. */
export interface HashStream {
  /** Hashes `length` bytes of `memory` at `offset`; the bytes must not change until it resolves. */
  update(memory: SharedArrayBuffer, offset: number, length: number): Promise<void>;
  /** The hex digest of everything fed (after every update has resolved). */
  digest(): Promise<string>;
}

/** Where the restore's hashing runs. */
export interface HashPool {
  stream(sizeHint: number): HashStream;
  /** SHA-256 of a regular file of this machine, read without following a link at its name. */
  file(native: string, sizeHint: number): Promise<string>;
  close(): Promise<void>;
}

/** The main-thread pool: same answers, no threads. */
export function inlineHashPool(): HashPool {
  return {
    stream(): HashStream {
      const h = createHash('sha256');
      return {
        update: async (memory, offset, length) => {
          h.update(new Uint8Array(memory, offset, length));
        },
        digest: async () => h.digest('hex'),
      };
    },
    file: (native) => hashFile(native),
    close: async () => undefined,
  };
}

/*
 * The worker's whole program, run with `eval` so it needs no file of its own (the app may run from
 * an asar archive or a single executable). It reads files in 4 MiB steps and yields between them,
 * so the stream updates queued behind a long file still get their turn.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const NOFOLLOW = fs.constants.O_NOFOLLOW || 0;
const hashes = new Map();
const reply = (req, extra) => parentPort.postMessage({ req, ...extra });
const fail = (req, e) => reply(req, { error: { code: e && e.code, message: String((e && e.message) || e) } });
function hashPath(req, file) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW);
    if (!fs.fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file: ' + file), { code: 'NOT_A_FILE' });
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    return fail(req, e);
  }
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  const step = () => {
    try {
      for (let i = 0; i < 4; i++) {
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) {
          fs.closeSync(fd);
          return reply(req, { hex: h.digest('hex') });
        }
        h.update(buf.subarray(0, n));
      }
      setImmediate(step);
    } catch (e) {
      try { fs.closeSync(fd); } catch {}
      fail(req, e);
    }
  };
  step();
}
parentPort.on('message', (m) => {
  try {
    if (m.op === 'update') {
      let h = hashes.get(m.id);
      if (!h) hashes.set(m.id, (h = createHash('sha256')));
      h.update(new Uint8Array(m.memory, m.offset, m.length));
      reply(m.req, {});
    } else if (m.op === 'digest') {
      const h = hashes.get(m.id) || createHash('sha256');
      hashes.delete(m.id);
      reply(m.req, { hex: h.digest('hex') });
    } else if (m.op === 'file') {
      hashPath(m.req, m.file);
    }
  } catch (e) {
    fail(m.req, e);
  }
});
`;

interface Pending {
  resolve: (hex: string) => void;
  reject: (err: Error) => void;
  worker: Slot;
  bytes: number;
}

interface Slot {
  worker: Worker;
  /** Bytes handed to this worker and not answered yet: new work goes to the least loaded. */
  load: number;
}

/**
 * A pool of `threads` hashing workers. Each stream stays on one worker (its updates must be applied
 * in order); streams and files go to the worker with the least outstanding bytes.
 */
export function workerHashPool(threads: number): HashPool {
  const pending = new Map<number, Pending>();
  let nextReq = 1;
  let nextStream = 1;
  let closed = false;
  const slots: Slot[] = [];
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const slot: Slot = { worker, load: 0 };
    worker.on('message', (m: { req: number; hex?: string; error?: { code?: string; message: string } }) => {
      const p = pending.get(m.req);
      if (!p) return;
      pending.delete(m.req);
      p.worker.load -= p.bytes;
      if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      else p.resolve(m.hex ?? '');
    });
    const lost = (err: Error): void => {
      for (const [req, p] of pending) {
        if (p.worker !== slot) continue;
        pending.delete(req);
        p.reject(err);
      }
    };
    worker.on('error', lost);
    worker.on('exit', () => lost(new Error(closed ? 'the hash pool was closed' : 'a hashing thread stopped')));
    slots.push(slot);
  }
  const least = (): Slot => slots.reduce((a, b) => (b.load < a.load ? b : a));
  const ask = (slot: Slot, bytes: number, msg: Record<string, unknown>): Promise<string> => {
    if (closed) return Promise.reject(new Error('the hash pool was closed'));
    const req = nextReq++;
    slot.load += bytes;
    return new Promise<string>((resolve, reject) => {
      pending.set(req, { resolve, reject, worker: slot, bytes });
      slot.worker.postMessage({ ...msg, req });
    });
  };
  return {
    stream(sizeHint: number): HashStream {
      const slot = least();
      const id = nextStream++;
      // Counted up front, so two streams started together go to two workers.
      slot.load += sizeHint;
      let left = sizeHint;
      return {
        update: async (memory, offset, length) => {
          const credit = Math.min(left, length);
          left -= credit;
          slot.load -= credit;
          await ask(slot, length, { op: 'update', id, memory, offset, length });
        },
        digest: () => {
          slot.load -= left;
          left = 0;
          return ask(slot, 0, { op: 'digest', id });
        },
      };
    },
    file: (native, sizeHint) => ask(least(), sizeHint, { op: 'file', file: native }),
    close: async () => {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** Threads worth using here: at most 2 (a restore has two files in flight, one hash each), at least 1. */
export function hashThreadsHere(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** A pool of `threads` workers; 0 means the main thread (small restores, where a thread costs more than it saves). */
export function makeHashPool(threads: number): HashPool {
  return threads > 0 ? workerHashPool(threads) : inlineHashPool();
}
