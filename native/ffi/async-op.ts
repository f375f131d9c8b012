import type { ComPtr, ComScope } from './com.js';
import { HR, VssError, check } from './hresult.js';
import { INFINITE } from './constants.js';
import type { BoundInterface, MethodOf } from './signatures.js';

/** How long to wait for one VSS async operation; VSS itself can take minutes with busy writers. */
export interface WaitOptions {
  timeoutMs?: number;
}

/**
 * Starts an IVssAsync-returning method, waits for it, and returns only when the *operation* (not the
 * wait) succeeded: the result is QueryStatus's, per the SDK. A timed-out wait cancels the operation.
 * The IVssAsync is released on every path.
 */
export function runAsync<I extends BoundInterface>(scope: ComScope, owner: ComPtr<I>, method: MethodOf<I>, operation: string, options: WaitOptions = {}): void {
  const out: [unknown] = [null];
  owner.call(method, operation, out);
  const op = scope.adopt('IVssAsync', out[0] as bigint);
  try {
    check(op.invoke('Wait', options.timeoutMs ?? INFINITE), `${operation} (wait)`);
    const status: [number] = [0];
    check(op.invoke('QueryStatus', status, null), `${operation} (status)`);
    const hr = status[0] | 0;
    if (hr === HR.VSS_S_ASYNC_PENDING) {
      op.invoke('Cancel');
      throw new VssError(HR.VSS_S_ASYNC_PENDING, operation, `Timed out after ${options.timeoutMs} ms; the operation was cancelled.`);
    }
    if (hr === HR.VSS_S_ASYNC_CANCELLED) throw new VssError(HR.VSS_S_ASYNC_CANCELLED, operation);
    check(hr, operation);
  } finally {
    scope.releaseNow(op);
  }
}
