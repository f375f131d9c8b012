import type { ShadowCopy, StorageArea, Volume } from '../../api/contract-types';

/** GUID paths compare case-insensitively (Windows writes them in either case). */
export function sameVolume(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The shadow copies of one volume, oldest first (the order Windows deletes them in). */
export function copiesOf(volume: Volume, shadows: readonly ShadowCopy[]): ShadowCopy[] {
  return shadows
    .filter((s) => sameVolume(s.volumeGuidPath, volume.guidPath))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The shadow storage association of a volume, if it has one. */
export function storageOf(volume: Volume, storage: readonly StorageArea[]): StorageArea | undefined {
  return storage.find((a) => sameVolume(a.volumeGuidPath, volume.guidPath));
}

/** "Windows (C:)", as Explorer names a volume; a mount folder or GUID path stays as it is. */
export function volumeTitle(volume: Volume, untitled: string): string {
  const letter = /^[A-Za-z]:\\$/.test(volume.name) ? volume.name.slice(0, 2) : null;
  const label = volume.label || untitled;
  return letter ? `${label} (${letter})` : `${label} — ${volume.name}`;
}

