/**
 * What ShadowDesk knows of a disk image (or a Windows partition, or a block device) opened read-only:
 * plain JSON, so the contract hands it unchanged to the CLI, `serve` and the window.
 */

/** The container the image file is in (what libyal library reads it). */
export type ImageFormat = 'raw' | 'split-raw' | 'device' | 'qcow2' | 'vhd' | 'vhdx' | 'vmdk' | 'e01';

/** A shadow copy store inside one NTFS volume of an image, as its VSS catalog records it. */
export interface ImageStore {
  /** 1-based, in catalog order, as `vshadowinfo` numbers them. */
  index: number;
  /** `{4e3c03c2-7bc6-4288-ad96-c1eac1a55f71}`, lower case with braces, as VssClient gives ids. */
  id: string;
  setId: string;
  /**
   * libvshadow's own store identifier (`vshadowinfo`'s "Identifier", not the shadow copy id above), for
   * matching a store against forensic tools' output; absent where the store could not be read.
   */
  storeIdentifier?: string;
  /** ISO 8601 UTC with the 100 ns digits Windows recorded (`2013-12-03T06:35:09.7363787Z`). */
  createdAt: string;
  /** The raw FILETIME, decimal, so nothing is lost to a Number. */
  createdAtFiletime: string;
  /** VSS_VOLSNAP_ATTR_* bits as stored (the existing decoder turns them into names). */
  attributesCode: number;
  /** The snapshot context where the catalog has it, else null. */
  contextCode: number | null;
  /** Where the catalog names them, else ''. */
  originatingMachine: string;
  serviceMachine: string;
  /** The volume size the store records, in bytes. */
  volumeSizeBytes: number;
  /**
   * False when the store cannot be read here, with the reason in both languages: its data is stored
   * outside the volume ("Data stored outside volume"), or its catalog or store blocks are damaged.
   */
  readable: boolean;
  problem: { code: string; en: string; it: string } | null;
}

/** One partition (or the whole image, when it has no partition table). */
export interface ImageVolume {
  /** `C:`, `D:` … for NTFS volumes (the one holding `\Windows` is `C:`), null for other partitions. */
  letter: string | null;
  /** 1-based partition number in table order; 1 for an image without a partition table. */
  partition: number;
  /** 'NTFS', or what else could be told ('FAT32', 'BitLocker', '' when unknown). */
  fileSystem: string;
  /** The NTFS volume label, '' when none. */
  label: string;
  offsetBytes: number;
  sizeBytes: number;
  /** Partition type in words: `Microsoft basic data`, `EFI system`, `MBR 0x07`, `whole image`. */
  partitionType: string;
  /** True when it has `\Windows` (so it is `C:`). */
  hasWindows: boolean;
  /** The volume's shadow copy stores, oldest first; empty when it has none or is not NTFS. */
  stores: ImageStore[];
  /** Why a partition cannot be browsed (not NTFS, BitLocker, damaged), in both languages; null when it can. */
  problem: { code: string; en: string; it: string } | null;
}

/** A disk image as opened. */
export interface ImageSummary {
  /** The path as the user gave it, made absolute. */
  path: string;
  format: ImageFormat;
  /** Bytes of the disk the image holds (its virtual size for qcow2/VHD/VMDK/E01). */
  sizeBytes: number;
  partitioning: 'none' | 'mbr' | 'gpt';
  volumes: ImageVolume[];
}
