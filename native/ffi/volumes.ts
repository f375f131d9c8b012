import { natives, bufferToString, multiSzToStrings, type Natives } from './natives.js';
import { DRIVE_TYPE_NAMES } from './constants.js';

const MAX_PATH = 261;
const ERROR_NO_MORE_FILES = 18;
const ERROR_MORE_DATA = 234;
/** "The device is not ready.": what GetVolumeInformationW / GetDiskFreeSpaceExW give for a drive with no media. */
export const ERROR_NOT_READY = 21;

/** The kernel32 functions volume enumeration needs; the real kernel32 or the stand-in's. */
export type Kernel32 = Pick<Natives, 'FindFirstVolumeW' | 'FindNextVolumeW' | 'FindVolumeClose' | 'GetVolumePathNamesForVolumeNameW' | 'GetVolumeInformationW' | 'GetDiskFreeSpaceExW' | 'GetDriveTypeW' | 'GetLastError' | 'SetThreadErrorMode'>;

/** The calling thread handles critical errors: no "There is no disk in the drive" box. */
export const SEM_FAILCRITICALERRORS = 0x0001;

/** A volume as kernel32 describes it. */
export interface RawVolume {
  guidPath: string;
  /** Drive letter and mount folders; empty for a volume without a mount point (EFI system or recovery partition). */
  mountPoints: string[];
  /** '' when there is none or Windows cannot tell (no media). */
  label: string;
  /** '' when Windows cannot tell (no media). */
  fileSystem: string;
  /** null when Windows cannot tell (no media, or GetDiskFreeSpaceExW failed): never a made-up 0. */
  capacityBytes: number | null;
  freeBytes: number | null;
  driveType: string;
  /** false for a drive with nothing in it (an empty card reader): GetVolumeInformationW fails with ERROR_NOT_READY. */
  mediaPresent: boolean;
}

/** Mount points (`C:\`, mount folders) of a `\\?\Volume{…}\` path. */
export function volumeMountPoints(guidPath: string, n: Kernel32 = natives()): string[] {
  let cch = MAX_PATH;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = Buffer.alloc(cch * 2);
    const returned: [number] = [0];
    if (n.GetVolumePathNamesForVolumeNameW(guidPath, buf, cch, returned)) return multiSzToStrings(buf, returned[0]);
    const err = n.GetLastError();
    if (err !== ERROR_MORE_DATA) return [];
    cch = Math.max(returned[0], cch * 2);
  }
  return [];
}

/**
 * Label, file system, capacity, free space and drive type of a volume root (trailing backslash; a
 * drive letter, a mount folder or the GUID path). A drive with no media fails both queries with
 * ERROR_NOT_READY: it is reported as such, with its sizes unknown (null), not as an empty 0-byte disk.
 */
export function describeVolume(root: string, n: Kernel32 = natives()): Omit<RawVolume, 'guidPath' | 'mountPoints'> {
  const label = Buffer.alloc(MAX_PATH * 2);
  const fs = Buffer.alloc(MAX_PATH * 2);
  const serial: [number] = [0];
  const maxComp: [number] = [0];
  const flags: [number] = [0];
  const ok = n.GetVolumeInformationW(root, label, MAX_PATH, serial, maxComp, flags, fs, MAX_PATH) !== 0;
  // The very next call on this thread, before anything can overwrite the last error.
  const infoError = ok ? 0 : n.GetLastError();
  const free: [unknown] = [0];
  const total: [unknown] = [0];
  const totalFree: [unknown] = [0];
  const spaceOk = n.GetDiskFreeSpaceExW(root, free, total, totalFree) !== 0;
  return {
    label: ok ? bufferToString(label) : '',
    fileSystem: ok ? bufferToString(fs) : '',
    capacityBytes: spaceOk ? Number(total[0]) : null,
    freeBytes: spaceOk ? Number(totalFree[0]) : null,
    driveType: DRIVE_TYPE_NAMES[n.GetDriveTypeW(root)] ?? 'unknown',
    mediaPresent: infoError !== ERROR_NOT_READY,
  };
}

/**
 * Every volume on the machine (FindFirstVolumeW / FindNextVolumeW), each described. Asking an empty
 * CD/DVD or floppy drive for its facts would make Windows show "insert a disk" and wait for the user
 * (GetVolumeInformationW's remarks), which in the windowless VSS host hangs the listing; so this thread
 * runs the enumeration with SEM_FAILCRITICALERRORS ("to prevent error mode dialogs from hanging the
 * application", SetThreadErrorMode) and gets ERROR_NOT_READY instead, then restores its mode.
 */
export function enumerateVolumes(n: Kernel32 = natives()): RawVolume[] {
  const old: [number] = [0];
  const changed = n.SetThreadErrorMode(SEM_FAILCRITICALERRORS, old) !== 0;
  try {
    return enumerate(n);
  } finally {
    if (changed) n.SetThreadErrorMode(old[0], [0]);
  }
}

function enumerate(n: Kernel32): RawVolume[] {
  const buf = Buffer.alloc(MAX_PATH * 2);
  const handle = n.FindFirstVolumeW(buf, MAX_PATH);
  if (handle === null || handle === 0xffffffffffffffffn) return [];
  const guids: string[] = [];
  try {
    guids.push(bufferToString(buf));
    for (;;) {
      buf.fill(0);
      if (!n.FindNextVolumeW(handle, buf, MAX_PATH)) {
        const err = n.GetLastError();
        if (err !== ERROR_NO_MORE_FILES) throw new Error(`FindNextVolumeW failed with Win32 error ${err}`);
        break;
      }
      guids.push(bufferToString(buf));
    }
  } finally {
    n.FindVolumeClose(handle);
  }
  return guids.map((guidPath) => {
    const mountPoints = volumeMountPoints(guidPath, n);
    return { guidPath, mountPoints, ...describeVolume(mountPoints[0] ?? guidPath, n) };
  });
}
