/**
 * What VssClient returns: plain JSON-able data with camelCase fields, so the same objects serve the
 * CLI's --json, the host protocol and the renderer without another mapping layer.
 */

/** A volume, with its shadow-copy support. */
export interface Volume {
  /** `C:\` when the volume has a drive letter, else its first mount folder, else its GUID path. */
  name: string;
  guidPath: string;
  /** Drive letter and mount folders, as Windows lists them; empty for a volume without a mount point (EFI, recovery). */
  mountPoints: string[];
  /** '' when the volume has none, or Windows cannot tell (no media). */
  label: string;
  /** '' when Windows cannot tell (no media). */
  fileSystem: string;
  /** null when Windows cannot tell (a drive with no media): never a made-up 0. */
  capacityBytes: number | null;
  freeBytes: number | null;
  driveType: string;
  /** false for a drive with nothing in it (an empty card reader or DVD drive). */
  mediaPresent: boolean;
  /** null when unknown: VSS refuses to say without administrator rights (E_ACCESSDENIED). */
  shadowCopySupported: boolean | null;
}

/** One shadow copy, every property decoded. */
export interface ShadowCopy {
  id: string;
  setId: string;
  setCount: number;
  volume: string;
  volumeGuidPath: string;
  deviceObject: string;
  createdAt: string;
  attributes: string[];
  attributesCode: number;
  context: string;
  contextCode: number;
  providerId: string;
  originatingMachine: string;
  serviceMachine: string;
  exposedName: string | null;
  exposedPath: string | null;
  state: string;
}

/** The shadow copies created together by one DoSnapshotSet. */
export interface ShadowSet {
  setId: string;
  createdAt: string;
  shadows: ShadowCopy[];
}

/** A registered VSS provider. */
export interface Provider {
  id: string;
  name: string;
  type: string;
  version: string;
  versionId: string;
  classId: string;
}

/** A writer's status, as `vssadmin list writers` shows it. */
export interface Writer {
  name: string;
  writerId: string;
  instanceId: string;
  state: string;
  stateCode: number;
  lastError: string | null;
  lastErrorCode: number;
}

/** A file specification of a writer component. */
export interface WriterFile {
  path: string;
  filespec: string;
  recursive: boolean;
}

/** A writer component. */
export interface WriterComponent {
  name: string;
  logicalPath: string | null;
  caption: string | null;
  type: string;
  selectable: boolean;
  files: WriterFile[];
}

/** A writer's metadata: identity, usage and components. */
export interface WriterDetail {
  name: string;
  writerId: string;
  instanceId: string;
  usage: string;
  source: string;
  components: WriterComponent[];
}

/** A shadow storage association. */
export interface StorageArea {
  volume: string;
  volumeGuidPath: string;
  storageVolume: string;
  storageVolumeGuidPath: string;
  usedBytes: number;
  allocatedBytes: number;
  /** null when unbounded. */
  maxBytes: number | null;
}

/** Outcome of creating a shadow copy set. */
export interface CreateResult {
  setId: string;
  shadows: ShadowCopy[];
  /** Older copies VSS deleted to make room (shadow storage pressure). */
  deletedToMakeRoom: string[];
  withWriters: boolean;
  /** Writers that reported a failure but took no part in this copy, so the copy stands (see CreateWarning). */
  warnings: CreateWarning[];
}

/**
 * A writer that failed during a create with writers without failing it: it has no data on the chosen
 * volumes (vshadow selects writers the same way), or it failed at identify and so gave no metadata.
 * Its own data is not protected by this copy; the people who run it should look at it.
 */
export interface CreateWarning extends Writer {
  reason: 'failed-at-identify' | 'not-on-these-volumes';
}

/** What to delete. */
export type DeleteTarget =
  | { kind: 'shadow'; id: string }
  | { kind: 'set'; id: string }
  | { kind: 'oldest'; volume: string }
  | { kind: 'all'; volume: string };

/** Outcome of a delete. */
export interface DeleteResult {
  deletedCount: number;
  deletedIds: string[];
}

/** A new maximum for shadow storage. */
export type StorageMax = { kind: 'bytes'; bytes: number } | { kind: 'percent'; percent: number } | { kind: 'unbounded' };
