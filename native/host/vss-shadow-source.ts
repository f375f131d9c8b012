import { simExtras } from '../ffi/sim-extras.js';
import { windowsFileAttributes } from '../ffi/file-attributes.js';
import { windowsProcessIdentity } from '../ffi/process-identity.js';
import type { VssClient } from '../vss/vss-client.js';
import { NativeRootsSource } from '../restore/native-roots-source.js';
import type { FileAttributesPort, ShadowInfo } from '../restore/shadow-source.js';
import type { ProcessIdentityPort } from '../restore/restore-journal.js';

const CACHE_MS = 2000;

/**
 * The restore engine's view of the machine, over VssClient. On Windows a shadow copy's files are
 * read through its device object (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\`) and a live
 * volume is its own root; in the sim both are the stand-in's folders. The shadow list is cached for
 * a moment because browsing asks for it on every page; anything that changes copies calls
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

  constructor(client: VssClient) {
    super();
    this.#client = client;
  }

  invalidate(): void {
    this.#cache = undefined;
    this.#roots.clear();
    this.forgetTrees();
  }

  listShadows(): ShadowInfo[] {
    const now = Date.now();
    if (!this.#cache || now - this.#cache.at > CACHE_MS) {
      const shadows = this.#client.listShadows().map((s) => ({ id: s.id, setId: s.setId, volume: s.volume, createdAt: s.createdAt, deviceObject: s.deviceObject }));
      this.#cache = { at: now, shadows };
    }
    return this.#cache.shadows;
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
