import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NativeRootsSource } from '../restore/native-roots-source.js';
import type { ShadowInfo } from '../restore/shadow-source.js';

/**
 * A {@link ShadowSource} over plain temporary folders, for testing the restore engine without VSS:
 * `live/C/` is C:\, and {@link FolderSource.snapshot} freezes a copy the way the stand-in does.
 * Tests arrange files through {@link FolderSource.liveRoot} and {@link FolderSource.shadowRoot}; the
 * engine reads only through the trees.
 */
export class FolderSource extends NativeRootsSource {
  readonly base: string;
  readonly #shadows: ShadowInfo[] = [];
  #next = 1;

  constructor(volumes: string[] = ['C']) {
    super();
    this.base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-folders-'));
    for (const v of volumes) mkdirSync(path.join(this.base, 'live', v), { recursive: true });
  }

  /** Native folder of `C:\` etc. */
  liveRoot(volume: string): string {
    return path.join(this.base, 'live', volume.slice(0, 1).toUpperCase());
  }

  shadowRoot(shadow: ShadowInfo): string {
    return path.join(this.base, 'shadows', String(/(\d+)$/.exec(shadow.deviceObject)![1]));
  }

  listShadows(): ShadowInfo[] {
    return [...this.#shadows].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Freezes the live volume as a new shadow copy dated `createdAt` (timestamps preserved). */
  snapshot(volume: string, createdAt: Date): ShadowInfo {
    const n = this.#next++;
    const hex = n.toString(16).padStart(12, '0');
    const info: ShadowInfo = {
      id: `{00000000-0000-0000-0000-${hex}}`,
      setId: `{11111111-0000-0000-0000-${hex}}`,
      volume: `${volume.slice(0, 1).toUpperCase()}:\\`,
      createdAt: createdAt.toISOString(),
      deviceObject: `\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy${n}`,
    };
    cpSync(this.liveRoot(volume), this.shadowRoot(info), { recursive: true, preserveTimestamps: true });
    this.#shadows.push(info);
    return info;
  }

  dispose(): void {
    rmSync(this.base, { recursive: true, force: true });
  }
}
