import type { InputOf, ProgressOf, ResultOf } from '../../../native/contract/operations';

/*
 * The data shapes the window uses, derived from the contract's operations (the only part of
 * native/ the renderer may name), so they cannot drift from what the API actually returns.
 */

/** A volume with its shadow-copy support (listVolumes). */
export type Volume = ResultOf<'listVolumes'>[number];
/** One shadow copy, every property decoded (listShadows). */
export type ShadowCopy = ResultOf<'listShadows'>[number];
/** A registered VSS provider (listProviders). */
export type Provider = ResultOf<'listProviders'>[number];
/** A shadow storage association (listStorage). */
export type StorageArea = ResultOf<'listStorage'>[number];
/** A writer's status (listWriters). */
export type Writer = ResultOf<'listWriters'>[number];
/** A writer's identity, usage and components (writerDetails). */
export type WriterDetail = ResultOf<'writerDetails'>[number];
/** The health check: report and its Markdown (doctor). */
export type DoctorResult = ResultOf<'doctor'>;
/** The health check's findings, volumes and troubled writers. */
export type DoctorReport = DoctorResult['report'];
/** One problem the health check found. */
export type Finding = DoctorReport['findings'][number];
/** How urgent a finding is. */
export type Severity = Finding['severity'];
/** What deleteShadows deletes: one copy, a set, the oldest or all of a volume. */
export type DeleteTarget = InputOf<'deleteShadows'>;
/** A new shadow storage maximum: bytes, percent of the storage volume, or unbounded. */
export type StorageMax = InputOf<'resizeStorage'>['max'];
/** One page of a folder in a shadow copy, each entry marked against now (browse). */
export type BrowsePage = ResultOf<'browse'>;
/** One row of a folder listing. */
export type BrowseEntry = BrowsePage['entries'][number];
/** How an entry compares with the live volume now. */
export type EntryStatus = BrowseEntry['status'];
/** Every distinct version of one path, newest first (versions). */
export type VersionList = ResultOf<'versions'>;
/** One distinct version. */
export type Version = VersionList['versions'][number];
/** A search across the shadow copies: every path found, grouped, with its copies (search). */
export type SearchResult = ResultOf<'search'>;
/** One path a search found, with every copy that holds it. */
export type SearchHit = SearchResult['hits'][number];
/** One shadow copy holding a search hit: when the copy was made, the size and time of the file in it. */
export type SearchHitCopy = SearchHit['copies'][number];
/** Progress of a running search: copies done, entries looked at, paths first found since the last report. */
export type SearchProgress = ProgressOf<'search'>;
/** A comparison of a version with now (compare). */
export type Comparison = ResultOf<'compare'>;
/** What a restore would write (planRestore). */
export type RestorePlan = ResultOf<'planRestore'>;
/** One file of a restore plan. */
export type PlanItem = RestorePlan['items'][number];
/** What to restore: a copy, full paths, and optionally another destination folder. */
export type RestoreTarget = InputOf<'planRestore'>;
/** What to do when the destination already has a file of that name. */
export type ConflictChoice = InputOf<'runRestore'>['onConflict'];
/** Progress of a running restore. */
export type RestoreProgress = ProgressOf<'runRestore'>;
/** The outcome of a restore (runRestore). */
export type RestoreResult = ResultOf<'runRestore'>;
/** What an undo did (undoRestore). */
export type UndoResult = ResultOf<'undoRestore'>;
/** This copy of ShadowDesk: version, backend, and where it keeps its data (about). */
export type AboutInfo = ResultOf<'about'>;
/** One restore of the history, with what it wrote (listRestores). */
export type RestoreRecord = ResultOf<'listRestores'>[number];
/** One line of the audit log: what changed the machine, when, and how it ended (audit). */
export type AuditEntry = ResultOf<'audit'>[number];
/** What a file or folder looks like in a copy or now: text, an image, or facts (preview). */
export type Preview = ResultOf<'preview'>;
/** Where a preview reads from: a shadow copy, or the volume as it is now. */
export type PreviewSource = InputOf<'preview'>['source'];
/** Whether the host runs with the rights VSS needs, and whether it can ask for them (elevation). */
export type ElevationInfo = ResultOf<'elevation'>;
/** A disk image opened read-only: its format, size, partitions and the shadow copies inside (openImage). */
export type ImageSummary = ResultOf<'openImage'>;
/** One partition of an opened image (or the whole image when it has no partition table). */
export type ImageVolume = ImageSummary['volumes'][number];
/** One shadow copy store inside an image's NTFS volume, with why it cannot be read when it cannot. */
export type ImageStore = ImageVolume['stores'][number];
/** A problem in both languages, as the image backend reports it (a partition, a store). */
export type ImageProblem = NonNullable<ImageVolume['problem']>;
/** Every schedule with the machine's clock, and whether schedules can be registered here (listSchedules). */
export type ScheduleList = ResultOf<'listSchedules'>;
/** One schedule with its next and last run, the copies it made and what is wrong with it. */
export type ScheduleStatus = ScheduleList['schedules'][number];
/** One run of a schedule: what it made and what its thinning removed (runSchedule). */
export type ScheduleRun = ResultOf<'runSchedule'>;
/** A warning about a schedule's future (copy cap, shadow storage), in the caller's language. */
export type ScheduleWarning = ScheduleStatus['warnings'][number];
/** When a schedule makes a copy: weekly, daily, hourly, at log-on or when idle. */
export type ScheduleTrigger = ScheduleStatus['trigger'];
/** A day of the week as Task Scheduler names it ('mon' … 'sun'). */
export type Weekday = Extract<ScheduleTrigger, { kind: 'weekly' }>['days'][number];
/** What thinning keeps: hours, days, weeks, months, and a floor of free space in percent. */
export type RetentionPolicy = ScheduleStatus['retention'];
/** A schedule as the user defines it, before it is added (addSchedule, checkSchedule). */
export type ScheduleDefinition = InputOf<'addSchedule'>;
/** What checkSchedule says about a definition: its warnings and its next run. */
export type ScheduleCheck = ResultOf<'checkSchedule'>;
/** A change to a schedule: pause, resume, trigger, retention or volumes (updateSchedule). */
export type ScheduleUpdate = InputOf<'updateSchedule'>;
/** Which of a schedule's copies a retention policy would keep and delete now (previewRetention). */
export type ThinPlan = ResultOf<'previewRetention'>;
/** One copy of a retention preview, with why it stays (empty for one that goes). */
export type RetainedCopy = ThinPlan['keep'][number];
/** A computer of the helpdesk's list, with its last check (listComputers, addComputer). */
export type ComputerEntry = ResultOf<'addComputer'>;
/** Who answers on a computer, or why nobody does, in one sentence (checkComputer). */
export type ComputerCheck = ResultOf<'checkComputer'>;
/** The fleet doctor's whole report, with its CSV and Markdown (fleetDoctor). */
export type FleetReport = ResultOf<'fleetDoctor'>;
/** One computer's row of the fleet health table. */
export type FleetRow = FleetReport['rows'][number];
/** A fleet row as it streams in, with how many computers have answered. */
export type FleetProgress = ProgressOf<'fleetDoctor'>;
