import { BridgedVolume, type ByteSource } from './bfio-bridge.js';
import { LibyalError, check, errorFns, liveHandles, loadLibyal, takeError, toBigInt, toNumber, type ErrorFns } from './libyal-load.js';

/**
 * libfsntfs: one NTFS volume (a live volume or a shadow copy store) read through a JS libbfio bridge.
 * File entries are native objects: every one handed out is counted and freed exactly once.
 */

type Fn = (...a: unknown[]) => number;
type FnBig = (...a: unknown[]) => number | bigint;

interface FsntfsFns {
  fns: ErrorFns;
  init: Fn;
  free: Fn;
  openIo: Fn;
  close: Fn;
  name: Fn;
  root: Fn;
  byPath: Fn;
  entryFree: Fn;
  entryName: Fn;
  flags: Fn;
  subCount: Fn;
  subByIndex: Fn;
  subByName: Fn;
  size: Fn;
  ctime: Fn;
  mtime: Fn;
  atime: Fn;
  read: FnBig;
  hasIndex: Fn;
  isSymlink: Fn;
  linkTargetSize: Fn;
  linkTarget: Fn;
  adsCount: Fn;
  adsByIndex: Fn;
  adsFree: Fn;
  adsNameSize: Fn;
  adsName: Fn;
  adsSize: Fn;
  attrCount: Fn;
  attrByIndex: Fn;
  attrFree: Fn;
  attrType: Fn;
  reparseTag: Fn;
  reparseSubst: Fn;
  reparsePrint: Fn;
}

let f: FsntfsFns | null = null;

function bind(): FsntfsFns {
  if (f) return f;
  const lib = loadLibyal().fsntfs;
  const fn = (d: string): Fn => lib.func(d) as Fn;
  f = {
    fns: errorFns(lib, 'libfsntfs'),
    init: fn('int libfsntfs_volume_initialize(_Out_ void **volume, _Out_ void **error)'),
    free: fn('int libfsntfs_volume_free(_Inout_ void **volume, _Out_ void **error)'),
    openIo: fn('int libfsntfs_volume_open_file_io_handle(void *volume, void *io, int access, _Out_ void **error)'),
    close: fn('int libfsntfs_volume_close(void *volume, _Out_ void **error)'),
    name: fn('int libfsntfs_volume_get_utf8_name(void *volume, _Out_ uint8_t *name, size_t size, _Out_ void **error)'),
    root: fn('int libfsntfs_volume_get_root_directory(void *volume, _Out_ void **entry, _Out_ void **error)'),
    byPath: fn('int libfsntfs_volume_get_file_entry_by_utf8_path(void *volume, const uint8_t *path, size_t length, _Out_ void **entry, _Out_ void **error)'),
    entryFree: fn('int libfsntfs_file_entry_free(_Inout_ void **entry, _Out_ void **error)'),
    entryName: fn('int libfsntfs_file_entry_get_utf8_name(void *entry, _Out_ uint8_t *name, size_t size, _Out_ void **error)'),
    flags: fn('int libfsntfs_file_entry_get_file_attribute_flags(void *entry, _Out_ uint32_t *flags, _Out_ void **error)'),
    subCount: fn('int libfsntfs_file_entry_get_number_of_sub_file_entries(void *entry, _Out_ int *count, _Out_ void **error)'),
    subByIndex: fn('int libfsntfs_file_entry_get_sub_file_entry_by_index(void *entry, int index, _Out_ void **sub, _Out_ void **error)'),
    subByName: fn('int libfsntfs_file_entry_get_sub_file_entry_by_utf8_name(void *entry, const uint8_t *name, size_t length, _Out_ void **sub, _Out_ void **error)'),
    size: fn('int libfsntfs_file_entry_get_size(void *entry, _Out_ uint64_t *size, _Out_ void **error)'),
    ctime: fn('int libfsntfs_file_entry_get_creation_time(void *entry, _Out_ uint64_t *filetime, _Out_ void **error)'),
    mtime: fn('int libfsntfs_file_entry_get_modification_time(void *entry, _Out_ uint64_t *filetime, _Out_ void **error)'),
    atime: fn('int libfsntfs_file_entry_get_access_time(void *entry, _Out_ uint64_t *filetime, _Out_ void **error)'),
    read: lib.func('intptr_t libfsntfs_file_entry_read_buffer_at_offset(void *entry, void *buffer, size_t size, int64_t offset, _Out_ void **error)') as FnBig,
    hasIndex: fn('int libfsntfs_file_entry_has_directory_entries_index(void *entry, _Out_ void **error)'),
    isSymlink: fn('int libfsntfs_file_entry_is_symbolic_link(void *entry, _Out_ void **error)'),
    linkTargetSize: fn('int libfsntfs_file_entry_get_utf8_symbolic_link_target_size(void *entry, _Out_ size_t *size, _Out_ void **error)'),
    linkTarget: fn('int libfsntfs_file_entry_get_utf8_symbolic_link_target(void *entry, _Out_ uint8_t *target, size_t size, _Out_ void **error)'),
    adsCount: fn('int libfsntfs_file_entry_get_number_of_alternate_data_streams(void *entry, _Out_ int *count, _Out_ void **error)'),
    adsByIndex: fn('int libfsntfs_file_entry_get_alternate_data_stream_by_index(void *entry, int index, _Out_ void **stream, _Out_ void **error)'),
    adsFree: fn('int libfsntfs_data_stream_free(_Inout_ void **stream, _Out_ void **error)'),
    adsNameSize: fn('int libfsntfs_data_stream_get_utf8_name_size(void *stream, _Out_ size_t *size, _Out_ void **error)'),
    adsName: fn('int libfsntfs_data_stream_get_utf8_name(void *stream, _Out_ uint8_t *name, size_t size, _Out_ void **error)'),
    adsSize: fn('int libfsntfs_data_stream_get_size(void *stream, _Out_ uint64_t *size, _Out_ void **error)'),
    attrCount: fn('int libfsntfs_file_entry_get_number_of_attributes(void *entry, _Out_ int *count, _Out_ void **error)'),
    attrByIndex: fn('int libfsntfs_file_entry_get_attribute_by_index(void *entry, int index, _Out_ void **attribute, _Out_ void **error)'),
    attrFree: fn('int libfsntfs_attribute_free(_Inout_ void **attribute, _Out_ void **error)'),
    attrType: fn('int libfsntfs_attribute_get_type(void *attribute, _Out_ uint32_t *type, _Out_ void **error)'),
    reparseTag: fn('int libfsntfs_reparse_point_attribute_get_tag(void *attribute, _Out_ uint32_t *tag, _Out_ void **error)'),
    reparseSubst: fn('int libfsntfs_reparse_point_attribute_get_utf8_substitute_name(void *attribute, _Out_ uint8_t *name, size_t size, _Out_ void **error)'),
    reparsePrint: fn('int libfsntfs_reparse_point_attribute_get_utf8_print_name(void *attribute, _Out_ uint8_t *name, size_t size, _Out_ void **error)'),
  };
  return f;
}

/** FILE_ATTRIBUTE_DIRECTORY, and the $FILE_NAME flag NTFS sets on folders (an index is present). */
export const ATTR_DIRECTORY = 0x10;
export const ATTR_DUP_FILE_NAME_INDEX_PRESENT = 0x10000000;
/** FILE_ATTRIBUTE_REPARSE_POINT: symbolic links, junctions and other reparse points. */
export const ATTR_REPARSE_POINT = 0x400;

// NTFS names are at most 255 UTF-16 units: 1,024 bytes hold any of them in UTF-8 with its NUL.
const nameBuf = Buffer.alloc(1024);

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.toString('utf8', 0, end >= 0 ? end : b.length);
}

/** A file entry: a counted native handle, freed once by {@link FsntfsEntry.free}. */
export class FsntfsEntry {
  ptr: bigint | null;
  constructor(ptr: bigint) {
    this.ptr = ptr;
    liveHandles.count++;
  }

  private p(): bigint {
    if (this.ptr === null) throw new Error('file entry freed');
    return this.ptr;
  }

  name(): string {
    const b = bind();
    nameBuf[0] = 0;
    return check(b.fns, 'libfsntfs_file_entry_get_utf8_name', b.entryName, this.p(), nameBuf, nameBuf.length) === 1 ? cString(nameBuf) : '';
  }

  attributeFlags(): number {
    const b = bind();
    const out = [0];
    return check(b.fns, 'libfsntfs_file_entry_get_file_attribute_flags', b.flags, this.p(), out) === 1 ? (out[0] ?? 0) >>> 0 : 0;
  }

  isDirectory(): boolean {
    const b = bind();
    return check(b.fns, 'libfsntfs_file_entry_has_directory_entries_index', b.hasIndex, this.p()) === 1;
  }

  subCount(): number {
    const b = bind();
    const out = [0];
    check(b.fns, 'libfsntfs_file_entry_get_number_of_sub_file_entries', b.subCount, this.p(), out);
    return out[0] ?? 0;
  }

  sub(index: number): FsntfsEntry {
    const b = bind();
    const out: unknown[] = [null];
    check(b.fns, 'libfsntfs_file_entry_get_sub_file_entry_by_index', b.subByIndex, this.p(), index, out);
    return new FsntfsEntry(out[0] as bigint);
  }

  /**
   * Every child's name, attribute flags and folder-ness in one pass: the listing's hot loop, with the
   * out-parameters reused and the folder check skipped for reparse points, so a 100,000-entry folder
   * costs libfsntfs's own work and little more. `skip` drops names before any further call.
   */
  children(skip?: (name: string) => boolean): Array<{ name: string; flags: number; folder: boolean }> {
    const b = bind();
    const parent = this.p();
    const n = this.subCount();
    const list: Array<{ name: string; flags: number; folder: boolean }> = [];
    const out: unknown[] = [null];
    const err: unknown[] = [null];
    const flags = [0];
    const slot: unknown[] = [null];
    const fail = (call: string): never => {
      throw new LibyalError(call, takeError(b.fns, err));
    };
    for (let i = 0; i < n; i++) {
      out[0] = null;
      if (b.subByIndex(parent, i, out, err) !== 1) fail('libfsntfs_file_entry_get_sub_file_entry_by_index');
      const sub = out[0] as bigint;
      liveHandles.count++;
      try {
        nameBuf[0] = 0;
        if (b.entryName(sub, nameBuf, nameBuf.length, err) === -1) fail('libfsntfs_file_entry_get_utf8_name');
        const name = cString(nameBuf);
        if (skip?.(name)) continue;
        flags[0] = 0;
        if (b.flags(sub, flags, err) === -1) fail('libfsntfs_file_entry_get_file_attribute_flags');
        const f = (flags[0] ?? 0) >>> 0;
        let folder = false;
        if (!(f & ATTR_REPARSE_POINT)) {
          const r = b.hasIndex(sub, err);
          if (r === -1) fail('libfsntfs_file_entry_has_directory_entries_index');
          folder = r === 1;
        }
        list.push({ name, flags: f, folder });
      } finally {
        liveHandles.count--;
        slot[0] = sub;
        const e2: unknown[] = [null];
        if (b.entryFree(slot, e2) === -1) takeError(b.fns, e2);
      }
    }
    return list;
  }

  /**
   * The child of this name as libfsntfs finds it (without regard to case), or null. Callers that need
   * the exact spelling compare {@link FsntfsEntry.name} and fall back to {@link FsntfsEntry.childExact}.
   */
  child(name: string): FsntfsEntry | null {
    const b = bind();
    const bytes = Buffer.from(name, 'utf8');
    const out: unknown[] = [null];
    if (check(b.fns, 'libfsntfs_file_entry_get_sub_file_entry_by_utf8_name', b.subByName, this.p(), bytes, bytes.length, out) !== 1) return null;
    return new FsntfsEntry(out[0] as bigint);
  }

  /** The child spelled exactly `name` (a scan of the folder: only when names differ only by case). */
  childExact(name: string): FsntfsEntry | null {
    const n = this.subCount();
    for (let i = 0; i < n; i++) {
      const sub = this.sub(i);
      if (sub.name() === name) return sub;
      sub.free();
    }
    return null;
  }

  size(): number {
    const b = bind();
    const out = [0];
    check(b.fns, 'libfsntfs_file_entry_get_size', b.size, this.p(), out);
    return toNumber(out[0]);
  }

  /** Creation, modification and access FILETIMEs (0n where the entry has none). */
  times(): { created: bigint; modified: bigint; accessed: bigint } {
    const b = bind();
    const get = (fn: Fn, name: string): bigint => {
      const out = [0];
      return check(b.fns, name, fn, this.p(), out) === 1 ? toBigInt(out[0]) : 0n;
    };
    return {
      created: get(b.ctime, 'libfsntfs_file_entry_get_creation_time'),
      modified: get(b.mtime, 'libfsntfs_file_entry_get_modification_time'),
      accessed: get(b.atime, 'libfsntfs_file_entry_get_access_time'),
    };
  }

  /** Reads the unnamed $DATA stream at `offset` into `dest` (sparse runs read as zeros, compression undone). */
  read(dest: Buffer, length: number, offset: number): number {
    const b = bind();
    return toNumber(check(b.fns, 'libfsntfs_file_entry_read_buffer_at_offset', b.read, this.p(), dest, length, offset));
  }

  /** The alternate data streams: names and sizes. */
  streams(): Array<{ name: string; size: number }> {
    const b = bind();
    const n = [0];
    check(b.fns, 'libfsntfs_file_entry_get_number_of_alternate_data_streams', b.adsCount, this.p(), n);
    const list: Array<{ name: string; size: number }> = [];
    for (let i = 0; i < (n[0] ?? 0); i++) {
      const out: unknown[] = [null];
      check(b.fns, 'libfsntfs_file_entry_get_alternate_data_stream_by_index', b.adsByIndex, this.p(), i, out);
      const s = out[0] as bigint;
      liveHandles.count++;
      try {
        nameBuf[0] = 0;
        check(b.fns, 'libfsntfs_data_stream_get_utf8_name', b.adsName, s, nameBuf, nameBuf.length);
        const size = [0];
        check(b.fns, 'libfsntfs_data_stream_get_size', b.adsSize, s, size);
        list.push({ name: cString(nameBuf), size: toNumber(size[0]) });
      } finally {
        liveHandles.count--;
        check(b.fns, 'libfsntfs_data_stream_free', b.adsFree, [s]);
      }
    }
    return list;
  }

  /**
   * The target of a symbolic link or junction as stored (the print name, else the substitute name),
   * or null when the entry has no reparse point with a target.
   */
  linkTarget(): string | null {
    const b = bind();
    const n = [0];
    check(b.fns, 'libfsntfs_file_entry_get_number_of_attributes', b.attrCount, this.p(), n);
    for (let i = 0; i < (n[0] ?? 0); i++) {
      const out: unknown[] = [null];
      check(b.fns, 'libfsntfs_file_entry_get_attribute_by_index', b.attrByIndex, this.p(), i, out);
      const a = out[0] as bigint;
      liveHandles.count++;
      try {
        const type = [0];
        check(b.fns, 'libfsntfs_attribute_get_type', b.attrType, a, type);
        if (type[0] !== 0xc0) continue; // $REPARSE_POINT
        const buf = Buffer.alloc(65536);
        for (const [fn, name] of [[b.reparsePrint, 'print_name'], [b.reparseSubst, 'substitute_name']] as const) {
          buf[0] = 0;
          try {
            if (check(b.fns, `libfsntfs_reparse_point_attribute_get_utf8_${name}`, fn, a, buf, buf.length) === 1 && buf[0] !== 0) return cString(buf);
          } catch {
            // a reparse point of another kind (deduplication, OneDrive …) has no names
          }
        }
        return null;
      } finally {
        liveHandles.count--;
        check(b.fns, 'libfsntfs_attribute_free', b.attrFree, [a]);
      }
    }
    return null;
  }

  /** Frees the entry; idempotent. */
  free(): void {
    if (this.ptr === null) return;
    const p = this.ptr;
    this.ptr = null;
    liveHandles.count--;
    const b = bind();
    check(b.fns, 'libfsntfs_file_entry_free', b.entryFree, [p]);
  }
}

/**
 * An NTFS volume opened read-only on a JS bridge over its bytes. Entries it hands out must be freed
 * before {@link FsntfsVolume.free}, which closes the volume, frees it, then frees the bridge.
 */
export class FsntfsVolume extends BridgedVolume {
  constructor(volume: ByteSource) {
    super(volume, 'libfsntfs', bind);
  }

  private p(): bigint {
    if (this.ptr === null) throw new Error('volume closed');
    return this.ptr;
  }

  /** The volume label ('' when none). */
  label(): string {
    const b = bind();
    const buf = Buffer.alloc(1024);
    return check(b.fns, 'libfsntfs_volume_get_utf8_name', b.name, this.p(), buf, buf.length) === 1 ? cString(buf) : '';
  }

  root(): FsntfsEntry {
    const b = bind();
    const out: unknown[] = [null];
    check(b.fns, 'libfsntfs_volume_get_root_directory', b.root, this.p(), out);
    return new FsntfsEntry(out[0] as bigint);
  }

  /** The entry at a `\`-separated path from the root, or null when there is none. */
  byPath(winPath: string): FsntfsEntry | null {
    const b = bind();
    const bytes = Buffer.from(winPath, 'utf8');
    const out: unknown[] = [null];
    if (check(b.fns, 'libfsntfs_volume_get_file_entry_by_utf8_path', b.byPath, this.p(), bytes, bytes.length, out) !== 1) return null;
    return new FsntfsEntry(out[0] as bigint);
  }

  /** Closes and frees the volume, then its bridge; idempotent. */
}
