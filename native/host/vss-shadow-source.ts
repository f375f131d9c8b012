import { simExtras } from '../ffi/sim-extras.js';
import { windowsFileAttributes } from '../ffi/file-attributes.js';
import { windowsProcessIdentity } from '../ffi/process-identity.js';
import type { VssClient } from '../vss/vss-client.js';
import { NativeRootsSource } from '../restore/native-roots-source.js';
import type { FileAttributesPort, ShadowInfo } from '../restore/shadow-source.js';
import type { ProcessIdentityPort } from '../restore/restore-journal.js';

/**
 * How long the shadow list is trusted. Listing is cheap now (QuerySnapshots and one mount-point
 * lookup per volume, a few ms), but browse, versions and search ask for it on every call. Copies
 * change behind our back only through another process (a scheduled copy, vssadmin, storage pressure):
 * a copy asked for by id that the kept list lacks is looked up again at once ({@link refreshShadows}),
 * a deleted copy's folder is gone so nothing can be read from it (the trees refuse a missing root, and
 * browse checks the copy is still there), and a copy made elsewhere shows up in whole-volume
 * operations after at most this long. Anything this process changes calls {@link invalidate}.
 */
const CACHE_MS = 2000;

/**
 * The restore engine's view of the machine, over VssClient. On Windows a shadow copy's files are
 * read through its device object (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\`) and a live
 * volume is its own root; in the sim both are the stand-in's folders. The shadow list is kept for a
 * moment because browsing asks for it on every page; anything that changes copies calls
 * {@link VssShadowSource.invalidate}.
 */
export class VssShadowSource extends NativeRootsSource {
  readonly #client: VssClient;
  override readonly fileAttributes: FileAttributesPort | undefined = windowsFileAttributes();
  /** Windows: restore owners by creation time, so a reused pid is not taken for a crashed host. */
  readonly processes: ProcessIdentityPort | undefined = windowsProcessIdentity();
  #cache: { at: number; shadows: ShadowInfo[] } | undefined;
  /** Device object → folder; a copy's folder never changes while the copy exists. */
  readonly #roots = new Map<string, string>();
  /** Volume → its live folder (an FFI call in the sim); forgotten with everything else on invalidate. */
  readonly #liveRoots = new Map<string, string>();

  constructor(client: VssClient) {
    super();
    this.#client = client;
  }

  invalidate(): void {
    this.#cache = undefined;
    this.#roots.clear();
    this.#liveRoots.clear();
    this.forgetTrees();
  }

  listShadows(): ShadowInfo[] {
    if (!this.#cache || Date.now() - this.#cache.at > CACHE_MS) return this.refreshShadows();
    return this.#cache.shadows;
  }

  /** Asks VSS again, whatever is kept: a copy another process made just now is in the answer. */
  refreshShadows(): ShadowInfo[] {
    const shadows = this.#client.listShadows().map((s) => ({ id: s.id, setId: s.setId, volume: s.volume, createdAt: s.createdAt, deviceObject: s.deviceObject }));
    this.#cache = { at: Date.now(), shadows };
    return shadows;
  }

  /** Native folder of a live volume's root (the sim's folder, or the volume itself on Windows). */
  liveRoot(volume: string): string {
    let root = this.#liveRoots.get(volume);
    if (root === undefined) {
      const sim = simExtras();
      root = sim ? sim.volumeFolder(volume) : volume;
      this.#liveRoots.set(volume, root);
    }
    return root;
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
