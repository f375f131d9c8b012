/**
 * Where a restore writes. Reading goes through FileTrees (file-tree.ts), which may be volumes inside
 * a read-only disk image; writing always goes to a folder of this computer, named in the journal by
 * a root key so undo and crash recovery find it again: `C:\` for a live volume of the source (the
 * format journals have always had), or the absolute native path of a folder the user restored to.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import { formatVolumePath, normalizeRelative, parseVolumePath } from './volume-path.js';

/** A place a restore writes to: a root folder of this computer and the checked segments below it. */
export interface Destination {
  /**
   * What the journal records for the root (as an item's `volume`): `C:\` for a live volume, or the
   * absolute native path of a folder of this computer. {@link ShadowSource.writeRoot} maps it back.
   */
  rootKey: string;
  /** The root's native folder: temp files, created folders and the undo folder all live below it. */
  root: string;
  /** Checked name segments below the root ([] for the root itself). */
  segments: string[];
}

const VOLUME_KEY = /^([a-z]):\\?$/i;

/** True for `C:\` (or `c:`), a volume of the source; false for a native folder path. */
export function isVolumeKey(rootKey: string): boolean {
  return VOLUME_KEY.test(rootKey);
}

/** `C:\` + segments → `C:\Users\ana`; a folder key + segments → `/home/ana/restored/Users`. */
export function showPath(rootKey: string, segments: readonly string[] | string): string {
  const segs = typeof segments === 'string' ? (segments ? segments.split('\\') : []) : segments;
  const v = VOLUME_KEY.exec(rootKey);
  if (v) return formatVolumePath({ volume: `${v[1]!.toUpperCase()}:\\`, relative: segs.join('\\') });
  return segs.length > 0 ? path.join(rootKey, ...segs) : rootKey;
}

/** How a root is named in "… is not available" and "leads outside" messages. */
export function rootWhat(rootKey: string): string {
  const v = VOLUME_KEY.exec(rootKey);
  return v ? `The volume ${v[1]!.toUpperCase()}:\\` : `The folder ${rootKey}`;
}

/**
 * The checked segments of a full target path below its root key: `C:\a\b` under `C:\` is [a, b];
 * `/home/ana/restored/a/b` under `/home/ana/restored` is [a, b]. A target outside its root is refused.
 */
export function segmentsUnder(rootKey: string, full: string): string[] {
  const v = VOLUME_KEY.exec(rootKey);
  if (v) {
    const vp = parseVolumePath(full);
    if (vp.volume !== `${v[1]!.toUpperCase()}:\\`) throw outsideRoot(full, rootKey);
    return normalizeRelative(vp.relative);
  }
  const rel = path.relative(rootKey, path.resolve(full));
  if (rel === '') return [];
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw outsideRoot(full, rootKey);
  return normalizeRelative(rel.split(path.sep).join('\\'));
}

function outsideRoot(full: string, rootKey: string): AppError {
  return new AppError('PATH_REJECTED', {
    en: `The path "${full}" was refused: it is not inside the restore's destination ${showPath(rootKey, [])}.`,
    it: `Il percorso "${full}" è stato rifiutato: non è all'interno della destinazione del ripristino ${showPath(rootKey, [])}.`,
  });
}

/**
 * A `C:\…` path on a live volume of this machine, as the VSS host and the test sources write: the
 * volume is the root key (journals keep their format) and `liveRoot` gives its folder.
 */
export function volumeDestination(full: string, liveRoot: (volume: string) => string): Destination {
  const vp = parseVolumePath(full);
  return { rootKey: vp.volume, root: liveRoot(vp.volume), segments: normalizeRelative(vp.relative) };
}

/**
 * An absolute folder of this computer (`/home/ana/restored`, `D:\restored`), given as a restore's
 * `to` where the live volume cannot be written. The folder is the root: its temp files and its undo
 * folder live inside it, on its own file system, so every rename stays a rename. It must exist.
 */
export function localDestination(full: string): Destination {
  const text = full.trim();
  if (!path.isAbsolute(text) || text.includes('\u0000') || /^[\\/]{2}[?.][\\/]/.test(text)) {
    throw new AppError('PATH_REJECTED', {
      en: `The path "${full}" was refused: give the full path of a folder of this computer to restore to.`,
      it: `Il percorso "${full}" è stato rifiutato: indicare il percorso completo di una cartella di questo computer in cui ripristinare.`,
    });
  }
  const root = path.resolve(text);
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    throw new AppError('NOT_FOUND', {
      en: `The folder "${root}" does not exist on this computer. Create it, or choose another folder to restore to.`,
      it: `La cartella "${root}" non esiste su questo computer. Crearla, oppure scegliere un'altra cartella in cui ripristinare.`,
    });
  }
  return { rootKey: root, root, segments: [] };
}

/**
 * The native folder of a journal's root key for a source over this machine's volumes: a volume key
 * through `liveRoot`, a folder key as itself (a restore from a disk image, recovered or undone after
 * the image was closed). Anything else is refused, so an edited journal cannot name a relative path.
 */
export function writeRootOf(rootKey: string, liveRoot: ((volume: string) => string) | null): string {
  const v = VOLUME_KEY.exec(rootKey);
  if (v && liveRoot) return liveRoot(`${v[1]!.toUpperCase()}:\\`);
  if (path.isAbsolute(rootKey)) return rootKey;
  if (v) throw imageReadOnly();
  throw new AppError('PATH_REJECTED', {
    en: `The restore record names "${rootKey}", which is neither a volume nor a folder of this computer.`,
    it: `Il registro del ripristino indica "${rootKey}", che non è né un volume né una cartella di questo computer.`,
  });
}

/**
 * The destination rule of a source whose live volumes are read-only (a disk image): no restore in
 * place (`to` null), and a `to` that names one of its volumes (`C:\…`, not a folder of this
 * computer) is refused the same way, in words; anything else must be a local folder.
 */
export function readOnlyDestination(to: string | null): Destination {
  if (to === null || (/^[a-z]:/i.test(to.trim()) && !path.isAbsolute(to.trim()))) throw imageReadOnly();
  return localDestination(to);
}

/** A disk image's volumes are never written: restores go to a folder of this computer. */
export function imageReadOnly(): AppError {
  return new AppError('IMAGE_READ_ONLY', {
    en: 'This disk image is opened read-only: restore to a folder of this computer instead (Restore to…).',
    it: 'Questa immagine disco è aperta in sola lettura: ripristinare invece in una cartella di questo computer (Ripristina in…).',
  });
}
