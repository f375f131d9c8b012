import type { HostStream } from './host-loop.js';

/**
 * The message that tells a host running as an Electron utility process that no more requests will
 * come (what closing stdin means for a child process). Any other message is request text.
 */
export const END_OF_REQUESTS = { t: 'end' } as const;

/**
 * The host's last message over a port: every response has been posted before it. The parent
 * answers with {@link EXIT_NOW} once it has them all, and only then does the host exit, so no
 * response can be lost between the host's exit and the parent's reading.
 */
export const END_OF_RESPONSES = { t: 'done' } as const;

/** The parent's answer to END_OF_RESPONSES: it has every response; the host may exit. */
export const EXIT_NOW = { t: 'exit' } as const;

/** The port an Electron utility process gets from its parent (`process.parentPort`), as far as we use it. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** Whether a port message is the control message `kind` (anything else that is not a string is ignored). */
export function isControl(message: unknown, kind: { t: string }): boolean {
  return message !== null && typeof message === 'object' && (message as { t?: unknown }).t === kind.t;
}

/** Where the host serves the contract, and how it ends once the stream has ended. */
export interface ProcessHostStream {
  stream: HostStream;
  viaParentPort: boolean;
  /** Resolves when the host may exit: at once for stdio; over a port, once the parent has every response (or after `graceMs`). */
  finish(graceMs?: number): Promise<void>;
}

/**
 * Where this host process reads requests and writes responses: the same NDJSON lines either way
 * (protocol.ts frames them; HostClient's LineDecoder reads them back).
 * - A Node child process (the CLI, `serve`, tests): requests on stdin, responses on stdout.
 * - An Electron utility process (the app): it has no stdin (Electron supports only stdout and
 *   stderr there), and Electron drops a utility process's stdout listeners as soon as it exits
 *   (lib/browser/api/utility-process.ts: `removeAllListeners()` after `exit`), so the last lines
 *   written to stdout can be lost. Both directions therefore go as `process.parentPort` messages,
 *   each message one or more NDJSON lines; stdout stays free for diagnostics.
 * `native/` never imports Electron: the port is found on `process` at run time.
 */
export function processHostStream(proc: NodeJS.Process = process): ProcessHostStream {
  const port = (proc as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  if (port) {
    let exitNow: () => void = () => {};
    const acknowledged = new Promise<void>((resolve) => {
      exitNow = resolve;
    });
    port.on('message', (event) => {
      if (isControl(event.data, EXIT_NOW)) exitNow();
    });
    return {
      viaParentPort: true,
      stream: {
        onData: (listener) =>
          port.on('message', (event) => {
            if (typeof event.data === 'string') listener(event.data);
          }),
        onEnd: (listener) =>
          port.on('message', (event) => {
            if (isControl(event.data, END_OF_REQUESTS)) listener();
          }),
        write: (line) => port.postMessage(line),
      },
      finish: (graceMs = 5000) => {
        port.postMessage(END_OF_RESPONSES);
        return Promise.race([acknowledged, new Promise<void>((r) => setTimeout(r, graceMs).unref())]);
      },
    };
  }
  proc.stdin.setEncoding('utf8');
  return {
    viaParentPort: false,
    stream: {
      onData: (listener) => proc.stdin.on('data', listener),
      onEnd: (listener) => proc.stdin.on('end', listener),
      write: (line) => {
        proc.stdout.write(line);
      },
    },
    finish: () => Promise.resolve(),
  };
}
