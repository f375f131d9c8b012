import koffi from 'koffi';
import { ComScope, type ComPtr } from './com.js';
import { ensureComInitialized } from './com-init.js';
import { check } from './hresult.js';
import { guidToStruct } from './guid.js';
import { CLSCTX_ALL, IDS, VSS_CTX, VSS_MGMT_OBJECT } from './constants.js';
import { natives, takeTaskMemString } from './natives.js';
import { VSS_DIFF_AREA_PROP, VSS_DIFF_VOLUME_PROP, VSS_MGMT_OBJECT_PROP, VSS_VOLUME_PROP } from './structs.js';
import type { RawDiffArea, RawDiffVolumeProp, RawVolumeProp } from './raw-types.js';

const MGMT_PROP_SIZE = koffi.sizeof(VSS_MGMT_OBJECT_PROP);
const E_NOINTERFACE = 0x80004002 | 0;

type MgmtRow = { type: number; buf: Buffer };

/**
 * Shadow storage management: IVssSnapshotMgmt (CoCreateInstance of CLSID_VssSnapshotMgmt) and the
 * software provider's IVssDifferentialSoftwareSnapshotMgmt, the documented route `vssadmin
 * list/resize/add shadowstorage` also takes.
 */
export class SnapshotMgmt {
  readonly #scope: ComScope;
  readonly mgmt: ComPtr<'IVssSnapshotMgmt'>;
  readonly diff: ComPtr<'IVssDifferentialSoftwareSnapshotMgmt'>;

  private constructor(scope: ComScope, mgmt: ComPtr<'IVssSnapshotMgmt'>, diff: ComPtr<'IVssDifferentialSoftwareSnapshotMgmt'>) {
    this.#scope = scope;
    this.mgmt = mgmt;
    this.diff = diff;
  }

  static open(scope: ComScope): SnapshotMgmt {
    ensureComInitialized();
    const out: [unknown] = [null];
    check(
      natives().CoCreateInstance(guidToStruct(IDS.CLSID_VssSnapshotMgmt), null, CLSCTX_ALL, guidToStruct(IDS.IID_IVssSnapshotMgmt), out),
      'CoCreateInstance(VssSnapshotMgmt)',
    );
    const mgmt = scope.adopt('IVssSnapshotMgmt', out[0] as bigint);
    const diffOut: [unknown] = [null];
    mgmt.call(
      'GetProviderMgmtInterface',
      'GetProviderMgmtInterface',
      guidToStruct(IDS.VSS_SWPRV_PROVIDER),
      guidToStruct(IDS.IID_IVssDifferentialSoftwareSnapshotMgmt),
      diffOut,
    );
    return new SnapshotMgmt(scope, mgmt, scope.adopt('IVssDifferentialSoftwareSnapshotMgmt', diffOut[0] as bigint));
  }

  /**
   * Reads every row of a query's enumerator. Any success code is success: the queries are
   * documented to return S_OK, but a success code such as S_FALSE (what IVssBackupComponents::Query
   * returns for "no objects") may come with an enumerator that still holds rows, so the enumerator
   * is read to its end whatever the code; only a missing enumerator means no rows.
   */
  #drain(_hr: number, out: [unknown], operation: string): MgmtRow[] {
    const rows: MgmtRow[] = [];
    if (!out[0]) return rows;
    const en = this.#scope.adopt('IVssEnumMgmtObject', out[0] as bigint);
    try {
      for (;;) {
        const buf = Buffer.alloc(MGMT_PROP_SIZE);
        const fetched: [number] = [0];
        check(en.invoke('Next', 1, buf, fetched), `${operation} (next)`);
        if (fetched[0] === 0) break;
        rows.push({ type: buf.readInt32LE(0), buf });
      }
      return rows;
    } finally {
      this.#scope.releaseNow(en);
    }
  }

  /** Volumes the software provider can shadow-copy (any context). */
  volumesSupportedForSnapshots(): RawVolumeProp[] {
    const out: [unknown] = [null];
    const hr = this.mgmt.call('QueryVolumesSupportedForSnapshots', 'QueryVolumesSupportedForSnapshots', guidToStruct(IDS.VSS_SWPRV_PROVIDER), VSS_CTX.ALL, out);
    return this.#drain(hr, out, 'QueryVolumesSupportedForSnapshots')
      .filter((r) => r.type === VSS_MGMT_OBJECT.VOLUME)
      .map((r) => takeVolumeProp(r.buf));
  }

  /** Volumes that can hold shadow storage for `volume`, with their free and total space. */
  volumesSupportedForDiffAreas(volume: string): RawDiffVolumeProp[] {
    const out: [unknown] = [null];
    const hr = this.diff.call('QueryVolumesSupportedForDiffAreas', 'QueryVolumesSupportedForDiffAreas', volume, out);
    return this.#drain(hr, out, 'QueryVolumesSupportedForDiffAreas')
      .filter((r) => r.type === VSS_MGMT_OBJECT.DIFF_VOLUME)
      .map((r) => takeDiffVolumeProp(r.buf));
  }

  /** Shadow storage associations for the shadow copies of `volume`. */
  diffAreasForVolume(volume: string): RawDiffArea[] {
    const out: [unknown] = [null];
    const hr = this.diff.call('QueryDiffAreasForVolume', `QueryDiffAreasForVolume(${volume})`, volume, out);
    return this.#drain(hr, out, 'QueryDiffAreasForVolume')
      .filter((r) => r.type === VSS_MGMT_OBJECT.DIFF_AREA)
      .map((r) => takeDiffAreaProp(r.buf));
  }

  /**
   * The smallest shadow storage maximum Windows accepts (IVssSnapshotMgmt2::GetMinDiffAreaSize, the
   * MinDiffAreaFileSize setting; 320 MB by default). AddDiffArea and ChangeDiffAreaMaximumSize refuse
   * anything smaller, so callers check it before asking. Null where the interface is missing.
   */
  minDiffAreaSize(): bigint | null {
    const out: [unknown] = [null];
    const hr = this.mgmt.invoke('QueryInterface', guidToStruct(IDS.IID_IVssSnapshotMgmt2), out);
    if (hr === E_NOINTERFACE || (hr >= 0 && !out[0])) return null;
    check(hr, 'QueryInterface(IVssSnapshotMgmt2)');
    const mgmt2 = this.#scope.adopt('IVssSnapshotMgmt2', out[0] as bigint);
    try {
      const min: [bigint | number] = [0n];
      mgmt2.call('GetMinDiffAreaSize', 'GetMinDiffAreaSize', min);
      return BigInt(min[0]);
    } finally {
      this.#scope.releaseNow(mgmt2);
    }
  }

  /** ChangeDiffAreaMaximumSize: bytes, or -1 for unbounded. */
  changeMaximumSize(volume: string, diffVolume: string, maxBytes: bigint): void {
    this.diff.call('ChangeDiffAreaMaximumSize', `ChangeDiffAreaMaximumSize(${volume})`, volume, diffVolume, maxBytes);
  }

  /** AddDiffArea: a new shadow storage association. */
  addDiffArea(volume: string, diffVolume: string, maxBytes: bigint): void {
    this.diff.call('AddDiffArea', `AddDiffArea(${volume})`, volume, diffVolume, maxBytes);
  }
}

function takeVolumeProp(buf: Buffer): RawVolumeProp {
  const p = koffi.decode(buf, 8, VSS_VOLUME_PROP) as { m_pwszVolumeName: bigint | null; m_pwszVolumeDisplayName: bigint | null };
  return { volumeName: takeTaskMemString(p.m_pwszVolumeName) ?? '', displayName: takeTaskMemString(p.m_pwszVolumeDisplayName) ?? '' };
}

function takeDiffVolumeProp(buf: Buffer): RawDiffVolumeProp {
  const p = koffi.decode(buf, 8, VSS_DIFF_VOLUME_PROP) as {
    m_pwszVolumeName: bigint | null; m_pwszVolumeDisplayName: bigint | null; m_llVolumeFreeSpace: number | bigint; m_llVolumeTotalSpace: number | bigint;
  };
  return {
    volumeName: takeTaskMemString(p.m_pwszVolumeName) ?? '',
    displayName: takeTaskMemString(p.m_pwszVolumeDisplayName) ?? '',
    freeBytes: BigInt(p.m_llVolumeFreeSpace),
    totalBytes: BigInt(p.m_llVolumeTotalSpace),
  };
}

function takeDiffAreaProp(buf: Buffer): RawDiffArea {
  const p = koffi.decode(buf, 8, VSS_DIFF_AREA_PROP) as {
    m_pwszVolumeName: bigint | null; m_pwszDiffAreaVolumeName: bigint | null;
    m_llMaximumDiffSpace: number | bigint; m_llAllocatedDiffSpace: number | bigint; m_llUsedDiffSpace: number | bigint;
  };
  return {
    volumeName: takeTaskMemString(p.m_pwszVolumeName) ?? '',
    diffAreaVolumeName: takeTaskMemString(p.m_pwszDiffAreaVolumeName) ?? '',
    maximumBytes: BigInt(p.m_llMaximumDiffSpace),
    allocatedBytes: BigInt(p.m_llAllocatedDiffSpace),
    usedBytes: BigInt(p.m_llUsedDiffSpace),
  };
}

/** Opens the management interfaces, runs `fn`, and releases them afterwards. */
export function withSnapshotMgmt<T>(fn: (m: SnapshotMgmt) => T): T {
  const scope = new ComScope();
  try {
    return fn(SnapshotMgmt.open(scope));
  } finally {
    scope.dispose();
  }
}
