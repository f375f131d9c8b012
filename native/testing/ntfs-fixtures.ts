import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync,
  truncateSync, writeFileSync, writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileTree } from '../restore/file-tree.js';

/**
 * NTFS volumes and disk images for the image tests, built with Debian's tools (mkntfs, ntfs-3g through
 * FUSE, sfdisk, qemu-img, setfattr). Linux cannot write VSS stores, so store-side tests use the real
 * image `vsstest.qcow2`; these fixtures cover the live side's NTFS details and partition tables.
 * Built once per machine into a cache folder keyed by {@link FIXTURE_VERSION} (the 100,000-entry
 * folder takes a while), so a second test run starts at once.
 */

/** Bump when a fixture's content changes, so stale caches are rebuilt. */
export const FIXTURE_VERSION = 'v5';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The repository root (this file is native/testing/ntfs-fixtures.ts, compiled to dist/native/testing/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The real image with two VSS stores, in CI's shared folder beside the clone. */
export const VSSTEST_QCOW2 = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'vsstest.qcow2');

/** Why the real image cannot be used here, or false. */
export function vsstestSkip(): string | false {
  return existsSync(VSSTEST_QCOW2) ? false : `the shared test image ${VSSTEST_QCOW2} is not here`;
}

/** The folder fixtures are cached in. */
export function fixtureCacheDir(): string {
  const dir = path.join(tmpdir(), `shadowdesk-ntfs-fixtures-${FIXTURE_VERSION}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function which(tool: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (dir && existsSync(path.join(dir, tool))) return true;
  }
  return false;
}

function toolPath(tool: string): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(dir, tool);
    if (dir && existsSync(p)) return p;
  }
  return tool;
}

/** A skip reason naming the missing tools (and their Debian packages), or false when all are here. */
export function toolsSkip(tools: Record<string, string>): string | false {
  const missing = Object.entries(tools).filter(([t]) => !which(t));
  if (missing.length === 0) return false;
  return `missing ${missing.map(([t, pkg]) => `${t} (apt install ${pkg})`).join(', ')}`;
}

function run(tool: string, args: string[], input?: string): string {
  return execFileSync(toolPath(tool), args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

let fuseReason: string | false | undefined;

/**
 * Why ntfs-3g cannot mount here (no /dev/fuse, not root, mount refused), or false. Probed once by
 * mounting a tiny volume; FUSE is often missing in containers, and the fixture tests skip then.
 */
export function fuseSkip(): string | false {
  if (fuseReason !== undefined) return fuseReason;
  const tools = toolsSkip({ mkntfs: 'ntfs-3g', 'ntfs-3g': 'ntfs-3g', setfattr: 'attr', sfdisk: 'fdisk' });
  if (tools) return (fuseReason = tools);
  if (!existsSync('/dev/fuse')) return (fuseReason = 'there is no /dev/fuse here, so ntfs-3g cannot mount the fixture volumes');
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-fuse-probe-'));
  try {
    const vol = path.join(dir, 'probe.ntfs');
    makeNtfs(vol, 8 * MiB, 'probe');
    withMount(vol, (root) => writeFileSync(path.join(root, 'x'), 'x'));
    fuseReason = false;
  } catch (e) {
    fuseReason = `ntfs-3g could not mount a volume here (${String((e as Error).message).split('\n')[0]})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return fuseReason;
}

/** A fresh NTFS volume in a sparse file (quick format: nothing but metadata is written). */
export function makeNtfs(file: string, size: number, label: string): void {
  rmSync(file, { force: true });
  writeFileSync(file, '');
  truncateSync(file, size);
  run('mkntfs', ['-F', '-Q', '-q', '-L', label, file]);
}

/** Mounts a volume file with ntfs-3g (Windows-style `file:stream` names, compression), runs `fn`, unmounts. */
export function withMount<T>(volume: string, fn: (root: string) => T): T {
  const mnt = mkdtempSync(path.join(tmpdir(), 'shadowdesk-ntfs-mnt-'));
  run('ntfs-3g', ['-o', 'streams_interface=windows,compression', volume, mnt]);
  try {
    return fn(mnt);
  } finally {
    const r = spawnSync('umount', [mnt]);
    if (r.status !== 0) spawnSync('fusermount', ['-u', mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
}

/** Sets an NTFS reparse point on an (empty) file or folder through ntfs-3g's `system.ntfs_reparse_data`. */
function setReparse(p: string, data: Buffer): void {
  run('setfattr', ['-n', 'system.ntfs_reparse_data', '-v', `0x${data.toString('hex')}`, p]);
}

/** A Windows symbolic link's reparse data (IO_REPARSE_TAG_SYMLINK), relative when `relative`. */
export function symlinkReparse(target: string, relative: boolean): Buffer {
  const name = Buffer.from(target, 'utf16le');
  const head = Buffer.alloc(20);
  head.writeUInt32LE(0xa000000c, 0);
  head.writeUInt16LE(12 + name.length * 2, 4);
  head.writeUInt16LE(0, 8); // substitute name offset
  head.writeUInt16LE(name.length, 10);
  head.writeUInt16LE(name.length, 12); // print name offset
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(relative ? 1 : 0, 16);
  return Buffer.concat([head, name, name]);
}

/** A junction's reparse data (IO_REPARSE_TAG_MOUNT_POINT): `\??\C:\x` substitute, `C:\x` print name. */
export function junctionReparse(target: string): Buffer {
  const subst = Buffer.from(`\\??\\${target}\0`, 'utf16le');
  const print = Buffer.from(`${target}\0`, 'utf16le');
  const head = Buffer.alloc(16);
  head.writeUInt32LE(0xa0000003, 0);
  head.writeUInt16LE(8 + subst.length + print.length, 4);
  head.writeUInt16LE(0, 8);
  head.writeUInt16LE(subst.length - 2, 10);
  head.writeUInt16LE(subst.length, 12);
  head.writeUInt16LE(print.length - 2, 14);
  return Buffer.concat([head, subst, print]);
}

/** Deterministic, compressible bytes for the compressed file. */
export function compressibleBytes(n: number): Buffer {
  const line = Buffer.from('ShadowDesk compressed fixture line, the same text again and again.\n');
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += line.length) line.copy(out, i);
  return out;
}

/** SHA-256 of bytes, hex. */
export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** What the rich volume holds, for the tests to check against. */
export const RICH = {
  deep: ['deep', ...Array.from({ length: 20 }, (_, i) => `level${i + 1}`)],
  deepLeaf: 'leaf.txt',
  deepText: 'at the bottom of a deep tree\n',
  unicode: ['Привет мир.txt', '中文文件名.txt', '😀 smile.txt'],
  caseNames: ['Case.txt', 'case.txt'],
  /** Two folders differing only by case, each with a file of the same name and its own bytes. */
  caseDirs: ['Folder', 'folder'],
  adsFile: 'with-stream.txt',
  adsName: 'secret',
  adsText: 'hidden in a stream',
  sparseFile: 'sparse.bin',
  sparseAt: 10 * MiB,
  sparseData: Buffer.alloc(5000, 0x78),
  compressedDir: 'compressed',
  compressedFile: 'compressed.txt',
  compressedSize: 300000,
  hardTarget: 'target.txt',
  hardLink: 'hard-link.txt',
  targetText: 'the link target\n',
  symlink: 'symlink-to-target',
  junction: 'junction-to-deep',
  junctionTarget: 'C:\\deep',
  bigFile: 'big-5GiB.bin',
  bigSize: 5 * GiB,
  bigMarkerAt: 4 * GiB + 12345,
  bigMarker: Buffer.from('MARKER beyond 4 GiB'),
} as const;

function cached(name: string, build: (file: string) => void): string {
  const dir = fixtureCacheDir();
  const file = path.join(dir, name);
  const done = `${file}.done`;
  if (existsSync(file) && existsSync(done)) return file;
  // Test files run in parallel processes: each builds under its own name and renames (atomic), so a
  // reader never sees half a fixture; if two build at once, both results are whole and one wins.
  const tmp = `${file}.building-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    build(tmp);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  writeFileSync(done, FIXTURE_VERSION);
  return file;
}

/** The rich NTFS volume (6 GiB sparse file, a few MiB on disk): every NTFS detail in {@link RICH}. */
export function richVolume(): string {
  return cached('rich.ntfs', (file) => {
    makeNtfs(file, 6 * GiB, 'Rich');
    withMount(file, (root) => {
      const deepDir = path.join(root, ...RICH.deep);
      mkdirSync(deepDir, { recursive: true });
      writeFileSync(path.join(deepDir, RICH.deepLeaf), RICH.deepText);
      for (const n of RICH.unicode) writeFileSync(path.join(root, n), n);
      for (const n of RICH.caseNames) writeFileSync(path.join(root, n), n);
      for (const d of RICH.caseDirs) {
        mkdirSync(path.join(root, d));
        writeFileSync(path.join(root, d, 'inside.txt'), `inside ${d}`);
      }
      writeFileSync(path.join(root, RICH.adsFile), 'main stream');
      writeFileSync(path.join(root, `${RICH.adsFile}:${RICH.adsName}`), RICH.adsText);
      const sp = openSync(path.join(root, RICH.sparseFile), 'w');
      writeSync(sp, RICH.sparseData, 0, RICH.sparseData.length, RICH.sparseAt);
      closeSync(sp);
      const cdir = path.join(root, RICH.compressedDir);
      mkdirSync(cdir);
      run('setfattr', ['-n', 'system.ntfs_attrib_be', '-v', '0x00000810', cdir]);
      writeFileSync(path.join(cdir, RICH.compressedFile), compressibleBytes(RICH.compressedSize));
      writeFileSync(path.join(root, RICH.hardTarget), RICH.targetText);
      linkSync(path.join(root, RICH.hardTarget), path.join(root, RICH.hardLink));
      writeFileSync(path.join(root, RICH.symlink), '');
      setReparse(path.join(root, RICH.symlink), symlinkReparse(RICH.hardTarget, true));
      mkdirSync(path.join(root, RICH.junction));
      setReparse(path.join(root, RICH.junction), junctionReparse(RICH.junctionTarget));
      const big = openSync(path.join(root, RICH.bigFile), 'w');
      writeSync(big, RICH.bigMarker, 0, RICH.bigMarker.length, RICH.bigMarkerAt);
      closeSync(big);
      truncateSync(path.join(root, RICH.bigFile), RICH.bigSize);
    });
  });
}

/** Entries in the big folder. */
export const BIG_FOLDER_COUNT = 100000;

/** A volume whose folder `many` holds {@link BIG_FOLDER_COUNT} empty files (built once, then cached). */
export function bigFolderVolume(): string {
  return cached('big-folder.ntfs', (file) => {
    makeNtfs(file, 512 * MiB, 'Many');
    withMount(file, (root) => {
      const dir = path.join(root, 'many');
      mkdirSync(dir);
      for (let i = 0; i < BIG_FOLDER_COUNT; i++) closeSync(openSync(path.join(dir, `file-${String(i).padStart(6, '0')}.txt`), 'w'));
    });
  });
}

/** A raw copy of the real image's volume (`qemu-img convert -O raw`, sparse). */
export function vsstestRaw(): string {
  return cached('vsstest.raw', (file) => {
    run('qemu-img', ['convert', '-O', 'raw', VSSTEST_QCOW2, file]);
  });
}

/** Copies `volume` into `disk` at `offset` bytes, keeping holes (dd conv=sparse). */
function placeAt(volume: string, disk: string, offset: number): void {
  run('dd', [`if=${volume}`, `of=${disk}`, 'bs=1M', `seek=${offset / MiB}`, 'conv=notrunc,sparse', 'status=none']);
}

/** A disk image with `volume` as its one partition at 1 MiB, behind an MBR (type 0x07) or a GPT (basic data). */
export function wrapInTable(volume: string, scheme: 'mbr' | 'gpt', name: string): string {
  return cached(name, (file) => {
    const size = statSync(volume).size;
    writeFileSync(file, '');
    truncateSync(file, size + 2 * MiB);
    const type = scheme === 'gpt' ? 'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7' : '7';
    run('sfdisk', ['-q', file], `label: ${scheme === 'gpt' ? 'gpt' : 'dos'}\nstart=2048, size=${size / 512}, type=${type}\n`);
    placeAt(volume, file, MiB);
  });
}

/**
 * A GPT disk of four partitions: an EFI system partition holding a FAT32 boot sector, an NTFS data
 * volume, an NTFS volume with `\Windows` (so it is C: though it comes third) and a BitLocker volume
 * (its boot sector's `-FVE-FS-` signature; nothing inside can be read anyway).
 */
export function multiPartitionDisk(): string {
  return cached('multi-gpt.img', (file) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-multi-'));
    try {
      const data = path.join(dir, 'data.ntfs');
      const win = path.join(dir, 'win.ntfs');
      makeNtfs(data, 16 * MiB, 'Data');
      withMount(data, (root) => writeFileSync(path.join(root, 'data.txt'), 'on the data volume'));
      makeNtfs(win, 16 * MiB, 'Windows');
      withMount(win, (root) => {
        mkdirSync(path.join(root, 'Windows', 'System32'), { recursive: true });
        writeFileSync(path.join(root, 'Windows', 'System32', 'notepad.exe'), 'MZ');
      });
      writeFileSync(file, '');
      truncateSync(file, 64 * MiB);
      run('sfdisk', ['-q', file], [
        'label: gpt',
        'start=2048, size=16384, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
        'start=18432, size=32768, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7',
        'start=51200, size=32768, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7',
        'start=83968, size=16384, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7',
        '',
      ].join('\n'));
      const fat = Buffer.alloc(512);
      fat.write('\xeb\x58\x90MSDOS5.0', 0, 'latin1');
      fat.write('FAT32   ', 82, 'latin1');
      fat.writeUInt16LE(0xaa55, 510);
      const bitlocker = Buffer.alloc(512);
      bitlocker.write('\xeb\x58\x90-FVE-FS-', 0, 'latin1');
      bitlocker.writeUInt16LE(0xaa55, 510);
      const fd = openSync(file, 'r+');
      try {
        writeSync(fd, fat, 0, 512, 2048 * 512);
        writeSync(fd, bitlocker, 0, 512, 83968 * 512);
      } finally {
        closeSync(fd);
      }
      placeAt(data, file, 18432 * 512);
      placeAt(win, file, 51200 * 512);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** An MBR disk whose partition runs past the end of the file (an image copy that stopped half-way). */
export function truncatedDisk(): string {
  return cached('truncated-mbr.img', (file) => {
    execFileSync('cp', ['--sparse=always', wrapInTable(vsstestRaw(), 'mbr', 'vsstest-mbr.img'), file]);
    truncateSync(file, 256 * MiB);
  });
}

/** The first 300 KB of the qcow2 image: a container whose tables point past its end. */
export function truncatedQcow(): string {
  return cached('truncated.qcow2', (file) => {
    writeFileSync(file, readFileSync(VSSTEST_QCOW2).subarray(0, 300 * 1024));
  });
}

/** One MiB of random bytes: no container, no table, no file system. */
export function garbageFile(): string {
  return cached('garbage.bin', (file) => writeFileSync(file, randomBytes(MiB)));
}

/** The VSS volume header's identifier (at 0x1e00 of an NTFS volume with shadow copies). */
export const VSS_HEADER_GUID = Buffer.from('6b87083876c1484eb7ae04046e6cc752', 'hex');

/**
 * A copy of the real volume whose VSS catalog is cut short: the catalog's first block (its offset is in
 * the VSS volume header at 0x1e00, field at +0x30) is kept but everything after its 128-byte header is
 * zeroed, so the catalog ends before it names any store.
 */
export function damagedCatalogVolume(): string {
  return cached('vsstest-damaged-catalog.raw', (file) => {
    execFileSync('cp', ['--sparse=always', vsstestRaw(), file]);
    const fd = openSync(file, 'r+');
    try {
      const header = Buffer.alloc(128);
      const n = readSync(fd, header, 0, 128, 0x1e00);
      if (n !== 128 || !header.subarray(0, 16).equals(VSS_HEADER_GUID)) throw new Error('no VSS header at 0x1e00');
      const catalog = Number(header.readBigUInt64LE(0x30));
      writeSync(fd, randomBytes(16384 - 128), 0, 16384 - 128, catalog + 128);
    } finally {
      closeSync(fd);
    }
  });
}

/** Reads a whole file of a tree in 64 KiB requests and hashes it. */
export async function hashOf(tree: FileTree, segments: string[]): Promise<{ size: number; sha256: string }> {
  const f = await tree.open(segments);
  const h = createHash('sha256');
  const buf = Buffer.alloc(65536);
  let pos = 0;
  try {
    for (;;) {
      const n = await f.read(buf, 0, buf.length, pos);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      pos += n;
    }
  } finally {
    await f.close();
  }
  return { size: pos, sha256: h.digest('hex') };
}

/** The real image converted by qemu-img to VHD (`vpc`), VHDX or VMDK, so each container library is exercised on real stores. */
export function convertedVsstest(format: 'vpc' | 'vhdx' | 'vmdk'): string {
  // Built in place (a VMDK's descriptor names its extent file, so it must not be renamed afterwards).
  return cachedSet(`vsstest-${format}`, `vsstest.${format}`, (dir) => {
    run('qemu-img', ['convert', '-O', format, VSSTEST_QCOW2, path.join(dir, `vsstest.${format}`)]);
  });
}

/** Builds once into the cache folder a fixture made of several files (E01 or split segments); returns the first. */
function cachedSet(name: string, first: string, build: (dir: string) => void): string {
  const dir = path.join(fixtureCacheDir(), name);
  if (existsSync(path.join(dir, '.done'))) return path.join(dir, first);
  // Built in a folder of this process's own, marked done, then renamed into place (see `cached`).
  const tmp = `${dir}.building-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    build(tmp);
    writeFileSync(path.join(tmp, '.done'), FIXTURE_VERSION);
    if (!existsSync(path.join(dir, '.done'))) {
      rmSync(dir, { recursive: true, force: true });
      try {
        renameSync(tmp, dir);
      } catch {
        // another process renamed its own copy in first
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return path.join(dir, first);
}

/** An E01 (EnCase 6) of `source` made by ewfacquire, in segments of `segmentBytes` when given. */
export function e01Of(source: string, name: string, segmentBytes?: number): string {
  return cachedSet(name, 'image.E01', (dir) => {
    const args = ['-u', '-q', '-t', path.join(dir, 'image'), '-f', 'encase6', '-c', 'deflate:fast'];
    if (segmentBytes) args.push('-S', String(segmentBytes));
    run('ewfacquire', [...args, source]);
  });
}

/** `source` split into `.001 .002 …` pieces of `pieceBytes` (as `split -d` or FTK write them). */
export function splitRawOf(source: string, name: string, pieceBytes: number): string {
  return cachedSet(name, 'image.001', (dir) => {
    run('split', ['-b', String(pieceBytes), '-d', '-a', '3', '--numeric-suffixes=1', source, path.join(dir, 'image.')]);
  });
}

/** Why a read-only loop device cannot be attached here (not root, no losetup, no loop devices), or false. */
export function loopSkip(): string | false {
  if (process.getuid?.() !== 0) return 'attaching a loop device needs root';
  const tools = toolsSkip({ losetup: 'mount' });
  if (tools) return tools;
  // Attach a small file for real: containers often list loop devices but refuse to attach them.
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-loop-probe-'));
  try {
    const file = path.join(dir, 'probe.img');
    writeFileSync(file, Buffer.alloc(MiB));
    const r = spawnSync(toolPath('losetup'), ['-f', '--show', '-r', file], { encoding: 'utf8' });
    if (r.status !== 0) return `a loop device cannot be attached here (${(r.stderr || '').trim()})`;
    detachLoop(r.stdout.trim());
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Attaches `file` to a read-only loop device and returns its path (/dev/loopN); detach with {@link detachLoop}. */
export function attachLoop(file: string): string {
  return run('losetup', ['-f', '--show', '-r', file]).trim();
}

/** Detaches a loop device made by {@link attachLoop}. */
export function detachLoop(dev: string): void {
  spawnSync(toolPath('losetup'), ['-d', dev]);
}

/**
 * A copy of the real volume whose second store looks like one with "Data stored outside volume": its
 * catalog's type-3 entry (where the store's blocks are on this volume; the catalog starts with a
 * 128-byte header, then 128-byte entries: store 1's type 2 and 3, store 2's type 2 and 3) is made a
 * free entry (type 1), as in a catalog whose store lives on another volume.
 */
export function outsideDataVolume(): string {
  return cached('vsstest-outside-data.raw', (file) => {
    execFileSync('cp', ['--sparse=always', vsstestRaw(), file]);
    const fd = openSync(file, 'r+');
    try {
      const header = Buffer.alloc(128);
      readSync(fd, header, 0, 128, 0x1e00);
      const catalog = Number(header.readBigUInt64LE(0x30));
      const entry = Buffer.alloc(8);
      readSync(fd, entry, 0, 8, catalog + 128 * 4);
      if (entry.readBigUInt64LE(0) !== 3n) throw new Error('the catalog is not laid out as expected');
      const free = Buffer.alloc(128);
      free.writeBigUInt64LE(1n, 0);
      writeSync(fd, free, 0, 128, catalog + 128 * 4);
    } finally {
      closeSync(fd);
    }
  });
}


/** Bytes of the benchmark's large file. */
export const GIB_FILE_SIZE = GiB;

/** A 1.5 GiB volume holding `one-gib.bin` (1 GiB of a repeated random MiB, not sparse), for read throughput. */
export function gibFileVolume(): string {
  return cached('gib-file.ntfs', (file) => {
    makeNtfs(file, GiB + GiB / 2, 'Gib');
    withMount(file, (root) => {
      const chunk = randomBytes(MiB);
      const fd = openSync(path.join(root, 'one-gib.bin'), 'w');
      try {
        for (let i = 0; i < GIB_FILE_SIZE / MiB; i++) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    });
  });
}

/**
 * An MBR disk with a primary NTFS data volume (partition 1) and an extended partition holding two
 * logical NTFS volumes (5: with `\Windows`, 6: a plain one), to exercise the extended boot record chain.
 */
export function mbrExtendedDisk(): string {
  return cached('mbr-extended.img', (file) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-ext-'));
    try {
      const vols = ['p1', 'p5', 'p6'].map((n) => path.join(dir, `${n}.ntfs`));
      makeNtfs(vols[0]!, 16 * MiB, 'Primary');
      makeNtfs(vols[1]!, 16 * MiB, 'LogicalWin');
      withMount(vols[1]!, (root) => mkdirSync(path.join(root, 'Windows')));
      makeNtfs(vols[2]!, 16 * MiB, 'Logical2');
      withMount(vols[2]!, (root) => writeFileSync(path.join(root, 'second-logical.txt'), 'logical'));
      writeFileSync(file, '');
      truncateSync(file, 64 * MiB);
      run('sfdisk', ['-q', file], [
        'label: dos',
        'start=2048, size=32768, type=7',
        'start=36864, size=90112, type=5',
        'start=38912, size=32768, type=7',
        'start=73728, size=32768, type=7',
        '',
      ].join('\n'));
      const parts = JSON.parse(run('sfdisk', ['-J', file])) as { partitiontable: { partitions: Array<{ start: number }> } };
      const starts = parts.partitiontable.partitions.map((p) => p.start);
      // Partitions in sfdisk's order: 1, 2 (extended), 5, 6.
      placeAt(vols[0]!, file, (starts[0] ?? 0) * 512);
      placeAt(vols[1]!, file, (starts[2] ?? 0) * 512);
      placeAt(vols[2]!, file, (starts[3] ?? 0) * 512);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** The first 100,000 bytes of vsstest's E01: its header is whole, its chunks are not. */
export function truncatedE01(): string {
  return cached('truncated.E01', (file) => {
    writeFileSync(file, readFileSync(e01Of(vsstestRaw(), 'vsstest-e01')).subarray(0, 100000));
  });
}
