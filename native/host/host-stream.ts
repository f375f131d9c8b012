import type { HostStream } from './host-loop.js';

/**
 * The message that tells a host running as an Electron utility process that no more requests will
 * come (what closing stdin means for a child process). Any other message is request text.
 */
export const END_OF_REQUESTS = { t: 'end' } as const;

/** The port an Electron utility process gets from its parent (`process.parentPort`), as far as we use it. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Where this host process reads requests and writes responses. Responses are always NDJSON on
 * stdout. Requests arrive on stdin for a Node child process; an Electron utility process has no
 * stdin (Electron supports only stdout and stderr there), so its parent posts the very same lines
 * as messages instead. `native/` never imports Electron: the port is found on `process` at run time.
 */
export function processHostStream(proc: NodeJS.Process = process): { stream: HostStream; viaParentPort: boolean } {
  const port = (proc as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  const write = (line: string): void => {
    proc.stdout.write(line);
  };
  if (port) {
    return {
      viaParentPort: true,
      stream: {
        onData: (listener) =>
          port.on('message', (event) => {
            if (typeof event.data === 'string') listener(event.data);
          }),
        onEnd: (listener) =>
          port.on('message', (event) => {
            const data = event.data as { t?: unknown } | null;
            if (data && typeof data === 'object' && data.t === END_OF_REQUESTS.t) listener();
          }),
        write,
      },
    };
  }
  proc.stdin.setEncoding('utf8');
  return {
    viaParentPort: false,
    stream: {
      onData: (listener) => proc.stdin.on('data', listener),
      onEnd: (listener) => proc.stdin.on('end', listener),
      write,
    },
  };
}
