import type { Lang } from '../contract/errors.js';
import type { Writer } from '../vss/types.js';

/* The doctor's report as plain data: what crosses the contract to every front end. */

/** How urgent a finding is: critical = data or backups at risk now, warning = soon, info = worth knowing. */
export type Severity = 'critical' | 'warning' | 'info';

/** One problem found, in the report's language. */
export interface Finding {
  /** Stable across runs for the same problem (e.g. `writer-failed:{writerId}`), so UIs and tickets can track it. */
  id: string;
  severity: Severity;
  title: string;
  /** What is wrong and what it means. */
  detail: string;
  /** What to do about it. */
  next: string;
  /** What the finding is about: a writer name, a volume, an audit target. */
  subject: string;
  /**
   * The same next step as a CLI command (`shadowdesk create --volume C:`), kept out of `next` so the
   * window can offer a button instead while the CLI and the Markdown report print the command.
   */
  command?: string;
  /** What a front end can offer to do about it in one click. */
  action?: FindingAction;
}

/** A fix a front end can run or open directly for a finding. */
export type FindingAction =
  | { kind: 'create-copy'; volume: string }
  | { kind: 'configure-storage'; volume: string }
  | { kind: 'delete-oldest'; volume: string };

/** A volume at a glance, for the report's volume table. */
export interface VolumeStatus {
  name: string;
  guidPath: string;
  label: string;
  fileSystem: string;
  /** null when Windows cannot tell (no media). */
  capacityBytes: number | null;
  freeBytes: number | null;
  /** null when unknown (no administrator rights). */
  shadowCopySupported: boolean | null;
  /** Shadow copies of this volume, every context. */
  copies: number;
  /** The ones that count against the 64-copy cap. */
  clientAccessibleCopies: number;
  newestCopyAt: string | null;
  oldestCopyAt: string | null;
  storage: { storageVolume: string; usedBytes: number; allocatedBytes: number; maxBytes: number | null } | null;
  /** The worst severity among findings about this volume, or 'ok'. */
  status: Severity | 'ok';
}

/** A writer that is not plainly healthy (not stable, or stable with a last error), for the report. */
export interface WriterTrouble extends Writer {
  /** Hosting service short name when the writer is a known Windows one. */
  service: string | null;
  serviceDisplayName: string | null;
  severity: Severity;
}

/** Everything the health check found. Plain JSON, so it crosses the host protocol and `--json` as is. */
export interface DoctorReport {
  generatedAt: string;
  machine?: string;
  /** The language the findings are written in. */
  lang: Lang;
  summary: { critical: number; warning: number; info: number };
  /** Most severe first. */
  findings: Finding[];
  volumes: VolumeStatus[];
  writers: WriterTrouble[];
}
