import type { OperationName } from './operations.js';

/**
 * The operations' names without the operations: what `createApi` needs to build the typed API, so
 * a front end that only calls the host (the CLI) never loads zod and the schemas; the host, which
 * validates, does. The compiler keeps it true: a name that is not an operation does not compile, and
 * an operation added to operations.ts without its name here fails to compile below, naming it.
 */
export const OPERATION_NAME_LIST = [
  'listVolumes', 'listShadows', 'listShadowSets', 'listWriters', 'writerDetails', 'listProviders', 'listStorage',
  'createShadows', 'deleteShadows', 'resizeStorage', 'addStorage',
  'browse', 'versions', 'compare', 'preview', 'search', 'planRestore', 'runRestore', 'undoRestore', 'listRestores',
  'doctor', 'about', 'audit', 'elevation', 'restartElevated',
  'chooseFolder', 'showInFolder', 'exportVersion', 'openVersion', 'dragOut', 'prepareDragOut', 'storageMinimum', 'selftest',
  'openImage', 'closeImage', 'currentImage', 'chooseImageFile',
  'listSchedules', 'addSchedule', 'checkSchedule', 'updateSchedule', 'removeSchedule', 'runSchedule', 'previewRetention', 'scheduleTick',
  'listComputers', 'addComputer', 'removeComputer', 'checkComputer', 'fleetDoctor',
  'treeList', 'treeStat', 'treeRead', 'planRestoreHere', 'restoreHere',
] as const satisfies readonly OperationName[];

/**
 * Operations answered by the computer the window or command runs on, whichever computer is chosen:
 * its dialogs (a folder or image of this computer), the computers list and the fleet, and bringing
 * files here. Every other operation goes to the chosen computer; the window's operations on a copy's
 * files (Explorer, open, drag) are refused there, as they would act on this computer's paths.
 */
export const HERE_OPERATION_LIST = [
  'chooseFolder', 'chooseImageFile',
  'listComputers', 'addComputer', 'removeComputer', 'checkComputer', 'fleetDoctor', 'planRestoreHere', 'restoreHere',
] as const satisfies readonly OperationName[];

/** True for an operation that always runs here (see HERE_OPERATION_LIST). */
export function runsHere(op: string): boolean {
  return (HERE_OPERATION_LIST as readonly string[]).includes(op);
}

type Unlisted = Exclude<OperationName, (typeof OPERATION_NAME_LIST)[number]>;
/** Fails to compile while an operation is missing from OPERATION_NAME_LIST (the error names it). */
export const EVERY_OPERATION_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
