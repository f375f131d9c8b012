import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import type { Schedule, ScheduleRun } from './schedule-types.js';

/** How many runs of each schedule the store remembers (the newest). */
export const RUNS_KEPT = 50;
/** How many vanished copy ids of each schedule the store remembers (the newest). */
export const VANISHED_KEPT = 200;

/**
 * Everything ShadowDesk knows about the machine's schedules, in one JSON file. The definitions, each
 * schedule's runs, and the ids of the copies each one made: thinning deletes only those, so this
 * record is what keeps it from ever touching a copy the user or another tool made.
 */
export interface ScheduleState {
  version: 1;
  schedules: Schedule[];
  /** Per schedule name: its runs, oldest first. */
  runs: Record<string, ScheduleRun[]>;
  /** Per schedule name: ids of the copies it made that existed when last looked at, oldest first. */
  copies: Record<string, string[]>;
  /** Per schedule name: ids it made that disappeared without ShadowDesk deleting them. */
  vanished: Record<string, string[]>;
  /** The simulated machine's clock: how far it runs ahead of real time after a tick (ms). */
  clockOffsetMs?: number;
}

const FILE = 'schedules.json';

function empty(): ScheduleState {
  return { version: 1, schedules: [], runs: {}, copies: {}, vanished: {} };
}

/**
 * The schedule store in `dir`. It is machine-wide, not per user: on Windows the task runs as SYSTEM
 * while the window runs as the user, and both must see the same schedules and records
 * (`%ProgramData%\ShadowDesk\schedules`); on the simulated machine it lives in the machine's folder,
 * so each simulated machine has its own.
 *
 * Writers (the window's host, a CLI run, a scheduled run) may overlap, so every change is a
 * read-modify-write under a lock folder, written to a temporary file, fsynced and renamed over the
 * old one: a crash leaves the old or the new file, never half of one.
 */
export class ScheduleStore {
  readonly dir: string;
  readonly file: string;

  /** Called once with the folder when this store creates it (Windows: {@link lockDownFolder}). */
  readonly #onCreate: ((dir: string) => void) | undefined;

  constructor(dir: string, options: { onCreate?: (dir: string) => void } = {}) {
    this.dir = dir;
    this.file = path.join(dir, FILE);
    this.#onCreate = options.onCreate;
  }

  /** The state as it is on disk (empty when there is none yet). A damaged file is an error, never silently empty. */
  read(): ScheduleState {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw err;
    }
    const parsed = JSON.parse(text) as Partial<ScheduleState>;
    if (parsed.version !== 1 || !Array.isArray(parsed.schedules)) throw new Error(`${this.file} is not a ShadowDesk schedule file`);
    return { ...empty(), ...parsed } as ScheduleState;
  }

  /** Changes the state under the lock; `change` mutates the state it is given and returns a result. */
  update<T>(change: (state: ScheduleState) => T): T {
    if (!fs.existsSync(this.dir)) {
      fs.mkdirSync(this.dir, { recursive: true });
      this.#onCreate?.(this.dir);
    }
    const release = this.lock();
    try {
      const state = this.read();
      const result = change(state);
      this.write(state);
      return result;
    } finally {
      release();
    }
  }

  private write(state: ScheduleState): void {
    const tmp = path.join(this.dir, `.${FILE}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeSync(fd, JSON.stringify(state, null, 1));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    syncDir(this.dir);
  }

  /**
   * A lock folder (mkdir is atomic on every file system we meet). A lock older than a minute is taken
   * as left by a process that died mid-update, since no update holds it for more than a write.
   */
  private lock(): () => void {
    const lockDir = path.join(this.dir, '.lock');
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        fs.mkdirSync(lockDir);
        return () => fs.rmSync(lockDir, { recursive: true, force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        try {
          if (Date.now() - fs.statSync(lockDir).mtimeMs > 60_000) {
            fs.rmSync(lockDir, { recursive: true, force: true });
            continue;
          }
        } catch {
          continue;
        }
        if (Date.now() > deadline) throw new Error(`The schedule store ${this.dir} stayed locked for 10 s`);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
  }
}

/** Makes a rename durable where the platform allows fsync on a folder (not on Windows). */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Finds a schedule by name, case-insensitively (as Task Scheduler's names are). */
export function findSchedule(state: ScheduleState, name: string): Schedule | undefined {
  const key = name.toLowerCase();
  return state.schedules.find((s) => s.name.toLowerCase() === key);
}

/**
 * Drops recorded ids that no longer exist (VSS deleted them for space, or someone else did) and
 * remembers them as vanished: not an error, but worth a finding.
 */
export function reconcileCopies(state: ScheduleState, existing: ReadonlySet<string>): void {
  for (const [name, ids] of Object.entries(state.copies)) {
    const gone = ids.filter((id) => !existing.has(id));
    if (gone.length === 0) continue;
    state.copies[name] = ids.filter((id) => existing.has(id));
    state.vanished[name] = [...(state.vanished[name] ?? []), ...gone].slice(-VANISHED_KEPT);
  }
}

/** Appends a run to a schedule's history, keeping the newest {@link RUNS_KEPT}. */
export function recordRun(state: ScheduleState, name: string, run: ScheduleRun): void {
  state.runs[name] = [...(state.runs[name] ?? []), run].slice(-RUNS_KEPT);
}

/**
 * icacls' arguments that leave `dir` to SYSTEM and Administrators (full control) and Users (read):
 * a SYSTEM task deletes the copies this record names, so nobody else may write it. Inherited
 * entries are removed (ProgramData lets Users create files in new folders). Well-known SIDs, so it
 * works in every Windows language.
 */
export function lockDownArgs(dir: string): string[] {
  return [dir, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F', '*S-1-5-32-545:(OI)(CI)RX'];
}

/** Runs icacls (by absolute path) with {@link lockDownArgs}; a refusal is an error, never ignored. */
export function lockDownFolder(dir: string, env: NodeJS.ProcessEnv = process.env): void {
  const icacls = path.win32.join(env.SystemRoot?.trim() || 'C:\\Windows', 'System32', 'icacls.exe');
  const r = spawnSync(icacls, lockDownArgs(dir), { encoding: 'utf8', windowsHide: true });
  if (r.error || r.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`icacls could not protect ${dir}: ${(r.error?.message ?? r.stderr ?? r.stdout ?? '').trim()}`);
  }
}
