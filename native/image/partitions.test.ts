import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE_PROBLEMS, assignLetters, fileSystemOf } from './disk-image.js';
import type { ImageVolume } from './image-types.js';
import { gptTypeName, mbrTypeName, readPartitions } from './partitions.js';

test('partition types in words', () => {
  assert.equal(mbrTypeName(0x07), 'MBR 0x07 (NTFS/exFAT)');
  assert.equal(mbrTypeName(0x9a), 'MBR 0x9a');
  assert.equal(gptTypeName('ebd0a0a2-b9e5-4433-87c0-68b6b72699c7'), 'Microsoft basic data');
  assert.equal(gptTypeName('C12A7328-F81F-11D2-BA4B-00A0C93EC93B'), 'EFI system');
  assert.equal(gptTypeName('DE94BBA4-06D1-4D40-A16A-BFD50179D6AC'), 'Windows recovery environment');
  assert.equal(gptTypeName('00000000-1111-2222-3333-444444444444'), 'GPT 00000000-1111-2222-3333-444444444444');
});

test('a boot sector says what it is; an NTFS boot sector is a volume, not an MBR, though it ends in 55 AA', () => {
  const ntfs = Buffer.alloc(512);
  ntfs.write('NTFS    ', 3, 'latin1');
  ntfs.writeUInt16LE(0xaa55, 510);
  assert.equal(fileSystemOf(ntfs), 'NTFS');
  const bl = Buffer.alloc(512);
  bl.write('-FVE-FS-', 3, 'latin1');
  assert.equal(fileSystemOf(bl), 'BitLocker');
  const fat = Buffer.alloc(512);
  fat.write('FAT32   ', 82, 'latin1');
  assert.equal(fileSystemOf(fat), 'FAT32');
  assert.equal(fileSystemOf(Buffer.alloc(512)), '');
  const read = (off: number, len: number): Buffer => (off === 0 ? ntfs : Buffer.alloc(len));
  assert.deepEqual(readPartitions(read, true), { scheme: 'none', partitions: [] });
  assert.deepEqual(readPartitions(() => Buffer.alloc(512), false), { scheme: 'none', partitions: [] }, 'no 55 AA: no table');
});

test('letters: the Windows volume is C:, the other NTFS volumes follow from D: in partition order; others get none', () => {
  const v = (partition: number, fileSystem: string, hasWindows: boolean): ImageVolume => ({
    letter: null, partition, fileSystem, label: '', offsetBytes: 0, sizeBytes: 0, partitionType: '', hasWindows, stores: [], problem: null,
  });
  const vols = [v(1, 'FAT32', false), v(2, 'NTFS', false), v(3, 'NTFS', true), v(4, 'BitLocker', false), v(5, 'NTFS', false)];
  assignLetters(vols);
  assert.deepEqual(vols.map((x) => x.letter), [null, 'D:', 'C:', null, 'E:']);
  const none = [v(1, 'NTFS', false), v(2, 'NTFS', false)];
  assignLetters(none);
  assert.deepEqual(none.map((x) => x.letter), ['C:', 'D:'], 'without Windows, from C: in order');
});

test('missing libraries are named with the apt command that installs them, in both languages', () => {
  const p = IMAGE_PROBLEMS.IMAGE_LIBRARIES_MISSING(['libvshadow1', 'libfsntfs1']);
  assert.equal(p.code, 'IMAGE_LIBRARIES_MISSING');
  assert.match(p.en, /sudo apt install libvshadow1 libfsntfs1$/);
  assert.match(p.it, /sudo apt install libvshadow1 libfsntfs1$/);
});
