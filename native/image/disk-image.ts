import { closeSync, constants as fsc, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { subSource, type ByteSource } from '../ffi/libyal/bfio-bridge.js';
import { FsntfsVolume } from '../ffi/libyal/fsntfs.js';
import { ContainerImage, globSegments, hasSignature, type ContainerKind } from '../ffi/libyal/image-readers.js';
import { LibyalError, libyalAvailability } from '../ffi/libyal/libyal-load.js';
import { VshadowStore, VshadowVolume } from '../ffi/libyal/vshadow.js';
import type { FileTree } from '../restore/file-tree.js';
import { AppError, type Bilingual } from '../vss/app-error.js';
import type { ImageFormat, ImageStore, ImageSummary, ImageVolume } from './image-types.js';
import { NtfsTree } from './ntfs-tree.js';
import { readPartitions, type PartitionEntry } from './partitions.js';

export { libyalAvailability };

/**
 * A disk image opened read-only: what it holds (its summary, plain JSON for every front end) and the
 * file trees of its NTFS volumes and their readable shadow copies. One object owns every native handle
 * of the image, so `close` frees them all, once, in the order libyal needs.
 */
export interface DiskImage {
  readonly summary: ImageSummary;
  /** The live volume (the image's "now") of letter `C:` etc. */
  liveTree(letter: string): FileTree;
  /** A readable store's tree, `storeIndex` 1-based as in {@link ImageStore.index}. */
  storeTree(letter: string, storeIndex: number): FileTree;
  /** Frees everything exactly once; idempotent. */
  close(): void;
}

type Problem = { code: string } & Bilingual;

/** The sentences of every image failure, in both languages, by code. */
export const IMAGE_PROBLEMS = {
  IMAGE_NOT_FOUND: (p: string): Problem => ({
    code: 'IMAGE_NOT_FOUND',
    en: `There is no file or device at ${p}.`,
    it: `Non esiste alcun file o dispositivo in ${p}.`,
  }),
  IMAGE_ACCESS_DENIED: (p: string, device: boolean): Problem => ({
    code: 'IMAGE_ACCESS_DENIED',
    en: device
      ? `ShadowDesk may not read ${p}: run it with sudo, or add yourself to the "disk" group (sudo usermod -aG disk $USER) and log in again.`
      : `ShadowDesk may not read ${p}: your account has no permission to read this file.`,
    it: device
      ? `ShadowDesk non può leggere ${p}: avvialo con sudo, oppure aggiungiti al gruppo "disk" (sudo usermod -aG disk $USER) e accedi di nuovo.`
      : `ShadowDesk non può leggere ${p}: il tuo account non ha il permesso di leggere questo file.`,
  }),
  IMAGE_UNREADABLE: (p: string): Problem => ({
    code: 'IMAGE_UNREADABLE',
    en: `${p} is not a disk image ShadowDesk can read (raw, E01, VHD/VHDX, VMDK, qcow2), or it holds no partition or volume ShadowDesk recognises.`,
    it: `${p} non è un'immagine disco che ShadowDesk sa leggere (raw, E01, VHD/VHDX, VMDK, qcow2), oppure non contiene partizioni o volumi che ShadowDesk riconosce.`,
  }),
  IMAGE_DAMAGED: (p: string): Problem => ({
    code: 'IMAGE_DAMAGED',
    en: `${p} looks like a disk image but is damaged or incomplete (perhaps a copy that did not finish), so ShadowDesk cannot open it.`,
    it: `${p} sembra un'immagine disco ma è danneggiata o incompleta (forse una copia non terminata), quindi ShadowDesk non può aprirla.`,
  }),
  IMAGE_NOT_ON_THIS_OS: (): Problem => ({
    code: 'IMAGE_NOT_ON_THIS_OS',
    en: 'Disk images are read through the libyal libraries, which ShadowDesk uses on Linux only for now: open the image with ShadowDesk on a Linux computer (or in WSL).',
    it: "Le immagini disco si leggono con le librerie libyal, che per ora ShadowDesk usa solo su Linux: aprire l'immagine con ShadowDesk su un computer Linux (o in WSL).",
  }),
  IMAGE_LIBRARIES_MISSING: (missing: string[]): Problem => ({
    code: 'IMAGE_LIBRARIES_MISSING',
    en: `Reading disk images needs the libyal libraries, which are not installed: sudo apt install ${missing.join(' ')}`,
    it: `Per leggere le immagini disco servono le librerie libyal, che non sono installate: sudo apt install ${missing.join(' ')}`,
  }),
  VOLUME_NOT_NTFS: (fs: string): Problem => ({
    code: 'VOLUME_NOT_NTFS',
    en: `This partition is not NTFS (${fs || 'unknown file system'}), so it has no Windows shadow copies to read.`,
    it: `Questa partizione non è NTFS (${fs || 'file system sconosciuto'}), quindi non ha copie shadow di Windows da leggere.`,
  }),
  VOLUME_BITLOCKER: (): Problem => ({
    code: 'VOLUME_BITLOCKER',
    en: 'This partition is encrypted with BitLocker; ShadowDesk cannot read encrypted volumes (unlock it on Windows, or image the unlocked volume).',
    it: 'Questa partizione è cifrata con BitLocker; ShadowDesk non può leggere volumi cifrati (sbloccala su Windows, oppure crea l\'immagine del volume sbloccato).',
  }),
  VOLUME_TRUNCATED: (): Problem => ({
    code: 'VOLUME_TRUNCATED',
    en: 'This partition runs past the end of the image (the image is incomplete), so ShadowDesk cannot read it.',
    it: 'Questa partizione va oltre la fine dell\'immagine (l\'immagine è incompleta), quindi ShadowDesk non può leggerla.',
  }),
  VOLUME_DAMAGED: (): Problem => ({
    code: 'VOLUME_DAMAGED',
    en: 'This NTFS volume is damaged (its file table cannot be read), so ShadowDesk cannot browse it.',
    it: 'Questo volume NTFS è danneggiato (la sua tabella dei file non si legge), quindi ShadowDesk non può sfogliarlo.',
  }),
  VSS_CATALOG_DAMAGED: (): Problem => ({
    code: 'VSS_CATALOG_DAMAGED',
    en: 'The list of shadow copies on this volume is damaged, so its copies cannot be read; the volume itself can still be browsed.',
    it: 'L\'elenco delle copie shadow di questo volume è danneggiato, quindi le copie non si possono leggere; il volume stesso si può ancora sfogliare.',
  }),
  STORE_DATA_OUTSIDE_VOLUME: (): Problem => ({
    code: 'STORE_DATA_OUTSIDE_VOLUME',
    en: 'This shadow copy keeps its data on another volume ("Data stored outside volume"), which is not in this image, so it cannot be read.',
    it: 'Questa copia shadow tiene i suoi dati su un altro volume ("Data stored outside volume"), che non è in questa immagine, quindi non si può leggere.',
  }),
  STORE_NEEDS_OUTSIDE_DATA: (): Problem => ({
    code: 'STORE_NEEDS_OUTSIDE_DATA',
    en: 'This shadow copy can only be read together with a newer copy whose data is stored on another volume, which is not in this image, so it cannot be read.',
    it: 'Questa copia shadow si può leggere solo insieme a una copia più recente i cui dati sono su un altro volume, che non è in questa immagine, quindi non si può leggere.',
  }),
  STORE_DAMAGED: (): Problem => ({
    code: 'STORE_DAMAGED',
    en: 'This shadow copy is damaged (its blocks cannot be read), so it cannot be browsed; the other copies are unaffected.',
    it: 'Questa copia shadow è danneggiata (i suoi blocchi non si leggono), quindi non si può sfogliare; le altre copie non ne risentono.',
  }),
} as const;

function fail(p: Problem, detail?: string): never {
  throw new AppError(p.code, { en: p.en, it: p.it }, detail);
}

function plain(p: Problem): { code: string; en: string; it: string } {
  return { code: p.code, en: p.en, it: p.it };
}

/** Difference between the FILETIME epoch (1601) and the Unix epoch, in 100 ns ticks. */
const EPOCH_TICKS = 116444736000000000n;

/** A FILETIME as ISO 8601 UTC with all seven 100 ns digits (`2013-12-03T06:35:09.7363787Z`). */
export function filetimeToIso(ft: bigint): string {
  const ticks = ft - EPOCH_TICKS;
  const seconds = ticks >= 0n ? ticks / 10000000n : (ticks - 9999999n) / 10000000n;
  const frac = ticks - seconds * 10000000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${base}.${frac.toString().padStart(7, '0')}Z`;
}

/** What sector 0 of a volume says it is. */
export function fileSystemOf(boot: Buffer): string {
  if (boot.length < 512) return '';
  const oem = boot.toString('latin1', 3, 11);
  if (oem === 'NTFS    ') return 'NTFS';
  if (oem === '-FVE-FS-') return 'BitLocker';
  if (oem === 'EXFAT   ') return 'exFAT';
  if (boot.toString('latin1', 82, 90) === 'FAT32   ') return 'FAT32';
  const fat = boot.toString('latin1', 54, 62);
  if (fat === 'FAT16   ' || fat === 'FAT12   ' || fat === 'FAT     ') return fat.trim();
  if (boot.length >= 1024 + 58 && boot.readUInt16LE(1024 + 56) === 0xef53) return 'ext2/3/4';
  return '';
}

/** The identifier a VSS volume header starts with, at offset 0x1e00 of an NTFS volume with shadow copies. */
const VSS_VOLUME_HEADER_ID = Buffer.from('6b87083876c1484eb7ae04046e6cc752', 'hex');

interface OpenStore {
  info: ImageStore;
  store: VshadowStore | null;
  tree: NtfsTree | null;
}

interface OpenVolume {
  summary: ImageVolume;
  source: ByteSource;
  live: FsntfsVolume | null;
  liveTree: NtfsTree | null;
  vss: VshadowVolume | null;
  stores: OpenStore[];
}

function detectContainer(abs: string, isDevice: boolean): { kind: ContainerKind; format: ImageFormat; files: string[] } {
  if (isDevice) return { kind: 'smraw', format: 'device', files: [abs] };
  // A signature check that fails (a file shorter than the signature) means "not this format".
  const is = (kind: Exclude<ContainerKind, 'smraw'>): boolean => {
    try {
      return hasSignature(kind, abs);
    } catch {
      return false;
    }
  };
  if (is('qcow')) return { kind: 'qcow', format: 'qcow2', files: [abs] };
  if (is('vhdi')) return { kind: 'vhdi', format: 'vhd', files: [abs] };
  if (is('vmdk')) return { kind: 'vmdk', format: 'vmdk', files: [abs] };
  if (is('ewf')) {
    const files = globSegments('ewf', abs);
    return { kind: 'ewf', format: 'e01', files: files.length > 0 ? files : [abs] };
  }
  let files: string[] = [];
  try {
    files = globSegments('smraw', abs);
  } catch {
    files = [];
  }
  return files.length > 1 ? { kind: 'smraw', format: 'split-raw', files } : { kind: 'smraw', format: 'raw', files: [abs] };
}

function readBytes(src: ByteSource, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, Math.min(length, src.size - offset)));
  let done = 0;
  while (done < buf.length) {
    const n = src.readAt(buf.subarray(done), buf.length - done, offset + done);
    if (n <= 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

/** Frees a list of things, all of them even when one fails; rethrows the first failure. */
function freeAll(steps: Array<() => void>): void {
  let first: unknown = null;
  for (const step of steps) {
    try {
      step();
    } catch (e) {
      first ??= e;
    }
  }
  if (first) throw first;
}

function openVolume(container: ByteSource, part: PartitionEntry, whole: boolean): OpenVolume {
  const summary: ImageVolume = {
    letter: null,
    partition: part.number,
    fileSystem: '',
    label: '',
    offsetBytes: part.offset,
    sizeBytes: part.size,
    partitionType: part.type,
    hasWindows: false,
    stores: [],
    problem: null,
  };
  const v: OpenVolume = { summary, source: subSource(container, part.offset, part.size), live: null, liveTree: null, vss: null, stores: [] };
  let boot: Buffer;
  try {
    boot = readBytes(container, part.offset, 4096);
  } catch {
    summary.problem = plain(IMAGE_PROBLEMS.VOLUME_TRUNCATED());
    return v;
  }
  summary.fileSystem = fileSystemOf(boot);
  if (summary.fileSystem === 'BitLocker') {
    summary.problem = plain(IMAGE_PROBLEMS.VOLUME_BITLOCKER());
    return v;
  }
  if (summary.fileSystem !== 'NTFS') {
    summary.problem = plain(IMAGE_PROBLEMS.VOLUME_NOT_NTFS(summary.fileSystem));
    return v;
  }
  if (part.offset + part.size > container.size && !whole) {
    summary.problem = plain(IMAGE_PROBLEMS.VOLUME_TRUNCATED());
    return v;
  }
  try {
    v.live = new FsntfsVolume(v.source);
    summary.label = v.live.label();
    const win = v.live.byPath('\\Windows');
    if (win) {
      try {
        summary.hasWindows = win.isDirectory();
      } finally {
        win.free();
      }
    }
  } catch {
    if (v.live) v.live.free();
    v.live = null;
    summary.problem = plain(IMAGE_PROBLEMS.VOLUME_DAMAGED());
  }
  // A volume that never had shadow copies has no VSS volume header at 0x1e00: nothing to list.
  let hasVss = false;
  try {
    hasVss = readBytes(v.source, 0x1e00, 16).equals(VSS_VOLUME_HEADER_ID);
  } catch {
    hasVss = false;
  }
  if (!hasVss) return v;
  try {
    v.vss = new VshadowVolume(v.source);
  } catch {
    summary.problem ??= plain(IMAGE_PROBLEMS.VSS_CATALOG_DAMAGED());
    return v;
  }
  const probe = Buffer.alloc(512);
  for (const s of v.vss.stores) {
    if (!(s instanceof VshadowStore)) {
      v.stores.push({
        info: {
          index: s.index + 1, id: '', setId: '', createdAt: '', createdAtFiletime: '0', attributesCode: 0, contextCode: null,
          originatingMachine: '', serviceMachine: '', volumeSizeBytes: 0, readable: false, problem: plain(IMAGE_PROBLEMS.STORE_DAMAGED()),
        },
        store: null,
        tree: null,
      });
      continue;
    }
    const i = s.info;
    let problem: Problem | null = null;
    if (!i.inVolumeData) problem = IMAGE_PROBLEMS.STORE_DATA_OUTSIDE_VOLUME();
    else {
      try {
        if (s.readAt(probe, 512, 0) !== 512 || fileSystemOf(probe) !== 'NTFS') problem = IMAGE_PROBLEMS.STORE_DAMAGED();
      } catch {
        problem = IMAGE_PROBLEMS.STORE_DAMAGED();
      }
    }
    v.stores.push({
      info: {
        index: i.index + 1,
        id: i.copyIdentifier,
        setId: i.copySetIdentifier,
        storeIdentifier: i.identifier,
        createdAt: filetimeToIso(i.creationFiletime),
        createdAtFiletime: i.creationFiletime.toString(),
        attributesCode: i.attributeFlags,
        contextCode: null,
        originatingMachine: '',
        serviceMachine: '',
        volumeSizeBytes: i.volumeSize,
        readable: problem === null,
        problem: problem ? plain(problem) : null,
      },
      store: problem === null ? s : null,
      tree: null,
    });
  }
  // Reading an older store needs every newer one (VSS keeps differences): when a newer store's data is
  // elsewhere, the older ones cannot be read either, and saying "damaged" would mislead.
  for (const s of v.stores) {
    if (s.info.problem?.code !== 'STORE_DAMAGED') continue;
    const newerOutside = v.stores.some((o) => o.info.index > s.info.index && o.info.problem?.code === 'STORE_DATA_OUTSIDE_VOLUME');
    if (newerOutside) s.info.problem = plain(IMAGE_PROBLEMS.STORE_NEEDS_OUTSIDE_DATA());
  }
  // Oldest first (catalog order is usually the same; the index keeps the catalog's numbering).
  v.stores.sort((a, b) => {
    const x = BigInt(a.info.createdAtFiletime);
    const y = BigInt(b.info.createdAtFiletime);
    return x < y ? -1 : x > y ? 1 : a.info.index - b.info.index;
  });
  summary.stores = v.stores.map((s) => s.info);
  return v;
}

/**
 * Gives NTFS volumes their letters as Windows would show this disk: the volume holding `\Windows` is
 * C:, the others follow from D: in partition order (from C: when none holds Windows).
 */
export function assignLetters(volumes: ImageVolume[]): void {
  const ntfs = volumes.filter((v) => v.fileSystem === 'NTFS');
  const windows = ntfs.find((v) => v.hasWindows);
  let next = 'C'.charCodeAt(0);
  if (windows) {
    windows.letter = 'C:';
    next++;
  }
  for (const v of ntfs) {
    if (v === windows) continue;
    if (next > 'Z'.charCodeAt(0)) break;
    v.letter = `${String.fromCharCode(next++)}:`;
  }
}

/**
 * Opens a disk image, a split or forensic image, or a block device read-only, and lists its volumes
 * and their shadow copies. Throws an {@link AppError} (English and Italian) when the image cannot be
 * opened at all; a partition or store that cannot be read is listed with its problem instead, so the
 * rest stays usable.
 */
export function openDiskImage(imagePath: string): DiskImage {
  const abs = path.resolve(imagePath);
  let isDevice = false;
  try {
    const st = statSync(abs);
    isDevice = st.isBlockDevice();
    if (st.isDirectory()) fail(IMAGE_PROBLEMS.IMAGE_UNREADABLE(abs));
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') fail(IMAGE_PROBLEMS.IMAGE_ACCESS_DENIED(abs, abs.startsWith('/dev/')), String(e));
    fail(IMAGE_PROBLEMS.IMAGE_NOT_FOUND(abs), String(e));
  }
  try {
    closeSync(openSync(abs, fsc.O_RDONLY));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') fail(IMAGE_PROBLEMS.IMAGE_ACCESS_DENIED(abs, isDevice || abs.startsWith('/dev/')), String(e));
    fail(IMAGE_PROBLEMS.IMAGE_UNREADABLE(abs), String(e));
  }
  const avail = libyalAvailability();
  if (process.platform !== 'linux') fail(IMAGE_PROBLEMS.IMAGE_NOT_ON_THIS_OS());
  if (!avail.available) fail(IMAGE_PROBLEMS.IMAGE_LIBRARIES_MISSING(avail.missing));

  let container: ContainerImage;
  let format: ImageFormat;
  try {
    const found = detectContainer(abs, isDevice);
    container = new ContainerImage(found.kind, found.files);
    format = found.kind === 'vhdi' && container.subtype === 2 ? 'vhdx' : found.format;
  } catch (e) {
    if (e instanceof AppError) throw e;
    const text = e instanceof LibyalError ? e.message : String(e);
    // A file a container library recognised but could not open is damaged; anything else is not an image.
    const recognised = e instanceof LibyalError && !/libsmraw/.test(e.call);
    fail(recognised ? IMAGE_PROBLEMS.IMAGE_DAMAGED(abs) : IMAGE_PROBLEMS.IMAGE_UNREADABLE(abs), text);
  }

  const volumes: OpenVolume[] = [];
  let summary: ImageSummary;
  try {
    let sector0: Buffer;
    try {
      sector0 = readBytes(container, 0, 4096);
    } catch (e) {
      fail(IMAGE_PROBLEMS.IMAGE_DAMAGED(abs), String(e));
    }
    const fs0 = fileSystemOf(sector0);
    const layout = readPartitions((offset, length) => readBytes(container, offset, length), fs0 !== '');
    if (layout.scheme === 'none') {
      if (fs0 === '') fail(IMAGE_PROBLEMS.IMAGE_UNREADABLE(abs));
      volumes.push(openVolume(container, { number: 1, offset: 0, size: container.size, type: 'whole image' }, true));
    } else {
      for (const part of layout.partitions) volumes.push(openVolume(container, part, false));
    }
    assignLetters(volumes.map((v) => v.summary));
    summary = { path: abs, format, sizeBytes: container.size, partitioning: layout.scheme, volumes: volumes.map((v) => v.summary) };
  } catch (e) {
    closeAll(volumes, container);
    if (e instanceof AppError) throw e;
    // The container opened but its disk cannot be read where the tables are: a damaged or cut image.
    fail(IMAGE_PROBLEMS.IMAGE_DAMAGED(abs), e instanceof Error ? e.message : String(e));
  }

  let closed = false;
  const volumeOf = (letter: string): OpenVolume => {
    if (closed) throw new AppError('IMAGE_CLOSED', { en: 'This disk image has been closed.', it: 'Questa immagine disco è stata chiusa.' });
    const want = letter.toUpperCase().replace(/[\\/]+$/, '').replace(/^([A-Z])$/, '$1:');
    const v = volumes.find((x) => x.summary.letter === want);
    if (!v) {
      throw new AppError('IMAGE_VOLUME_NOT_FOUND', {
        en: `This disk image has no NTFS volume ${want}.`,
        it: `Questa immagine disco non ha un volume NTFS ${want}.`,
      });
    }
    return v;
  };

  return {
    summary,
    liveTree(letter: string): FileTree {
      const v = volumeOf(letter);
      if (!v.live) {
        const p = v.summary.problem ?? IMAGE_PROBLEMS.VOLUME_DAMAGED();
        throw new AppError(p.code, { en: p.en, it: p.it });
      }
      v.liveTree ??= new NtfsTree(v.live);
      return v.liveTree;
    },
    storeTree(letter: string, storeIndex: number): FileTree {
      const v = volumeOf(letter);
      const s = v.stores.find((x) => x.info.index === storeIndex);
      if (!s) {
        throw new AppError('IMAGE_STORE_NOT_FOUND', {
          en: `Volume ${v.summary.letter} of this image has no shadow copy number ${storeIndex}.`,
          it: `Il volume ${v.summary.letter} di questa immagine non ha la copia shadow numero ${storeIndex}.`,
        });
      }
      if (!s.store || s.info.problem) {
        const p = s.info.problem ?? IMAGE_PROBLEMS.STORE_DAMAGED();
        throw new AppError(p.code, { en: p.en, it: p.it });
      }
      if (!s.tree) {
        try {
          s.tree = new NtfsTree(new FsntfsVolume(s.store));
        } catch (e) {
          const p = IMAGE_PROBLEMS.STORE_DAMAGED();
          throw new AppError(p.code, { en: p.en, it: p.it }, String(e));
        }
      }
      return s.tree;
    },
    close(): void {
      if (closed) return;
      closed = true;
      closeAll(volumes, container);
    },
  };
}

/** Frees in libyal's order: store trees and live trees (entries, NTFS volume, bridge), catalogs, image. */
function closeAll(volumes: OpenVolume[], container: ContainerImage): void {
  const steps: Array<() => void> = [];
  for (const v of volumes) {
    for (const s of v.stores) {
      const t = s.tree;
      if (t) steps.push(() => t.dispose());
    }
    const lt = v.liveTree;
    const live = v.live;
    if (lt) steps.push(() => lt.dispose());
    else if (live) steps.push(() => live.free());
    const vss = v.vss;
    if (vss) steps.push(() => vss.free());
  }
  steps.push(() => container.close());
  freeAll(steps);
}
