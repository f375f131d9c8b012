import { BridgedVolume, type ByteSource } from './bfio-bridge.js';
import { check, errorFns, liveHandles, loadLibyal, toBigInt, toNumber, type ErrorFns } from './libyal-load.js';

/** libvshadow: the VSS catalog of one NTFS volume and its stores, read through a JS libbfio bridge. */

interface VshadowFns {
  fns: ErrorFns;
  init: (...a: unknown[]) => number;
  free: (...a: unknown[]) => number;
  openIo: (...a: unknown[]) => number;
  close: (...a: unknown[]) => number;
  count: (...a: unknown[]) => number;
  getStore: (...a: unknown[]) => number;
  storeFree: (...a: unknown[]) => number;
  inVolume: (...a: unknown[]) => number;
  read: (...a: unknown[]) => number | bigint;
  volumeSize: (...a: unknown[]) => number;
  size: (...a: unknown[]) => number;
  id: (...a: unknown[]) => number;
  copyId: (...a: unknown[]) => number;
  setId: (...a: unknown[]) => number;
  created: (...a: unknown[]) => number;
  flags: (...a: unknown[]) => number;
}

let v: VshadowFns | null = null;

function bind(): VshadowFns {
  if (v) return v;
  const lib = loadLibyal().vshadow;
  v = {
    fns: errorFns(lib, 'libvshadow'),
    init: lib.func('int libvshadow_volume_initialize(_Out_ void **volume, _Out_ void **error)'),
    free: lib.func('int libvshadow_volume_free(_Inout_ void **volume, _Out_ void **error)'),
    openIo: lib.func('int libvshadow_volume_open_file_io_handle(void *volume, void *io, int access, _Out_ void **error)'),
    close: lib.func('int libvshadow_volume_close(void *volume, _Out_ void **error)'),
    count: lib.func('int libvshadow_volume_get_number_of_stores(void *volume, _Out_ int *count, _Out_ void **error)'),
    getStore: lib.func('int libvshadow_volume_get_store(void *volume, int index, _Out_ void **store, _Out_ void **error)'),
    storeFree: lib.func('int libvshadow_store_free(_Inout_ void **store, _Out_ void **error)'),
    inVolume: lib.func('int libvshadow_store_has_in_volume_data(void *store, _Out_ void **error)'),
    read: lib.func('intptr_t libvshadow_store_read_buffer_at_offset(void *store, void *buffer, size_t size, int64_t offset, _Out_ void **error)'),
    volumeSize: lib.func('int libvshadow_store_get_volume_size(void *store, _Out_ uint64_t *size, _Out_ void **error)'),
    size: lib.func('int libvshadow_store_get_size(void *store, _Out_ uint64_t *size, _Out_ void **error)'),
    id: lib.func('int libvshadow_store_get_identifier(void *store, _Out_ uint8_t *guid, size_t size, _Out_ void **error)'),
    copyId: lib.func('int libvshadow_store_get_copy_identifier(void *store, _Out_ uint8_t *guid, size_t size, _Out_ void **error)'),
    setId: lib.func('int libvshadow_store_get_copy_set_identifier(void *store, _Out_ uint8_t *guid, size_t size, _Out_ void **error)'),
    created: lib.func('int libvshadow_store_get_creation_time(void *store, _Out_ uint64_t *filetime, _Out_ void **error)'),
    flags: lib.func('int libvshadow_store_get_attribute_flags(void *store, _Out_ uint32_t *flags, _Out_ void **error)'),
  };
  return v;
}

/** A GUID as libyal stores it (little-endian Windows layout) in VssClient's `{…}` lower-case form. */
export function formatGuid(b: Buffer): string {
  const h = (s: number, e: number, rev: boolean): string => {
    const part = Buffer.from(b.subarray(s, e));
    if (rev) part.reverse();
    return part.toString('hex');
  };
  return `{${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}}`;
}

/** What libvshadow tells of one store. */
export interface VshadowStoreInfo {
  /** 0-based catalog index. */
  index: number;
  /** The shadow copy id (`libvshadow_store_get_identifier`: the "Identifier" vshadowinfo prints). */
  identifier: string;
  /** The copy identifier vshadowinfo prints as "Shadow copy identifier". */
  copyIdentifier: string;
  copySetIdentifier: string;
  creationFiletime: bigint;
  attributeFlags: number;
  volumeSize: number;
  storeSize: number;
  inVolumeData: boolean;
}

/**
 * One store opened for reading: a {@link ByteSource} over the volume as it was when the copy was made.
 * Freed by its {@link VshadowVolume}.
 */
export class VshadowStore implements ByteSource {
  readonly info: VshadowStoreInfo;
  readonly size: number;
  ptr: bigint | null;

  constructor(ptr: bigint, info: VshadowStoreInfo) {
    this.ptr = ptr;
    this.info = info;
    this.size = info.volumeSize;
  }

  readAt(dest: Buffer | bigint, length: number, offset: number): number {
    if (this.ptr === null) throw new Error('store freed');
    if (offset >= this.size) return 0;
    const f = bind();
    return toNumber(check(f.fns, 'libvshadow_store_read_buffer_at_offset', f.read, this.ptr, dest, Math.min(length, this.size - offset), offset));
  }
}

/**
 * The VSS catalog of one volume (libvshadow opened on a JS bridge over the volume's bytes). Stores
 * that fail to open are reported per store, so one damaged store never hides the others.
 */
export class VshadowVolume extends BridgedVolume {
  readonly stores: Array<VshadowStore | { index: number; error: string }> = [];

  constructor(volume: ByteSource) {
    super(volume, 'libvshadow', bind);
    const f = bind();
    try {
      const n = [0];
      check(f.fns, 'libvshadow_volume_get_number_of_stores', f.count, this.ptr, n);
      for (let i = 0; i < (n[0] ?? 0); i++) this.stores.push(this.openStore(i));
    } catch (e) {
      this.free();
      throw e;
    }
  }

  private openStore(index: number): VshadowStore | { index: number; error: string } {
    const f = bind();
    const out: unknown[] = [null];
    try {
      check(f.fns, 'libvshadow_volume_get_store', f.getStore, this.ptr, index, out);
    } catch (e) {
      return { index, error: (e as Error).message };
    }
    const sp = out[0] as bigint;
    liveHandles.count++;
    try {
      const guid = (fn: (...a: unknown[]) => number, name: string): string => {
        const b = Buffer.alloc(16);
        return check(f.fns, name, fn, sp, b, 16) === 1 ? formatGuid(b) : '';
      };
      const ft = [0];
      check(f.fns, 'libvshadow_store_get_creation_time', f.created, sp, ft);
      const flags = [0];
      check(f.fns, 'libvshadow_store_get_attribute_flags', f.flags, sp, flags);
      const vs = [0];
      check(f.fns, 'libvshadow_store_get_volume_size', f.volumeSize, sp, vs);
      const ss = [0];
      let storeSize = 0;
      try {
        check(f.fns, 'libvshadow_store_get_size', f.size, sp, ss);
        storeSize = toNumber(ss[0]);
      } catch {
        storeSize = 0;
      }
      const inVolumeData = check(f.fns, 'libvshadow_store_has_in_volume_data', f.inVolume, sp) === 1;
      return new VshadowStore(sp, {
        index,
        identifier: guid(f.id, 'libvshadow_store_get_identifier'),
        copyIdentifier: guid(f.copyId, 'libvshadow_store_get_copy_identifier'),
        copySetIdentifier: guid(f.setId, 'libvshadow_store_get_copy_set_identifier'),
        creationFiletime: toBigInt(ft[0]),
        attributeFlags: (flags[0] ?? 0) >>> 0,
        volumeSize: toNumber(vs[0]),
        storeSize,
        inVolumeData,
      });
    } catch (e) {
      liveHandles.count--;
      check(f.fns, 'libvshadow_store_free', f.storeFree, [sp]);
      return { index, error: (e as Error).message };
    }
  }

  /** Frees the stores, closes and frees the catalog, then its bridge; idempotent. */
  /** The stores go before the catalog that made them. */
  protected override freeInside(attempt: (fn: () => void) => void): void {
    const f = bind();
    for (const s of this.stores) {
      if (s instanceof VshadowStore && s.ptr !== null) {
        const p = s.ptr;
        s.ptr = null;
        liveHandles.count--;
        attempt(() => check(f.fns, 'libvshadow_store_free', f.storeFree, [p]));
      }
    }
  }
}
