import { z } from 'zod';
import { op, type OperationDef } from './define.js';
import type {
  CreateResult, DeleteResult, Provider, ShadowCopy, ShadowSet, StorageArea, Volume, Writer, WriterDetail,
} from '../vss/types.js';
import type {
  BrowsePage, Comparison, Preview, RestorePlan, UndoResult, RestoreProgress, RestoreRecord, RestoreResult, SearchHit, SearchResult, VersionList,
} from '../restore/types.js';
import type { DoctorReport } from '../doctor/doctor-types.js';
import type { AuditEntry } from '../audit/audit-types.js';
import type { AboutInfo } from '../about/about-types.js';
import type { ElevationInfo } from '../elevation/elevation-types.js';
import type { SelftestReport } from '../selftest/selftest-types.js';
import type { ImageSummary } from '../image/image-types.js';
import type {
  ComputerCheck, ComputerEntry, ComputerList, FleetProgress, FleetReport, TreeListResult, TreeReadResult, TreeStatResult,
} from '../remote/computer-types.js';
import type { ScheduleList, ScheduleRun, ScheduleStatus, ScheduleWarning, ThinPlan, TickProgress, TickResult } from '../schedule/schedule-types.js';

const volumeName = z.string().trim().min(1).max(300);
const shadowId = z.string().trim().min(4).max(64);
const fullPath = z.string().trim().min(2).max(32767);
const storageMax = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bytes'), bytes: z.number().int().positive() }),
  z.object({ kind: z.literal('percent'), percent: z.number().positive().max(100) }),
  z.object({ kind: z.literal('unbounded') }),
]);
const conflictChoice = z.enum(['replace', 'keep-both', 'skip']);
const restoreTarget = z.object({
  shadowId,
  paths: z.array(fullPath).min(1).max(10000),
  to: fullPath.optional(),
});

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time as HH:MM');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const scheduleTrigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekly'), days: z.array(weekday).min(1).max(7), times: z.array(clockTime).min(1).max(24) }),
  z.object({ kind: z.literal('daily'), times: z.array(clockTime).min(1).max(24) }),
  z.object({ kind: z.literal('hourly'), everyHours: z.number().int().min(1).max(23), startTime: clockTime }),
  z.object({ kind: z.literal('logon') }),
  z.object({ kind: z.literal('idle'), idleMinutes: z.number().int().min(1).max(999) }),
]);
const retentionPolicy = z.object({
  hours: z.number().int().min(0).max(24 * 14),
  days: z.number().int().min(0).max(366),
  weeks: z.number().int().min(0).max(520),
  months: z.number().int().min(0).max(1200),
  minFreePercent: z.number().min(0).max(90),
});
// Task Scheduler refuses \ / : * ? " < > | in a task's name; a name is also a file name under System32\Tasks.
const scheduleName = z.string().trim().min(1).max(64).regex(/^[^\\/:*?"<>|\p{Cc}]+$/u, 'no \\ / : * ? " < > | in a schedule name')
  .refine((n) => !/[. ]$/.test(n), 'a schedule name cannot end with a dot or a space');
const scheduleDefinition = z.object({
  name: scheduleName,
  volumes: z.array(volumeName).min(1).max(26),
  trigger: scheduleTrigger,
  retention: retentionPolicy.optional(),
  withWriters: z.boolean().optional(),
  account: z.string().trim().min(1).max(256).optional(),
});

/**
 * An SSH target as `ssh` takes it: a host name, `user@host`, an IPv6 literal, or a `~/.ssh/config`
 * alias (a port goes in the config: ssh takes no `host:port`). Never starting with `-`, so it can
 * never be read as one of ssh's options (and ssh gets it after `--` anyway).
 */
export const computerTarget = z.string().trim().min(1).max(255)
  .regex(/^[A-Za-z0-9_.%@[\]:-]+$/, 'a host name, user@host or an ssh config alias')
  .refine((t) => !t.startsWith('-'), 'a computer cannot start with "-"');
/** Names one tree of the computer a call goes to: a shadow copy, or a live volume ("now"). */
const treeRef = z.union([z.object({ shadowId }), z.object({ volume: volumeName })]);
/** Checked name segments below a tree's root (no separators, no `.` or `..`). */
const treeSegments = z.array(z.string().min(1).max(255).refine((s) => s !== '.' && s !== '..' && !/[\\/\0]/.test(s), 'one name, no separators')).max(512);

/** Progress of a search: batches of new hits as each shadow copy is walked. */
export interface SearchProgress {
  shadowsDone: number;
  shadowsTotal: number;
  entriesScanned: number;
  newHits: SearchHit[];
}

/**
 * Every operation ShadowDesk offers, by name. This table is the contract: the host dispatches it,
 * the CLI and the headless server call it, and the Electron preload exposes exactly its names.
 */
export const OPERATIONS = {
  listVolumes: op<Volume[]>()(z.object({})),
  listShadows: op<ShadowCopy[]>()(z.object({ volume: volumeName.optional() })),
  listShadowSets: op<ShadowSet[]>()(z.object({ volume: volumeName.optional() })),
  listWriters: op<Writer[]>()(z.object({})),
  writerDetails: op<WriterDetail[]>()(z.object({})),
  listProviders: op<Provider[]>()(z.object({})),
  listStorage: op<StorageArea[]>()(z.object({})),
  createShadows: op<CreateResult>()(z.object({ volumes: z.array(volumeName).min(1).max(64), withWriters: z.boolean().optional() }), { destructive: true }),
  deleteShadows: op<DeleteResult>()(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('shadow'), id: shadowId }),
      z.object({ kind: z.literal('set'), id: shadowId }),
      z.object({ kind: z.literal('oldest'), volume: volumeName }),
      z.object({ kind: z.literal('all'), volume: volumeName }),
    ]),
    { destructive: true },
  ),
  resizeStorage: op<{ area: StorageArea; deletedIds: string[] }>()(
    z.object({ volume: volumeName, max: storageMax, storageVolume: volumeName.optional() }),
    { destructive: true },
  ),
  addStorage: op<StorageArea>()(z.object({ volume: volumeName, storageVolume: volumeName, max: storageMax }), { destructive: true }),
  browse: op<BrowsePage>()(
    z.object({ shadowId, folder: z.string().max(32767).default(''), cursor: z.string().max(200).nullish(), offset: z.number().int().min(0).max(2 ** 31 - 1).optional(), pageSize: z.number().int().min(1).max(5000).optional() }),
  ),
  versions: op<VersionList>()(z.object({ path: fullPath, hash: z.boolean().optional() })),
  compare: op<Comparison>()(
    z.object({ path: fullPath, left: z.object({ shadowId }), right: z.union([z.literal('live'), z.object({ shadowId })]) }),
  ),
  preview: op<Preview>()(
    z.object({
      path: fullPath,
      source: z.union([z.literal('live'), z.object({ shadowId })]),
      maxBytes: z.number().int().min(16).max(4 * 1024 * 1024).optional(),
    }),
  ),
  search: op<SearchResult, SearchProgress>()(
    z.object({ pattern: z.string().min(1).max(500), shadowId: shadowId.optional(), limit: z.number().int().min(1).max(100000).optional() }),
  ),
  planRestore: op<RestorePlan>()(restoreTarget),
  runRestore: op<RestoreResult, RestoreProgress>()(
    restoreTarget.extend({ onConflict: conflictChoice, perItem: z.record(z.string(), conflictChoice).optional() }),
    { destructive: true },
  ),
  undoRestore: op<UndoResult>()(
    z.object({ restoreId: z.string().trim().min(1).max(100) }),
    { destructive: true },
  ),
  listRestores: op<RestoreRecord[]>()(z.object({})),
  doctor: op<{ report: DoctorReport; markdown: string }>()(z.object({})),
  about: op<AboutInfo>()(z.object({})),
  audit: op<AuditEntry[]>()(z.object({ since: z.iso.datetime().optional(), limit: z.number().int().min(1).max(100000).optional() })),
  elevation: op<ElevationInfo>()(z.object({})),
  restartElevated: op<{ started: true }>()(
    z.object({
      // The app window's HWND (decimal), which owns the UAC prompt; the main process sets it, never the page.
      parentWindow: z.string().regex(/^[1-9][0-9]{0,19}$/).optional(),
    }),
  ),
  chooseFolder: op<{ path: string | null }>()(z.object({ title: z.string().max(200).optional(), defaultPath: fullPath.optional() })),
  showInFolder: op<{ shown: true }>()(z.object({ path: fullPath })),
  exportVersion: op<{ file: string }>()(z.object({ shadowId, path: fullPath })),
  openVersion: op<{ opened: true }>()(z.object({ shadowId, path: fullPath })),
  dragOut: op<{ started: true }>()(z.object({ shadowId, paths: z.array(fullPath).min(1).max(1000) })),
  // Makes the read-only copies a drag of these files will hand over, ahead of the drag (on hover,
  // on pressing the mouse button): a drag must start inside its dragstart, too soon to make them then.
  prepareDragOut: op<{ ready: true }>()(z.object({ shadowId, paths: z.array(fullPath).min(1).max(1000) })),
  /** The smallest shadow storage maximum Windows accepts (IVssSnapshotMgmt2::GetMinDiffAreaSize). */
  storageMinimum: op<{ minBytes: number }>()(z.object({})),
  /** Read-only: OS build, elevation, COM start-up, each DLL's path and each VSS listing, pass/fail with the HRESULT. */
  selftest: op<{ report: SelftestReport; markdown: string }>()(z.object({})),
  /**
   * Opens a disk image, a split or E01 set, a block device or a Windows partition read-only, and makes
   * it what every other operation works on (its volumes, its shadow copies, its files as "now") until
   * closeImage. Never writes to it.
   */
  openImage: op<ImageSummary>()(z.object({ path: fullPath })),
  /** Back to this computer's own volumes and shadow copies. */
  closeImage: op<{ closed: true }>()(z.object({})),
  /** The disk image every operation works on now, or null for this computer. */
  currentImage: op<{ image: ImageSummary | null }>()(z.object({})),
  /** The app's Open dialog for a disk image file (the window only; elsewhere the path is typed). */
  chooseImageFile: op<{ path: string | null }>()(z.object({ title: z.string().max(200).optional() })),
  /** Every schedule with its next and last run, the copies it made, and what is wrong with it. */
  listSchedules: op<ScheduleList>()(z.object({})),
  /**
   * Registers a schedule (a Task Scheduler task in `\\ShadowDesk\\` on Windows; the simulated clock on
   * the simulated machine), with the storage and copy-cap warnings for what it will keep.
   */
  addSchedule: op<{ schedule: ScheduleStatus; warnings: ScheduleWarning[] }>()(scheduleDefinition),
  /** What a definition would run into (copy cap, shadow storage, unsupported volumes), before it is added. */
  checkSchedule: op<{ warnings: ScheduleWarning[]; nextRunAt: string | null }>()(scheduleDefinition),
  /** Changes a schedule: pause, resume, its times or its retention (a stricter one deletes at the next run). */
  updateSchedule: op<{ schedule: ScheduleStatus }>()(
    z.object({ name: scheduleName, paused: z.boolean().optional(), trigger: scheduleTrigger.optional(), retention: retentionPolicy.optional(), volumes: z.array(volumeName).min(1).max(26).optional() }),
  ),
  /** Removes a schedule; the copies it made stay (they are the user's now). */
  removeSchedule: op<{ removed: true; keptCopies: number }>()(z.object({ name: scheduleName })),
  /** Runs a schedule now: a copy of its volumes, then thinning of its own copies. */
  runSchedule: op<ScheduleRun>()(
    // 'schedule' is the Task Scheduler task running it (`shadowdesk --schedule NAME`); 'now' a person.
    z.object({ name: scheduleName, cause: z.enum(['now', 'schedule', 'logon', 'idle']).optional() }),
    { destructive: true },
  ),
  /**
   * Which of a schedule's copies a retention policy would keep and delete if the schedule ran now
   * (after the copy that run makes, so today's newest is not spared as the newest), naming them.
   */
  previewRetention: op<ThinPlan>()(z.object({ name: scheduleName, retention: retentionPolicy })),
  /**
   * The simulated machine only: moves its clock forward to `until`, running every schedule due on the
   * way at its due time (and a log-on or idle period first when asked).
   */
  scheduleTick: op<TickResult, TickProgress>()(
    z.object({ until: z.iso.datetime({ offset: true }), logon: z.boolean().optional(), idle: z.boolean().optional() }),
    { destructive: true },
  ),
  /** The computers the helpdesk added (this computer is never listed: it is always first). */
  listComputers: op<ComputerList>()(z.object({})),
  /** Adds a computer to the list (or renames it); it need not be reachable now. */
  addComputer: op<ComputerEntry>()(z.object({ target: computerTarget, label: z.string().trim().min(1).max(100).optional() })),
  /** Removes a computer from the list; nothing on it changes, and its connection closes. */
  removeComputer: op<{ removed: boolean }>()(z.object({ target: computerTarget })),
  /** Connects now (keeping the connection for the calls that follow) and says who answers, or why nobody does. */
  checkComputer: op<ComputerCheck>()(z.object({ target: computerTarget })),
  /**
   * The doctor on every target, `concurrency` at a time, each within its own timeout; every row is a
   * progress event as soon as its computer has answered. Never more connections at once than asked.
   */
  fleetDoctor: op<FleetReport, FleetProgress>()(
    z.object({
      targets: z.array(computerTarget).min(1).max(1000),
      concurrency: z.number().int().min(1).max(32).optional(),
      timeoutSeconds: z.number().int().min(1).max(600).optional(),
    }),
  ),
  /** A folder's entries in one tree of the computer called (what "Restore to… this computer" reads through). */
  treeList: op<TreeListResult>()(z.object({ tree: treeRef, segments: treeSegments })),
  /** One entry of a tree, a link described, never followed. */
  treeStat: op<TreeStatResult>()(z.object({ tree: treeRef, segments: treeSegments })),
  /** Bytes of one file of a tree, by position (at most 4 MiB a call), base64. */
  treeRead: op<TreeReadResult>()(
    z.object({ tree: treeRef, segments: treeSegments.min(1), offset: z.number().int().min(0), length: z.number().int().min(1).max(4 * 1024 * 1024) }),
  ),
  /** "Restore to… this computer": what bringing files from a copy on `from` into a folder here would do. */
  planRestoreHere: op<RestorePlan>()(restoreTarget.extend({ from: computerTarget, to: fullPath })),
  /**
   * Brings files from a copy on `from` into a folder of this computer: streamed over the connection,
   * written atomically, verified against what was read, undoable like any restore.
   */
  restoreHere: op<RestoreResult, RestoreProgress>()(
    restoreTarget.extend({ from: computerTarget, to: fullPath, onConflict: conflictChoice, perItem: z.record(z.string(), conflictChoice).optional() }),
    { destructive: true },
  ),
} as const satisfies Record<string, OperationDef<z.ZodType, unknown, unknown>>;

/** Names of the operations. */
export type OperationName = keyof typeof OPERATIONS;

/** What an operation takes (before zod defaults are applied). */
export type InputOf<N extends OperationName> = z.input<(typeof OPERATIONS)[N]['input']>;

/** What an operation returns. */
export type ResultOf<N extends OperationName> = NonNullable<(typeof OPERATIONS)[N]['_result']>;

/** What an operation reports while it runs. */
export type ProgressOf<N extends OperationName> = NonNullable<(typeof OPERATIONS)[N]['_progress']>;

/** The operation names, in table order: what the preload and the server expose. */
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];
