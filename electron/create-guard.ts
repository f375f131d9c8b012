import type { CallOptions, Transport } from '../native/contract/api.js';
import type { Lang } from '../native/contract/errors.js';
import type { OperationName } from '../native/contract/operations.js';

/**
 * The operations the host must never be stopped in the middle of. Creating shadow copies runs
 * DoSnapshotSet, during which VSS has every writer (SQL Server, Exchange, the registry, …) freeze
 * its data; stopping the requester then leaves the writers waiting for VSS's own timeouts and the
 * set half made (Microsoft Learn, "Overview of Processing a Backup Under VSS"; writer phases take
 * seconds to minutes on real machines). Everything else the host does can be cancelled between steps.
 */
const UNINTERRUPTIBLE: ReadonlySet<OperationName> = new Set<OperationName>(['createShadows']);

/** What the window shows while ShadowDesk waits for a create before it closes. */
export function finishingText(lang: Lang): { title: string; message: string; detail: string } {
  return lang === 'it'
    ? {
        title: 'ShadowDesk — completamento della copia shadow…',
        message: 'Completamento della copia shadow…',
        detail:
          'Windows sta creando la copia shadow richiesta. ShadowDesk si chiude da solo appena è pronta: interromperlo ora lascerebbe le applicazioni in attesa di Windows anche per alcuni minuti.',
      }
    : {
        title: 'ShadowDesk — finishing the shadow copy…',
        message: 'Finishing the shadow copy…',
        detail:
          'Windows is making the shadow copy you asked for. ShadowDesk closes by itself as soon as it is made: stopping it now would leave applications waiting on Windows for up to several minutes.',
      };
}

/** A transport that knows when a create is running, so quitting can wait for it. */
export interface CreateGuard {
  /** The transport the window's calls go through. */
  transport: Transport;
  /** True while a create (DoSnapshotSet) runs in the host. */
  busy(): boolean;
  /** Resolves once no create runs (at once when none does). */
  idle(): Promise<void>;
}

/**
 * Wraps the host transport to count the creates in flight. Quitting the app while one runs waits
 * for it, in a visible "finishing the shadow copy…" state (start-app.ts), rather than killing the
 * host mid-DoSnapshotSet or refusing to close: a Windows user who closes the window expects it to
 * close, and is told why it takes a moment, as Windows' own backup tools do.
 */
export function guardCreates(transport: Transport): CreateGuard {
  let running = 0;
  let waiters: (() => void)[] = [];
  const done = (): void => {
    running--;
    if (running === 0) {
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    }
  };
  return {
    transport: {
      call(op: OperationName, input: unknown, options: CallOptions<unknown> = {}): Promise<unknown> {
        if (!UNINTERRUPTIBLE.has(op)) return transport.call(op, input, options);
        running++;
        const call = transport.call(op, input, options);
        call.then(done, done);
        return call;
      },
    },
    busy: () => running > 0,
    idle: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
