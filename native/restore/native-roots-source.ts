import { existsSync } from 'node:fs';
import { volumeDestination, writeRootOf, type Destination } from './destination.js';
import type { FileTree } from './file-tree.js';
import { FsTree } from './fs-tree.js';
import type { FileAttributesPort, ShadowInfo, ShadowSource } from './shadow-source.js';

/**
 * A {@link ShadowSource} whose volumes and copies are folders of this machine (the VSS host on
 * Windows and over the simulated machine, the test sources): it says where a volume's and a copy's
 * root folder is, and this gives the trees over them, one per root, so a tree's proven folders (and
 * browse's listing cache) outlive one call, and restores write onto the live volume.
 */
export abstract class NativeRootsSource implements ShadowSource {
  /** Windows attributes, where the platform has them: shown when browsing, carried over by a restore. */
  readonly fileAttributes?: FileAttributesPort;
  readonly #trees = new Map<string, FsTree>();

  abstract listShadows(): ShadowInfo[];
  /** Native folder of a live volume's root, e.g. `C:\` on Windows. */
  abstract liveRoot(volume: string): string;
  /** Native folder of a shadow copy's root. */
  abstract shadowRoot(shadow: ShadowInfo): string;

  liveTree(volume: string): FileTree {
    return this.#tree(this.liveRoot(volume), `The volume ${volume.slice(0, 1).toUpperCase()}:\\`);
  }

  shadowTree(shadow: ShadowInfo): FileTree {
    return this.#tree(this.shadowRoot(shadow), 'The shadow copy');
  }

  /** The copy's root folder is there (a deleted copy's device object or folder is gone). */
  shadowPresent(shadow: ShadowInfo): boolean {
    return existsSync(this.shadowRoot(shadow));
  }

  /** `C:\…` on this machine's volumes; restores write where the user's files are. */
  destination(to: string | null, volume: string): Destination {
    return volumeDestination(to ?? volume, (v) => this.liveRoot(v));
  }

  /** Volumes through {@link liveRoot}; a folder key (a restore from a disk image) as itself, for undo and recovery. */
  writeRoot(rootKey: string): string {
    return writeRootOf(rootKey, (v) => this.liveRoot(v));
  }

  /** Forgets the trees (their roots may have changed: copies came or went). */
  protected forgetTrees(): void {
    this.#trees.clear();
  }

  #tree(root: string, what: string): FsTree {
    let tree = this.#trees.get(root);
    if (!tree) {
      tree = new FsTree(root, { what, attributes: this.fileAttributes });
      this.#trees.set(root, tree);
    }
    return tree;
  }
}
