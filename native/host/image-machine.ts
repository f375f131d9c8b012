import { attributeNames, contextOf } from '../vss/decode.js';
import { AppError } from '../vss/app-error.js';
import type { CreateResult, DeleteResult, Provider, ShadowCopy, ShadowSet, StorageArea, Volume, Writer, WriterDetail } from '../vss/types.js';
import type { ImageStore, ImageSummary, ImageVolume } from '../image/image-types.js';

/**
 * Why a shadow copy or its storage cannot be created, deleted or resized on an image: the same code
 * as a refused restore into it (IMAGE_READ_ONLY), with a sentence about what was asked.
 */
export function imageUnchangeable(): AppError {
  return new AppError('IMAGE_READ_ONLY', {
    en: 'This disk image is opened read-only: ShadowDesk never changes it, so its shadow copies and their storage cannot be created, deleted or resized. Its copies can be browsed and restored to a folder of this computer.',
    it: "Questa immagine disco è aperta in sola lettura: ShadowDesk non la modifica mai, quindi le sue copie shadow e la relativa archiviazione non possono essere create, eliminate o ridimensionate. Le sue copie si possono sfogliare e ripristinare in una cartella di questo computer.",
  });
}

/** `C:` → `C:\`, the volume name every other backend uses. */
export function volumeNameOf(v: ImageVolume): string {
  return v.letter ? `${v.letter.slice(0, 1).toUpperCase()}:\\` : `Partition ${v.partition}`;
}

/**
 * A stable stand-in for Windows' `\\?\Volume{GUID}\`: an image's volumes have no GUID paths of this
 * computer, and the shapes stay the same as on the other backends (the window keys volumes by it).
 */
function guidPathOf(v: ImageVolume): string {
  return `image:partition${v.partition}`;
}

/**
 * The id a store goes by. A store whose data lies on another volume has its shadow copy id there too,
 * so libvshadow's own store identifier stands in: it is still listed (and explained), never dropped.
 */
export function shadowIdOf(store: ImageStore): string {
  return store.id || store.storeIdentifier || `{store-${store.index}}`;
}

/** Where an image's copy lives, for ShadowInfo.deviceObject: no device of this computer. */
export function deviceObjectOf(v: ImageVolume, store: ImageStore): string {
  return `image:partition${v.partition}:store${store.index}`;
}

/**
 * The image backend's answers to the management operations, with the same JSON shapes as VssClient
 * gives for this computer, so the CLI, `serve` and the window need nothing new to list an image's
 * volumes and copies. Everything that would change a machine is refused in words: an image is opened
 * read-only, and its writers, providers and shadow storage settings belong to a Windows that is not
 * running.
 */
export class ImageMachine {
  readonly #summary: ImageSummary;

  constructor(summary: ImageSummary) {
    this.#summary = summary;
  }

  get summary(): ImageSummary {
    return this.#summary;
  }

  listVolumes(): Volume[] {
    return this.#summary.volumes.map((v) => ({
      name: volumeNameOf(v),
      guidPath: guidPathOf(v),
      mountPoints: v.letter ? [volumeNameOf(v)] : [],
      label: v.label,
      fileSystem: v.fileSystem,
      capacityBytes: v.sizeBytes,
      // Free space would need the volume's $Bitmap read end to end; never a made-up number.
      freeBytes: null,
      driveType: 'Disk image',
      mediaPresent: true,
      shadowCopySupported: v.letter !== null && v.problem === null,
    }));
  }

  listShadows(filter: { volume?: string } = {}): ShadowCopy[] {
    const want = filter.volume ? normalizeVolume(filter.volume) : null;
    const out: ShadowCopy[] = [];
    for (const v of this.#summary.volumes) {
      if (!v.letter) continue;
      const name = volumeNameOf(v);
      if (want && name !== want) continue;
      for (const s of v.stores) out.push(this.#toShadowCopy(v, s));
    }
    if (want && !this.#summary.volumes.some((v) => v.letter && volumeNameOf(v) === want)) throw this.#noSuchVolume(filter.volume ?? '');
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  listShadowSets(filter: { volume?: string } = {}): ShadowSet[] {
    const sets = new Map<string, ShadowSet>();
    for (const s of this.listShadows(filter)) {
      const set = sets.get(s.setId) ?? { setId: s.setId, createdAt: s.createdAt, shadows: [] };
      set.shadows.push(s);
      sets.set(s.setId, set);
    }
    return [...sets.values()];
  }

  /** A disk image has no running Windows, so no writers and no providers answer. */
  listWriters(): Writer[] {
    return [];
  }

  writerDetails(): WriterDetail[] {
    return [];
  }

  listProviders(): Provider[] {
    return [];
  }

  /** Shadow storage associations live in the registry of the Windows that made the image: none to list here. */
  listStorage(): StorageArea[] {
    return [];
  }

  storageMinimumBytes(): number {
    throw imageUnchangeable();
  }

  createShadows(): CreateResult {
    throw imageUnchangeable();
  }

  deleteShadows(): DeleteResult {
    throw imageUnchangeable();
  }

  resizeStorage(): never {
    throw imageUnchangeable();
  }

  addStorage(): never {
    throw imageUnchangeable();
  }

  /** The image volume a `C:\` name stands for, refused in words when the image has none. */
  volumeOf(name: string): ImageVolume {
    const want = normalizeVolume(name);
    const v = this.#summary.volumes.find((x) => x.letter && volumeNameOf(x) === want);
    if (!v) throw this.#noSuchVolume(name);
    return v;
  }

  #noSuchVolume(name: string): AppError {
    const letters = this.#summary.volumes.filter((v) => v.letter).map((v) => v.letter).join(', ') || '—';
    return new AppError('VOLUME_NOT_FOUND', {
      en: `The disk image has no NTFS volume "${name}". Its volumes: ${letters}.`,
      it: `L'immagine disco non ha un volume NTFS "${name}". I suoi volumi: ${letters}.`,
    });
  }

  #toShadowCopy(v: ImageVolume, s: ImageStore): ShadowCopy {
    // As VssClient does: the context is recovered from the attribute bits.
    const ctx = contextOf(s.attributesCode);
    return {
      id: shadowIdOf(s),
      setId: s.setId,
      setCount: this.#summary.volumes.reduce((n, x) => n + x.stores.filter((y) => y.setId === s.setId).length, 0),
      volume: volumeNameOf(v),
      volumeGuidPath: guidPathOf(v),
      deviceObject: deviceObjectOf(v, s),
      createdAt: s.createdAt,
      attributes: attributeNames(s.attributesCode),
      attributesCode: s.attributesCode,
      context: ctx.name,
      contextCode: ctx.code,
      // The catalog does not record which provider made the copy.
      providerId: '',
      originatingMachine: s.originatingMachine,
      serviceMachine: s.serviceMachine,
      exposedName: null,
      exposedPath: null,
      // A copy in a catalog is one Windows finished making; one this computer cannot read says why elsewhere.
      state: 'CREATED',
    };
  }
}

/** `c`, `C:`, `c:/` → `C:\`. */
function normalizeVolume(text: string): string {
  const m = /^\s*([a-z])(:[\\/]?)?\s*$/i.exec(text);
  return m ? `${m[1]!.toUpperCase()}:\\` : text.trim();
}
