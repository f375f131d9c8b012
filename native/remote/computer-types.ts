import type { ErrorData } from '../contract/errors.js';
import type { Severity } from '../doctor/doctor-types.js';
import type { TreeEntry, TreeStat } from '../restore/tree-types.js';

/**
 * A computer the helpdesk added: an SSH target as the admin types it for `ssh` (a host name,
 * `user@host`, or a `~/.ssh/config` alias). ShadowDesk keeps no password and no key: `ssh` and its
 * agent, `known_hosts` and config do all of that, as the admin already set them up.
 */
export interface ComputerEntry {
  target: string;
  /** What the person called it ("Ana's laptop"); the target when not given. */
  label?: string;
  addedAt: string;
  /** The last time ShadowDesk reached it (or tried), with what it learned. */
  lastCheck?: ComputerCheck;
}

/** The computers list, as kept in the data folder. "This computer" is never in it: it is always first. */
export interface ComputerList {
  computers: ComputerEntry[];
}

/** What connecting to a computer found: who answers there, or why nobody does, in one sentence. */
export interface ComputerCheck {
  target: string;
  at: string;
  ok: boolean;
  /** The remote host's own computer name (Windows' COMPUTERNAME, Linux's host name). */
  hostname?: string;
  /** ShadowDesk's version there. */
  version?: string;
  /** `vss` (Windows) or `sim` (the simulated machine). */
  backend?: string;
  /** Whether the remote session may change shadow copies (an administrator's); null when unknown. */
  elevated?: boolean | null;
  /** From starting `ssh` to the remote host's first answer. */
  connectMs?: number;
  /** Why it could not be reached or used: SSH_HOST_KEY, SSH_AUTH_REFUSED, SSH_UNREACHABLE, … */
  error?: ErrorData;
  /** Reached, but with a limit to know before acting (REMOTE_NOT_ADMIN), with the next step. */
  notice?: ErrorData;
}

/** One volume's health in a fleet row. */
export interface FleetVolume {
  volume: string;
  copies: number;
  /** The newest copy's creation time, or null when the volume has none. */
  newestAt: string | null;
  /** Shadow storage used on its storage volume, in bytes; null when the volume has no storage area. */
  storageUsedBytes: number | null;
  /** The area's maximum in bytes; null when unbounded or absent. */
  storageMaxBytes: number | null;
}

/** How one computer of a fleet answered. */
export type FleetStatus = 'ok' | 'unreachable' | 'timeout' | 'error';

/** One computer's row of the fleet health table, streamed as soon as that computer has answered. */
export interface FleetRow {
  target: string;
  status: FleetStatus;
  /** Why the row is not ok, in one sentence with the next step. */
  error?: ErrorData;
  hostname?: string;
  version?: string;
  /** Whether the remote session is an administrator's; null when unknown. */
  elevated: boolean | null;
  volumes: FleetVolume[];
  /** Hours since the newest copy on any volume; null when there is none (or unreachable). */
  newestCopyAgeHours: number | null;
  /** Names of writers in a failed state. */
  failedWriters: string[];
  /** The doctor's findings by severity. */
  findings: Record<Severity, number>;
  /** The most severe finding's title (ties: the doctor's order), or null when there is none. */
  worst: { severity: Severity; title: string } | null;
  /** From start to this row. */
  durationMs: number;
}

/** Progress of a fleet doctor: each row as its computer answers, with how many are done. */
export interface FleetProgress {
  row: FleetRow;
  done: number;
  total: number;
}

/** The whole fleet doctor: rows in the order the targets were given, and the two exports. */
export interface FleetReport {
  startedAt: string;
  finishedAt: string;
  concurrency: number;
  timeoutSeconds: number;
  rows: FleetRow[];
  csv: string;
  markdown: string;
}

/** Names one tree of a computer for the tree operations: a shadow copy, or a live volume ("now"). */
export type TreeRef = { shadowId: string } | { volume: string };

/** `treeList`: a folder's entries, null when absent, 'not-folder' for a file. */
export interface TreeListResult {
  entries: TreeEntry[] | null | 'not-folder';
}

/** `treeStat`: the entry (a link described, never followed) and a link's target. */
export interface TreeStatResult {
  stat: TreeStat | null;
  link: string | null;
}

/** `treeRead`: bytes of a file from `offset`, base64; `eof` once the file's end is reached. */
export interface TreeReadResult {
  data: string;
  eof: boolean;
}
