import type { ProcessIdentityPort } from './restore-journal.js';

/** A shadow copy as the restore engine needs it: which volume, when, and where its files are. */
export interface ShadowInfo {
  id: string;
  setId: string;
  /** `C:\` */
  volume: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  deviceObject: string;
}

/**
 * Windows file attribute bits (FILE_ATTRIBUTE_*), read and written through kernel32 where the
 * platform has them. Node's fs has no API for them, so the host plugs this in on Windows.
 */
export interface FileAttributesPort {
  /** The attribute bits of a file or folder, or null when they cannot be read. */
  get(nativePath: string): number | null;
  /** Sets the attribute bits; false when Windows refused. */
  set(nativePath: string, attributes: number): boolean;
}

/**
 * Where files live, as the restore engine sees them. The VSS host implements it over VssClient (on
 * Windows a shadow's root is `\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\`; in the sim it is the
 * stand-in's frozen folder); tests implement it over plain temporary folders. The engine itself never
 * talks to VSS, so it reads and writes files with ordinary Node APIs only.
 */
export interface ShadowSource {
  /** Every shadow copy, oldest first. */
  listShadows(): ShadowInfo[];
  /** Native folder of a live volume's root, e.g. `C:\` on Windows. */
  liveRoot(volume: string): string;
  /** Native folder of a shadow copy's root. */
  shadowRoot(shadow: ShadowInfo): string;
  /** Windows attributes, on Windows only: shown when browsing and carried over by a restore. */
  readonly fileAttributes?: FileAttributesPort;
  /** Windows: tells a restore's owner from a later process with its pid (Linux reads /proc itself). */
  readonly processes?: ProcessIdentityPort;
}

/** Finds a shadow by full id (with or without braces, any case) or by a unique prefix of it. */
export function findShadow(source: ShadowSource, idOrPrefix: string): ShadowInfo | undefined {
  const key = idOrPrefix.trim().toLowerCase().replace(/^\{/, '').replace(/\}$/, '');
  if (key.length < 4) return undefined;
  const all = source.listShadows();
  const exact = all.find((s) => s.id.slice(1, -1) === key);
  if (exact) return exact;
  const hits = all.filter((s) => s.id.slice(1).startsWith(key));
  return hits.length === 1 ? hits[0] : undefined;
}
