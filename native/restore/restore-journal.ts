/**
 * The restore journal: one JSON file per restore, rewritten atomically after every step, that says
 * exactly what is on disk. Undo reads it to put things back, and a later process reads it to clean up
 * after a crash, so it is the single record of what the restore engine did to a user's files.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rmdir, unlink } from 'node:fs/promises';
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
  /**
   * The root of target, temp, aside and final: `C:\` for a volume (every journal before disk images,
   * and every restore over this machine's volumes), or the absolute native folder of this computer a
   * restore from a disk image went to (`/home/ana/restored`, `D:\restored`). ShadowSource.writeRoot
   * maps it to its folder.
   */
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
  /** The root key, as {@link JournalItem.volume}. */
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
  /** Identifies the owner beyond its pid, which the OS may reuse ({@link ownerIdentity}). */
  processStart: string;
  /** Linux: the boot the owner ran in (its start time counts from boot); absent in older journals. */
  bootId?: string | null;
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

/**
 * What the OS says about a process id right now. `exited` is a process that has ended but is not
 * yet reaped (a Linux zombie, state Z or X, whose parent or init has not waited for it yet; on
 * Windows a process whose object is signalled while someone still holds a handle to it): it runs
 * no code any more, so it owns nothing. `unknown` is a process the OS will not let us look at.
 */
export type ProcessObservation =
  | { state: 'gone' }
  | { state: 'exited' }
  | { state: 'running'; start: string | null }
  | { state: 'unknown' };

/**
 * How a platform identifies processes beyond their reusable pid. Linux has it in /proc (below);
 * on Windows the host plugs in the kernel32 one from native/ffi (process creation time from
 * GetProcessTimes), as it does for file attributes.
 */
export interface ProcessIdentityPort {
  observe(pid: number): ProcessObservation;
}

/** What identifies a journal's owner: its pid, when it started, and in which boot. */
export interface OwnerIdentity {
  pid: number;
  processStart: string;
  bootId: string | null;
}

/**
 * The state letter, the flags (field 9) and the start time (field 22, clock ticks since boot) of a
 * `/proc/PID/stat` line. The command name in parentheses may itself hold spaces and parentheses,
 * so fields are counted from the LAST `)` (proc(5)).
 */
export function parseProcStat(text: string): { state: string; flags: number; start: string } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state), so field 9 (flags) is fields[6] and field 22 (starttime) fields[19].
  const state = fields[0];
  const flags = Number(fields[6]);
  const start = fields[19];
  if (!state || !start || !/^\d+$/.test(start) || !Number.isFinite(flags)) return null;
  return { state, flags, start };
}

/** include/linux/sched.h: the task has begun do_exit() and will never run user code again. */
const PF_EXITING = 0x4;

/**
 * True when a task can never run code again: a zombie or dead task (proc(5): Z; X, and x in Linux
 * 2.6.33–3.13), or one already inside do_exit() (PF_EXITING; its last system call has returned).
 * A task only stopped (T, t) or asleep (S, D), even with a SIGKILL pending, may still finish a
 * system call, so it is not yet dead.
 */
export function taskFinished(stat: { state: string; flags: number }): boolean {
  return stat.state === 'Z' || stat.state === 'X' || stat.state === 'x' || (stat.flags & PF_EXITING) !== 0;
}

/**
 * Linux: what /proc says about a pid. A process is `exited` when every one of its threads has
 * finished: the leader alone being a zombie is not enough, since a leader that called
 * pthread_exit() shows Z while its other threads run on.
 */
export function linuxObservation(pid: number): ProcessObservation {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH') return { state: 'gone' };
    return signalObservation(pid);
  }
  const leader = parseProcStat(text);
  if (!leader) return signalObservation(pid);
  if (!taskFinished(leader)) return { state: 'running', start: leader.start };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { state: 'exited' };
  }
  for (const tid of tids) {
    try {
      const task = parseProcStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      if (task && !taskFinished(task)) return { state: 'running', start: leader.start };
    } catch {
      // That thread is gone already.
    }
  }
  return { state: 'exited' };
}

/**
 * Where nothing better exists: signal 0 asks only whether the pid exists. libuv answers ESRCH on
 * Windows for a process that has exited (GetExitCodeProcess), so only pid reuse goes unseen there.
 */
function signalObservation(pid: number): ProcessObservation {
  try {
    process.kill(pid, 0);
    return { state: 'running', start: null };
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH' ? { state: 'gone' } : { state: 'unknown' };
  }
}

/** The observation of a pid on this platform, through `port` when the host gave one. */
export function observeProcess(pid: number, port?: ProcessIdentityPort): ProcessObservation {
  if (port) return port.observe(pid);
  return process.platform === 'linux' ? linuxObservation(pid) : signalObservation(pid);
}

let ownBoot: string | null | undefined;

/** Linux: this boot's random id (a process start time counts from boot, so it needs the boot too). */
function currentBootId(): string | null {
  if (ownBoot !== undefined) return ownBoot;
  try {
    ownBoot = process.platform === 'linux' ? readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null : null;
  } catch {
    ownBoot = null;
  }
  return ownBoot;
}

/**
 * What identifies THIS process to a later one. Linux: `/proc` start ticks plus the boot id;
 * with a port (Windows): its creation time; elsewhere a `t…` time that no observation can confirm.
 */
export function ownerIdentity(port?: ProcessIdentityPort): OwnerIdentity {
  const seen = observeProcess(process.pid, port);
  const start = seen.state === 'running' ? seen.start : null;
  return { pid: process.pid, processStart: start ?? `t${Math.round(performance.timeOrigin)}`, bootId: currentBootId() };
}

/** Kept for callers that only need the start: see {@link ownerIdentity}. */
export function ownProcessStart(port?: ProcessIdentityPort): string {
  return ownerIdentity(port).processStart;
}

/** Linux ticks are digits, Windows creation times `ft:` digits, the fallback `t` digits. */
function startScheme(start: string): string {
  const m = /^([a-z]*:?)\d+$/.exec(start);
  return m ? m[1] ?? '' : 'other';
}

/**
 * The pure core of the liveness check: is the process recorded in a journal still the one running
 * under that pid? A dead process is dead: a pid that is gone or a zombie owns nothing, and neither
 * does a pid whose start time (or boot) differs from the recorded one, because the OS gave it to
 * another process. A live pid whose start cannot be compared (an older journal, a process we may
 * not look at) is trusted: the safe mistake, the journal is left for a later start rather than
 * acted on under a running restore.
 */
export function judgeOwner(recorded: { pid: number; processStart: string; bootId?: string | null }, here: OwnerIdentity, seen: ProcessObservation): boolean {
  if (recorded.bootId && here.bootId && recorded.bootId !== here.bootId) return false;
  if (recorded.pid === here.pid) return recorded.processStart === here.processStart;
  if (seen.state === 'gone' || seen.state === 'exited') return false;
  if (seen.state === 'unknown' || seen.start === null) return true;
  if (startScheme(seen.start) !== startScheme(recorded.processStart)) return true;
  return seen.start === recorded.processStart;
}

/** True while the process that owns a journal still runs (see {@link judgeOwner}). */
export function ownerAlive(j: Pick<Journal, 'pid' | 'processStart' | 'bootId'>, port?: ProcessIdentityPort): boolean {
  const here = ownerIdentity(port);
  return judgeOwner(j, here, j.pid === here.pid ? { state: 'running', start: here.processStart } : observeProcess(j.pid, port));
}

/** `<id>.reserving-<pid>.json`: a journal written whole before its restore folder exists. */
const RESERVATION = /^(\d{8}-\d{6}-[0-9a-f]{4})\.reserving-(\d+)\.json$/;

async function writeSynced(file: string, text: string): Promise<void> {
  const fh = await open(file, 'wx');
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Reserves a fresh restore folder together with its first journal, so that no moment exists in
 * which a restore folder has no journal naming its owner: the journal is written whole (with the
 * owner's pid in its name) beside the folder first, the folder is made (EEXIST: another restore has
 * that id, try another), and the journal is renamed into it. A crash in between leaves a
 * reservation file whose owner recovery can judge ({@link cleanReservations}).
 */
export async function createJournal(dataDir: string, make: (restoreId: string) => Journal): Promise<Journal> {
  const dir = restoresDir(dataDir);
  await mkdir(dir, { recursive: true });
  for (;;) {
    const journal = make(newRestoreId());
    const staged = path.join(dir, `${journal.restoreId}.reserving-${process.pid}.json`);
    try {
      await writeSynced(staged, JSON.stringify(journal, null, 2));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      await mkdir(path.join(dir, journal.restoreId));
    } catch (err) {
      await unlink(staged).catch(() => undefined);
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    await rename(staged, journalFile(dataDir, journal.restoreId));
    return journal;
  }
}

/** Removes a folder only while it is empty (rmdir refuses otherwise). */
async function rmdirIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch(() => undefined);
}

/**
 * Clears restore folders reserved but never written, from a crash before their first journal
 * save. A reservation file whose owner is dead goes, with its folder if that is still empty; a
 * restore folder with no journal and no reservation (left by builds before reservations, or by a
 * crash in their first save) goes if it holds nothing or only that save's partial `journal.json.tmp`.
 * Nothing here is a user's file: it is all under `<dataDir>/restores`.
 */
export async function cleanReservations(dataDir: string, port?: ProcessIdentityPort): Promise<string[]> {
  const dir = restoresDir(dataDir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  const liveReservations = new Set<string>();
  for (const name of names) {
    const m = RESERVATION.exec(name);
    if (!m) continue;
    const [, id = '', pid = '0'] = m;
    const file = path.join(dir, name);
    let owner: Pick<Journal, 'pid' | 'processStart' | 'bootId'> | null = null;
    try {
      const j = JSON.parse(await readFile(file, 'utf8')) as Journal;
      if (j.restoreId === id && j.pid === Number(pid)) owner = j;
    } catch {
      // Killed while writing it: only the pid in its name is known.
    }
    // A partial file of this very pid may be a reservation being written right now: alive.
    const alive = owner ? ownerAlive(owner, port) : Number(pid) === process.pid || !['gone', 'exited'].includes(observeProcess(Number(pid), port).state);
    if (alive) {
      liveReservations.add(id);
      continue;
    }
    await rmdirIfEmpty(path.join(dir, id));
    await unlink(file).catch(() => undefined);
    removed.push(id);
  }
  for (const name of names.filter((n) => RESTORE_ID.test(n) && !liveReservations.has(n))) {
    const folder = path.join(dir, name);
    let inside: string[];
    try {
      inside = await readdir(folder);
    } catch {
      continue;
    }
    if (inside.includes('journal.json') || inside.some((n) => n !== 'journal.json.tmp')) continue;
    // Re-read: a reservation made since the listing above would own this folder.
    if ((await readdir(dir)).some((n) => RESERVATION.exec(n)?.[1] === name)) continue;
    if (inside.includes('journal.json.tmp')) await unlink(path.join(folder, 'journal.json.tmp')).catch(() => undefined);
    await rmdirIfEmpty(folder);
    removed.push(name);
  }
  return removed;
}
