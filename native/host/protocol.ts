import type { ErrorData, Lang } from '../contract/errors.js';

/**
 * The host speaks newline-delimited JSON over a plain byte stream (its stdin/stdout, or a message
 * port), so the very same host can later run on another machine over SSH for helpdesk work.
 */
export type HostRequest =
  | { t: 'call'; id: number; op: string; input: unknown; lang: Lang; computer?: string }
  | { t: 'cancel'; id: number };

/**
 * The protocol's version. A host and a front end of different versions refuse each other in words
 * (a front end that is newer than a host on another computer says which end to update), rather than
 * failing oddly on a message one of them does not know.
 */
export const PROTOCOL_VERSION = 1;

/**
 * What the host sends back. `ready` is sent once, when the host can take calls; it says which
 * protocol and which operations this host has (hosts from before the handshake send neither).
 */
export type HostResponse =
  | {
    t: 'ready'; pid: number; backend: string; recovered: number; backupPrivilege: boolean;
    protocol?: number; version?: string; operations?: string[];
  }
  | { t: 'progress'; id: number; event: unknown }
  | { t: 'result'; id: number; value: unknown }
  | { t: 'error'; id: number; error: ErrorData };

/** Splits a byte stream into complete lines and parses each as one message. */
export class LineDecoder<T> {
  #buffer = '';

  constructor(private readonly onMessage: (message: T) => void) {}

  push(chunk: string): void {
    this.#buffer += chunk;
    let nl: number;
    while ((nl = this.#buffer.indexOf('\n')) >= 0) {
      const line = this.#buffer.slice(0, nl).trim();
      this.#buffer = this.#buffer.slice(nl + 1);
      if (line) this.onMessage(JSON.parse(line) as T);
    }
  }
}

/** One message as one line. */
export function encodeLine(message: HostRequest | HostResponse): string {
  return `${JSON.stringify(message)}\n`;
}
