import koffi, { type TypeObject } from 'koffi';
import { VSS_ABI, type StructName } from './abi/vss-abi.js';

/**
 * koffi definitions of the VSS structs. String fields are declared `void *` on purpose: the raw
 * pointers must go back to VSS's own free functions (VssFreeSnapshotProperties, CoTaskMemFree,
 * SysFreeString), so they are decoded separately instead of being copied and forgotten.
 */
export const GUID = koffi.struct('GUID', {
  Data1: 'uint32_t',
  Data2: 'uint16_t',
  Data3: 'uint16_t',
  Data4: koffi.array('uint8_t', 8, 'Array'),
});

/** VSS_SNAPSHOT_PROP: one shadow copy's properties (128 bytes on x64). */
export const VSS_SNAPSHOT_PROP = koffi.struct('VSS_SNAPSHOT_PROP', {
  m_SnapshotId: GUID,
  m_SnapshotSetId: GUID,
  m_lSnapshotsCount: 'int32_t',
  m_pwszSnapshotDeviceObject: 'void *',
  m_pwszOriginalVolumeName: 'void *',
  m_pwszOriginatingMachine: 'void *',
  m_pwszServiceMachine: 'void *',
  m_pwszExposedName: 'void *',
  m_pwszExposedPath: 'void *',
  m_ProviderId: GUID,
  m_lSnapshotAttributes: 'int32_t',
  m_tsCreationTimestamp: 'int64_t',
  m_eStatus: 'int32_t',
});

/** VSS_PROVIDER_PROP: a registered shadow copy provider. */
export const VSS_PROVIDER_PROP = koffi.struct('VSS_PROVIDER_PROP', {
  m_ProviderId: GUID,
  m_pwszProviderName: 'void *',
  m_eProviderType: 'int32_t',
  m_pwszProviderVersion: 'void *',
  m_ProviderVersionId: GUID,
  m_ClassId: GUID,
});

/** VSS_OBJECT_PROP: the tagged union IVssEnumObject::Next fills (136-byte stride). */
export const VSS_OBJECT_PROP = koffi.struct('VSS_OBJECT_PROP', {
  Type: 'int32_t',
  Obj: koffi.union('VSS_OBJECT_UNION', { Snap: VSS_SNAPSHOT_PROP, Prov: VSS_PROVIDER_PROP }),
});

/** VSS_VOLUME_PROP: a volume that supports shadow copies. */
export const VSS_VOLUME_PROP = koffi.struct('VSS_VOLUME_PROP', {
  m_pwszVolumeName: 'void *',
  m_pwszVolumeDisplayName: 'void *',
});

/** VSS_DIFF_VOLUME_PROP: a volume that can hold shadow storage. */
export const VSS_DIFF_VOLUME_PROP = koffi.struct('VSS_DIFF_VOLUME_PROP', {
  m_pwszVolumeName: 'void *',
  m_pwszVolumeDisplayName: 'void *',
  m_llVolumeFreeSpace: 'int64_t',
  m_llVolumeTotalSpace: 'int64_t',
});

/** VSS_DIFF_AREA_PROP: one shadow storage association. */
export const VSS_DIFF_AREA_PROP = koffi.struct('VSS_DIFF_AREA_PROP', {
  m_pwszVolumeName: 'void *',
  m_pwszDiffAreaVolumeName: 'void *',
  m_llMaximumDiffSpace: 'int64_t',
  m_llAllocatedDiffSpace: 'int64_t',
  m_llUsedDiffSpace: 'int64_t',
});

/** VSS_MGMT_OBJECT_PROP: the tagged union IVssEnumMgmtObject::Next fills (48-byte stride). */
export const VSS_MGMT_OBJECT_PROP = koffi.struct('VSS_MGMT_OBJECT_PROP', {
  Type: 'int32_t',
  Obj: koffi.union('VSS_MGMT_OBJECT_UNION', { Vol: VSS_VOLUME_PROP, DiffVol: VSS_DIFF_VOLUME_PROP, DiffArea: VSS_DIFF_AREA_PROP }),
});

/** VSS_COMPONENTINFO: a writer component's description (`boolean` members are one byte). */
export const VSS_COMPONENTINFO = koffi.struct('VSS_COMPONENTINFO', {
  type: 'int32_t',
  bstrLogicalPath: 'void *',
  bstrComponentName: 'void *',
  bstrCaption: 'void *',
  pbIcon: 'void *',
  cbIcon: 'uint32_t',
  bRestoreMetadata: 'uint8_t',
  bNotifyOnBackupComplete: 'uint8_t',
  bSelectable: 'uint8_t',
  bSelectableForRestore: 'uint8_t',
  dwComponentFlags: 'uint32_t',
  cFileCount: 'uint32_t',
  cDatabases: 'uint32_t',
  cLogFiles: 'uint32_t',
  cDependencies: 'uint32_t',
});

const DEFINED: Record<StructName, TypeObject> = {
  GUID,
  VSS_SNAPSHOT_PROP,
  VSS_PROVIDER_PROP,
  VSS_OBJECT_PROP,
  VSS_VOLUME_PROP,
  VSS_DIFF_VOLUME_PROP,
  VSS_DIFF_AREA_PROP,
  VSS_MGMT_OBJECT_PROP,
  VSS_COMPONENTINFO,
};

/**
 * Compares every koffi layout with the ABI table, so a wrong field type (a `long`, a `wchar_t`) fails
 * when the module loads instead of corrupting memory later. Returns the mismatches (empty when sound).
 */
export function layoutMismatches(): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(VSS_ABI.structs) as [StructName, { size: number; align: number; fields: Record<string, number> }][]) {
    const type = DEFINED[name];
    if (koffi.sizeof(type) !== spec.size) problems.push(`${name}: size ${koffi.sizeof(type)} != ${spec.size}`);
    if (koffi.alignof(type) !== spec.align) problems.push(`${name}: align ${koffi.alignof(type)} != ${spec.align}`);
    for (const [field, offset] of Object.entries(spec.fields)) {
      const actual = koffi.offsetof(type, field);
      if (actual !== offset) problems.push(`${name}.${field}: offset ${actual} != ${offset}`);
    }
  }
  return problems;
}

const mismatches = layoutMismatches();
if (mismatches.length > 0) throw new Error(`VSS struct layouts do not match the ABI table: ${mismatches.join('; ')}`);
