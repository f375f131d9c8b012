import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveHandles, libyalAvailability } from '../ffi/libyal/libyal-load.js';
import {
  VSSTEST_QCOW2, attachLoop, convertedVsstest, detachLoop, e01Of, fuseSkip, hashOf, loopSkip, multiPartitionDisk, sha256, splitRawOf,
  toolsSkip, vsstestRaw, vsstestSkip,
} from '../testing/ntfs-fixtures.js';
import { openDiskImage } from './disk-image.js';
import type { ImageFormat } from './image-types.js';

const libs = libyalAvailability();
const LIBS_SKIP: string | false = libs.available ? false : `libyal libraries missing (apt install ${libs.missing.join(' ')})`;
const REAL_SKIP: string | false = LIBS_SKIP || vsstestSkip();
const QEMU_SKIP: string | false = REAL_SKIP || toolsSkip({ 'qemu-img': 'qemu-utils' });
const EWF_SKIP: string | false = QEMU_SKIP || toolsSkip({ ewfacquire: 'ewf-tools' });
const MULTI_SKIP: string | false = LIBS_SKIP || fuseSkip();

const SYSLOG_SHA = '0420b023f8dc1b71ff25191ce4ce88d10028f99f99f7c21532611f4c273aeae9';
const PASSWORD_SHA = '02a2a6af2f1ecf4720d7d49d640f0d0a269a7ec733e41973bdd34f09dad0e252';

/** Opens a copy of vsstest in another container and checks it is recognised by content and its stores read. */
async function checkContainer(file: string, format: ImageFormat): Promise<void> {
  const img = openDiskImage(file);
  try {
    assert.equal(img.summary.format, format, file);
    const v = img.summary.volumes[0]!;
    assert.equal(v.letter, 'C:');
    assert.deepEqual(v.stores.map((s) => [s.index, s.id, s.createdAt, s.readable]), [
      [1, '{4e3c03c2-7bc6-4288-ad96-c1eac1a55f71}', '2013-12-03T06:35:09.7363787Z', true],
      [2, '{18f1ac6e-959d-436f-bdcc-e797a729e290}', '2013-12-03T06:37:48.9190583Z', true],
    ]);
    assert.equal((await hashOf(img.storeTree('C:', 1), ['syslog'])).sha256, SYSLOG_SHA);
    assert.equal((await hashOf(img.liveTree('C:'), ['password.txt'])).sha256, PASSWORD_SHA);
  } finally {
    img.close();
  }
  assert.equal(liveHandles.count, 0);
}

test('VHD, VHDX and VMDK copies of vsstest (qemu-img convert) are recognised by content and read the same stores', { skip: QEMU_SKIP }, async () => {
  await checkContainer(convertedVsstest('vpc'), 'vhd');
  await checkContainer(convertedVsstest('vhdx'), 'vhdx');
  await checkContainer(convertedVsstest('vmdk'), 'vmdk');
  await checkContainer(VSSTEST_QCOW2, 'qcow2');
});

test('an E01 of vsstest (ewfacquire) reads the same stores', { skip: EWF_SKIP }, async () => {
  await checkContainer(e01Of(vsstestRaw(), 'vsstest-e01'), 'e01');
});

async function checkMulti(file: string, format: ImageFormat): Promise<void> {
  const img = openDiskImage(file);
  try {
    assert.equal(img.summary.format, format, file);
    assert.equal(img.summary.partitioning, 'gpt');
    assert.deepEqual(img.summary.volumes.map((v) => v.letter), [null, 'D:', 'C:', null]);
    // The data volume straddles the 16 MiB piece boundaries: reads cross segment files.
    assert.equal((await hashOf(img.liveTree('D:'), ['data.txt'])).sha256, sha256(Buffer.from('on the data volume')));
    assert.ok(((await img.liveTree('C:').readdir(['Windows'])) as unknown[]).length === 1);
  } finally {
    img.close();
  }
  assert.equal(liveHandles.count, 0);
}

test('a split raw image (.001 .002 …) and a four-segment E01 are globbed and read across their pieces', { skip: MULTI_SKIP }, async () => {
  await checkMulti(splitRawOf(multiPartitionDisk(), 'multi-split', 16 * 1048576), 'split-raw');
  if (!toolsSkip({ ewfacquire: 'ewf-tools' })) await checkMulti(e01Of(multiPartitionDisk(), 'multi-e01', 20 * 1048576), 'e01');
  else console.log('E01 part skipped: ewfacquire missing (apt install ewf-tools)');
});

test('a block device (a read-only loop device over the GPT disk) reads as format "device"', { skip: MULTI_SKIP || loopSkip() }, async () => {
  const dev = attachLoop(multiPartitionDisk());
  try {
    await checkMulti(dev, 'device');
  } finally {
    detachLoop(dev);
  }
});
