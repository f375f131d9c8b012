import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import type { ByteSource } from './bfio-bridge.js';
import { check, errorFns, liveHandles, loadLibyal, toNumber, type ErrorFns } from './libyal-load.js';

/**
 * The container libraries: each opens its image by path (with its own embedded libbfio, which never
 * leaves it) and reads the virtual disk by offset. Everything is opened with the read access flag only.
 */

/** Which library reads the container. */
export type ContainerKind = 'qcow' | 'vhdi' | 'vmdk' | 'ewf' | 'smraw';

const ACCESS_READ = 1;

interface ContainerFns {
  fns: ErrorFns;
  init: (...a: unknown[]) => number;
  open: (...a: unknown[]) => number;
  close: (...a: unknown[]) => number;
  free: (...a: unknown[]) => number;
  size: (...a: unknown[]) => number;
  read: (...a: unknown[]) => number | bigint;
  signature?: (...a: unknown[]) => number;
  glob?: (...a: unknown[]) => number;
  globFree?: (...a: unknown[]) => number;
  extra: Record<string, (...a: unknown[]) => number>;
}

const bound = new Map<ContainerKind, ContainerFns>();

function bindContainer(kind: ContainerKind): ContainerFns {
  const have = bound.get(kind);
  if (have) return have;
  const libs = loadLibyal();
  const spec: Record<ContainerKind, { lib: LibraryHandle; prefix: string; obj: string; multi: boolean; read: string }> = {
    qcow: { lib: libs.qcow, prefix: 'libqcow', obj: 'file', multi: false, read: 'read_buffer_at_offset' },
    vhdi: { lib: libs.vhdi, prefix: 'libvhdi', obj: 'file', multi: false, read: 'read_buffer_at_offset' },
    vmdk: { lib: libs.vmdk, prefix: 'libvmdk', obj: 'handle', multi: false, read: 'read_buffer_at_offset' },
    ewf: { lib: libs.ewf, prefix: 'libewf', obj: 'handle', multi: true, read: 'read_random' },
    smraw: { lib: libs.smraw, prefix: 'libsmraw', obj: 'handle', multi: true, read: 'read_buffer_at_offset' },
  };
  const { lib, prefix, obj, multi } = spec[kind];
  const p = `${prefix}_${obj}`;
  const fns: ContainerFns = {
    fns: errorFns(lib, prefix),
    init: lib.func(`int ${p}_initialize(_Out_ void **handle, _Out_ void **error)`),
    open: multi
      ? lib.func(`int ${p}_open(void *handle, const char **filenames, int count, int access, _Out_ void **error)`)
      : lib.func(`int ${p}_open(void *handle, const char *filename, int access, _Out_ void **error)`),
    close: lib.func(`int ${p}_close(void *handle, _Out_ void **error)`),
    free: lib.func(`int ${p}_free(_Inout_ void **handle, _Out_ void **error)`),
    size: lib.func(`int ${p}_get_media_size(void *handle, _Out_ uint64_t *size, _Out_ void **error)`),
    read: lib.func(`intptr_t ${p}_${spec[kind].read}(void *handle, void *buffer, size_t size, int64_t offset, _Out_ void **error)`),
    extra: {},
  };
  if (kind !== 'smraw') fns.signature = lib.func(`int ${prefix}_check_file_signature(const char *filename, _Out_ void **error)`);
  if (kind === 'ewf') {
    fns.glob = lib.func('int libewf_glob(const char *filename, size_t length, uint8_t format, _Out_ void **filenames, _Out_ int *count, _Out_ void **error)');
    fns.globFree = lib.func('int libewf_glob_free(void *filenames, int count, _Out_ void **error)');
  }
  if (kind === 'smraw') {
    fns.glob = lib.func('int libsmraw_glob(const char *filename, size_t length, _Out_ void **filenames, _Out_ int *count, _Out_ void **error)');
    fns.globFree = lib.func('int libsmraw_glob_free(void *filenames, int count, _Out_ void **error)');
  }
  if (kind === 'vhdi') fns.extra = { fileType: lib.func('int libvhdi_file_get_file_type(void *file, _Out_ int *type, _Out_ void **error)') };
  if (kind === 'vmdk') fns.extra = { openExtents: lib.func('int libvmdk_handle_open_extent_data_files(void *handle, _Out_ void **error)') };
  bound.set(kind, fns);
  return fns;
}

/** Whether the container library recognises the file's signature (qcow, VHD/VHDX, VMDK, E01). */
export function hasSignature(kind: Exclude<ContainerKind, 'smraw'>, filePath: string): boolean {
  const c = bindContainer(kind);
  return check(c.fns, `${kind}_check_file_signature`, c.signature as (...a: unknown[]) => number, filePath) === 1;
}

/** The segment files of a split image (E01 `.E01 .E02 …`, split raw `.001 .002 …`), by the library's glob. */
export function globSegments(kind: 'ewf' | 'smraw', filePath: string): string[] {
  const c = bindContainer(kind);
  const out: unknown[] = [null];
  const count = [0];
  const len = Buffer.byteLength(filePath);
  if (kind === 'ewf') check(c.fns, 'libewf_glob', c.glob as (...a: unknown[]) => number, filePath, len, 0, out, count);
  else check(c.fns, 'libsmraw_glob', c.glob as (...a: unknown[]) => number, filePath, len, out, count);
  const n = count[0] ?? 0;
  if (!out[0] || n <= 0) return [];
  try {
    return koffi.decode(out[0], koffi.array('const char *', n, 'Array')) as string[];
  } finally {
    check(c.fns, `${kind}_glob_free`, c.globFree as (...a: unknown[]) => number, out[0], n);
  }
}

/**
 * An image opened read-only by its container library: a {@link ByteSource} over the virtual disk.
 * `close` closes and frees the library's handle exactly once.
 */
export class ContainerImage implements ByteSource {
  readonly size: number;
  readonly kind: ContainerKind;
  /** VHD (1) or VHDX (2) for libvhdi, else 0. */
  readonly subtype: number;
  private handle: bigint | null;
  private readonly c: ContainerFns;
  private opened = false;

  constructor(kind: ContainerKind, files: string[]) {
    this.kind = kind;
    this.c = bindContainer(kind);
    const out: unknown[] = [null];
    check(this.c.fns, `${kind}_initialize`, this.c.init, out);
    this.handle = out[0] as bigint;
    liveHandles.count++;
    try {
      if (kind === 'ewf' || kind === 'smraw') check(this.c.fns, `${kind}_open`, this.c.open, this.handle, files, files.length, ACCESS_READ);
      else check(this.c.fns, `${kind}_open`, this.c.open, this.handle, files[0], ACCESS_READ);
      this.opened = true;
      if (kind === 'vmdk') check(this.c.fns, 'libvmdk_handle_open_extent_data_files', this.c.extra.openExtents as (...a: unknown[]) => number, this.handle);
      const size = [0];
      check(this.c.fns, `${kind}_get_media_size`, this.c.size, this.handle, size);
      this.size = toNumber(size[0]);
      let subtype = 0;
      if (kind === 'vhdi') {
        const t = [0];
        check(this.c.fns, 'libvhdi_file_get_file_type', this.c.extra.fileType as (...a: unknown[]) => number, this.handle, t);
        subtype = t[0] ?? 0;
      }
      this.subtype = subtype;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  readAt(dest: Buffer | bigint, length: number, offset: number): number {
    if (this.handle === null) throw new Error('image closed');
    if (offset >= this.size) return 0;
    const n = Math.min(length, this.size - offset);
    return toNumber(check(this.c.fns, `${this.kind}_read`, this.c.read, this.handle, dest, n, offset));
  }

  /** Closes and frees the handle; idempotent. */
  close(): void {
    if (this.handle === null) return;
    const h = this.handle;
    this.handle = null;
    try {
      if (this.opened) check(this.c.fns, `${this.kind}_close`, this.c.close, h);
    } finally {
      liveHandles.count--;
      check(this.c.fns, `${this.kind}_free`, this.c.free, [h]);
    }
  }
}
