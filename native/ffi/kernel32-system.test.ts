import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSystemLibrary } from './libraries.js';
import { bindKernel32 } from './natives.js';
import { enumerateVolumes } from './volumes.js';

const onWindows = process.platform === 'win32';
const reason = 'needs the system kernel32.dll: runs as Windows x64 under Wine in "npm run test:windows-abi"';

test('the volume enumeration code works against the system kernel32 (Wine\'s real one)', { skip: onWindows ? false : reason }, () => {
  const k32 = bindKernel32(loadSystemLibrary('kernel32'));
  const vols = enumerateVolumes(k32);
  assert.ok(vols.length >= 1, 'at least one volume');
  for (const v of vols) assert.match(v.guidPath, /^\\\\\?\\Volume\{[0-9a-f-]{36}\}\\$/i);
  const c = vols.find((v) => v.mountPoints.includes('C:\\'));
  assert.ok(c, 'C:\\ is a mount point of some volume');
  assert.ok(c.capacityBytes !== null && c.capacityBytes > 0, 'capacity via GetDiskFreeSpaceExW');
  assert.equal(c.mediaPresent, true, 'GetVolumeInformationW answered for C:');
  assert.ok(c.fileSystem.length > 0, 'file system via GetVolumeInformationW');
  assert.equal(c.driveType, 'fixed');
  // The error mode the enumeration sets for its thread is Windows' own, and is given back.
  const old: [number] = [0];
  assert.equal(k32.SetThreadErrorMode(0x0001, old), 1, 'SetThreadErrorMode(SEM_FAILCRITICALERRORS)');
  const mine: [number] = [0];
  assert.equal(k32.SetThreadErrorMode(old[0], mine), 1);
  assert.equal(mine[0] & 0x0001, 0x0001);
});
