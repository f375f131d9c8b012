import type { InterfaceName } from './abi/vss-abi.js';

/**
 * koffi prototypes of the COM methods ShadowDesk calls, without the leading `void *self`. Widths are
 * explicit (int32_t for HRESULT/LONG/BOOL, uint32_t for DWORD/UINT/ULONG, uint8_t for MIDL boolean),
 * GUIDs are by value exactly where the SDK passes VSS_ID by value, and every string is char16_t, so
 * the same prototype is right on Windows x64 and on the Linux stand-in.
 */
export const SIGNATURES = {
  IUnknown: {
    QueryInterface: 'int32_t (const GUID *riid, _Out_ void **ppv)',
    AddRef: 'uint32_t ()',
    Release: 'uint32_t ()',
  },
  IVssBackupComponents: {
    InitializeForBackup: 'int32_t (void *bstrXml)',
    SetBackupState: 'int32_t (uint8_t selectComponents, uint8_t bootableSystemState, int32_t backupType, uint8_t partialFileSupport)',
    GatherWriterMetadata: 'int32_t (_Out_ void **ppAsync)',
    GetWriterMetadataCount: 'int32_t (_Out_ uint32_t *count)',
    GetWriterMetadata: 'int32_t (uint32_t index, _Out_ GUID *instanceId, _Out_ void **ppMetadata)',
    FreeWriterMetadata: 'int32_t ()',
    PrepareForBackup: 'int32_t (_Out_ void **ppAsync)',
    AbortBackup: 'int32_t ()',
    GatherWriterStatus: 'int32_t (_Out_ void **ppAsync)',
    GetWriterStatusCount: 'int32_t (_Out_ uint32_t *count)',
    FreeWriterStatus: 'int32_t ()',
    GetWriterStatus: 'int32_t (uint32_t index, _Out_ GUID *instanceId, _Out_ GUID *writerId, _Out_ void **bstrName, _Out_ int32_t *state, _Out_ int32_t *hrFailure)',
    BackupComplete: 'int32_t (_Out_ void **ppAsync)',
    SetContext: 'int32_t (int32_t context)',
    StartSnapshotSet: 'int32_t (_Out_ GUID *snapshotSetId)',
    AddToSnapshotSet: 'int32_t (const char16_t *volumeName, GUID providerId, _Out_ GUID *snapshotId)',
    DoSnapshotSet: 'int32_t (_Out_ void **ppAsync)',
    DeleteSnapshots: 'int32_t (GUID sourceObjectId, int32_t sourceObjectType, int32_t forceDelete, _Out_ int32_t *deletedCount, _Out_ GUID *nondeletedId)',
    GetSnapshotProperties: 'int32_t (GUID snapshotId, void *prop)',
    Query: 'int32_t (GUID queriedObjectId, int32_t queriedObjectType, int32_t returnedObjectsType, _Out_ void **ppEnum)',
    IsVolumeSupported: 'int32_t (GUID providerId, const char16_t *volumeName, _Out_ int32_t *supported)',
  },
  IVssAsync: {
    Cancel: 'int32_t ()',
    Wait: 'int32_t (uint32_t milliseconds)',
    QueryStatus: 'int32_t (_Out_ int32_t *hrResult, void *reserved)',
  },
  IVssEnumObject: {
    Next: 'int32_t (uint32_t celt, void *rgelt, _Out_ uint32_t *fetched)',
  },
  IVssEnumMgmtObject: {
    Next: 'int32_t (uint32_t celt, void *rgelt, _Out_ uint32_t *fetched)',
  },
  IVssExamineWriterMetadata: {
    GetIdentity: 'int32_t (_Out_ GUID *instanceId, _Out_ GUID *writerId, _Out_ void **bstrName, _Out_ int32_t *usage, _Out_ int32_t *source)',
    GetFileCounts: 'int32_t (_Out_ uint32_t *includeFiles, _Out_ uint32_t *excludeFiles, _Out_ uint32_t *components)',
    GetComponent: 'int32_t (uint32_t index, _Out_ void **ppComponent)',
  },
  IVssWMComponent: {
    GetComponentInfo: 'int32_t (_Out_ void **ppInfo)',
    FreeComponentInfo: 'int32_t (void *pInfo)',
    GetFile: 'int32_t (uint32_t index, _Out_ void **ppFiledesc)',
    GetDatabaseFile: 'int32_t (uint32_t index, _Out_ void **ppFiledesc)',
    GetDatabaseLogFile: 'int32_t (uint32_t index, _Out_ void **ppFiledesc)',
  },
  IVssWMFiledesc: {
    GetPath: 'int32_t (_Out_ void **bstr)',
    GetFilespec: 'int32_t (_Out_ void **bstr)',
    GetRecursive: 'int32_t (_Out_ uint8_t *recursive)',
  },
  IVssSnapshotMgmt: {
    GetProviderMgmtInterface: 'int32_t (GUID providerId, const GUID *iid, _Out_ void **ppItf)',
    QueryVolumesSupportedForSnapshots: 'int32_t (GUID providerId, int32_t context, _Out_ void **ppEnum)',
    QuerySnapshotsByVolume: 'int32_t (const char16_t *volumeName, GUID providerId, _Out_ void **ppEnum)',
  },
  IVssSnapshotMgmt2: {
    GetMinDiffAreaSize: 'int32_t (_Out_ int64_t *minDiffAreaSize)',
  },
  IVssDifferentialSoftwareSnapshotMgmt: {
    AddDiffArea: 'int32_t (const char16_t *volumeName, const char16_t *diffAreaVolumeName, int64_t maximumDiffSpace)',
    ChangeDiffAreaMaximumSize: 'int32_t (const char16_t *volumeName, const char16_t *diffAreaVolumeName, int64_t maximumDiffSpace)',
    QueryVolumesSupportedForDiffAreas: 'int32_t (const char16_t *originalVolumeName, _Out_ void **ppEnum)',
    QueryDiffAreasForVolume: 'int32_t (const char16_t *volumeName, _Out_ void **ppEnum)',
    QueryDiffAreasOnVolume: 'int32_t (const char16_t *volumeName, _Out_ void **ppEnum)',
    QueryDiffAreasForSnapshot: 'int32_t (GUID snapshotId, _Out_ void **ppEnum)',
  },
  /** objidl.h: Set(GLOBALOPT_PROPERTIES dwProperty, ULONG_PTR dwValue), Query(…, ULONG_PTR *pdwValue). */
  IGlobalOptions: {
    Set: 'int32_t (int32_t property, uintptr_t value)',
    Query: 'int32_t (int32_t property, _Out_ uintptr_t *value)',
  },
} as const satisfies Partial<Record<InterfaceName, Record<string, string>>>;

/** Interfaces with bound methods. */
export type BoundInterface = keyof typeof SIGNATURES;

/** Methods of a bound interface (IUnknown's are callable on every interface). */
export type MethodOf<I extends BoundInterface> = keyof (typeof SIGNATURES)[I] & string;
