import type { IpcCallOutcome } from '../ipc-channels.js';

/**
 * One contract operation as the isolated world offers it to the page's world. Only plain values
 * and functions cross the context bridge, so the page's AbortSignal becomes `subscribeAbort` (the
 * page calls back when it aborts) and the page's onProgress a function the preload calls.
 */
export type IsolatedCall = (
  input: unknown,
  lang: string | undefined,
  onProgress: ((event: unknown) => void) | undefined,
  subscribeAbort: ((cancel: () => void) => void) | undefined,
  computer: string | undefined,
) => Promise<IpcCallOutcome>;

/**
 * Defines `window.shadowdesk` in the page's own world: one method per contract name, with the same
 * shape as the served page's API (`method(input, { onProgress, signal, lang })`, rejecting with an
 * Error named RemoteError whose `.data` is the ErrorData). It runs through
 * `contextBridge.executeInMainWorld`, which serializes it: it must use nothing but its arguments
 * and the page's globals (a unit test runs it from its source text in a separate context to prove it).
 */
export function installApiInMainWorld(names: readonly string[], calls: Readonly<Record<string, IsolatedCall>>): void {
  'use strict';
  const remoteError = (data: { message?: unknown } | undefined): Error => {
    const err = new Error(data && typeof data.message === 'string' ? data.message : 'ShadowDesk error') as Error & { data: unknown };
    err.name = 'RemoteError';
    err.data = data;
    return err;
  };
  const api: Record<string, (input?: unknown, options?: { onProgress?: unknown; signal?: AbortSignal; lang?: string; computer?: unknown }) => Promise<unknown>> = {};
  for (const name of names) {
    const call = calls[name];
    if (typeof call !== 'function') throw new Error(`ShadowDesk preload: no call for ${name}`);
    api[name] = (input, options) => {
      const opts = options ?? {};
      const signal = opts.signal;
      const onProgress = typeof opts.onProgress === 'function' ? (opts.onProgress as (event: unknown) => void) : undefined;
      const progress = onProgress
        ? (event: unknown) => {
            try {
              onProgress(event);
            } catch (err) {
              console.error(err);
            }
          }
        : undefined;
      const subscribeAbort = signal
        ? (cancel: () => void) => {
            if (signal.aborted) cancel();
            else signal.addEventListener('abort', () => cancel(), { once: true });
          }
        : undefined;
      const computer = typeof opts.computer === 'string' ? opts.computer : undefined;
      return call(input === undefined ? {} : input, opts.lang, progress, subscribeAbort, computer).then((outcome) => {
        if (outcome && outcome.ok) return outcome.value;
        throw remoteError(outcome && !outcome.ok ? outcome.error : undefined);
      });
    };
  }
  Object.defineProperty(window, 'shadowdesk', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
}
