/**
 * The read path's measurements (browse, search, previous versions), each against its floor and timed
 * interleaved ({@link pairedMedians}): shared by `npm run bench` (run-benchmarks) and the read path's
 * own bench (engine-scaling), so both measure exactly the same thing.
 */
import { lstatSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SimExtras } from '../ffi/sim-extras.js';
import { browse, clearBrowseCache } from '../restore/browse.js';
import { search } from '../restore/search.js';
import type { ShadowSource } from '../restore/shadow-source.js';
import { listVersions } from '../restore/versions.js';
import type { VssClient } from '../vss/vss-client.js';
import { commandMs, pairedMedians } from './bench-kit.js';

/** Where a measured folder is: its id and path for browse, and its two sides on disk for the floors. */
export interface MeasuredFolder {
  source: ShadowSource;
  shadowId: string;
  /** The folder as browse names it, below the volume (`bench\big-folder`). */
  folder: string;
  /** The folder inside the copy, and on the live volume. */
  frozen: string;
  live: string;
}

/** Browse's first page (200 entries, nothing cached) against `fs.readdir` of the folder in the copy. */
export function firstPageFigures(m: MeasuredFolder, runs: number): Promise<{ ours: number; baseline: number }> {
  return pairedMedians(runs, async () => {
    clearBrowseCache();
    await browse(m.source, { shadowId: m.shadowId, folder: m.folder, pageSize: 200 });
  }, () => readdir(m.frozen));
}

/** Browse's every page (5,000 at a time, as a walk asks) against `readdir` and an `lstat` of each name on both sides. */
export function walkFigures(m: MeasuredFolder, runs: number): Promise<{ ours: number; baseline: number }> {
  return pairedMedians(runs, async () => {
    clearBrowseCache();
    let cursor: string | null | undefined;
    do cursor = (await browse(m.source, { shadowId: m.shadowId, folder: m.folder, cursor, pageSize: 5000 })).nextCursor;
    while (cursor);
  }, () => {
    for (const name of readdirSync(m.frozen)) {
      lstatSync(path.join(m.frozen, name));
      try { lstatSync(path.join(m.live, name)); } catch { /* deleted since */ }
    }
  });
}

/** A search of the whole copy for a name nothing has, against `find -iname` over the same tree. */
export function searchFigures(source: ShadowSource, shadowId: string, copyRoot: string, runs: number): Promise<{ ours: number; baseline: number }> {
  return pairedMedians(runs, () => search(source, { pattern: 'no-such-name-xyz', shadowId }),
    () => commandMs('find', [copyRoot, '-iname', '*no-such-name-xyz*']));
}

/** The file whose history the versions bench reads: C:\Users\ana\Documents\report.txt. */
const REPORT = ['Users', 'ana', 'Documents', 'report.txt'];

/**
 * Makes copies of C: until it has `target`, rewriting report.txt before every fourth one, so the file
 * has a history of changed and unchanged copies.
 */
export function addCopiesUpTo(client: VssClient, sim: SimExtras, target: number): void {
  const file = path.join(sim.volumeFolder('C:\\'), ...REPORT);
  for (let n = client.listShadows({ volume: 'C:' }).length; n < target; n++) {
    if (n % 4 === 0) {
      writeFileSync(file, `revision ${n}\n`);
      const t = new Date(Date.now() - (Math.max(64, target) - n) * 3600_000); // hours ago, oldest first
      utimesSync(file, t, t);
    }
    client.createShadows({ volumes: ['C:'] });
  }
}

/** report.txt's previous versions against an `lstat` of it in each copy of C:; and how many copies. */
export async function versionsFigures(client: VssClient, sim: SimExtras, source: ShadowSource, runs: number): Promise<{ ours: number; baseline: number; copies: number }> {
  const copies = client.listShadows({ volume: 'C:' }).map((s) => path.join(sim.deviceFolder(s.deviceObject), ...REPORT));
  const asked = `C:\\${REPORT.join('\\')}`;
  await listVersions(source, asked); // the first call after a new copy lists the copies again
  const v = await pairedMedians(runs, () => listVersions(source, asked), () => {
    for (const p of copies) {
      try { lstatSync(p); } catch { /* absent from this copy */ }
    }
  });
  return { ...v, copies: copies.length };
}
