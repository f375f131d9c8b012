import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { natives } from '../ffi/natives.js';
import { enumerateVolumes, ERROR_NOT_READY, SEM_FAILCRITICALERRORS } from '../ffi/volumes.js';
import { multiSzToStrings } from '../ffi/natives.js';
import { runCli, type CliIo } from '../cli/run-cli.js';

// Volumes as Windows has them (Microsoft Learn: FindFirstVolumeW, GetVolumePathNamesForVolumeNameW,
// GetVolumeInformationW, GetDiskFreeSpaceExW): partitions with no mount point, a volume with a letter
// and a mount folder, one mounted only at a folder, and a drive with no media in it.
const G = {
  c: '{0c0c0c0c-1111-4a4a-8b8b-000000000001}',
  efi: '{5f3a91c4-7e02-4b8d-a6c1-0d9e2f47b815}',
  recovery: '{b7e40d29-3c61-4f5a-9e82-6a1d0c3f9b47}',
  archive: '{0c0c0c0c-1111-4a4a-8b8b-000000000004}',
  photos: '{0c0c0c0c-1111-4a4a-8b8b-000000000005}',
  reader: '{0c0c0c0c-1111-4a4a-8b8b-000000000006}',
};
const guidPath = (g: string) => `\\\\?\\Volume${g}\\`;
const MB = 1024 * 1024;

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  host?.dispose();
  m?.dispose();
  m = undefined;
  host = undefined;
});

function kindsMachine(): SimMachine {
  const machine = freshMachine();
  const json = {
    machineName: 'KINDS-PC',
    volumes: [
      { letter: 'C', guid: G.c, label: 'Windows', fileSystem: 'NTFS', capacityBytes: 256 * 1024 * MB, driveType: 'fixed' },
      { guid: G.efi, label: 'SYSTEM', fileSystem: 'FAT32', capacityBytes: 100 * MB, usedBytes: 32 * MB, driveType: 'fixed' },
      { guid: G.recovery, label: 'Recovery', fileSystem: 'NTFS', capacityBytes: 720 * MB, usedBytes: 300 * MB, driveType: 'fixed' },
      { letter: 'D', guid: G.archive, label: 'Archive', fileSystem: 'NTFS', capacityBytes: 2048 * 1024 * MB, usedBytes: 1024 * MB, mountFolders: ['C:\\Mount\\Archive\\'] },
      { guid: G.photos, label: 'Photos', fileSystem: 'NTFS', capacityBytes: 512 * 1024 * MB, usedBytes: 1024 * MB, mountFolders: ['C:\\Users\\ana\\Photos'] },
      { letter: 'F', guid: G.reader, label: '', fileSystem: 'FAT32', driveType: 'removable', media: false },
    ],
  };
  writeFileSync(path.join(machine.root, 'machine.json'), JSON.stringify(json, null, 2));
  return machine;
}

test('volume kinds: kernel32 lists volumes without a mount point, with several paths, and an empty card reader, as Windows does', () => {
  m = kindsMachine();
  const n = natives();
  const raw = new Map(enumerateVolumes().map((v) => [v.guidPath, v]));
  assert.equal(raw.size, 6, 'FindFirstVolumeW/FindNextVolumeW list every volume, mounted or not');
  assert.deepEqual(raw.get(guidPath(G.efi))!.mountPoints, [], 'the EFI system partition has no drive letter and no folder');
  assert.deepEqual(raw.get(guidPath(G.recovery))!.mountPoints, []);
  assert.deepEqual(raw.get(guidPath(G.archive))!.mountPoints, ['D:\\', 'C:\\Mount\\Archive\\'], 'a letter and a mount folder: both paths');
  assert.deepEqual(raw.get(guidPath(G.photos))!.mountPoints, ['C:\\Users\\ana\\Photos\\'], 'a folder only, with its trailing backslash');
  // A volume without a mount point answers by its GUID path: its facts are real.
  const efi = raw.get(guidPath(G.efi))!;
  assert.equal(efi.fileSystem, 'FAT32');
  assert.equal(efi.capacityBytes, 100 * MB);
  assert.equal(efi.mediaPresent, true);

  // GetVolumePathNamesForVolumeNameW: an empty list succeeds with just the closing NUL.
  const returned: [number] = [99];
  const buf = Buffer.alloc(64);
  assert.equal(n.GetVolumePathNamesForVolumeNameW(guidPath(G.efi), buf, 32, returned), 1);
  assert.equal(returned[0], 1, 'one TCHAR copied: the terminating NUL');
  assert.equal(buf.readUInt16LE(0), 0);
  assert.deepEqual(multiSzToStrings(buf, returned[0]), []);
  // Too small for both paths of D: ERROR_MORE_DATA and the size it needs ("D:\" + NUL + "C:\Mount\Archive\" + NUL + NUL).
  const small: [number] = [0];
  assert.equal(n.GetVolumePathNamesForVolumeNameW(guidPath(G.archive), Buffer.alloc(16), 8, small), 0);
  assert.equal(n.GetLastError(), 234);
  assert.equal(small[0], 4 + 18 + 1);

  // A drive with no media: GetVolumeInformationW and GetDiskFreeSpaceExW fail with ERROR_NOT_READY, the type stays
  // (asked, as the product asks, with SEM_FAILCRITICALERRORS: no "insert a disk" box).
  const oldMode: [number] = [0];
  assert.equal(n.SetThreadErrorMode(SEM_FAILCRITICALERRORS, oldMode), 1);
  const label = Buffer.alloc(520);
  const fs = Buffer.alloc(520);
  assert.equal(n.GetVolumeInformationW('F:\\', label, 260, [0], [0], [0], fs, 260), 0);
  assert.equal(n.GetLastError(), ERROR_NOT_READY);
  assert.equal(n.GetDiskFreeSpaceExW('F:\\', [0], [0], [0]), 0);
  assert.equal(n.GetLastError(), ERROR_NOT_READY);
  assert.equal(n.GetDriveTypeW('F:\\'), 2, 'DRIVE_REMOVABLE');
  const mine: [number] = [0];
  assert.equal(n.SetThreadErrorMode(oldMode[0], mine), 1);
  assert.equal(mine[0], SEM_FAILCRITICALERRORS, 'the thread kept the mode it was given');
  const reader = raw.get(guidPath(G.reader))!;
  assert.equal(reader.mediaPresent, false);
  assert.equal(reader.capacityBytes, null, 'no made-up size');
  assert.equal(reader.freeBytes, null);
  assert.deepEqual(reader.mountPoints, ['F:\\']);

  // A path below a mount folder is on the mounted volume, not on C:.
  const total: [unknown] = [0];
  assert.equal(n.GetDiskFreeSpaceExW('C:\\Mount\\Archive\\2024\\', [0], total, [0]), 1);
  assert.equal(Number(total[0]), 2048 * 1024 * MB);
  assert.equal(n.GetVolumeInformationW('C:\\Mount\\Archive\\', label, 260, [0], [0], [0], fs, 260), 1, 'a mount folder is a volume root');
  assert.equal(n.GetVolumeInformationW('C:\\Mount\\Archive', label, 260, [0], [0], [0], fs, 260), 0, 'without the trailing backslash it is not');
  assert.equal(n.GetLastError(), 123, 'ERROR_INVALID_NAME');
});

test('volume kinds: the product names each sensibly, shadow-copies only what VSS supports, and resolves mount folders', () => {
  m = kindsMachine();
  const vols = m.client.listVolumes();
  const by = new Map(vols.map((v) => [v.guidPath, v]));
  assert.equal(by.get(guidPath(G.efi))!.name, guidPath(G.efi), 'no letter, no folder: named by its GUID path');
  assert.equal(by.get(guidPath(G.efi))!.label, 'SYSTEM');
  assert.equal(by.get(guidPath(G.efi))!.shadowCopySupported, false, 'FAT32: not for the software provider');
  assert.equal(by.get(guidPath(G.recovery))!.shadowCopySupported, true, 'NTFS, fixed: VSS lists it even without a mount point');
  assert.equal(by.get(guidPath(G.archive))!.name, 'D:\\', 'the drive letter comes first');
  assert.equal(by.get(guidPath(G.photos))!.name, 'C:\\Users\\ana\\Photos\\');
  const reader = by.get(guidPath(G.reader))!;
  assert.equal(reader.name, 'F:\\');
  assert.equal(reader.mediaPresent, false);
  assert.equal(reader.capacityBytes, null);
  assert.equal(reader.shadowCopySupported, false, 'nothing to copy');
  for (const spelling of ['C:\\Mount\\Archive', 'c:/mount/archive/', 'D:']) assert.equal(m.client.resolveVolume(spelling, vols).guidPath, guidPath(G.archive), spelling);
  assert.equal(m.client.resolveVolume(guidPath(G.recovery), vols).label, 'Recovery');
  // A copy of the recovery partition, named by its GUID path all the way through (its shadow storage
  // is on itself, so it needs Windows' 320 MB minimum free: it has 420 MB).
  const made = m.client.createShadows({ volumes: [guidPath(G.recovery)] });
  assert.equal(made.shadows[0]!.volume, guidPath(G.recovery));
  assert.equal(m.client.listShadows({ volume: guidPath(G.recovery) }).length, 1);
  assert.throws(() => m!.client.createShadows({ volumes: ['F:'] }), (e: Error & { hresultName?: string }) => e.hresultName === 'VSS_E_VOLUME_NOT_SUPPORTED');
});

test('volume kinds: the CLI table and its JSON say "no media" and leave unknown sizes empty', async () => {
  m = kindsMachine();
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
  host = inProcessApi(m, 'en');
  assert.equal(await runCli(['volumes'], io, host.api, 'en'), 0, err);
  assert.match(out, /^F:\\ +\(no media\) +removable +- +- +not supported/m);
  assert.match(out, /^D:\\, C:\\Mount\\Archive\\ +Archive +NTFS/m, 'every path of a volume');
  assert.match(out, new RegExp(`^${guidPath(G.efi).replace(/[\\{}?]/g, '\\$&')} +SYSTEM +FAT32 +fixed +100 MB`, 'm'));
  out = '';
  assert.equal(await runCli(['volumes', '--json'], io, host.api, 'en'), 0);
  const reader = JSON.parse(out).find((v: { guidPath: string }) => v.guidPath === guidPath(G.reader));
  assert.deepEqual({ capacityBytes: reader.capacityBytes, freeBytes: reader.freeBytes, mediaPresent: reader.mediaPresent }, { capacityBytes: null, freeBytes: null, mediaPresent: false });
});
