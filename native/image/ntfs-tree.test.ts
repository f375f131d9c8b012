import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveHandles, libyalAvailability } from '../ffi/libyal/libyal-load.js';
import type { TreeEntry } from '../restore/file-tree.js';
import {
  BIG_FOLDER_COUNT, RICH, bigFolderVolume, compressibleBytes, fuseSkip, hashOf, mbrExtendedDisk, multiPartitionDisk, richVolume, sha256,
} from '../testing/ntfs-fixtures.js';
import { AppError } from '../vss/app-error.js';
import { openDiskImage, type DiskImage } from './disk-image.js';
import { NTFS_METAFILES, filetimeToMs } from './ntfs-tree.js';

const libs = libyalAvailability();
const LIBS_SKIP: string | false = libs.available ? false : `libyal libraries missing (apt install ${libs.missing.join(' ')})`;
const FIXTURE_SKIP: string | false = LIBS_SKIP || fuseSkip();

async function withImage(p: string, fn: (img: DiskImage) => Promise<void>): Promise<void> {
  const img = openDiskImage(p);
  try {
    await fn(img);
  } finally {
    img.close();
  }
  assert.equal(liveHandles.count, 0, 'every native handle is freed on close');
}

const names = (entries: TreeEntry[] | null | 'not-folder'): string[] => (entries as TreeEntry[]).map((e) => e.name).sort();

test('rich NTFS volume: deep tree, Unicode names, names differing only by case, metafiles hidden', { skip: FIXTURE_SKIP }, async () => {
  await withImage(richVolume(), async (img) => {
    const v = img.summary.volumes[0]!;
    assert.equal(img.summary.partitioning, 'none');
    assert.equal(v.letter, 'C:');
    assert.equal(v.label, 'Rich');
    assert.deepEqual(v.stores, [], 'a volume that never had shadow copies lists none');
    assert.equal(v.problem, null);
    const t = img.liveTree('C:');
    const root = (await t.readdir([])) as TreeEntry[];
    for (const e of root) assert.ok(!NTFS_METAFILES.has(e.name), `${e.name} is hidden`);
    for (const n of [...RICH.unicode, ...RICH.caseNames]) assert.ok(root.some((e) => e.name === n && e.kind === 'file'), n);
    assert.ok(root.some((e) => e.name === 'deep' && e.kind === 'folder'));
    assert.equal(await t.readdir(['$MFT']), null, 'metafiles cannot be reached by name either');

    const leaf = [...RICH.deep, RICH.deepLeaf];
    assert.deepEqual(names(await t.readdir(RICH.deep)), [RICH.deepLeaf]);
    assert.equal((await hashOf(t, leaf)).sha256, sha256(Buffer.from(RICH.deepText)));
    for (const n of RICH.unicode) assert.equal((await hashOf(t, [n])).sha256, sha256(Buffer.from(n)), n);
    // Case is kept: each of the two names reads its own bytes, and a third spelling finds nothing.
    for (const n of RICH.caseNames) assert.equal((await hashOf(t, [n])).sha256, sha256(Buffer.from(n)), n);
    assert.equal(await t.stat(['CASE.TXT']), null);
    for (const d of RICH.caseDirs) {
      assert.deepEqual(names(await t.readdir([d])), ['inside.txt'], d);
      assert.equal((await hashOf(t, [d, 'inside.txt'])).sha256, sha256(Buffer.from(`inside ${d}`)), `${d}/inside.txt`);
    }
    assert.equal(await t.readdir(['FOLDER']), null);
    assert.equal(t.foldCase, false);
  });
});

test('rich NTFS volume: ADS in streams, sparse and compressed bytes, hard link, symlink and junction as links', { skip: FIXTURE_SKIP }, async () => {
  await withImage(richVolume(), async (img) => {
    const t = img.liveTree('C:');
    const ads = await t.stat([RICH.adsFile]);
    assert.deepEqual(ads?.streams, [{ name: RICH.adsName, size: Buffer.byteLength(RICH.adsText) }]);
    assert.equal(ads?.size, Buffer.byteLength('main stream'), 'size is the unnamed stream only');
    assert.equal((await t.stat([RICH.hardTarget]))?.streams, undefined, 'no streams field without streams');

    const sparse = await t.stat([RICH.sparseFile]);
    assert.equal(sparse?.size, RICH.sparseAt + RICH.sparseData.length);
    assert.ok(((sparse?.attributes ?? 0) & 0x200) !== 0, 'FILE_ATTRIBUTE_SPARSE_FILE');
    const wantSparse = Buffer.concat([Buffer.alloc(RICH.sparseAt), RICH.sparseData]);
    assert.equal((await hashOf(t, [RICH.sparseFile])).sha256, sha256(wantSparse));

    const comp = await t.stat([RICH.compressedDir, RICH.compressedFile]);
    assert.ok(((comp?.attributes ?? 0) & 0x800) !== 0, 'FILE_ATTRIBUTE_COMPRESSED');
    assert.deepEqual(await hashOf(t, [RICH.compressedDir, RICH.compressedFile]), { size: RICH.compressedSize, sha256: sha256(compressibleBytes(RICH.compressedSize)) });

    assert.equal((await hashOf(t, [RICH.hardLink])).sha256, sha256(Buffer.from(RICH.targetText)), 'both names of a hard link read the file');
    assert.equal((await hashOf(t, [RICH.hardTarget])).sha256, sha256(Buffer.from(RICH.targetText)));

    const root = (await t.readdir([])) as TreeEntry[];
    assert.equal(root.find((e) => e.name === RICH.symlink)?.kind, 'link');
    assert.equal(root.find((e) => e.name === RICH.junction)?.kind, 'link');
    const link = await t.stat([RICH.symlink]);
    assert.equal(link?.kind, 'link');
    assert.ok(((link?.attributes ?? 0) & 0x400) !== 0, 'FILE_ATTRIBUTE_REPARSE_POINT');
    assert.equal(await t.readlink([RICH.symlink]), RICH.hardTarget);
    assert.equal((await t.stat([RICH.junction]))?.kind, 'link');
    assert.equal(await t.readlink([RICH.junction]), RICH.junctionTarget);
    assert.equal(await t.readlink([RICH.hardTarget]), null, 'a file is no link');
    assert.equal(await t.readlink(['absent']), null);
    await assert.rejects(t.open([RICH.symlink]), (e: unknown) => e instanceof AppError && e.code === 'NOT_A_FILE', 'links are never followed');
    assert.equal(await t.readdir([RICH.junction]), 'not-folder', 'a junction is not entered');
  });
});

test('rich NTFS volume: a 5 GiB sparse file has its size and reads a marker beyond 4 GiB', { skip: FIXTURE_SKIP }, async () => {
  await withImage(richVolume(), async (img) => {
    const t = img.liveTree('C:');
    const st = await t.stat([RICH.bigFile]);
    assert.equal(st?.size, RICH.bigSize);
    const f = await t.open([RICH.bigFile]);
    try {
      const buf = Buffer.alloc(RICH.bigMarker.length + 8, 0xff);
      const n = await f.read(buf, 4, RICH.bigMarker.length, RICH.bigMarkerAt);
      assert.equal(n, RICH.bigMarker.length);
      assert.deepEqual(buf.subarray(4, 4 + n), RICH.bigMarker);
      assert.deepEqual(buf.subarray(0, 4), Buffer.alloc(4, 0xff), 'bytes before the offset are untouched');
      const tail = Buffer.alloc(100);
      assert.equal(await f.read(tail, 0, 100, RICH.bigSize - 40), 40, 'a read past the end is cut at the end');
      assert.equal(await f.read(tail, 0, 100, RICH.bigSize), 0);
    } finally {
      await f.close();
    }
  });
});

test('times: FILETIME to fractional milliseconds', () => {
  assert.equal(filetimeToMs(116444736000000000n), 0);
  assert.equal(filetimeToMs(116444736000000001n), 0.0001);
  assert.equal(filetimeToMs(130305261097363787n), 1386052509736.3787);
  assert.equal(filetimeToMs(0n), 0);
});

test(`a folder of ${BIG_FOLDER_COUNT} entries lists in full (count and time printed)`, { skip: FIXTURE_SKIP }, async () => {
  const t0 = performance.now();
  const vol = bigFolderVolume();
  const built = performance.now() - t0;
  await withImage(vol, async (img) => {
    const t = img.liveTree('C:');
    const ms: number[] = [];
    let list: TreeEntry[] = [];
    for (let i = 0; i < 2; i++) {
      const s = performance.now();
      list = (await t.readdir(['many'])) as TreeEntry[];
      ms.push(performance.now() - s);
    }
    console.log(`${BIG_FOLDER_COUNT} entries: readdir ${ms.map((m) => m.toFixed(0)).join(' / ')} ms (fixture ready in ${built.toFixed(0)} ms)`);
    assert.equal(list.length, BIG_FOLDER_COUNT);
    assert.ok(list.every((e) => e.kind === 'file'));
    assert.equal(new Set(list.map((e) => e.name)).size, BIG_FOLDER_COUNT);
    assert.ok(Math.min(...ms) < 10000, 'lists in well under ten seconds');
  });
});

test('GPT disk of four partitions: Windows volume is C: though third, data D:, EFI and BitLocker explained', { skip: FIXTURE_SKIP }, async () => {
  await withImage(multiPartitionDisk(), async (img) => {
    const s = img.summary;
    assert.equal(s.partitioning, 'gpt');
    const [efi, data, win, bl] = s.volumes;
    assert.deepEqual([efi?.partition, data?.partition, win?.partition, bl?.partition], [1, 2, 3, 4]);
    assert.equal(efi?.partitionType, 'EFI system');
    assert.equal(efi?.fileSystem, 'FAT32');
    assert.equal(efi?.letter, null);
    assert.equal(efi?.problem?.code, 'VOLUME_NOT_NTFS');
    assert.equal(win?.letter, 'C:');
    assert.equal(win?.hasWindows, true);
    assert.equal(win?.label, 'Windows');
    assert.equal(data?.letter, 'D:');
    assert.equal(data?.label, 'Data');
    assert.equal(data?.partitionType, 'Microsoft basic data');
    assert.equal(data?.offsetBytes, 18432 * 512);
    assert.equal(data?.sizeBytes, 32768 * 512);
    assert.equal(bl?.fileSystem, 'BitLocker');
    assert.equal(bl?.letter, null);
    assert.equal(bl?.problem?.code, 'VOLUME_BITLOCKER');
    assert.match(bl?.problem?.en ?? '', /BitLocker/);
    assert.deepEqual(names(await img.liveTree('C:').readdir(['Windows', 'System32'])), ['notepad.exe']);
    assert.equal((await hashOf(img.liveTree('D:'), ['data.txt'])).sha256, sha256(Buffer.from('on the data volume')));
  });
});

test('MBR with an extended partition: logical volumes 5 and 6 are found through the EBR chain, the Windows one is C:', { skip: FIXTURE_SKIP }, async () => {
  await withImage(mbrExtendedDisk(), async (img) => {
    assert.equal(img.summary.partitioning, 'mbr');
    assert.deepEqual(img.summary.volumes.map((v) => [v.partition, v.letter, v.label, v.offsetBytes, v.sizeBytes]), [
      [1, 'D:', 'Primary', 2048 * 512, 32768 * 512],
      [5, 'C:', 'LogicalWin', 38912 * 512, 32768 * 512],
      [6, 'E:', 'Logical2', 73728 * 512, 32768 * 512],
    ]);
    assert.equal((await hashOf(img.liveTree('E:'), ['second-logical.txt'])).sha256, sha256(Buffer.from('logical')));
  });
});

