import koffi, { type LibraryHandle } from 'koffi';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the libyal libraries come from. They are Debian's packages, loaded by absolute path (the
 * project's rule for system libraries: no search path decides which code runs), lazily, only when an
 * image is opened, so neither the CLI's nor the host's start-up pays for them.
 */

/** The libraries ShadowDesk binds, by short name: file name and the Debian package that ships it. */
export const LIBYAL_LIBRARIES = {
  bfio: { file: 'libbfio.so.1', pkg: 'libbfio1' },
  vshadow: { file: 'libvshadow.so.1', pkg: 'libvshadow1' },
  fsntfs: { file: 'libfsntfs.so.1', pkg: 'libfsntfs1' },
  qcow: { file: 'libqcow.so.1', pkg: 'libqcow1' },
  vhdi: { file: 'libvhdi.so.1', pkg: 'libvhdi1' },
  vmdk: { file: 'libvmdk.so.1', pkg: 'libvmdk1' },
  ewf: { file: 'libewf.so.2', pkg: 'libewf2' },
  smraw: { file: 'libsmraw.so.1', pkg: 'libsmraw1' },
} as const;

/** A libyal library by short name. */
export type LibyalName = keyof typeof LIBYAL_LIBRARIES;

const MULTIARCH: Partial<Record<string, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  arm: 'arm-linux-gnueabihf',
  ia32: 'i386-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
  ppc64: 'powerpc64le-linux-gnu',
  s390x: 's390x-linux-gnu',
};

/** The folders a Debian-family system keeps shared libraries in, for this process's architecture. */
export function libraryDirs(arch: string = process.arch): string[] {
  const triplet = MULTIARCH[arch];
  const dirs = triplet ? [`/usr/lib/${triplet}`, `/lib/${triplet}`] : [];
  return [...dirs, '/usr/lib64', '/usr/lib', '/usr/local/lib'];
}

/** The absolute path of a library, or null when none of the known folders has it. */
export function locateLibrary(name: LibyalName, dirs: readonly string[] = libraryDirs()): string | null {
  for (const dir of dirs) {
    const p = path.join(dir, LIBYAL_LIBRARIES[name].file);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Which libraries are installed, and the Debian packages to install for the rest (cheap: only stats files). */
export function libyalAvailability(): { available: boolean; missing: string[] } {
  const missing: string[] = [];
  for (const name of Object.keys(LIBYAL_LIBRARIES) as LibyalName[]) {
    if (process.platform !== 'linux' || !locateLibrary(name)) missing.push(LIBYAL_LIBRARIES[name].pkg);
  }
  return { available: missing.length === 0, missing };
}

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
