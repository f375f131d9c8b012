import { withBackupComponents, type BackupComponents } from '../ffi/backup-components.js';
import { VssTimeoutError, type AsyncOperation } from '../ffi/async-op.js';
import { withSnapshotMgmt } from '../ffi/snapshot-mgmt.js';
import type { RawWriterStatus } from '../ffi/raw-types.js';
import { enumerateVolumes, volumeMountPoints } from '../ffi/volumes.js';
import { HR, VssError, hresultName } from '../ffi/hresult.js';
import { normalizeGuid, isGuid } from '../ffi/guid.js';
import { COMPONENT_TYPE_NAMES, SOURCE_TYPE_NAMES, USAGE_TYPE_NAMES, VSS_BT, VSS_CTX, VSS_OBJECT, WRITER_STATE_NAMES } from '../ffi/constants.js';
import { loadVssLibraries, type Backend } from '../ffi/libraries.js';
import { AppError } from './app-error.js';
import { toProvider, toShadowCopy } from './decode.js';
import { resolveVolume } from './resolve-volume.js';
import { DEFAULT_MIN_STORAGE_BYTES, assertStorageMinimum } from './size-spec.js';
import { selectWriters } from './writer-selection.js';
import { LeftoverCopiesError } from './create-rollback.js';
import type {
  CreateResult, CreateWarning, DeleteResult, DeleteTarget, Provider, ShadowCopy, ShadowSet, StorageArea, StorageMax, Volume, Writer, WriterDetail,
} from './types.js';

/** E_ACCESSDENIED: VSS refuses callers that are not elevated administrators, backup operators or LocalSystem. */
const E_ACCESSDENIED = 0x80070005;

/** True when `e` is VSS refusing the caller's rights ("Security Considerations for Requesters"). */
export function isAccessDenied(e: unknown): boolean {
  return e instanceof VssError && e.hresult >>> 0 === E_ACCESSDENIED;
}

/** Writer states that mean the writer failed (FAILED_AT_*). */
const FAILED_STATES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
/** VSS_WS_FAILED_AT_IDENTIFY: the writer gave no metadata, so it cannot take part. */
const FAILED_AT_IDENTIFY = 6;

/** A writer's status from GatherWriterStatus, in the contract's words (listings and create warnings alike). */
function toWriter(w: RawWriterStatus): Writer {
  return {
    name: w.name,
    writerId: w.writerId,
    instanceId: w.instanceId,
    state: WRITER_STATE_NAMES[w.state] ?? String(w.state),
    stateCode: w.state,
    lastError: w.failure === 0 ? null : hresultName(w.failure),
    lastErrorCode: w.failure >>> 0,
  };
}

/** Options for creating a shadow copy set. */
export interface CreateOptions {
  volumes: string[];
  withWriters?: boolean;
}

/** How a {@link VssClient} waits: bounds per asynchronous VSS operation (defaults: DEFAULT_WAIT_MS). */
export interface VssClientOptions {
  timeoutsMs?: Partial<Record<AsyncOperation, number>>;
}

/**
 * ShadowDesk's VSS engine: every management operation the product needs, each as one short VSS
 * session that releases everything it took. It has no Electron import and runs in the VSS host
 * process (or the CLI); callers see plain data and {@link VssError}/{@link AppError} failures.
 */
export class VssClient {
  readonly #timeouts: Partial<Record<AsyncOperation, number>>;

  constructor(options: VssClientOptions = {}) {
    this.#timeouts = options.timeoutsMs ?? {};
  }

  /** Which implementation answers: the real VSS or the stand-in. */
  get backend(): Backend {
    return loadVssLibraries().backend;
  }

  /**
   * Every volume with capacity, free space and whether the software provider can shadow-copy it.
   * The volume facts come from kernel32, which needs no special rights, so the list stands without
   * administrator rights too: VSS then refuses to say what it can protect (E_ACCESSDENIED), and
   * `shadowCopySupported` is null ("unknown") rather than a guess. Any other VSS failure is an error.
   */
  listVolumes(): Volume[] {
    const raws = enumerateVolumes();
    let supported: Set<string> | null;
    try {
      supported = new Set(withSnapshotMgmt((m) => m.volumesSupportedForSnapshots().map((v) => v.volumeName.toLowerCase())));
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      supported = null;
    }
    return raws.map((v) => ({
      name: v.mountPoints[0] ?? v.guidPath,
      guidPath: v.guidPath,
      mountPoints: v.mountPoints,
      label: v.label,
      fileSystem: v.fileSystem,
      capacityBytes: v.capacityBytes,
      freeBytes: v.freeBytes,
      driveType: v.driveType,
      mediaPresent: v.mediaPresent,
      shadowCopySupported: supported ? supported.has(v.guidPath.toLowerCase()) : null,
    }));
  }

  /** Resolves what a person typed to a volume of this machine (see {@link resolveVolume}). */
  resolveVolume(name: string, volumes: Volume[] = this.listVolumes()): Volume {
    return resolveVolume(name, volumes);
  }

  /**
   * A volume's name (its first mount point, else its GUID path: the same name {@link listVolumes}
   * gives) from GetVolumePathNamesForVolumeNameW alone, asked once per GUID path: no sizes, no media
   * access, so it stays cheap whatever the volumes hold.
   */
  #cheapNameOf(): (guidPath: string) => string {
    const names = new Map<string, string>();
    return (g) => {
      const key = g.toLowerCase();
      let name = names.get(key);
      if (name === undefined) {
        name = volumeMountPoints(g)[0] ?? g;
        names.set(key, name);
      }
      return name;
    };
  }

  #nameOf(volumes: Volume[]): (guidPath: string) => string {
    const map = new Map(volumes.map((v) => [v.guidPath.toLowerCase(), v.name]));
    return (g) => map.get(g.toLowerCase()) ?? g;
  }

  /**
   * Shadow copies in every context (VSS_CTX_ALL), oldest first, optionally of one volume. Without a
   * filter no volume is described: a copy's volume is named from its GUID path's mount points alone
   * ({@link #cheapNameOf}), because describing every volume asks GetDiskFreeSpaceExW for sizes, which
   * can cost a second on a large volume (the stand-in walks the live folder) and browse asks for the
   * list on every page.
   */
  listShadows(filter: { volume?: string } = {}): ShadowCopy[] {
    const volumes = filter.volume ? this.listVolumes() : null;
    const only = filter.volume && volumes ? this.resolveVolume(filter.volume, volumes).guidPath.toLowerCase() : undefined;
    const raws = withBackupComponents(VSS_CTX.ALL, (bc) => bc.querySnapshots());
    const nameOf = volumes ? this.#nameOf(volumes) : this.#cheapNameOf();
    return raws
      .map((r) => toShadowCopy(r, nameOf))
      .filter((s) => !only || s.volumeGuidPath.toLowerCase() === only)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Shadow copies grouped by the set they were created in, oldest set first. */
  listShadowSets(filter: { volume?: string } = {}): ShadowSet[] {
    const sets = new Map<string, ShadowSet>();
    for (const s of this.listShadows(filter)) {
      let set = sets.get(s.setId);
      if (!set) sets.set(s.setId, (set = { setId: s.setId, createdAt: s.createdAt, shadows: [] }));
      set.shadows.push(s);
    }
    return [...sets.values()];
  }

  /** Registered providers. */
  listProviders(): Provider[] {
    return withBackupComponents(VSS_CTX.ALL, (bc) => bc.queryProviders()).map(toProvider);
  }

  /** Writers with state and last error: GatherWriterMetadata, then GatherWriterStatus, as vshadow does. */
  listWriters(): Writer[] {
    return withBackupComponents(VSS_CTX.BACKUP, (bc) => {
      bc.gatherWriterMetadata();
      try {
        bc.gatherWriterStatus();
        return bc.writerStatuses().map(toWriter);
      } finally {
        bc.freeWriterMetadata();
      }
    }, this.#timeouts);
  }

  /** Writers' metadata: usage, source and components with their files. */
  writerDetails(): WriterDetail[] {
    return withBackupComponents(VSS_CTX.BACKUP, (bc) => {
      bc.gatherWriterMetadata();
      try {
        return bc.writerMetadata().map((m) => ({
          name: m.name,
          writerId: m.writerId,
          instanceId: m.instanceId,
          usage: USAGE_TYPE_NAMES[m.usage] ?? String(m.usage),
          source: SOURCE_TYPE_NAMES[m.source] ?? String(m.source),
          components: m.components.map((c) => ({
            name: c.name,
            logicalPath: c.logicalPath,
            caption: c.caption,
            type: COMPONENT_TYPE_NAMES[c.type] ?? String(c.type),
            selectable: c.selectable,
            files: c.files,
          })),
        }));
      } finally {
        bc.freeWriterMetadata();
      }
    }, this.#timeouts);
  }

  /**
   * Creates one persistent, client-accessible shadow copy set of `volumes` (the kind Previous
   * Versions shows). With writers, applications are asked to flush first, and a writer that takes part
   * (one with data on these volumes, chosen as vshadow chooses them) and fails makes the whole create
   * fail; other writers' failures come back as warnings. Every wait is bounded. After a failure once
   * the set was started, the set's copies are deleted and the backup aborted ({@link #rollBack}).
   */
  createShadows(options: CreateOptions): CreateResult {
    if (options.volumes.length === 0) {
      throw new AppError('NO_VOLUME', { en: 'Choose at least one volume to shadow-copy.', it: 'Scegliere almeno un volume di cui creare la copia shadow.' });
    }
    const volumes = this.listVolumes();
    const targets = [...new Map(options.volumes.map((n) => this.resolveVolume(n, volumes)).map((v) => [v.guidPath, v])).values()];
    const before = new Set(this.listShadows().filter((s) => targets.some((t) => t.guidPath === s.volumeGuidPath)).map((s) => s.id));
    const withWriters = options.withWriters === true;
    const context = withWriters ? VSS_CTX.CLIENT_ACCESSIBLE_WRITERS : VSS_CTX.CLIENT_ACCESSIBLE;
    const warnings = new Map<string, CreateWarning>();
    const setId = withBackupComponents(
      context,
      (bc) => {
        bc.setBackupState(false, false, VSS_BT.COPY);
        let taking = new Set<string>();
        if (withWriters) {
          // Once per session (VSS refuses a second GatherWriterMetadata); it also tells who takes part.
          bc.gatherWriterMetadata();
          taking = selectWriters(bc.writerMetadata(), targets.map((t) => t.guidPath), volumes);
        }
        let id = '';
        let started = false;
        let snapshotStarted = false;
        try {
          id = bc.startSnapshotSet();
          started = true;
          for (const t of targets) bc.addToSnapshotSet(t.guidPath);
          if (withWriters) {
            bc.prepareForBackup();
            this.#checkWriters(bc, taking, 'PrepareForBackup', warnings);
          }
          // From here on copies may exist even if DoSnapshotSet fails or its wait runs out.
          snapshotStarted = true;
          bc.doSnapshotSet();
          if (withWriters) {
            this.#checkWriters(bc, taking, 'DoSnapshotSet', warnings);
            bc.backupComplete();
            this.#checkWriters(bc, taking, 'BackupComplete', warnings);
          }
          return id;
        } catch (err) {
          if (started) throw this.#rollBack(bc, id, snapshotStarted, err, volumes);
          throw err;
        } finally {
          if (withWriters) bc.freeWriterMetadata();
        }
      },
      this.#timeouts,
    );
    const after = this.listShadows();
    const shadows = after.filter((s) => s.setId === setId);
    const stillThere = new Set(after.map((s) => s.id));
    return { setId, shadows, deletedToMakeRoom: [...before].filter((id) => !stillThere.has(id)), withWriters, warnings: [...warnings.values()] };
  }

  /**
   * GatherWriterStatus after a phase, as vshadow's CheckSelectedWriterStatus does: a failed writer
   * that takes part fails the create; any other failed writer (one that failed at identify, so gave
   * no metadata, or one with no data on these volumes) becomes a warning.
   */
  #checkWriters(bc: BackupComponents, taking: Set<string>, phase: string, warnings: Map<string, CreateWarning>): void {
    bc.gatherWriterStatus();
    const failed = bc.writerStatuses().filter((w) => FAILED_STATES.has(w.state));
    const fatal = failed.filter((w) => taking.has(w.instanceId.toLowerCase()));
    for (const w of failed) {
      if (taking.has(w.instanceId.toLowerCase())) continue;
      warnings.set(w.instanceId.toLowerCase(), {
        ...toWriter(w),
        reason: w.state === FAILED_AT_IDENTIFY ? 'failed-at-identify' : 'not-on-these-volumes',
      });
    }
    const first = fatal[0];
    if (first) {
      const list = fatal.map((w) => `${w.name} (${WRITER_STATE_NAMES[w.state]}, ${hresultName(w.failure)})`).join('; ');
      throw new VssError(first.failure || 0x80042315, phase, `Writer failure: ${list}.`);
    }
  }

  /**
   * Undoes a create that failed after StartSnapshotSet: DeleteSnapshots on the set (when DoSnapshotSet
   * had started, so copies may exist), then AbortBackup. If that delete fails, it is tried again in a
   * fresh session with VSS_CTX_ALL; if that fails too, the copies still there are named in the error
   * ({@link LeftoverCopiesError}). Returns the error to throw.
   */
  #rollBack(bc: BackupComponents, setId: string, snapshotStarted: boolean, err: unknown, volumes: Volume[]): unknown {
    let deleteFailed: VssError | undefined;
    if (snapshotStarted) {
      try {
        bc.deleteSnapshots(setId, VSS_OBJECT.SNAPSHOT_SET);
      } catch (e) {
        if (!(e instanceof VssError && e.hresult === HR.VSS_E_OBJECT_NOT_FOUND)) deleteFailed = e instanceof VssError ? e : new VssError(HR.E_UNEXPECTED, 'DeleteSnapshots', String(e));
      }
    }
    bc.abortBackup();
    if (err instanceof VssTimeoutError) err.markAborted();
    if (!deleteFailed) return err;
    try {
      withBackupComponents(VSS_CTX.ALL, (all) => all.deleteSnapshots(setId, VSS_OBJECT.SNAPSHOT_SET));
      return err;
    } catch (e) {
      if (e instanceof VssError && e.hresult === HR.VSS_E_OBJECT_NOT_FOUND) return err;
      const second = e instanceof VssError ? e : new VssError(HR.E_UNEXPECTED, 'DeleteSnapshots', String(e));
      const nameOf = this.#nameOf(volumes);
      let leftovers: { id: string; volume: string }[];
      try {
        leftovers = withBackupComponents(VSS_CTX.ALL, (all) => all.querySnapshots())
          .filter((r) => r.snapshotSetId.toLowerCase() === setId.toLowerCase())
          .map((r) => ({ id: r.snapshotId, volume: nameOf(r.originalVolumeName) }));
      } catch {
        leftovers = [{ id: setId, volume: '?' }];
      }
      return leftovers.length > 0 ? new LeftoverCopiesError(err, leftovers, second) : err;
    }
  }

  /** Deletes a shadow copy, a set, the oldest copy of a volume, or all copies of a volume. */
  deleteShadows(target: DeleteTarget): DeleteResult {
    let victims: { id: string; type: number }[];
    if (target.kind === 'shadow' || target.kind === 'set') {
      if (!isGuid(target.id)) {
        throw new AppError('INVALID_ID', { en: `"${target.id}" is not a shadow copy id.`, it: `"${target.id}" non è un ID di copia shadow.` });
      }
      victims = [{ id: normalizeGuid(target.id), type: target.kind === 'shadow' ? VSS_OBJECT.SNAPSHOT : VSS_OBJECT.SNAPSHOT_SET }];
    } else {
      const shadows = this.listShadows({ volume: target.volume });
      const chosen = target.kind === 'oldest' ? shadows.slice(0, 1) : shadows;
      victims = chosen.map((s) => ({ id: s.id, type: VSS_OBJECT.SNAPSHOT }));
    }
    const before = new Set(this.listShadows().map((s) => s.id));
    let deletedCount = 0;
    withBackupComponents(VSS_CTX.ALL, (bc) => {
      for (const v of victims) deletedCount += bc.deleteSnapshots(v.id, v.type);
    });
    const after = new Set(this.listShadows().map((s) => s.id));
    return { deletedCount, deletedIds: [...before].filter((id) => !after.has(id)) };
  }

  /** Every shadow storage association (used, allocated, maximum). */
  listStorage(): StorageArea[] {
    const volumes = this.listVolumes();
    const nameOf = this.#nameOf(volumes);
    return withSnapshotMgmt((m) =>
      m.volumesSupportedForSnapshots().flatMap((v) =>
        m.diffAreasForVolume(v.volumeName).map((a) => ({
          volume: nameOf(a.volumeName),
          volumeGuidPath: a.volumeName,
          storageVolume: nameOf(a.diffAreaVolumeName),
          storageVolumeGuidPath: a.diffAreaVolumeName,
          usedBytes: Number(a.usedBytes),
          allocatedBytes: Number(a.allocatedBytes),
          maxBytes: a.maximumBytes < 0n ? null : Number(a.maximumBytes),
        })),
      ),
    );
  }

  /**
   * The smallest shadow storage maximum Windows accepts, from IVssSnapshotMgmt2::GetMinDiffAreaSize
   * (the MinDiffAreaFileSize setting), or the documented 320 MB where that interface is missing.
   */
  storageMinimumBytes(): number {
    const min = withSnapshotMgmt((m) => m.minDiffAreaSize());
    return min === null || min <= 0n ? DEFAULT_MIN_STORAGE_BYTES : Number(min);
  }

  /**
   * Sets the shadow storage maximum of `volume` (on its current storage volume, or the volume itself).
   * A percentage is of the storage volume's capacity, as vssadmin's /MaxSize=N% is. A maximum below
   * {@link storageMinimumBytes} is refused before VSS is asked. Shrinking below what is used makes
   * VSS delete the oldest copies, and not necessarily at once ("may not have an immediate effect"):
   * `deletedIds` are the copies gone when the list is read again afterwards, so far.
   */
  resizeStorage(volume: string, max: StorageMax, storageVolume?: string): { area: StorageArea; deletedIds: string[] } {
    const volumes = this.listVolumes();
    const vol = this.resolveVolume(volume, volumes);
    const current = this.listStorage().find((a) => a.volumeGuidPath.toLowerCase() === vol.guidPath.toLowerCase());
    const on = storageVolume
      ? this.resolveVolume(storageVolume, volumes)
      : current
        ? this.resolveVolume(current.storageVolumeGuidPath, volumes)
        : vol;
    const bytes = this.#bytesFor(max, on);
    assertStorageMinimum(bytes < 0n ? null : Number(bytes), this.storageMinimumBytes());
    const before = new Set(this.listShadows({ volume: vol.guidPath }).map((s) => s.id));
    withSnapshotMgmt((m) => m.changeMaximumSize(vol.guidPath, on.guidPath, bytes));
    const after = new Set(this.listShadows({ volume: vol.guidPath }).map((s) => s.id));
    const area = this.listStorage().find((a) => a.volumeGuidPath.toLowerCase() === vol.guidPath.toLowerCase());
    if (!area) throw new VssError(0x80042308, 'ChangeDiffAreaMaximumSize', 'The storage association is gone after resizing.');
    return { area, deletedIds: [...before].filter((id) => !after.has(id)) };
  }

  /** Adds a shadow storage association for `volume` on `storageVolume`. */
  addStorage(volume: string, storageVolume: string, max: StorageMax): StorageArea {
    const volumes = this.listVolumes();
    const vol = this.resolveVolume(volume, volumes);
    const on = this.resolveVolume(storageVolume, volumes);
    const bytes = this.#bytesFor(max, on);
    assertStorageMinimum(bytes < 0n ? null : Number(bytes), this.storageMinimumBytes());
    withSnapshotMgmt((m) => m.addDiffArea(vol.guidPath, on.guidPath, bytes));
    const area = this.listStorage().find((a) => a.volumeGuidPath.toLowerCase() === vol.guidPath.toLowerCase());
    if (!area) throw new VssError(0x80042308, 'AddDiffArea', 'The new storage association is not listed.');
    return area;
  }

  #bytesFor(max: StorageMax, on: Volume): bigint {
    if (max.kind === 'unbounded') return -1n;
    if (max.kind === 'bytes') return BigInt(max.bytes);
    if (on.capacityBytes === null) {
      throw new AppError('VOLUME_NOT_READY', { en: `Windows cannot tell the size of ${on.name}: there is no disk in the drive.`, it: `Windows non riesce a leggere la dimensione di ${on.name}: nell'unità non c'è alcun disco.` });
    }
    return BigInt(Math.floor((on.capacityBytes * max.percent) / 100));
  }
}
