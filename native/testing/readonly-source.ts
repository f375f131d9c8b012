import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readOnlyDestination, writeRootOf, type Destination } from '../restore/destination.js';
import type { FileTree } from '../restore/file-tree.js';
import { FsTree } from '../restore/fs-tree.js';
import type { ShadowInfo, ShadowSource } from '../restore/shadow-source.js';
import { FolderSource } from './folder-source.js';

/**
 * A {@link ShadowSource} shaped like a disk image: its live volumes and shadow copies are read-only
 * trees (here over the folders of a {@link FolderSource}, case kept as NTFS in an image keeps it), an
 * in-place restore is refused in words (IMAGE_READ_ONLY), and a restore goes `to` a real folder of
 * this computer, `local/` below {@link ReadOnlySource.base} or any other absolute folder. Tests arrange
 * files through {@link ReadOnlySource.folders} exactly as with a FolderSource.
 */
export class ReadOnlySource implements ShadowSource {
  /** Where the "image" volumes and copies are arranged (live/C, shadows/N). */
  readonly folders: FolderSource;
  /** A folder of this computer to restore to. */
  readonly local: string;
  readonly #extra: string;
  readonly #trees = new Map<string, FsTree>();

  constructor(volumes: string[] = ['C']) {
    this.folders = new FolderSource(volumes);
    this.#extra = mkdtempSync(path.join(tmpdir(), 'shadowdesk-local-'));
    this.local = path.join(this.#extra, 'restored');
    mkdirSync(this.local);
  }

  listShadows(): ShadowInfo[] {
    return this.folders.listShadows();
  }

  liveTree(volume: string): FileTree {
    return this.#tree(this.folders.liveRoot(volume), `The volume ${volume}`);
  }

  shadowTree(shadow: ShadowInfo): FileTree {
    return this.#tree(this.folders.shadowRoot(shadow), 'The shadow copy');
  }

  /** Never the image's own volumes: only an absolute folder of this computer. */
  destination(to: string | null): Destination {
    return readOnlyDestination(to);
  }

  writeRoot(rootKey: string): string {
    return writeRootOf(rootKey, null);
  }

  #tree(root: string, what: string): FsTree {
    let tree = this.#trees.get(root);
    if (!tree) {
      tree = new FsTree(root, { what, foldCase: false });
      this.#trees.set(root, tree);
    }
    return tree;
  }

  dispose(): void {
    this.folders.dispose();
    rmSync(this.#extra, { recursive: true, force: true });
  }
}
