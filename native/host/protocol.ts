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
  /** The chunks of the line not yet ended: joined once it ends, so a long line costs its length, not its square. */
  #parts: string[] = [];

  constructor(private readonly onMessage: (message: T) => void) {}

  push(chunk: string): void {
    let start = 0;
    let nl: number;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      this.#parts.push(chunk.slice(start, nl));
      const line = this.#parts.join('').trim();
      this.#parts = [];
      start = nl + 1;
      if (line) this.onMessage(JSON.parse(line) as T);
    }
    if (start < chunk.length) this.#parts.push(chunk.slice(start));
  }
}

/** One message as one line. */
export function encodeLine(message: HostRequest | HostResponse): string {
  return `${JSON.stringify(message)}\n`;
}
