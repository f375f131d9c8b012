/** VSS_SNAPSHOT_CONTEXT values (vss.h). A context is a set of VSS_VOLSNAP_ATTR_* bits. */
export const VSS_CTX = {
  BACKUP: 0x00,
  FILE_SHARE_BACKUP: 0x10,
  NAS_ROLLBACK: 0x19,
  APP_ROLLBACK: 0x09,
  CLIENT_ACCESSIBLE: 0x1d,
  CLIENT_ACCESSIBLE_WRITERS: 0x0d,
  ALL: -1,
} as const;

/** The attribute bits that make up a context, used to tell which context a shadow copy was made in. */
export const CONTEXT_ATTRIBUTE_MASK = 0x1d;

/** VSS_VOLSNAP_ATTR_* bits, named as vssadmin names them. */
export const VSS_VOLSNAP_ATTR: Readonly<Record<string, number>> = {
  PERSISTENT: 0x1,
  NO_AUTORECOVERY: 0x2,
  CLIENT_ACCESSIBLE: 0x4,
  NO_AUTO_RELEASE: 0x8,
  NO_WRITERS: 0x10,
  TRANSPORTABLE: 0x20,
  NOT_SURFACED: 0x40,
  NOT_TRANSACTED: 0x80,
  HARDWARE_ASSISTED: 0x10000,
  DIFFERENTIAL: 0x20000,
  PLEX: 0x40000,
  IMPORTED: 0x80000,
  EXPOSED_LOCALLY: 0x100000,
  EXPOSED_REMOTELY: 0x200000,
  AUTORECOVER: 0x400000,
  ROLLBACK_RECOVERY: 0x800000,
  DELAYED_POSTSNAPSHOT: 0x1000000,
  TXF_RECOVERY: 0x2000000,
  FILE_SHARE: 0x4000000,
};

/** VSS_OBJECT_TYPE. */
export const VSS_OBJECT = { UNKNOWN: 0, NONE: 1, SNAPSHOT_SET: 2, SNAPSHOT: 3, PROVIDER: 4 } as const;

/** VSS_MGMT_OBJECT_TYPE. */
export const VSS_MGMT_OBJECT = { UNKNOWN: 0, VOLUME: 1, DIFF_VOLUME: 2, DIFF_AREA: 3 } as const;

/** VSS_BACKUP_TYPE. */
export const VSS_BT = { UNDEFINED: 0, FULL: 1, INCREMENTAL: 2, DIFFERENTIAL: 3, LOG: 4, COPY: 5, OTHER: 6 } as const;

/** VSS_WRITER_STATE names by code (without the VSS_WS_ prefix, as vssadmin prints them). */
export const WRITER_STATE_NAMES: readonly string[] = [
  'UNKNOWN', 'STABLE', 'WAITING_FOR_FREEZE', 'WAITING_FOR_THAW', 'WAITING_FOR_POST_SNAPSHOT',
  'WAITING_FOR_BACKUP_COMPLETE', 'FAILED_AT_IDENTIFY', 'FAILED_AT_PREPARE_BACKUP', 'FAILED_AT_PREPARE_SNAPSHOT',
  'FAILED_AT_FREEZE', 'FAILED_AT_THAW', 'FAILED_AT_POST_SNAPSHOT', 'FAILED_AT_BACKUP_COMPLETE',
  'FAILED_AT_PRE_RESTORE', 'FAILED_AT_POST_RESTORE', 'FAILED_AT_BACKUPSHUTDOWN',
];

/** VSS_SNAPSHOT_STATE names by code (without the VSS_SS_ prefix). */
export const SNAPSHOT_STATE_NAMES: readonly string[] = [
  'UNKNOWN', 'PREPARING', 'PROCESSING_PREPARE', 'PREPARED', 'PROCESSING_PRECOMMIT', 'PRECOMMITTED',
  'PROCESSING_COMMIT', 'COMMITTED', 'PROCESSING_POSTCOMMIT', 'PROCESSING_PREFINALCOMMIT', 'PREFINALCOMMITTED',
  'PROCESSING_POSTFINALCOMMIT', 'CREATED', 'ABORTED', 'DELETED', 'POSTCOMMITTED',
];

/** VSS_PROVIDER_TYPE names by code. */
export const PROVIDER_TYPE_NAMES: readonly string[] = ['UNKNOWN', 'SYSTEM', 'SOFTWARE', 'HARDWARE', 'FILESHARE'];

/** VSS_USAGE_TYPE and VSS_SOURCE_TYPE names by code. */
export const USAGE_TYPE_NAMES: readonly string[] = ['UNDEFINED', 'BOOTABLESYSTEMSTATE', 'SYSTEMSERVICE', 'USERDATA', 'OTHER'];
export const SOURCE_TYPE_NAMES: readonly string[] = ['UNDEFINED', 'TRANSACTEDDB', 'NONTRANSACTEDDB', 'OTHER'];

/** VSS_COMPONENT_TYPE names by code. */
export const COMPONENT_TYPE_NAMES: readonly string[] = ['UNDEFINED', 'DATABASE', 'FILEGROUP'];

/** GetDriveTypeW results. */
export const DRIVE_TYPE_NAMES: readonly string[] = ['unknown', 'no-root-dir', 'removable', 'fixed', 'remote', 'cdrom', 'ramdisk'];

/** Well-known ids. */
export const IDS = {
  GUID_NULL: '{00000000-0000-0000-0000-000000000000}',
  VSS_SWPRV_PROVIDER: '{b5946137-7b9f-4925-af80-51abd60b20d5}',
  CLSID_VssSnapshotMgmt: '{0b5a2c52-3eb9-470a-96e2-6c6d4570e40f}',
  IID_IVssSnapshotMgmt: '{fa7df749-66e7-4986-a27f-e2f04ae53772}',
  IID_IVssSnapshotMgmt2: '{0f61ec39-fe82-45f2-a3f0-768b5d427102}',
  IID_IVssDifferentialSoftwareSnapshotMgmt: '{214a0f28-b737-4026-b847-4f9e37d79529}',
} as const;

/** CLSCTX_ALL as the SDK sample passes it. */
export const CLSCTX_ALL = 0x17;

/** IVssAsync::Wait's INFINITE. */
export const INFINITE = 0xffffffff;

/** Shadow storage "no limit" (VSS_ASSOC_NO_MAX_SPACE). */
export const VSS_ASSOC_NO_MAX_SPACE = -1n;

/** The per-volume cap on client-accessible shadow copies (Shadow Copies of Shared Folders default). */
export const CLIENT_ACCESSIBLE_CAP = 64;
