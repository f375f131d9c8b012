/**
 * The read path's measurements, each against its floor and timed interleaved ({@link pairedMedians}):
 * shared by `npm run bench` (run-benchmarks) and the read path's own bench (engine-scaling), so both
 * measure exactly the same thing.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { browse, clearBrowseCache } from '../restore/browse.js';
import { search } from '../restore/search.js';
import type { ShadowSource } from '../restore/shadow-source.js';
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
