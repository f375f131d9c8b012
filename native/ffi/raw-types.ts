/** A shadow copy as VSS_SNAPSHOT_PROP describes it, decoded but not yet interpreted. */
export interface RawSnapshot {
  snapshotId: string;
  snapshotSetId: string;
  snapshotsCount: number;
  deviceObject: string;
  originalVolumeName: string;
  originatingMachine: string;
  serviceMachine: string;
  exposedName: string | null;
  exposedPath: string | null;
  providerId: string;
  attributes: number;
  creationTimestamp: bigint;
  status: number;
}

/** A provider as VSS_PROVIDER_PROP describes it. */
export interface RawProvider {
  providerId: string;
  name: string;
  type: number;
  version: string;
  versionId: string;
  classId: string;
}

/** One row of GetWriterStatus. */
export interface RawWriterStatus {
  instanceId: string;
  writerId: string;
  name: string;
  state: number;
  failure: number;
}

/** A writer's file specification (IVssWMFiledesc). */
export interface RawFiledesc {
  path: string;
  filespec: string;
  recursive: boolean;
}

/** A writer component (VSS_COMPONENTINFO + its files). */
export interface RawComponent {
  type: number;
  logicalPath: string | null;
  name: string;
  caption: string | null;
  selectable: boolean;
  selectableForRestore: boolean;
  files: RawFiledesc[];
  /** Database and log files (VSS_CT_DATABASE components): they count for the volumes a component needs. */
  databaseFiles: RawFiledesc[];
  logFiles: RawFiledesc[];
}

/** A writer's metadata (IVssExamineWriterMetadata). */
export interface RawWriterMetadata {
  instanceId: string;
  writerId: string;
  name: string;
  usage: number;
  source: number;
  components: RawComponent[];
}

/** A VSS_DIFF_AREA_PROP row: one shadow storage association. */
export interface RawDiffArea {
  volumeName: string;
  diffAreaVolumeName: string;
  maximumBytes: bigint;
  allocatedBytes: bigint;
  usedBytes: bigint;
}

/** A VSS_VOLUME_PROP row. */
export interface RawVolumeProp {
  volumeName: string;
  displayName: string;
}

/** A VSS_DIFF_VOLUME_PROP row. */
export interface RawDiffVolumeProp extends RawVolumeProp {
  freeBytes: bigint;
  totalBytes: bigint;
}
