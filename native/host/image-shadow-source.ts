import type { FileTree } from '../restore/file-tree.js';
import type { ShadowInfo } from '../restore/shadow-source.js';
import type { HostSource, OpenedImage } from './host-session.js';
import { deviceObjectOf, shadowIdOf, volumeNameOf, type ImageMachine } from './image-machine.js';
import { AppError } from '../vss/app-error.js';
import { readOnlyDestination, writeRootOf, type Destination } from '../restore/destination.js';

/**
 * The restore engine's view of a disk image: each readable store of each NTFS volume is a shadow
 * copy, the volume as the image holds it is "now", and both are read through libfsntfs. Nothing is
 * ever written into the image: restores go to a folder of this computer.
 */
export class ImageShadowSource implements HostSource {
  readonly #image: OpenedImage;
  readonly #machine: ImageMachine;
  readonly #shadows: ShadowInfo[];
  /** Shadow id → where its store is, and its tree once opened (a store never changes). */
  readonly #stores = new Map<string, { letter: string; index: number; tree?: FileTree }>();
  readonly #live = new Map<string, FileTree>();

  constructor(image: OpenedImage, machine: ImageMachine) {
    this.#image = image;
    this.#machine = machine;
    const shadows: ShadowInfo[] = [];
    for (const v of image.summary.volumes) {
      if (!v.letter) continue;
      for (const s of v.stores) {
        const id = shadowIdOf(s);
        shadows.push({ id, setId: s.setId, volume: volumeNameOf(v), createdAt: s.createdAt, deviceObject: deviceObjectOf(v, s) });
        this.#stores.set(id, { letter: v.letter, index: s.index });
      }
    }
    this.#shadows = shadows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** An image never changes while it is open: nothing to read again. */
  invalidate(): void {}

  listShadows(): ShadowInfo[] {
    return this.#shadows;
  }

  shadowTree(shadow: ShadowInfo): FileTree {
    const store = this.#stores.get(shadow.id);
    if (!store) throw new AppError('SHADOW_NOT_FOUND', { en: `No shadow copy ${shadow.id} in this disk image.`, it: `Nessuna copia shadow ${shadow.id} in questa immagine disco.` });
    const v = this.#machine.volumeOf(store.letter);
    const problem = v.stores.find((s) => s.index === store.index)?.problem;
    if (problem) throw new AppError(problem.code, { en: problem.en, it: problem.it });
    store.tree ??= this.#image.storeTree(store.letter, store.index);
    return store.tree;
  }

  /** Never into the image: only `to` an absolute folder of this computer (IMAGE_READ_ONLY otherwise). */
  destination(to: string | null): Destination {
    return readOnlyDestination(to);
  }

  /** A journal's folder of this computer; a volume key would be the image's, which is never written. */
  writeRoot(rootKey: string): string {
    return writeRootOf(rootKey, null);
  }

  liveTree(volume: string): FileTree {
    const v = this.#machine.volumeOf(volume);
    const letter = v.letter!;
    let tree = this.#live.get(letter);
    if (!tree) {
      if (v.problem) throw new AppError(v.problem.code, { en: v.problem.en, it: v.problem.it });
      tree = this.#image.liveTree(letter);
      this.#live.set(letter, tree);
    }
    return tree;
  }
}
