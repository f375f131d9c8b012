import type { CallOptions } from '../contract/api.js';
import type { Lang } from '../contract/errors.js';
import type { OperationName } from '../contract/operations.js';
import { RemoteError } from '../contract/remote-error.js';
import { HostClient } from '../host/host-client.js';
import type { HostSpawner } from '../host/host-process.js';
import { computerSpawner } from './ssh-host.js';

/** How the pool reaches computers and how long it keeps an unused connection. */
export interface ComputerPoolOptions {
  /** Starts the host on a computer (`ssh TARGET shadowdesk host` unless given). */
  spawnerFor?: (target: string) => HostSpawner;
  /** The environment `ssh` runs with (SHADOWDESK_SSH_CONFIG, SHADOWDESK_REMOTE_COMMAND, the agent's socket). */
  env?: NodeJS.ProcessEnv;
  /**
   * How long a connection nobody used is kept open (5 minutes unless given): long enough that moving
   * between views of one computer never waits for ssh again, short enough not to hold sessions open
   * on a user's PC the helpdesk has moved on from.
   */
  idleMs?: number;
  lang?: Lang;
}

interface Connection {
  client: HostClient;
  inFlight: number;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the host there last answered its handshake (set by the first call through it). */
  connectedAt: number | undefined;
}

/**
 * The call's outcome, or a cancellation as soon as the caller aborts: a computer that does not
 * answer (ssh still connecting, a host that hangs) never keeps its caller waiting past a cancel or
 * a timeout. The call itself is cancelled too (HostClient sends the host a cancel).
 */
function untilAborted<T>(call: Promise<T>, options: CallOptions<unknown>): Promise<T> {
  const signal = options.signal;
  if (!signal) return call;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      const lang = options.lang ?? 'en';
      reject(new RemoteError({
        code: 'CANCELLED',
        message: lang === 'it' ? 'Annullato prima che il computer rispondesse.' : 'Cancelled before the computer answered.',
      }));
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    call.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** One call of a {@link ComputerPool.session}, with the session's language and signal. */
export type SessionCall = (op: OperationName, input: unknown) => Promise<unknown>;

/** Connections to other computers, one per target, shared by every call to it. */
export interface ComputerPool {
  /** Calls an operation on a computer, connecting first when there is no connection (or it dropped). */
  call(target: string, op: OperationName, input: unknown, options?: CallOptions<unknown>): Promise<unknown>;
  /**
   * Several calls, one after another, on one connection of their own, closed after `work`: the fleet
   * doctor's, which must neither hold the shared connections nor open one per question. Aborting
   * `options.signal` fails the call running and ends the connection.
   */
  session<T>(target: string, work: (call: SessionCall) => Promise<T>, options?: CallOptions<unknown>): Promise<T>;
  /** Whether a connection to the target is open now. */
  isOpen(target: string): boolean;
  /** Closes the target's connection (what runs on it is cancelled between steps, as on any host close). */
  close(target: string): Promise<void>;
  /** Closes every connection. */
  closeAll(): Promise<void>;
}

/**
 * Keeps one `ssh` connection to each computer in use, reused by every call while it is chosen and
 * closed after `idleMs` with nothing running. A dropped connection fails its calls in flight with
 * one sentence (CONNECTION_LOST, from ssh-host.ts) and the next call connects again: HostClient
 * starts a new host after its host ended, and on the other computer that host first recovers any
 * restore the drop interrupted, as a local host does after a crash.
 */
export function createComputerPool(options: ComputerPoolOptions = {}): ComputerPool {
  const env = options.env ?? process.env;
  const spawnerFor = options.spawnerFor ?? ((target: string) => computerSpawner(target, env));
  const idleMs = options.idleMs ?? 5 * 60_000;
  const connections = new Map<string, Connection>();

  const lang = options.lang ?? 'en';
  const newClient = (target: string, closeGraceMs?: number): HostClient =>
    new HostClient({ spawn: spawnerFor(target), env, lang, entryPoint: 'host', ...(closeGraceMs !== undefined ? { closeGraceMs } : {}) });

  const armIdle = (target: string, c: Connection): void => {
    clearTimeout(c.idleTimer);
    c.idleTimer = undefined;
    if (c.inFlight > 0) return;
    c.idleTimer = setTimeout(() => {
      if (connections.get(target) === c && c.inFlight === 0) {
        connections.delete(target);
        void c.client.close();
      }
    }, idleMs);
    // An idle connection never keeps a CLI or test process alive by itself.
    c.idleTimer.unref?.();
  };

  const strip = (o: CallOptions<unknown>): CallOptions<unknown> => {
    // The other computer's host runs the call itself: it is never asked to go on to a third.
    const { computer: _computer, ...rest } = o;
    return rest;
  };

  return {
    async call(target, op, input, callOptions = {}) {
      let c = connections.get(target);
      if (!c) {
        c = { client: newClient(target), inFlight: 0, idleTimer: undefined, connectedAt: undefined };
        connections.set(target, c);
      }
      const conn = c;
      conn.inFlight++;
      clearTimeout(conn.idleTimer);
      try {
        const value = await untilAborted(conn.client.call(op, input, strip(callOptions)), callOptions);
        conn.connectedAt ??= Date.now();
        return value;
      } finally {
        conn.inFlight--;
        if (connections.get(target) === conn) armIdle(target, conn);
      }
    },
    async session(target, work, callOptions = {}) {
      const client = newClient(target, 500);
      const options = strip(callOptions);
      try {
        return await work((op, input) => untilAborted(client.call(op, input, options), callOptions));
      } finally {
        // Not awaited: a fleet of 200 must not wait on each session's goodbye (it is ended within 500 ms).
        void client.close();
      }
    },
    isOpen: (target) => connections.has(target),
    async close(target) {
      const c = connections.get(target);
      if (!c) return;
      connections.delete(target);
      clearTimeout(c.idleTimer);
      await c.client.close();
    },
    async closeAll() {
      const all = [...connections.values()];
      connections.clear();
      for (const c of all) clearTimeout(c.idleTimer);
      await Promise.all(all.map((c) => c.client.close()));
    },
  };
}
