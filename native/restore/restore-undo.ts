/**
 * Undo, history and crash recovery of restores, all driven by the journal the executor writes. Undo
 * never destroys a user's work: it removes only files whose SHA-256 proves they are still exactly
 * what the restore wrote, and it moves a replaced file back only into a free place.
 */
import { lstat, readdir, rename, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import { hashFile, lstatOrNull } from './fs-common.js';
import { showPath } from './destination.js';
import { UNDO_FOLDER, nativeOf, removeIfPresent, targetSegmentsOf } from './restore-run.js';
import { cleanReservations, loadAllJournals, loadJournal, ownerAlive, recordOf, saveJournal, type Journal, type JournalItem } from './restore-journal.js';
import type { ShadowSource } from './shadow-source.js';
import type { RestoreRecord, UndoResult } from './types.js';

export type { UndoRefusal, UndoResult } from './types.js';

/** Options of {@link undoRestore}. */
export interface UndoOptions {
  dataDir: string;
}

function full(item: JournalItem, relative: string): string {
  return showPath(item.volume, relative);
}

/** True when a file is there, is a regular file, and hashes to what the restore wrote. */
async function isOurs(native: string, sha256: string | null): Promise<boolean> {
  const st = await lstatOrNull(native);
  return st !== null && st.isFile() && sha256 !== null && (await hashFile(native)) === sha256;
}

/** Deletes a temp file the journal names, only if the name really is one of this restore's temps. */
async function dropTemp(source: ShadowSource, j: Journal, item: JournalItem): Promise<void> {
  if (!item.temp || !item.temp.endsWith(`.shadowdesk-${j.restoreId}.tmp`)) return;
  await removeIfPresent(nativeOf(source, item.volume, item.temp));
}

/** Moves an aside file back when its place is free; answers whether it did. */
async function putBackAside(source: ShadowSource, item: JournalItem): Promise<'moved' | 'occupied' | 'gone'> {
  if (!item.aside) return 'gone';
  const aside = nativeOf(source, item.volume, item.aside);
  if (!(await lstatOrNull(aside))) return 'gone';
  const target = nativeOf(source, item.volume, targetSegmentsOf(item).join('\\'));
  if (await lstatOrNull(target)) return 'occupied';
  await rename(aside, target);
  return 'moved';
}

/** Undoes one item; records what happened in `out`. */
async function undoItem(source: ShadowSource, j: Journal, item: JournalItem, out: UndoResult): Promise<void> {
  await dropTemp(source, j, item);
  let refused = false;
  // A file refused before is looked at again: the user may have moved their edit out of the way.
  if ((item.state === 'placed' || item.state === 'undo-refused') && item.final) {
    const native = nativeOf(source, item.volume, item.final);
    if (await isOurs(native, item.sha256)) {
      await removeIfPresent(native);
      out.removed.push(full(item, item.final));
    } else if (await lstatOrNull(native)) {
      refused = true;
      out.refused.push({ path: full(item, item.final), code: 'edited', reason: 'it was changed after the restore, so it was left as it is.' });
    }
  }
  const back = await putBackAside(source, item);
  if (back === 'moved') out.putBack.push(item.target);
  if (back === 'occupied' && item.aside) {
    refused = true;
    out.refused.push({ path: item.target, code: 'place-taken', keptAt: full(item, item.aside), reason: `the file the restore replaced is still kept at ${full(item, item.aside)}.` });
  }
  if (item.state === 'placed' || item.state === 'aside' || item.aside) item.state = refused ? 'undo-refused' : 'undone';
}

/** Removes folders only while they are empty (rmdir refuses otherwise): never a user's file. */
async function removeEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch {
    // Not empty, or already gone: either way it is not ours to remove.
  }
}

/** Removes the empty folders of an undo area bottom-up. */
async function pruneEmptyTree(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) await pruneEmptyTree(path.join(dir, e.name));
  await removeEmpty(dir);
}

/** Removes what the restore created and is empty now: its folders and its undo area. */
async function tidy(source: ShadowSource, j: Journal): Promise<void> {
  const dirs = [...j.createdDirs].sort((a, b) => b.relative.length - a.relative.length);
  for (const d of dirs) await removeEmpty(nativeOf(source, d.volume, d.relative)).catch(() => undefined);
  await pruneUndoArea(source, j);
}

/** Drops the folders of a restore's undo area that hold no kept file any more. */
async function pruneUndoArea(source: ShadowSource, j: Journal): Promise<void> {
  for (const volume of new Set(j.items.map((i) => i.volume))) {
    await pruneEmptyTree(nativeOf(source, volume, `${UNDO_FOLDER}\\${j.restoreId}`)).catch(() => undefined);
    await removeEmpty(nativeOf(source, volume, UNDO_FOLDER)).catch(() => undefined);
  }
}

/**
 * Puts back the state before a restore: removes every file it wrote (replaced and keep-both alike)
 * that is still byte-for-byte what it wrote, and moves every replaced file back. A file the user
 * edited since is left alone and reported in `refused`, as is a replaced file whose place is taken.
 * A restore interrupted by a crash is recovered first; one still running is refused; undoing twice
 * fails with ALREADY_UNDONE, but a partly undone restore can be undone again once the user has dealt
 * with what was refused.
 */
export async function undoRestore(source: ShadowSource, restoreId: string, opts: UndoOptions): Promise<UndoResult> {
  const j = loadJournal(opts.dataDir, restoreId);
  if (j.state === 'undone') {
    throw new AppError('ALREADY_UNDONE', { en: `Restore ${restoreId} was already undone.`, it: `Il ripristino ${restoreId} è già stato annullato.` });
  }
  if (j.state === 'running') {
    if (ownerAlive(j, source.processes)) {
      throw new AppError('RESTORE_RUNNING', { en: `Restore ${restoreId} is still running.`, it: `Il ripristino ${restoreId} è ancora in corso.` });
    }
    await recoverJournal(source, opts.dataDir, j);
  }
  const out: UndoResult = { restoreId: j.restoreId, putBack: [], removed: [], refused: [] };
  for (const item of [...j.items].reverse()) {
    await undoItem(source, j, item, out);
    await saveJournal(opts.dataDir, j);
  }
  await tidy(source, j);
  j.state = out.refused.length > 0 ? 'partly-undone' : 'undone';
  j.undoneAt = new Date().toISOString();
  await saveJournal(opts.dataDir, j);
  return out;
}

/** Every restore in the history, newest first. */
export function listRestores(dataDir: string): RestoreRecord[] {
  return loadAllJournals(dataDir)
    .map(recordOf)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.restoreId.localeCompare(a.restoreId));
}

/**
 * Settles one item a crash left behind, from what is on disk (the journal records each path before
 * the step that creates it): temps go, a moved-aside file returns if its place is empty, and a
 * file that reached its place verified is kept as placed (undo still removes it).
 */
async function recoverItem(source: ShadowSource, j: Journal, item: JournalItem): Promise<void> {
  await dropTemp(source, j, item);
  if (item.state === 'placed' || item.state === 'skipped' || item.state === 'failed') return;
  const finalNative = item.final ? nativeOf(source, item.volume, item.final) : null;
  if (finalNative && (await isOurs(finalNative, item.sha256))) {
    item.state = 'placed';
    return;
  }
  const back = await putBackAside(source, item);
  if (back === 'moved') {
    item.aside = null;
    item.state = 'rolled-back';
  } else if (item.state === 'temp-written') {
    item.state = 'rolled-back';
  }
  item.final = null;
}

/** True for `.name.shadowdesk-<restoreId>.tmp`, the only temp name restore `restoreId` ever makes. */
export function isTempOf(name: string, restoreId: string): boolean {
  const suffix = `.shadowdesk-${restoreId}.tmp`;
  return name.length > suffix.length + 1 && name.startsWith('.') && name.endsWith(suffix);
}

/**
 * Removes every temp file of this restore from the folders its plan writes to, found by name
 * rather than by the journal alone: the name carries the restore id, so a file of the user's (or of
 * another restore) can never match. Only regular files go; a folder or link of that name is left.
 */
async function dropTempsByName(source: ShadowSource, j: Journal): Promise<void> {
  const folders = new Map<string, { volume: string; relative: string }>();
  for (const item of j.items) {
    const parent = targetSegmentsOf(item).slice(0, -1).join('\\');
    folders.set(`${item.volume}|${parent}`, { volume: item.volume, relative: parent });
  }
  for (const { volume, relative } of folders.values()) {
    let dir: string;
    let names: string[];
    try {
      dir = nativeOf(source, volume, relative);
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => isTempOf(n, j.restoreId))) {
      const file = path.join(dir, name);
      try {
        if ((await lstat(file)).isFile()) await unlink(file);
      } catch {
        // Gone meanwhile, or not ours to remove: either way nothing is lost.
      }
    }
  }
}

async function recoverJournal(source: ShadowSource, dataDir: string, j: Journal): Promise<void> {
  for (const item of j.items) await recoverItem(source, j, item);
  await dropTempsByName(source, j);
  // Empty folders the restore made (recorded before they were made) and its empty undo area go.
  await tidy(source, j);
  j.state = 'interrupted';
  j.finishedAt = new Date().toISOString();
  // This save also replaces a half-written journal.json.tmp the dead owner may have left.
  await saveJournal(dataDir, j);
}

/**
 * Run at host start: finishes the business of every restore whose process died mid-way (its pid is
 * gone or a zombie, or now belongs to another process), and clears restore folders reserved by a
 * process that died before writing anything. Journals of live processes, this one included, are
 * not touched. Returns the restores it marked 'interrupted'.
 */
export async function recoverInterrupted(source: ShadowSource, dataDir: string): Promise<RestoreRecord[]> {
  const recovered: RestoreRecord[] = [];
  await cleanReservations(dataDir, source.processes).catch(() => undefined);
  for (const j of loadAllJournals(dataDir)) {
    if (j.state !== 'running' || ownerAlive(j, source.processes)) continue;
    try {
      await recoverJournal(source, dataDir, j);
      recovered.push(recordOf(j));
    } catch {
      // One damaged journal (or a volume that is gone) must not stop the host from starting.
    }
  }
  return recovered;
}
