import type { InputOf, ResultOf } from '../../../native/contract/operations';

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
