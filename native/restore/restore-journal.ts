/**
 * The restore journal: one JSON file per restore, rewritten atomically after every step, that says
 * exactly what is on disk. Undo reads it to put things back, and a later process reads it to clean up
 * after a crash, so it is the single record of what the restore engine did to a user's files.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import type { ConflictChoice, RestoreRecord } from './types.js';

/** Step an item has reached; each is written to the journal once it is true on disk. */
export type ItemState = 'pending' | 'temp-written' | 'aside' | 'placed' | 'skipped' | 'failed' | 'cancelled' | 'rolled-back' | 'undone' | 'undo-refused';

/**
 * One file of a restore as the journal records it. Paths are volume-relative on `volume` and are
 * re-checked with the volume-path rules whenever they are used again (undo, recovery), so a damaged
 * or edited journal can never point the engine outside a volume. `temp`, `aside` and `final` are
 * written BEFORE the step that creates them, so a crash at any moment leaves enough to clean up.
 */
export interface JournalItem {
  /** Volume-relative source in the shadow copy. */
  source: string;
  /** Full target path the plan named, `C:\Users\ana\report.docx`. */
  target: string;
  /** `C:\`, the volume of target, temp, aside and final. */
  volume: string;
  choice: ConflictChoice;
  state: ItemState;
  size: number;
  /** Temporary file beside the target. */
  temp: string | null;
  /** Where the replaced file was moved (`.shadowdesk-undo\<restoreId>\…`). */
  aside: string | null;
  /** Where the restored file was placed: the target, or the keep-both name. */
  final: string | null;
  /** SHA-256 of what the restore wrote (proves a file is still ours at undo time). */
  sha256: string | null;
  error?: string;
}

/** A folder the restore created (undo removes it again if it is still empty). */
export interface CreatedDir {
  volume: string;
  relative: string;
}

/** The whole journal file, `<dataDir>/restores/<restoreId>/journal.json`. */
export interface Journal {
  version: 1;
  restoreId: string;
  state: RestoreRecord['state'];
  startedAt: string;
  finishedAt: string | null;
  /** Owner process: a running journal whose owner is gone was interrupted by a crash. */
  pid: number;
  /** Identifies the owner beyond its pid, which the OS may reuse. */
  processStart: string;
  shadowId: string;
  shadowCreatedAt: string;
  destination: string;
  createdDirs: CreatedDir[];
  items: JournalItem[];
  undoneAt?: string;
}

const RESTORE_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** Two-digit (or wider) zero padding for ids and file names. */
export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `20261124-170501-ab12`: readable local start time, plus randomness so two restores never clash. */
export function newRestoreId(now: Date = new Date()): string {
  const day = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${day}-${time}-${randomBytes(2).toString('hex')}`;
}

/** Refuses anything that is not a restore id before it is used to build a path under dataDir. */
export function checkRestoreId(restoreId: string): string {
  if (!RESTORE_ID.test(restoreId)) throw noSuchRestore(restoreId);
  return restoreId;
}

function noSuchRestore(restoreId: string): AppError {
  return new AppError('NOT_FOUND', { en: `There is no restore "${restoreId}".`, it: `Non esiste un ripristino "${restoreId}".` });
}

/** Where every restore keeps its journal. */
export function restoresDir(dataDir: string): string {
  return path.join(dataDir, 'restores');
}

function journalFile(dataDir: string, restoreId: string): string {
  return path.join(restoresDir(dataDir), checkRestoreId(restoreId), 'journal.json');
}

/**
 * Writes the journal atomically (temp + fsync + rename), so a crash leaves either the previous or
 * the new state, never half a file.
 */
export async function saveJournal(dataDir: string, journal: Journal): Promise<void> {
  const file = journalFile(dataDir, journal.restoreId);
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(journal, null, 2));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

/** Reads one journal; an unknown id is NOT_FOUND in words. */
export function loadJournal(dataDir: string, restoreId: string): Journal {
  try {
    return JSON.parse(readFileSync(journalFile(dataDir, restoreId), 'utf8')) as Journal;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchRestore(restoreId);
    throw err;
  }
}

/** Every readable journal under dataDir (damaged ones are left alone, never guessed at). */
export function loadAllJournals(dataDir: string): Journal[] {
  let names: string[];
  try {
    names = readdirSync(restoresDir(dataDir));
  } catch {
    return [];
  }
  const out: Journal[] = [];
  for (const name of names.filter((n) => RESTORE_ID.test(n))) {
    try {
      out.push(loadJournal(dataDir, name));
    } catch {
      // A journal that cannot be read is skipped: better shown nowhere than acted on wrongly.
    }
  }
  return out;
}

/** The history view of a journal: files and bytes are what the restore actually wrote. */
export function recordOf(j: Journal): RestoreRecord {
  const written = j.items.filter((i) => i.final !== null && (i.state === 'placed' || i.state === 'undone' || i.state === 'undo-refused'));
  return {
    restoreId: j.restoreId,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    state: j.state,
    shadowId: j.shadowId,
    destination: j.destination,
    files: written.length,
    bytes: written.reduce((n, i) => n + i.size, 0),
  };
}

/** Start time of a process as the OS knows it (Linux: /proc starttime ticks), or null. */
function procStartOf(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** What identifies THIS process beyond its pid. */
export function ownProcessStart(): string {
  return procStartOf(process.pid) ?? `t${Math.round(performance.timeOrigin)}`;
}

/**
 * True while the process that owns a journal still runs. A pid alone can be reused after a crash,
 * so on Linux its start time must match too; elsewhere a live pid is trusted (the safe mistake: the
 * journal is left for later rather than acted on under a running restore).
 */
export function ownerAlive(j: Journal): boolean {
  if (j.pid === process.pid) return j.processStart === ownProcessStart();
  try {
    process.kill(j.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = procStartOf(j.pid);
  return start === null || start === j.processStart;
}

