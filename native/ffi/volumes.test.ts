import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enumerateVolumes, ERROR_NOT_READY, SEM_FAILCRITICALERRORS, type Kernel32 } from './volumes.js';

const GUID = '\\\\?\\Volume{0c0c0c0c-1111-4a4a-8b8b-000000000006}\\';

/** A kernel32 with one empty DVD drive, recording the thread error mode each call ran under. */
function emptyDvdDrive(startMode: number) {
  let mode = startMode;
  let lastError = 0;
  const modeAt: Record<string, number> = {};
  const k: Kernel32 = {
    FindFirstVolumeW: (buf) => { buf.write(`${GUID}\0`, 'utf16le'); return 1n; },
    FindNextVolumeW: () => { lastError = 18; return 0; },
    FindVolumeClose: () => 1,
    GetVolumePathNamesForVolumeNameW: (_v, buf, _cch, returned) => { buf!.write('F:\\\0\0', 'utf16le'); returned[0] = 5; return 1; },
    GetVolumeInformationW: () => { modeAt.GetVolumeInformationW = mode; lastError = ERROR_NOT_READY; return 0; },
    GetDiskFreeSpaceExW: () => { modeAt.GetDiskFreeSpaceExW = mode; lastError = ERROR_NOT_READY; return 0; },
    GetDriveTypeW: () => 5,
    GetLastError: () => lastError,
    SetThreadErrorMode: (m, old) => { old[0] = mode; mode = m; return 1; },
  };
  return { k, modeAt, mode: () => mode };
}

test('volumes: an empty drive is asked with SEM_FAILCRITICALERRORS, so Windows answers ERROR_NOT_READY instead of an "insert a disk" box', () => {
  const drive = emptyDvdDrive(0x8000);
  const [dvd] = enumerateVolumes(drive.k);
  assert.equal(drive.modeAt.GetVolumeInformationW! & SEM_FAILCRITICALERRORS, SEM_FAILCRITICALERRORS, 'GetVolumeInformationW');
  assert.equal(drive.modeAt.GetDiskFreeSpaceExW! & SEM_FAILCRITICALERRORS, SEM_FAILCRITICALERRORS, 'GetDiskFreeSpaceExW');
  assert.equal(drive.mode(), 0x8000, 'the thread gets its own error mode back');
  assert.deepEqual(
    { mountPoints: dvd!.mountPoints, mediaPresent: dvd!.mediaPresent, capacityBytes: dvd!.capacityBytes, freeBytes: dvd!.freeBytes, driveType: dvd!.driveType, fileSystem: dvd!.fileSystem },
    { mountPoints: ['F:\\'], mediaPresent: false, capacityBytes: null, freeBytes: null, driveType: 'cdrom', fileSystem: '' },
  );
});
