import type { ComPtr, ComScope } from './com.js';
import { HR, VssError, check, succeeded } from './hresult.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import type { BoundInterface, MethodOf } from './signatures.js';

/** How long to wait for one VSS async operation; VSS itself can take minutes with busy writers. */
export interface WaitOptions {
  timeoutMs?: number;
}

/** The IVssBackupComponents methods that return an IVssAsync. */
export type AsyncOperation = 'GatherWriterMetadata' | 'GatherWriterStatus' | 'PrepareForBackup' | 'DoSnapshotSet' | 'BackupComplete';

/**
 * How long ShadowDesk waits for each operation before it cancels it. Every wait is bounded: a writer
 * or provider that hangs must not leave the window (or a script) waiting forever with a snapshot set
 * in progress, which blocks every other shadow copy on the machine. Writers get 60 s for their freeze
 * and real sets usually finish in seconds, so these are generous upper bounds, not expectations.
 */
export const DEFAULT_WAIT_MS: Readonly<Record<AsyncOperation, number>> = {
  GatherWriterMetadata: 3 * 60_000,
  GatherWriterStatus: 60_000,
  PrepareForBackup: 3 * 60_000,
  DoSnapshotSet: 10 * 60_000,
  BackupComplete: 3 * 60_000,
};

function duration(ms: number, lang: Lang): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const n = ms / 60_000;
    return lang === 'it' ? `${n} ${n === 1 ? 'minuto' : 'minuti'}` : `${n} ${n === 1 ? 'minute' : 'minutes'}`;
  }
  if (ms >= 1000) {
    const n = Math.round(ms / 100) / 10;
    return lang === 'it' ? `${String(n).replace('.', ',')} secondi` : `${n} seconds`;
  }
  return `${ms} ms`;
}

/**
 * A VSS operation that did not finish within its bound: ShadowDesk cancelled it (IVssAsync::Cancel)
 * and, when a snapshot set was open, ended the backup (AbortBackup). It keeps the HRESULT the wait
 * saw (VSS_S_ASYNC_PENDING) for the ticket, but says in plain words what happened and what was done.
 */
export class VssTimeoutError extends VssError {
  readonly timeoutMs: number;
  /** True once AbortBackup ended the snapshot set it belonged to (see {@link markAborted}). */
  aborted = false;

  constructor(operation: string, timeoutMs: number) {
    super(HR.VSS_S_ASYNC_PENDING, operation, `No result after ${timeoutMs} ms; ShadowDesk cancelled it.`);
    this.name = 'VssTimeoutError';
    this.timeoutMs = timeoutMs;
    this.message = this.sentence('en');
  }

  /** Called by whoever ended the snapshot set afterwards, so the sentence can say so. */
  markAborted(): void {
    this.aborted = true;
    this.message = this.sentence('en');
  }

  /** What happened, in plain words, in `lang`. */
  sentence(lang: Lang): string {
    const d = duration(this.timeoutMs, lang);
    if (lang === 'it') {
      return `Windows non ha terminato ${this.operation} entro ${d}, quindi ShadowDesk l'ha annullata${this.aborted ? ' e ha chiuso la sessione di copia shadow senza lasciare nulla a metà' : ''}.`;
    }
    return `Windows did not finish ${this.operation} within ${d}, so ShadowDesk cancelled it${this.aborted ? ' and closed the shadow copy session, leaving nothing half-done' : ''}.`;
  }

  override toData(lang: Lang = 'en'): ErrorData {
    return {
      ...super.toData(lang),
      code: 'VSS_TIMEOUT',
      message: this.sentence(lang),
      next:
        lang === 'it'
          ? 'Un writer o il provider potrebbe essere bloccato: riprovare più tardi; se succede ancora, controllare il Visualizzatore eventi (Registri di Windows → Applicazione, origine VSS).'
          : 'A writer or the provider may be stuck: try again later; if it keeps happening, check Event Viewer (Windows Logs → Application, source VSS).',
    };
  }
}

/**
 * Starts an IVssAsync-returning method, waits for it within a bound, and returns only when the
 * *operation* succeeded. Microsoft Learn's IVssAsync::Wait page: "If an operation fails while being
 * waited on, Wait returns the error that operation encountered", yet "This method can succeed even if
 * the method that returns it failed"; the operation's own result is QueryStatus's pHrResult (where
 * DoSnapshotSet's VSS_E_INSUFFICIENT_STORAGE, VSS_E_PROVIDER_VETO and VSS_E_UNEXPECTED_PROVIDER_ERROR
 * only ever appear, per its page). So both are checked, as vshadow's WaitAndCheckForAsyncOperation does,
 * and every failure is labelled with the operation itself. A wait that runs out cancels the operation
 * and throws {@link VssTimeoutError}. The IVssAsync is released on every path.
 */
export function runAsync<I extends BoundInterface>(scope: ComScope, owner: ComPtr<I>, method: MethodOf<I>, operation: AsyncOperation, options: WaitOptions = {}): void {
  const out: [unknown] = [null];
  owner.call(method, operation, out);
  const op = scope.adopt('IVssAsync', out[0] as bigint);
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS[operation];
    const waited = op.invoke('Wait', timeoutMs) | 0;
    const status: [number] = [0];
    const queried = op.invoke('QueryStatus', status, null) | 0;
    const hr = succeeded(queried) ? status[0] | 0 : HR.VSS_S_ASYNC_PENDING;
    if (!succeeded(waited)) {
      // The operation's own failure, reported by Wait; stop it in case it is somehow still running.
      if (hr === HR.VSS_S_ASYNC_PENDING) op.invoke('Cancel');
      throw new VssError(waited, operation);
    }
    if (!succeeded(queried)) throw new VssError(queried, operation, 'Windows could not say how the operation ended.');
    if (hr === HR.VSS_S_ASYNC_PENDING) {
      const cancel = op.invoke('Cancel') | 0;
      // Cancel: S_OK when it stopped the operation, VSS_S_ASYNC_FINISHED when it had just finished.
      // The latter is no timeout at all: the operation's own result decides.
      if (cancel === HR.VSS_S_ASYNC_FINISHED) {
        const after: [number] = [0];
        check(op.invoke('QueryStatus', after, null), operation);
        check(after[0] | 0, operation);
        return;
      }
      throw new VssTimeoutError(operation, timeoutMs);
    }
    if (hr === HR.VSS_S_ASYNC_CANCELLED) throw new VssError(HR.VSS_S_ASYNC_CANCELLED, operation);
    check(hr, operation);
  } finally {
    scope.releaseNow(op);
  }
}
