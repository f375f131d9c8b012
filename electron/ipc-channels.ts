import type { ErrorData, Lang } from '../native/contract/errors.js';

/**
 * The IPC channels between the preload and the main process. One invoke channel per contract
 * operation (`shadowdesk:call:<name>`), so the main process registers exactly the contract and a
 * page cannot name anything else; plus progress (main → page) and cancel (page → main). Shared by
 * both sides, so neither can drift; imports nothing at run time, so the preload bundle stays small.
 */
export const OPERATION_CHANNEL_PREFIX = 'shadowdesk:call:';

/** Progress events of a running call: `(callId, event)`. */
export const PROGRESS_CHANNEL = 'shadowdesk:progress';

/** Cancels a running call of the same page: `(callId)`. */
export const CANCEL_CHANNEL = 'shadowdesk:cancel';

/** The invoke channel of one operation. */
export function operationChannel(name: string): string {
  return `${OPERATION_CHANNEL_PREFIX}${name}`;
}

/** What the preload sends with each call. `callId` is unique per page and ties progress and cancel to it. */
export interface IpcCallRequest {
  callId: number;
  input: unknown;
  lang?: Lang;
  /** The computer the call goes to (an SSH target); absent for this computer. */
  computer?: string;
}

/**
 * What a call answers: errors come back as data, never as a thrown Error, because Electron reduces
 * an Error crossing IPC (and the context bridge) to its message and the ErrorData would be lost.
 */
export type IpcCallOutcome = { ok: true; value: unknown } | { ok: false; error: ErrorData };
