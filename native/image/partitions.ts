import GPT from 'gpt';
import MBR from 'mbr';

/**
 * The partitions of a disk, from its first sectors, read with the npm packages `mbr` and `gpt`
 * (jhermsmeier, MIT, no native code): no partition-table parser of our own to get wrong.
 */

/** One partition as the table records it (offsets in bytes). */
export interface PartitionEntry {
  /** 1-based: MBR primaries 1–4 then logical partitions from 5 (as Linux numbers them); GPT in table order. */
  number: number;
  offset: number;
  size: number;
  /** Partition type in words. */
  type: string;
}

/** A disk's partitioning as read. */
export interface PartitionLayout {
  scheme: 'none' | 'mbr' | 'gpt';
  partitions: PartitionEntry[];
}

/** Reads `length` bytes at `offset` of the disk (shorter at its end). */
export type ReadBytes = (offset: number, length: number) => Buffer;

const GPT_TYPES: Record<string, string> = {
  'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7': 'Microsoft basic data',
  'C12A7328-F81F-11D2-BA4B-00A0C93EC93B': 'EFI system',
  'E3C9E316-0B5C-4DB8-817D-F92DF00215AE': 'Microsoft reserved',
  'DE94BBA4-06D1-4D40-A16A-BFD50179D6AC': 'Windows recovery environment',
  '5808C8AA-7E8F-42E0-85D2-E1E90434CFB3': 'Windows LDM metadata',
  'AF9B60A0-1431-4F62-BC68-3311714A69AD': 'Windows LDM data',
  'E75CAF8F-F680-4CEE-AFA3-B001E56EFC2D': 'Windows Storage Spaces',
  '0FC63DAF-8483-4772-8E79-3D69D8477DE4': 'Linux filesystem',
  '0657FD6D-A4AB-43C4-84E5-0933C84B4F4F': 'Linux swap',
  'E6D6D379-F507-44C2-A23C-238F2A3DF928': 'Linux LVM',
  '21686148-6449-6E6F-744E-656564454649': 'BIOS boot',
  '48465300-0000-11AA-AA11-00306543ECAC': 'Apple HFS+',
  '7C3457EF-0000-11AA-AA11-00306543ECAC': 'Apple APFS',
};

const MBR_TYPES: Record<number, string> = {
  0x01: 'FAT12', 0x04: 'FAT16', 0x06: 'FAT16', 0x07: 'NTFS/exFAT', 0x0b: 'FAT32', 0x0c: 'FAT32', 0x0e: 'FAT16',
  0x11: 'hidden FAT12', 0x14: 'hidden FAT16', 0x17: 'hidden NTFS', 0x1b: 'hidden FAT32', 0x1c: 'hidden FAT32',
  0x27: 'Windows recovery', 0x42: 'Windows dynamic disk', 0x82: 'Linux swap', 0x83: 'Linux', 0x8e: 'Linux LVM',
  0xa5: 'FreeBSD', 0xaf: 'Apple HFS', 0xee: 'GPT protective', 0xef: 'EFI system', 0xfd: 'Linux RAID',
};

/** An MBR partition type in words: `MBR 0x07 (NTFS/exFAT)`, or `MBR 0x9a` when unknown. */
export function mbrTypeName(type: number): string {
  const hex = `MBR 0x${type.toString(16).padStart(2, '0')}`;
  const words = MBR_TYPES[type];
  return words ? `${hex} (${words})` : hex;
}

/** A GPT partition type GUID in words, or the GUID itself when unknown. */
export function gptTypeName(guid: string): string {
  return GPT_TYPES[guid.toUpperCase()] ?? `GPT ${guid.toLowerCase()}`;
}

function parseMbr(sector: Buffer): MBR | null {
  if (sector.length < 512 || sector.readUInt16LE(510) !== 0xaa55) return null;
  try {
    return MBR.parse(sector);
  } catch {
    return null;
  }
}

function readGpt(read: ReadBytes): PartitionEntry[] | null {
  for (const blockSize of [512, 4096]) {
    const head = read(blockSize, blockSize);
    if (head.length < 92 || head.toString('latin1', 0, 8) !== 'EFI PART') continue;
    const tableLba = Number(head.readBigUInt64LE(72));
    const entries = head.readUInt32LE(80);
    const entrySize = head.readUInt32LE(84);
    const tableBytes = Math.min(entries * entrySize, 1 << 20);
    const buf = Buffer.concat([head, Buffer.alloc(Math.max(0, (tableLba - 2) * blockSize)), read(tableLba * blockSize, tableBytes)]);
    let gpt: GPT;
    try {
      gpt = new GPT({ blockSize }).parse(buf, 0);
    } catch {
      continue;
    }
    return gpt.partitions.map((p, i) => {
      const first = Number(p.firstLBA) * blockSize;
      const size = (Number(p.lastLBA) - Number(p.firstLBA) + 1) * blockSize;
      return { number: i + 1, offset: first, size, type: gptTypeName(p.type) };
    });
  }
  return null;
}

/**
 * The disk's partitions: GPT (behind its protective MBR), MBR with primary and logical partitions,
 * or `none` when sector 0 is itself a volume's boot sector (a partition image) or no table is found.
 */
export function readPartitions(read: ReadBytes, sector0IsVolume: boolean): PartitionLayout {
  if (sector0IsVolume) return { scheme: 'none', partitions: [] };
  const mbr = parseMbr(read(0, 512));
  if (!mbr) return { scheme: 'none', partitions: [] };
  if (mbr.partitions.some((p) => p.type === 0xee)) {
    const gpt = readGpt(read);
    if (gpt) return { scheme: 'gpt', partitions: gpt };
  }
  const partitions: PartitionEntry[] = [];
  mbr.partitions.forEach((p, i) => {
    if (p.type === 0 || p.sectors === 0) return;
    if (MBR.isExtendedPartition(p)) {
      // The chain of extended boot records: each holds one logical partition and the next link.
      const base = p.firstLBA;
      let ebrLba = base;
      for (let n = 5, guard = 0; guard < 128; guard++) {
        const ebr = parseMbr(read(ebrLba * 512, 512));
        if (!ebr) break;
        const [logical, next] = ebr.partitions;
        if (logical && logical.sectors > 0 && logical.type !== 0) {
          partitions.push({ number: n++, offset: (ebrLba + logical.firstLBA) * 512, size: logical.sectors * 512, type: mbrTypeName(logical.type) });
        }
        if (!next || next.sectors === 0 || next.firstLBA === 0) break;
        ebrLba = base + next.firstLBA;
      }
      return;
    }
    partitions.push({ number: i + 1, offset: p.firstLBA * 512, size: p.sectors * 512, type: mbrTypeName(p.type) });
  });
  return { scheme: 'mbr', partitions };
}
