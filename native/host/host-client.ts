import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Lang } from '../contract/errors.js';
import type { CallOptions, Transport } from '../contract/api.js';
import { RemoteError } from '../contract/remote-error.js';
import type { OperationName } from '../contract/operations.js';
import { LineDecoder, PROTOCOL_VERSION, encodeLine, type HostResponse } from './protocol.js';
import { spawnChildHost, type HostProcess, type HostSpawner } from './host-process.js';

interface Pending {
  op: OperationName;
  resolve: (value: unknown) => void;
  reject: (err: RemoteError) => void;
  onProgress: ((event: unknown) => void) | undefined;
}

/**
 * Where the compiled host entry point is. Found from dist/native/host/ by way of its parent folder, so
 * the answer is the same from the CLI's bundle (dist/native/cli/main.js, which carries this module;
 * build/scripts/bundle-node.mjs) as from tsc's dist/native/host/host-client.js.
 */
export function hostEntryPoint(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'host', 'host-main.js');
}

/** How to run the host: language of its own errors, its environment, and how to start it. */
export interface HostClientOptions {
  lang?: Lang;
  env?: NodeJS.ProcessEnv;
  /** Starts the host; a Node child process unless given (the Electron app passes a utility process). */
  spawn?: HostSpawner;
  /** The compiled host entry point; `host-main.js` beside this file unless given. */
  entryPoint?: string;
  /** How long close() lets the host finish by itself before ending it (3 s unless given); never while a create runs. */
  closeGraceMs?: number;
}

/**
 * Calls the host is never killed in the middle of: a create runs DoSnapshotSet, with every writer's
 * data frozen; killing the requester then leaves writers waiting on VSS's timeouts and the set half
 * made. The host finishes it (every VSS wait is bounded) and then reads the end of requests.
 */
const NEVER_KILLED_DURING: ReadonlySet<OperationName> = new Set<OperationName>(['createShadows']);

/**
 * Runs the VSS host as a separate process and calls the contract through it. The UI (or CLI) process
 * never waits on VSS itself. When the host dies, every call in flight fails with HOST_CRASHED, and
 * the next call starts a fresh host (which first recovers any restore the crash interrupted).
 */
export class HostClient implements Transport {
  /**
   * The language of what this end says itself (a crash, a dropped link, a protocol mismatch): the
   * last call's, so a window that switched to Italian hears about a dropped link in Italian.
   */
  #lang: Lang;
  readonly #env: NodeJS.ProcessEnv;
  readonly #spawn: HostSpawner;
  readonly #entryPoint: string;
  #child: HostProcess | undefined;
  #ready: Promise<void> | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #stderr = '';
  /** The operations the running host said it has (undefined: a host from before the handshake). */
  #operations: ReadonlySet<string> | undefined;
  readonly #closeGraceMs: number;

  constructor(options: HostClientOptions = {}) {
    this.#lang = options.lang ?? 'en';
    this.#env = options.env ?? process.env;
    this.#spawn = options.spawn ?? spawnChildHost;
    this.#entryPoint = options.entryPoint ?? hostEntryPoint();
    this.#closeGraceMs = options.closeGraceMs ?? 3000;
  }

  /** The host's process id, once started (tests use it to kill the host). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /**
   * Starts the host now rather than at the first call, so its start-up overlaps the caller's own
   * (the CLI loads its commands meanwhile). A failure to start is reported by the first call.
   */
  start(): void {
    this.#start().catch(() => {});
  }

  #start(): Promise<void> {
    if (this.#ready) return this.#ready;
    const child = this.#spawn(this.#entryPoint, this.#env);
    this.#child = child;
    this.#stderr = '';
    child.onStderr((d: string) => {
      this.#stderr = (this.#stderr + d).slice(-4000);
    });
    let wasReady = false;
    this.#operations = undefined;
    this.#ready = new Promise<void>((resolve, reject) => {
      const decoder = new LineDecoder<HostResponse>((msg) => {
        if (msg.t === 'ready') {
          if (msg.protocol !== undefined && msg.protocol !== PROTOCOL_VERSION) {
            reject(new RemoteError(this.#protocolMismatch(child, msg.protocol, msg.version)));
            child.end();
            return;
          }
          wasReady = true;
          this.#operations = msg.operations ? new Set(msg.operations) : undefined;
          return resolve();
        }
        const p = this.#pending.get(msg.id);
        if (!p) return;
        if (msg.t === 'progress') p.onProgress?.(msg.event);
        else {
          this.#pending.delete(msg.id);
          if (msg.t === 'result') p.resolve(msg.value);
          else p.reject(new RemoteError(msg.error));
        }
      });
      child.onResponses((d: string) => {
        try {
          decoder.push(d);
        } catch {
          // Not the protocol (a remote shell's banner, a program that is not ShadowDesk): the end says why.
          child.kill();
        }
      });
      child.onError((err) => {
        // It never started, so it will never exit: forget it, so close() has nothing to wait for and
        // the next call tries again.
        if (this.#child === child) {
          this.#child = undefined;
          this.#ready = undefined;
        }
        const described = child.describeStartError?.(err, this.#lang);
        reject(described ? new RemoteError(described) : err);
      });
      child.onExit((code, signal) => {
        if (this.#child !== child) return;
        this.#child = undefined;
        this.#ready = undefined;
        const described = child.describeEnd?.({ code, signal, stderr: this.#stderr, wasReady }, this.#lang);
        const crash = new RemoteError(described ?? {
          code: 'HOST_CRASHED',
          message:
            this.#lang === 'it'
              ? 'Il processo che gestisce le copie shadow si è interrotto. Nessuna operazione è stata lasciata a metà: riprovare.'
              : 'The process that handles shadow copies stopped. Nothing was left half-done: try again.',
          detail: `exit ${code ?? signal}${this.#stderr ? `: ${this.#stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
        });
        reject(crash);
        for (const p of this.#pending.values()) p.reject(crash);
        this.#pending.clear();
      });
    });
    return this.#ready;
  }

  /** A host that speaks another protocol version: which end to update, in words. */
  #protocolMismatch(child: HostProcess, theirs: number, version: string | undefined): { code: string; message: string; detail: string } {
    const where = child.where ?? (this.#lang === 'it' ? 'questo computer' : 'this computer');
    const older = theirs < PROTOCOL_VERSION;
    return {
      code: 'PROTOCOL_MISMATCH',
      message: this.#lang === 'it'
        ? `ShadowDesk su ${where}${version ? ` (${version})` : ''} è ${older ? 'più vecchio' : 'più recente'} di questo e non si capiscono: aggiornare ${older ? `quello su ${where}` : 'questo'}.`
        : `ShadowDesk on ${where}${version ? ` (${version})` : ''} is ${older ? 'older' : 'newer'} than this one and they cannot talk: update ${older ? `the one on ${where}` : 'this one'}.`,
      detail: `protocol ${theirs}, this end ${PROTOCOL_VERSION}`,
    };
  }

  async call(op: OperationName, input: unknown, options: CallOptions<unknown> = {}): Promise<unknown> {
    if (options.lang) this.#lang = options.lang;
    await this.#start();
    const child = this.#child!;
    if (this.#operations && !this.#operations.has(op)) {
      const where = child.where ?? (this.#lang === 'it' ? 'questo computer' : 'this computer');
      throw new RemoteError({
        code: 'HOST_TOO_OLD',
        message: this.#lang === 'it'
          ? `ShadowDesk su ${where} è più vecchio di questo e non sa fare "${op}": aggiornarlo lì.`
          : `ShadowDesk on ${where} is older than this one and cannot do "${op}": update it there.`,
      });
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      const onAbort = (): void => child.send(encodeLine({ t: 'cancel', id }));
      // The listener goes with the call: one signal may serve thousands of calls (a restore's reads).
      const settle = <T>(done: (value: T) => void) => (value: T): void => {
        signal?.removeEventListener('abort', onAbort);
        done(value);
      };
      this.#pending.set(id, { op, resolve: settle(resolve), reject: settle(reject), onProgress: options.onProgress });
      signal?.addEventListener('abort', onAbort, { once: true });
      child.send(encodeLine({ t: 'call', id, op, input, lang: options.lang ?? this.#lang, ...(options.computer ? { computer: options.computer } : {}) }));
    });
  }

  /**
   * Ends the host: no more requests; what runs is cancelled between steps and answers, and the
   * host exits by itself. One that has not exited after the grace period is ended, except while a
   * create runs (see NEVER_KILLED_DURING): then it is given the time the create takes.
   */
  async close(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.onExit(() => r()));
    child.end();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A create that ran at the last look has just answered: the host gets a whole grace period from
    // now to exit by itself, rather than being ended the moment its create is done.
    let creating = false;
    const arm = (): void => {
      timer = setTimeout(() => {
        const wasCreating = creating;
        creating = [...this.#pending.values()].some((p) => NEVER_KILLED_DURING.has(p.op));
        if (creating || wasCreating) arm();
        else child.kill();
      }, this.#closeGraceMs);
    };
    arm();
    await exited;
    clearTimeout(timer);
  }
}
