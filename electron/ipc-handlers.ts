import type { Transport } from '../native/contract/api.js';
import type { Lang } from '../native/contract/errors.js';
import { OPERATIONS, OPERATION_NAMES, computerTarget, type OperationName } from '../native/contract/operations.js';
import { runsHere } from '../native/contract/operation-names.js';
import { isAppUrl } from './app-origin.js';
import { CANCEL_CHANNEL, PROGRESS_CHANNEL, operationChannel, type IpcCallOutcome, type IpcCallRequest } from './ipc-channels.js';
import { badRequest, forbiddenSender, invalidInput, onlyThisComputer, toErrorData } from './ipc-errors.js';
import type { DragItem, LocalOperation } from './shell-operations.js';

/** The frame a message came from, as far as the checks need it (Electron's WebFrameMain). */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The page a message came from (Electron's WebContents). */
export interface SenderLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
  /** Starts dragging files out of the page (dragOut). */
  startDrag(item: DragItem): void;
}

/** An IPC event (Electron's IpcMainInvokeEvent / IpcMainEvent). */
export interface IpcEventLike {
  readonly sender: SenderLike;
  readonly senderFrame: SenderFrameLike | null;
}

/** The part of Electron's ipcMain the app uses. This module is the only caller of ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
}

/**
 * Why a message is not from our own page, or undefined when it is: it must come from the main
 * frame (not an iframe), of a page on the app's origin, in a window the app created itself.
 */
export function untrustedReason(event: IpcEventLike, isOwnWindow: (sender: SenderLike) => boolean): string | undefined {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'not the main frame';
  if (!isAppUrl(frame.url)) return `not the app's origin: ${frame.url.slice(0, 200)}`;
  if (!isOwnWindow(event.sender)) return 'not a window of the app';
  return undefined;
}

function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'it';
}

function isCallId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** What `registerContractHandlers` needs. */
export interface ContractIpcOptions {
  /** Where validated calls go: the VSS host. */
  transport: Transport;
  /** True for the webContents of a window the app created. */
  isOwnWindow: (sender: SenderLike) => boolean;
  /** Language of refusals when a request names none (the system's). */
  defaultLang: () => Lang;
  /** One line per refused message. */
  log?: (line: string) => void;
  /** Contract operations the main process answers itself (the window's own), instead of the transport. */
  local?: Partial<Record<OperationName, LocalOperation>>;
  /** Told of each call that succeeded (the app quits after a successful restartElevated). */
  onSuccess?: (name: OperationName, value: unknown) => void;
}

/**
 * Registers one invoke handler per contract operation (generated from OPERATION_NAMES, nothing
 * else) and the cancel listener. Each call is checked for its sender, validated against the
 * contract's zod schema (only the parsed input travels on), run on the transport with progress sent
 * back to the page and cancellation honoured, and answered with its result or its error as data.
 * Calls of a page that goes away are cancelled.
 */
export function registerContractHandlers(ipcMain: IpcMainLike, options: ContractIpcOptions): void {
  const inFlight = new Map<string, AbortController>();
  const watched = new Set<number>();
  const keyOf = (sender: SenderLike, callId: number): string => `${sender.id}:${callId}`;

  const watch = (sender: SenderLike): void => {
    if (watched.has(sender.id)) return;
    watched.add(sender.id);
    sender.once('destroyed', () => {
      watched.delete(sender.id);
      for (const [key, controller] of inFlight) {
        if (key.startsWith(`${sender.id}:`)) controller.abort();
      }
    });
  };

  const handle = async (name: OperationName, event: IpcEventLike, raw: unknown): Promise<IpcCallOutcome> => {
    const request = (raw && typeof raw === 'object' ? raw : {}) as Partial<IpcCallRequest>;
    const lang = isLang(request.lang) ? request.lang : options.defaultLang();
    const refused = untrustedReason(event, options.isOwnWindow);
    if (refused) {
      options.log?.(`refused ${name}: ${refused}`);
      return { ok: false, error: forbiddenSender(lang, refused) };
    }
    if (!isCallId(request.callId)) return { ok: false, error: badRequest(lang, 'callId must be a positive integer') };
    const parsed = OPERATIONS[name].input.safeParse(request.input ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(name, parsed.error, lang) };
    let computer: string | undefined;
    if (request.computer !== undefined && !runsHere(name)) {
      const target = computerTarget.safeParse(request.computer);
      if (!target.success) return { ok: false, error: badRequest(lang, 'computer must be an SSH target') };
      computer = target.data;
    }
    const local = options.local?.[name];
    // The window's own operations act on this computer's files and windows: with another computer
    // chosen they would reach the wrong one (Explorer here for a path there), so they refuse.
    if (local && computer !== undefined) return { ok: false, error: onlyThisComputer(lang, computer) };
    const key = keyOf(event.sender, request.callId);
    if (inFlight.has(key)) return { ok: false, error: badRequest(lang, `call ${request.callId} is already running`) };
    const controller = new AbortController();
    inFlight.set(key, controller);
    watch(event.sender);
    const callId = request.callId;
    try {
      const value = local ? await local(parsed.data, { lang, sender: event.sender }) : await options.transport.call(name, parsed.data, {
        lang,
        signal: controller.signal,
        ...(computer !== undefined ? { computer } : {}),
        onProgress: (progress) => {
          if (inFlight.get(key) === controller && !event.sender.isDestroyed()) event.sender.send(PROGRESS_CHANNEL, callId, progress);
        },
      });
      options.onSuccess?.(name, value);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toErrorData(err, lang) };
    } finally {
      if (inFlight.get(key) === controller) inFlight.delete(key);
    }
  };

  for (const name of OPERATION_NAMES) {
    ipcMain.handle(operationChannel(name), (event, raw) => handle(name, event, raw));
  }

  ipcMain.on(CANCEL_CHANNEL, (event, callId) => {
    const refused = untrustedReason(event, options.isOwnWindow);
    if (refused) {
      options.log?.(`refused cancel: ${refused}`);
      return;
    }
    if (isCallId(callId)) inFlight.get(keyOf(event.sender, callId))?.abort();
  });
}
