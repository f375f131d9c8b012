/**
 * The local audit log: one JSON line per create, delete, storage change and restore (and undo), so a
 * helpdesk can later answer "who deleted the copies, and when?" and the health check can see copies
 * VSS threw away to make room. Append-only by design: nothing here rewrites or truncates the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditAction, AuditEntry, AuditOutcome } from './audit-types.js';

export type { AuditAction, AuditEntry, AuditOutcome } from './audit-types.js';

/** An entry as callers hand it in: `at` defaults to now, so call sites cannot forget it. */
export type AuditEntryInput = Omit<AuditEntry, 'at'> & { at?: string };

/** Options for {@link readAudit}. */
export interface ReadAuditOptions {
  /** Only entries at or after this instant. */
  since?: Date | string;
  /** At most this many entries (the newest ones). */
  limit?: number;
}

/** The file name inside the data directory; exported so diagnostics can point people at it. */
export const AUDIT_FILE_NAME = 'audit.jsonl';

const ACTIONS: ReadonlySet<string> = new Set<AuditAction>(['create', 'delete', 'resize-storage', 'add-storage', 'restore', 'undo-restore', 'schedule-add', 'schedule-change', 'schedule-remove']);
const OUTCOMES: ReadonlySet<string> = new Set<AuditOutcome>(['ok', 'failed', 'cancelled']);

/** Full path of the audit log in `dataDir`. */
export function auditFilePath(dataDir: string): string {
  return path.join(dataDir, AUDIT_FILE_NAME);
}

/**
 * Where ShadowDesk keeps its own files (audit log, restore undo data): per user, never roaming, and
 * overridable so tests and portable installs can point elsewhere.
 * `SHADOWDESK_DATA_DIR` wins; then `%LOCALAPPDATA%\ShadowDesk` on Windows, `$XDG_DATA_HOME/shadowdesk`
 * or `~/.local/share/shadowdesk` elsewhere.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.SHADOWDESK_DATA_DIR?.trim();
  if (override) return override;
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA?.trim();
    if (local) return path.win32.join(local, 'ShadowDesk');
    const profile = env.USERPROFILE?.trim() || os.homedir();
    return path.win32.join(profile, 'AppData', 'Local', 'ShadowDesk');
  }
  const xdg = env.XDG_DATA_HOME?.trim();
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdg && path.posix.isAbsolute(xdg)) return path.posix.join(xdg, 'shadowdesk');
  const home = env.HOME?.trim() || os.homedir();
  return path.posix.join(home, '.local', 'share', 'shadowdesk');
}

/**
 * Appends one entry and returns it as written. The line goes out in a single `write` on a descriptor
 * opened with O_APPEND, so lines from concurrent processes (the GUI host and a CLI run) never
 * interleave, and it is fsynced before returning, so a crash right after a delete still leaves the
 * record. `at` is always the first key: if a previous writer died mid-line, this line ends up glued to
 * the fragment, and {@link readAudit} finds it again by its leading `{"at":`. (Peeking at the last byte
 * to start a fresh line instead would race with another process's in-flight write.) Synchronous on
 * purpose: the record must exist before the caller reports success, and entries are rare.
 */
export function appendAudit(dataDir: string, entry: AuditEntryInput): AuditEntry {
  const { at, ...rest } = entry;
  const full: AuditEntry = { at: at ?? new Date().toISOString(), ...rest };
  if (!isAuditEntry(full)) throw new TypeError(`Not a valid audit entry: ${JSON.stringify(full)}`);
  const data = Buffer.from(`${JSON.stringify(full)}\n`, 'utf8');
  fs.mkdirSync(dataDir, { recursive: true });
  withAppendLock(dataDir, () => {
    const fd = fs.openSync(auditFilePath(dataDir), 'a', 0o600);
    try {
      const written = fs.writeSync(fd, data, 0, data.length);
      if (written !== data.length) throw new Error(`Audit log: short write (${written} of ${data.length} bytes)`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
  return full;
}

const LOCK_WAIT_MS = 5000;
const LOCK_STALE_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Serializes appends across processes (the app and the CLI may log at once). O_APPEND alone is
 * atomic per write on Linux and NTFS, but not everywhere a Windows build runs (the Wine suite caught
 * two lines merged), so a lock folder — mkdir is atomic on every platform — guards each append. A
 * lock left by a crashed process is taken over once it is older than any append could take.
 */
function withAppendLock(dataDir: string, fn: () => void): void {
  const lock = path.join(dataDir, 'audit.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmdirSync(lock);
      } catch {
        // Gone meanwhile: try again.
      }
      if (Date.now() > deadline) throw new Error('Audit log: another process holds the log lock for too long.');
      Atomics.wait(sleeper, 0, 0, 2);
    }
  }
  try {
    fn();
  } finally {
    fs.rmdirSync(lock);
  }
}

/**
 * Entries newest first, optionally since an instant and limited in number. A torn line (a crash or
 * power cut mid-write) and lines that are not entries are skipped rather than failing the whole read:
 * a damaged tail must not hide the history before it, and an entry appended after a torn fragment is
 * recovered from the glued line. A missing log reads as empty.
 */
export function readAudit(dataDir: string, options: ReadAuditOptions = {}): AuditEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(auditFilePath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const sinceMs = options.since === undefined ? undefined : new Date(options.since).getTime();
  if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw new RangeError(`Invalid 'since': ${String(options.since)}`);

  const rows: { entry: AuditEntry; ms: number; line: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const parsed = parseLine(line);
    if (!parsed) continue;
    const ms = Date.parse(parsed.at);
    if (Number.isNaN(ms)) continue;
    if (sinceMs !== undefined && ms < sinceMs) continue;
    rows.push({ entry: parsed, ms, line: i });
  }
  // Concurrent processes may append slightly out of time order; sort by time, later line first on ties.
  rows.sort((a, b) => b.ms - a.ms || b.line - a.line);
  const limit = options.limit;
  const picked = limit !== undefined && limit >= 0 ? rows.slice(0, Math.floor(limit)) : rows;
  return picked.map((r) => r.entry);
}

/** Shape check for a parsed line, so a hand-edited or foreign line cannot crash the readers. */
export function isAuditEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.at !== 'string' || typeof v.target !== 'string') return false;
  if (typeof v.action !== 'string' || !ACTIONS.has(v.action)) return false;
  if (typeof v.outcome !== 'string' || !OUTCOMES.has(v.outcome)) return false;
  if (v.detail !== undefined && (typeof v.detail !== 'object' || v.detail === null || Array.isArray(v.detail))) return false;
  if (v.user !== undefined && typeof v.user !== 'string') return false;
  if (v.schedule !== undefined && typeof v.schedule !== 'string') return false;
  if (v.error !== undefined) {
    if (typeof v.error !== 'object' || v.error === null) return false;
    const e = v.error as Record<string, unknown>;
    if (typeof e.code !== 'string' || typeof e.message !== 'string') return false;
  }
  return true;
}

const ENTRY_START = '{"at":';

/** One line as an entry; for a line that is a torn fragment with a whole entry glued after it, that entry. */
function parseLine(line: string): AuditEntry | undefined {
  const whole = tryParse(line);
  if (whole) return whole;
  // A quote inside a JSON string is escaped, so `{"at":` can only start a real object.
  for (let i = line.lastIndexOf(ENTRY_START); i > 0; i = line.lastIndexOf(ENTRY_START, i - 1)) {
    const tail = tryParse(line.slice(i));
    if (tail) return tail;
  }
  return undefined;
}

function tryParse(text: string): AuditEntry | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isAuditEntry(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
