import { CONTEXT_ATTRIBUTE_MASK, PROVIDER_TYPE_NAMES, SNAPSHOT_STATE_NAMES, VSS_CTX, VSS_VOLSNAP_ATTR } from '../ffi/constants.js';
import type { RawProvider, RawSnapshot } from '../ffi/raw-types.js';
import type { Provider, ShadowCopy } from './types.js';

const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** FILETIME (100 ns ticks since 1601, UTC) → ISO 8601 UTC. */
export function filetimeToIso(ft: bigint): string {
  return new Date(Number((ft - FILETIME_UNIX_EPOCH) / 10000n)).toISOString();
}

/** ISO 8601 / Date → FILETIME, for driving the simulated clock. */
export function dateToFiletime(date: Date): bigint {
  return BigInt(date.getTime()) * 10000n + FILETIME_UNIX_EPOCH;
}

/** Attribute bits → names, in bit order, as vssadmin lists them. */
export function attributeNames(attrs: number): string[] {
  return Object.entries(VSS_VOLSNAP_ATTR)
    .filter(([, bit]) => (attrs & bit) !== 0)
    .map(([name]) => name);
}

/** The context a shadow copy was created in, recovered from its attribute bits. */
export function contextOf(attrs: number): { name: string; code: number } {
  const code = attrs & CONTEXT_ATTRIBUTE_MASK;
  const entry = Object.entries(VSS_CTX).find(([, v]) => v === code);
  return { name: entry ? entry[0] : `0x${code.toString(16)}`, code };
}

/** A decoded shadow copy; `volumeName` maps the GUID path to the friendly name. */
export function toShadowCopy(raw: RawSnapshot, volumeName: (guidPath: string) => string): ShadowCopy {
  const ctx = contextOf(raw.attributes);
  return {
    id: raw.snapshotId,
    setId: raw.snapshotSetId,
    setCount: raw.snapshotsCount,
    volume: volumeName(raw.originalVolumeName),
    volumeGuidPath: raw.originalVolumeName,
    deviceObject: raw.deviceObject,
    createdAt: filetimeToIso(raw.creationTimestamp),
    attributes: attributeNames(raw.attributes),
    attributesCode: raw.attributes,
    context: ctx.name,
    contextCode: ctx.code,
    providerId: raw.providerId,
    originatingMachine: raw.originatingMachine,
    serviceMachine: raw.serviceMachine,
    exposedName: raw.exposedName,
    exposedPath: raw.exposedPath,
    state: SNAPSHOT_STATE_NAMES[raw.status] ?? String(raw.status),
  };
}

/** A decoded provider. */
export function toProvider(raw: RawProvider): Provider {
  return {
    id: raw.providerId,
    name: raw.name,
    type: PROVIDER_TYPE_NAMES[raw.type] ?? String(raw.type),
    version: raw.version,
    versionId: raw.versionId,
    classId: raw.classId,
  };
}
