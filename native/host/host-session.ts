import type { VssClient } from '../vss/vss-client.js';
import type { ImageSummary } from '../image/image-types.js';
import type { FileTree } from '../restore/file-tree.js';
import type { ShadowSource } from '../restore/shadow-source.js';
import { ImageMachine } from './image-machine.js';

/**
 * The management operations every backend answers: VssClient for this computer (Windows' VSS or the
 * stand-in), ImageMachine for a disk image. The handlers call only these.
 */
export type Machine = Pick<
  VssClient,
  | 'listVolumes' | 'listShadows' | 'listShadowSets' | 'listWriters' | 'writerDetails' | 'listProviders' | 'listStorage'
  | 'storageMinimumBytes' | 'createShadows' | 'deleteShadows' | 'resizeStorage' | 'addStorage'
>;

/** A shadow source the host can tell that copies changed (its cached list is then read again). */
export type HostSource = ShadowSource & { invalidate(): void };

/** A disk image as the reader opened it (native/image): what the session needs of it. */
export interface OpenedImage {
  readonly summary: ImageSummary;
  liveTree(letter: string): FileTree;
  storeTree(letter: string, storeIndex: number): FileTree;
  close(): void;
}

/** What one operation works on: the machine, the restore engine's source, and the image if one is open. */
export interface SessionView {
  machine: Machine;
  source: HostSource;
  image: ImageMachine | null;
}

/** How the session opens an image and builds the restore engine's view of it (injected for tests). */
export interface ImageOpeners {
  /** Loaded on first use, so the libyal libraries cost nothing to a host that never opens an image. */
  open(path: string): Promise<OpenedImage>;
  source(image: OpenedImage, machine: ImageMachine): HostSource;
}

interface OpenImageEntry {
  image: OpenedImage;
  view: SessionView;
  /** Operations still using it: it is freed only when the last one ends. */
  users: number;
  closed: boolean;
  freed: boolean;
}

/**
 * What the host's operations work on: this computer, or a disk image opened read-only, switched by
 * openImage / closeImage. An operation takes its view when it starts and keeps it to the end, and an
 * image is freed only once no operation uses it any more: libyal's handles must never be freed under
 * a search or restore still reading through them (that would be a use after free in C).
 */
export class HostSession {
  readonly #computer: SessionView;
  /** This computer's VSS (or the stand-in): the health check, about and self-test describe it. */
  readonly client: VssClient;
  readonly #openers: ImageOpeners;
  #current: OpenImageEntry | null = null;

  constructor(computer: { client: VssClient; source: HostSource }, openers: ImageOpeners) {
    this.client = computer.client;
    this.#computer = { machine: computer.client, source: computer.source, image: null };
    this.#openers = openers;
  }

  /** The image every operation works on now, or null for this computer. */
  get image(): ImageSummary | null {
    return this.#current?.image.summary ?? null;
  }

  /** This computer's view, whatever is open (self-test and about describe this computer). */
  get computer(): SessionView {
    return this.#computer;
  }

  /** Runs one operation on what is current when it starts, holding an image open until it ends. */
  async use<T>(work: (view: SessionView) => T | Promise<T>): Promise<T> {
    const entry = this.#current;
    if (!entry) return work(this.#computer);
    entry.users++;
    try {
      return await work(entry.view);
    } finally {
      entry.users--;
      this.#freeIfDone(entry);
    }
  }

  /**
   * Opens an image read-only and makes it current. A failure leaves the current choice as it was;
   * a previous image is closed once its last operation ends.
   */
  async openImage(path: string): Promise<ImageSummary> {
    const image = await this.#openers.open(path);
    let source: HostSource;
    const machine = new ImageMachine(image.summary);
    try {
      source = this.#openers.source(image, machine);
    } catch (err) {
      image.close();
      throw err;
    }
    this.closeImage();
    this.#current = { image, view: { machine, source, image: machine }, users: 0, closed: false, freed: false };
    return image.summary;
  }

  /** Back to this computer. */
  closeImage(): void {
    const entry = this.#current;
    if (!entry) return;
    this.#current = null;
    entry.closed = true;
    this.#freeIfDone(entry);
  }

  #freeIfDone(entry: OpenImageEntry): void {
    if (!entry.closed || entry.users > 0 || entry.freed) return;
    entry.freed = true;
    entry.image.close();
  }
}
