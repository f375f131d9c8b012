import { natives, bufferToString, multiSzToStrings, type Natives } from './natives.js';
import { DRIVE_TYPE_NAMES } from './constants.js';

const MAX_PATH = 261;
const ERROR_NO_MORE_FILES = 18;
const ERROR_MORE_DATA = 234;

/** The kernel32 functions volume enumeration needs; the real kernel32 or the stand-in's. */
export type Kernel32 = Pick<Natives, 'FindFirstVolumeW' | 'FindNextVolumeW' | 'FindVolumeClose' | 'GetVolumePathNamesForVolumeNameW' | 'GetVolumeInformationW' | 'GetDiskFreeSpaceExW' | 'GetDriveTypeW' | 'GetLastError'>;

/** A volume as kernel32 describes it. */
export interface RawVolume {
  guidPath: string;
  mountPoints: string[];
  label: string;
  fileSystem: string;
  capacityBytes: number;
  freeBytes: number;
  driveType: string;
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

/** Label, file system, capacity, free space and drive type of a volume root (trailing backslash). */
export function describeVolume(root: string, n: Kernel32 = natives()): Omit<RawVolume, 'guidPath' | 'mountPoints'> {
  const label = Buffer.alloc(MAX_PATH * 2);
  const fs = Buffer.alloc(MAX_PATH * 2);
  const serial: [number] = [0];
  const maxComp: [number] = [0];
  const flags: [number] = [0];
  const ok = n.GetVolumeInformationW(root, label, MAX_PATH, serial, maxComp, flags, fs, MAX_PATH) !== 0;
  const free: [unknown] = [0];
  const total: [unknown] = [0];
  const totalFree: [unknown] = [0];
  const spaceOk = n.GetDiskFreeSpaceExW(root, free, total, totalFree) !== 0;
  return {
    label: ok ? bufferToString(label) : '',
    fileSystem: ok ? bufferToString(fs) : '',
    capacityBytes: spaceOk ? Number(total[0]) : 0,
    freeBytes: spaceOk ? Number(totalFree[0]) : 0,
    driveType: DRIVE_TYPE_NAMES[n.GetDriveTypeW(root)] ?? 'unknown',
  };
}

/** Every volume on the machine (FindFirstVolumeW / FindNextVolumeW), each described. */
export function enumerateVolumes(n: Kernel32 = natives()): RawVolume[] {
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
