import koffi from 'koffi';
import { ComScope, type ComPtr } from './com.js';
import { ensureComInitialized } from './com-init.js';
import { runAsync, VssTimeoutError, type AsyncOperation, type WaitOptions } from './async-op.js';
import { HR, VssError, check } from './hresult.js';
import { guidToStruct, structToGuid, type GuidStruct } from './guid.js';
import { IDS, VSS_OBJECT } from './constants.js';
import { natives, readWideString, takeBstr } from './natives.js';
import { VSS_COMPONENTINFO, VSS_OBJECT_PROP, VSS_PROVIDER_PROP, VSS_SNAPSHOT_PROP } from './structs.js';
import type { RawComponent, RawFiledesc, RawProvider, RawSnapshot, RawWriterMetadata, RawWriterStatus } from './raw-types.js';

const OBJECT_PROP_SIZE = koffi.sizeof(VSS_OBJECT_PROP);
const SNAPSHOT_PROP_SIZE = koffi.sizeof(VSS_SNAPSHOT_PROP);

interface SnapshotPropStruct {
  m_SnapshotId: GuidStruct;
  m_SnapshotSetId: GuidStruct;
  m_lSnapshotsCount: number;
  m_pwszSnapshotDeviceObject: bigint | null;
  m_pwszOriginalVolumeName: bigint | null;
  m_pwszOriginatingMachine: bigint | null;
  m_pwszServiceMachine: bigint | null;
  m_pwszExposedName: bigint | null;
  m_pwszExposedPath: bigint | null;
  m_ProviderId: GuidStruct;
  m_lSnapshotAttributes: number;
  m_tsCreationTimestamp: number | bigint;
  m_eStatus: number;
}

/** Decodes a VSS_SNAPSHOT_PROP held in `buf` at `offset`, then frees its strings with VSS's own function. */
function takeSnapshotProp(buf: Buffer, offset: number): RawSnapshot {
  const view = buf.subarray(offset, offset + SNAPSHOT_PROP_SIZE);
  try {
    const p = koffi.decode(view, VSS_SNAPSHOT_PROP) as SnapshotPropStruct;
    return {
      snapshotId: structToGuid(p.m_SnapshotId),
      snapshotSetId: structToGuid(p.m_SnapshotSetId),
      snapshotsCount: p.m_lSnapshotsCount,
      deviceObject: readWideString(p.m_pwszSnapshotDeviceObject) ?? '',
      originalVolumeName: readWideString(p.m_pwszOriginalVolumeName) ?? '',
      originatingMachine: readWideString(p.m_pwszOriginatingMachine) ?? '',
      serviceMachine: readWideString(p.m_pwszServiceMachine) ?? '',
      exposedName: readWideString(p.m_pwszExposedName),
      exposedPath: readWideString(p.m_pwszExposedPath),
      providerId: structToGuid(p.m_ProviderId),
      attributes: p.m_lSnapshotAttributes >>> 0,
      creationTimestamp: BigInt(p.m_tsCreationTimestamp),
      status: p.m_eStatus,
    };
  } finally {
    natives().VssFreeSnapshotPropertiesInternal(view);
  }
}

interface ProviderPropStruct {
  m_ProviderId: GuidStruct;
  m_pwszProviderName: bigint | null;
  m_eProviderType: number;
  m_pwszProviderVersion: bigint | null;
  m_ProviderVersionId: GuidStruct;
  m_ClassId: GuidStruct;
}

function takeProviderProp(buf: Buffer, offset: number): RawProvider {
  const p = koffi.decode(buf, offset, VSS_PROVIDER_PROP) as ProviderPropStruct;
  const n = natives();
  try {
    return {
      providerId: structToGuid(p.m_ProviderId),
      name: readWideString(p.m_pwszProviderName) ?? '',
      type: p.m_eProviderType,
      version: readWideString(p.m_pwszProviderVersion) ?? '',
      versionId: structToGuid(p.m_ProviderVersionId),
      classId: structToGuid(p.m_ClassId),
    };
  } finally {
    n.CoTaskMemFree(p.m_pwszProviderName);
    n.CoTaskMemFree(p.m_pwszProviderVersion);
  }
}

/**
 * One IVssBackupComponents session: created, initialized for backup and put in a context, with every
 * interface it hands out owned by the caller's {@link ComScope}. Methods mirror the SDK call sequences
 * in docs/vss-reference.md §5 so each one can be checked against the sample code.
 */
export class BackupComponents {
  readonly com: ComPtr<'IVssBackupComponents'>;
  readonly #scope: ComScope;
  readonly #timeouts: Partial<Record<AsyncOperation, number>>;
  /** Between StartSnapshotSet and the end of DoSnapshotSet: a timed-out wait then also ends the set (AbortBackup). */
  #setOpen = false;

  private constructor(scope: ComScope, com: ComPtr<'IVssBackupComponents'>, timeouts: Partial<Record<AsyncOperation, number>>) {
    this.#scope = scope;
    this.com = com;
    this.#timeouts = timeouts;
  }

  /**
   * CreateVssBackupComponents → InitializeForBackup(NULL) → SetContext (unless BACKUP, the default).
   * `timeouts` bounds the asynchronous operations (defaults: DEFAULT_WAIT_MS in async-op.ts).
   */
  static open(scope: ComScope, context: number, timeouts: Partial<Record<AsyncOperation, number>> = {}): BackupComponents {
    ensureComInitialized();
    const out: [unknown] = [null];
    check(natives().CreateVssBackupComponentsInternal(out), 'CreateVssBackupComponents');
    const bc = new BackupComponents(scope, scope.adopt('IVssBackupComponents', out[0] as bigint), timeouts);
    bc.com.call('InitializeForBackup', 'InitializeForBackup', null);
    if (context !== 0) bc.com.call('SetContext', 'SetContext', context);
    return bc;
  }

  setBackupState(selectComponents: boolean, bootable: boolean, backupType: number): void {
    this.com.call('SetBackupState', 'SetBackupState', selectComponents ? 1 : 0, bootable ? 1 : 0, backupType, 0);
  }

  /** Query(GUID_NULL, NONE, SNAPSHOT): completed shadow copies visible in this session's context. */
  querySnapshots(): RawSnapshot[] {
    return this.#query(VSS_OBJECT.SNAPSHOT, 'Query shadow copies').map((e) => e.snapshot!).filter(Boolean);
  }

  /** Query(GUID_NULL, NONE, PROVIDER): registered providers. */
  queryProviders(): RawProvider[] {
    return this.#query(VSS_OBJECT.PROVIDER, 'Query providers').map((e) => e.provider!).filter(Boolean);
  }

  #query(returned: number, operation: string): { snapshot?: RawSnapshot; provider?: RawProvider }[] {
    const out: [unknown] = [null];
    const hr = this.com.call('Query', operation, guidToStruct(IDS.GUID_NULL), VSS_OBJECT.NONE, returned, out);
    const results: { snapshot?: RawSnapshot; provider?: RawProvider }[] = [];
    if (!out[0]) return results;
    const en = this.#scope.adopt('IVssEnumObject', out[0] as bigint);
    try {
      if (hr === HR.S_FALSE) return results;
      const buf = Buffer.alloc(OBJECT_PROP_SIZE);
      for (;;) {
        buf.fill(0);
        const fetched: [number] = [0];
        check(en.invoke('Next', 1, buf, fetched), `${operation} (next)`);
        if (fetched[0] === 0) break;
        const type = buf.readInt32LE(0);
        if (type === VSS_OBJECT.SNAPSHOT) results.push({ snapshot: takeSnapshotProp(buf, 8) });
        else if (type === VSS_OBJECT.PROVIDER) results.push({ provider: takeProviderProp(buf, 8) });
      }
      return results;
    } finally {
      this.#scope.releaseNow(en);
    }
  }

  /** GetSnapshotProperties(id by value). */
  snapshotProperties(snapshotId: string): RawSnapshot {
    const buf = Buffer.alloc(SNAPSHOT_PROP_SIZE);
    this.com.call('GetSnapshotProperties', 'GetSnapshotProperties', guidToStruct(snapshotId), buf);
    return takeSnapshotProp(buf, 0);
  }

  /**
   * Runs one asynchronous operation within its bound. When the wait runs out, the operation is
   * cancelled (in runAsync) and, if a snapshot set is open, the backup is ended with AbortBackup so no
   * set stays in progress; the error then says both.
   */
  #async(operation: AsyncOperation, options?: WaitOptions): void {
    try {
      runAsync(this.#scope, this.com, operation, operation, { timeoutMs: options?.timeoutMs ?? this.#timeouts[operation] });
    } catch (err) {
      if (err instanceof VssTimeoutError && this.#setOpen) {
        this.abortBackup();
        err.markAborted();
      }
      throw err;
    }
  }

  /** GatherWriterMetadata: once per session (VSS refuses a second one with VSS_E_BAD_STATE). */
  gatherWriterMetadata(options?: WaitOptions): void {
    this.#async('GatherWriterMetadata', options);
  }

  /** GatherWriterStatus: only after GatherWriterMetadata on the same session. */
  gatherWriterStatus(options?: WaitOptions): void {
    this.#async('GatherWriterStatus', options);
  }

  /** PrepareForBackup: only in a context with writers. */
  prepareForBackup(options?: WaitOptions): void {
    this.#async('PrepareForBackup', options);
  }

  /**
   * DoSnapshotSet. Once it has returned (or failed), the set is no longer in progress: what to undo
   * afterwards (delete the copies, then AbortBackup) is the caller's rollback, not this wrapper's.
   */
  doSnapshotSet(options?: WaitOptions): void {
    try {
      this.#async('DoSnapshotSet', options);
    } finally {
      this.#setOpen = false;
    }
  }

  /** BackupComplete: only in a context with writers, after DoSnapshotSet. */
  backupComplete(options?: WaitOptions): void {
    this.#async('BackupComplete', options);
  }

  /** GetWriterStatus for every writer; call after {@link gatherWriterStatus}. Frees the status afterwards. */
  writerStatuses(): RawWriterStatus[] {
    const count: [number] = [0];
    this.com.call('GetWriterStatusCount', 'GetWriterStatusCount', count);
    const rows: RawWriterStatus[] = [];
    try {
      for (let i = 0; i < count[0]; i++) {
        const inst: GuidStruct = {} as GuidStruct;
        const writer: GuidStruct = {} as GuidStruct;
        const name: [unknown] = [null];
        const state: [number] = [0];
        const failure: [number] = [0];
        this.com.call('GetWriterStatus', 'GetWriterStatus', i, inst, writer, name, state, failure);
        rows.push({
          instanceId: structToGuid(inst),
          writerId: structToGuid(writer),
          name: takeBstr(name[0] as bigint) ?? '',
          state: state[0],
          failure: failure[0] | 0,
        });
      }
    } finally {
      this.com.invoke('FreeWriterStatus');
    }
    return rows;
  }

  /** Reads every writer's metadata; call after {@link gatherWriterMetadata}. */
  writerMetadata(): RawWriterMetadata[] {
    const count: [number] = [0];
    this.com.call('GetWriterMetadataCount', 'GetWriterMetadataCount', count);
    const all: RawWriterMetadata[] = [];
    for (let i = 0; i < count[0]; i++) {
      const inst: GuidStruct = {} as GuidStruct;
      const out: [unknown] = [null];
      this.com.call('GetWriterMetadata', 'GetWriterMetadata', i, inst, out);
      const md = this.#scope.adopt('IVssExamineWriterMetadata', out[0] as bigint);
      try {
        all.push(this.#readMetadata(md));
      } finally {
        this.#scope.releaseNow(md);
      }
    }
    return all;
  }

  /** FreeWriterMetadata: the SDK's counterpart of GatherWriterMetadata. */
  freeWriterMetadata(): void {
    this.com.invoke('FreeWriterMetadata');
  }

  #readMetadata(md: ComPtr<'IVssExamineWriterMetadata'>): RawWriterMetadata {
    const inst = {} as GuidStruct;
    const writer = {} as GuidStruct;
    const name: [unknown] = [null];
    const usage: [number] = [0];
    const source: [number] = [0];
    md.call('GetIdentity', 'GetIdentity', inst, writer, name, usage, source);
    const writerName = takeBstr(name[0] as bigint) ?? '';
    const incl: [number] = [0];
    const excl: [number] = [0];
    const comps: [number] = [0];
    md.call('GetFileCounts', 'GetFileCounts', incl, excl, comps);
    const components: RawComponent[] = [];
    for (let c = 0; c < comps[0]; c++) {
      const out: [unknown] = [null];
      md.call('GetComponent', 'GetComponent', c, out);
      const comp = this.#scope.adopt('IVssWMComponent', out[0] as bigint);
      try {
        components.push(this.#readComponent(comp));
      } finally {
        this.#scope.releaseNow(comp);
      }
    }
    return { instanceId: structToGuid(inst), writerId: structToGuid(writer), name: writerName, usage: usage[0], source: source[0], components };
  }

  #readComponent(comp: ComPtr<'IVssWMComponent'>): RawComponent {
    const infoOut: [unknown] = [null];
    comp.call('GetComponentInfo', 'GetComponentInfo', infoOut);
    const infoPtr = infoOut[0] as bigint;
    let info: Record<string, unknown>;
    let base: Omit<RawComponent, 'files' | 'databaseFiles' | 'logFiles'>;
    try {
      info = koffi.decode(infoPtr, VSS_COMPONENTINFO) as Record<string, unknown>;
      base = {
        type: info.type as number,
        logicalPath: readWideString(info.bstrLogicalPath as bigint | null),
        name: readWideString(info.bstrComponentName as bigint | null) ?? '',
        caption: readWideString(info.bstrCaption as bigint | null),
        selectable: (info.bSelectable as number) !== 0,
        selectableForRestore: (info.bSelectableForRestore as number) !== 0,
      };
    } finally {
      comp.invoke('FreeComponentInfo', infoPtr);
    }
    const files = this.#readFiledescs(comp, 'GetFile', info.cFileCount as number);
    const databaseFiles = this.#readFiledescs(comp, 'GetDatabaseFile', info.cDatabases as number);
    const logFiles = this.#readFiledescs(comp, 'GetDatabaseLogFile', info.cLogFiles as number);
    return { ...base, files, databaseFiles, logFiles };
  }

  #readFiledescs(comp: ComPtr<'IVssWMComponent'>, method: 'GetFile' | 'GetDatabaseFile' | 'GetDatabaseLogFile', count: number): RawFiledesc[] {
    const files: RawFiledesc[] = [];
    for (let f = 0; f < count; f++) {
      const out: [unknown] = [null];
      comp.call(method, method, f, out);
      const fd = this.#scope.adopt('IVssWMFiledesc', out[0] as bigint);
      try {
        const p: [unknown] = [null];
        const s: [unknown] = [null];
        const r: [number] = [0];
        fd.call('GetPath', 'GetPath', p);
        const path = takeBstr(p[0] as bigint) ?? '';
        fd.call('GetFilespec', 'GetFilespec', s);
        const filespec = takeBstr(s[0] as bigint) ?? '';
        fd.call('GetRecursive', 'GetRecursive', r);
        files.push({ path, filespec, recursive: r[0] !== 0 });
      } finally {
        this.#scope.releaseNow(fd);
      }
    }
    return files;
  }

  /** StartSnapshotSet: returns the new set id. */
  startSnapshotSet(): string {
    const id = {} as GuidStruct;
    this.com.call('StartSnapshotSet', 'StartSnapshotSet', id);
    this.#setOpen = true;
    return structToGuid(id);
  }

  /** AddToSnapshotSet(volume, GUID_NULL = default provider): returns the shadow copy id. */
  addToSnapshotSet(volumeName: string, providerId: string = IDS.GUID_NULL): string {
    const id = {} as GuidStruct;
    this.com.call('AddToSnapshotSet', `AddToSnapshotSet(${volumeName})`, volumeName, guidToStruct(providerId), id);
    return structToGuid(id);
  }

  /** AbortBackup; its own failure is ignored because it only ever runs while another error is reported. */
  abortBackup(): void {
    this.com.invoke('AbortBackup');
    this.#setOpen = false;
  }

  /** DeleteSnapshots(id by value, type, force): returns how many were deleted. */
  deleteSnapshots(id: string, objectType: number): number {
    const deleted: [number] = [0];
    const nonDeleted = {} as GuidStruct;
    const hr = this.com.invoke('DeleteSnapshots', guidToStruct(id), objectType, 1, deleted, nonDeleted);
    if (hr < 0) throw new VssError(hr, 'DeleteSnapshots', deleted[0] > 0 ? `${deleted[0]} deleted before the failure; ${structToGuid(nonDeleted)} was not.` : undefined);
    return deleted[0];
  }

  /** IsVolumeSupported(provider by value, volume). */
  isVolumeSupported(volumeName: string, providerId: string = IDS.GUID_NULL): boolean {
    const supported: [number] = [0];
    const hr = this.com.invoke('IsVolumeSupported', guidToStruct(providerId), volumeName, supported);
    if (hr === HR.VSS_E_VOLUME_NOT_SUPPORTED || hr === HR.VSS_E_OBJECT_NOT_FOUND) return false;
    check(hr, `IsVolumeSupported(${volumeName})`);
    return supported[0] !== 0;
  }
}

/** Opens a session in `context`, runs `fn`, and releases every interface afterwards. */
export function withBackupComponents<T>(
  context: number,
  fn: (bc: BackupComponents, scope: ComScope) => T,
  timeouts: Partial<Record<AsyncOperation, number>> = {},
): T {
  const scope = new ComScope();
  try {
    return fn(BackupComponents.open(scope, context, timeouts), scope);
  } finally {
    scope.dispose();
  }
}
