import { simExtras } from '../ffi/sim-extras.js';
import { windowsFileAttributes } from '../ffi/file-attributes.js';
import { windowsProcessIdentity } from '../ffi/process-identity.js';
import type { VssClient } from '../vss/vss-client.js';
import { volumeDestination, writeRootOf, type Destination } from '../restore/destination.js';
import type { FileTree } from '../restore/file-tree.js';
import { FsTree } from '../restore/fs-tree.js';
import type { FileAttributesPort, ShadowInfo, ShadowSource } from '../restore/shadow-source.js';
import type { ProcessIdentityPort } from '../restore/restore-journal.js';

const CACHE_MS = 2000;

/**
 * The restore engine's view of the machine, over VssClient. On Windows a shadow copy's files are
 * read through its device object (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\`) and a live
 * volume is its own root; in the sim both are the stand-in's folders. The shadow list is cached for
 * a moment because browsing asks for it on every page; anything that changes copies calls
 * {@link VssShadowSource.invalidate}.
 */
export class VssShadowSource implements ShadowSource {
  readonly #client: VssClient;
  readonly fileAttributes: FileAttributesPort | undefined = windowsFileAttributes();
  /** Windows: restore owners by creation time, so a reused pid is not taken for a crashed host. */
  readonly processes: ProcessIdentityPort | undefined = windowsProcessIdentity();
  #cache: { at: number; shadows: ShadowInfo[] } | undefined;
  /** Device object → folder; a copy's folder never changes while the copy exists. */
  readonly #roots = new Map<string, string>();
  /** Root folder → its tree, so a tree's proven folders (and browse's listing cache) outlive one call. */
  readonly #trees = new Map<string, FsTree>();

  constructor(client: VssClient) {
    this.#client = client;
  }

  invalidate(): void {
    this.#cache = undefined;
    this.#roots.clear();
    this.#trees.clear();
  }

  listShadows(): ShadowInfo[] {
    const now = Date.now();
    if (!this.#cache || now - this.#cache.at > CACHE_MS) {
      const shadows = this.#client.listShadows().map((s) => ({ id: s.id, setId: s.setId, volume: s.volume, createdAt: s.createdAt, deviceObject: s.deviceObject }));
      this.#cache = { at: now, shadows };
    }
    return this.#cache.shadows;
  }

  liveTree(volume: string): FileTree {
    return this.#tree(this.liveRoot(volume), `The volume ${volume}`);
  }

  shadowTree(shadow: ShadowInfo): FileTree {
    return this.#tree(this.shadowRoot(shadow), 'The shadow copy');
  }

  /** `C:\…` on this machine's volumes; restores write where the user's files are. */
  destination(to: string | null, volume: string): Destination {
    return volumeDestination(to ?? volume, (v) => this.liveRoot(v));
  }

  /** Volumes through {@link liveRoot}; a folder key (a restore from a disk image) as itself, for undo and recovery. */
  writeRoot(rootKey: string): string {
    return writeRootOf(rootKey, (v) => this.liveRoot(v));
  }

  #tree(root: string, what: string): FsTree {
    let tree = this.#trees.get(root);
    if (!tree) {
      tree = new FsTree(root, { what, attributes: this.fileAttributes });
      this.#trees.set(root, tree);
    }
    return tree;
  }

  /** Native folder of a live volume's root (the sim's folder, or the volume itself on Windows). */
  liveRoot(volume: string): string {
    const sim = simExtras();
    return sim ? sim.volumeFolder(volume) : volume;
  }

  /** Native folder of a shadow copy's root (its device object on Windows, the stand-in's frozen folder in the sim). */
  shadowRoot(shadow: ShadowInfo): string {
    let root = this.#roots.get(shadow.deviceObject);
    if (root === undefined) {
      const sim = simExtras();
      root = sim ? sim.deviceFolder(shadow.deviceObject) : `${shadow.deviceObject}\\`;
      this.#roots.set(shadow.deviceObject, root);
    }
    return root;
  }
}
