import { CANCEL_CHANNEL, PROGRESS_CHANNEL, operationChannel, type IpcCallOutcome } from '../ipc-channels.js';
import { installApiInMainWorld, type IsolatedCall } from './main-world.js';

/** The part of Electron's contextBridge the preload uses. */
export interface ContextBridgeLike {
  executeInMainWorld(script: { func: (...args: never[]) => unknown; args?: unknown[] }): unknown;
}

/** The part of Electron's ipcRenderer the preload uses. This module is its only caller. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function ipcFailed(lang: string | undefined, err: unknown): IpcCallOutcome {
  return {
    ok: false,
    error: {
      code: 'IPC_FAILED',
      message: lang === 'it' ? 'La finestra non è riuscita a comunicare con ShadowDesk. Riavviare ShadowDesk.' : 'The window could not reach ShadowDesk. Restart ShadowDesk.',
      detail: err instanceof Error ? err.message : String(err),
    },
  };
}

/**
 * Exposes exactly `names` (the contract's operation names, fixed at build time) as
 * `window.shadowdesk` in the page's world. Each method invokes its own channel; nothing generic
 * (no channel name, no send, no ipcRenderer) ever reaches the page. Progress events are routed to
 * the call that asked for them; an abort sends a cancel for that call only.
 */
export function exposeContract(bridge: ContextBridgeLike, ipc: IpcRendererLike, names: readonly string[]): void {
  const progress = new Map<number, (event: unknown) => void>();
  let nextId = 1;
  ipc.on(PROGRESS_CHANNEL, (_event, callId, event) => {
    if (typeof callId === 'number') progress.get(callId)?.(event);
  });
  const calls: Record<string, IsolatedCall> = {};
  for (const name of names) {
    const channel = operationChannel(name);
    calls[name] = async (input, lang, onProgress, subscribeAbort, computer) => {
      const callId = nextId++;
      if (onProgress) progress.set(callId, onProgress);
      try {
        const pending = ipc.invoke(channel, { callId, input, lang, ...(computer !== undefined ? { computer } : {}) });
        // After the call is on its way, so a cancel can never overtake it.
        subscribeAbort?.(() => ipc.send(CANCEL_CHANNEL, callId));
        return (await pending) as IpcCallOutcome;
      } catch (err) {
        return ipcFailed(lang, err);
      } finally {
        progress.delete(callId);
      }
    };
  }
  bridge.executeInMainWorld({ func: installApiInMainWorld, args: [[...names], calls] });
}
