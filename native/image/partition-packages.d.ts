// Types for the two partition-table packages (jhermsmeier's `mbr` and `gpt`, MIT), which ship none:
// only what partitions.ts reads.

declare module 'mbr' {
  interface MbrPartition {
    status: number;
    type: number;
    sectors: number;
    firstLBA: number;
  }
  class MBR {
    static parse(buffer: Buffer, start?: number, end?: number): MBR;
    static isExtendedPartition(partition: MbrPartition): boolean;
    partitions: MbrPartition[];
  }
  export default MBR;
}

declare module 'gpt' {
  interface GptPartition {
    type: string;
    guid: string;
    name: string;
    firstLBA: bigint;
    lastLBA: bigint;
    attr: bigint;
  }
  class GPT {
    constructor(options?: { blockSize?: number });
    static parse(buffer: Buffer, offset?: number): GPT;
    blockSize: number;
    entries: number;
    entrySize: number;
    tableOffset: bigint;
    tableSize: number;
    partitions: GptPartition[];
    parse(buffer: Buffer, offset?: number): GPT;
    parseTable(buffer: Buffer, offset?: number): GPT;
    verifyHeader(): boolean;
    verifyTable(): boolean;
  }
  export default GPT;
}
