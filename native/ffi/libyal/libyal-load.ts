import koffi, { type LibraryHandle } from 'koffi';
import { libyalAvailability, locateLibrary, type LibyalName } from './libyal-paths.js';

export { LIBYAL_LIBRARIES, libraryDirs, libyalAvailability, locateLibrary, type LibyalName } from './libyal-paths.js';

/** Thrown when a library is not installed; the caller turns it into the user's sentence. */
export class LibyalMissingError extends Error {
  readonly missing: string[];
  constructor(missing: string[]) {
    super(`libyal libraries missing: ${missing.join(' ')}`);
    this.name = 'LibyalMissingError';
    this.missing = missing;
  }
}

/**
 * A failure reported by a libyal call (return −1): which call, and the library's own backtrace text
 * (its error object is already freed with that library's `*_error_free`).
 */
export class LibyalError extends Error {
  readonly call: string;
  readonly backtrace: string;
  constructor(call: string, backtrace: string) {
    super(`${call} failed${backtrace ? `: ${backtrace}` : ''}`);
    this.name = 'LibyalError';
    this.call = call;
    this.backtrace = backtrace;
  }
}

const loaded = new Map<LibyalName, LibraryHandle>();

/**
 * Loads the libraries (libbfio first, as the others link to it; local loading, never `global`, as each
 * embeds its own libcerror/libcdata/libuna), once per process. Throws {@link LibyalMissingError}.
 */
export function loadLibyal(): Record<LibyalName, LibraryHandle> {
  const { missing } = libyalAvailability();
  if (missing.length > 0) throw new LibyalMissingError(missing);
  const order: LibyalName[] = ['bfio', 'vshadow', 'fsntfs', 'qcow', 'vhdi', 'vmdk', 'ewf', 'smraw'];
  for (const name of order) {
    if (!loaded.has(name)) loaded.set(name, koffi.load(locateLibrary(name) as string));
  }
  return Object.fromEntries(loaded) as Record<LibyalName, LibraryHandle>;
}

/** The error functions every libyal library exports under its own prefix. */
export interface ErrorFns {
  prefix: string;
  free: (err: unknown[]) => void;
  backtrace: (err: unknown, buf: Buffer, size: number) => number;
}

/** Binds a library's `*_error_free` and `*_error_backtrace_sprint`. */
export function errorFns(lib: LibraryHandle, prefix: string): ErrorFns {
  return {
    prefix,
    free: lib.func(`void ${prefix}_error_free(_Inout_ void **error)`),
    backtrace: lib.func(`int ${prefix}_error_backtrace_sprint(void *error, _Out_ uint8_t *text, size_t size)`),
  };
}

/**
 * Takes the error out of a call's `[error]` out-parameter: frees it with the library's own free and
 * returns its text ('' when the call left none).
 */
export function takeError(fns: ErrorFns, errSlot: unknown[]): string {
  const e = errSlot[0];
  if (e === null || e === undefined || e === 0 || e === 0n) return '';
  const buf = Buffer.alloc(8192);
  let text = '';
  try {
    const n = fns.backtrace(e, buf, buf.length);
    const end = buf.indexOf(0);
    text = buf.subarray(0, end >= 0 ? end : Math.max(0, n)).toString('utf8').trim();
  } finally {
    fns.free([e]);
    errSlot[0] = null;
  }
  return text;
}

/**
 * Calls a libyal function whose last parameter is `error **`: returns its result (1 found, 0 not
 * found, or a count), throws {@link LibyalError} on −1 with the backtrace, freeing the error.
 */
export function check<T extends number | bigint>(fns: ErrorFns, name: string, fn: (...a: unknown[]) => T, ...args: unknown[]): T {
  const err: unknown[] = [null];
  const rc = fn(...args, err);
  if (rc === -1 || rc === -1n) throw new LibyalError(name, takeError(fns, err));
  if (err[0]) takeError(fns, err);
  return rc;
}

/** A 64-bit value as koffi gives it (Number up to 2^53, BigInt above) as a Number (sizes, offsets). */
export function toNumber(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/** A 64-bit value as a BigInt, exactly (FILETIMEs, file references). */
export function toBigInt(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

/**
 * The count of native objects (libyal handles, volumes, stores, file entries, JS I/O handles) alive
 * in this process. Tests assert it returns to zero after close, the way the stand-in counts COM
 * objects, so a leak on any path shows.
 */
export const liveHandles = { count: 0 };
