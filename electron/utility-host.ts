import type { ForkOptions, UtilityProcess } from 'electron';
import type { HostSpawner } from '../native/host/host-process.js';
import { END_OF_REQUESTS, END_OF_RESPONSES, EXIT_NOW, isControl } from '../native/host/host-stream.js';

/** The part of Electron's utilityProcess module the app uses. */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
}

/**
 * Runs the VSS host in an Electron utility process (Electron has no plain Node binary to spawn).
 * The protocol is the same NDJSON as over a child's stdio (native/host/protocol.ts), carried both
 * ways as port messages: a utility process has no stdin, and Electron drops its stdout listeners
 * when it exits (lib/browser/api/utility-process.ts), which could lose the host's last responses.
 * The host ends with END_OF_RESPONSES once it has answered everything after END_OF_REQUESTS; this
 * side answers EXIT_NOW, so the host exits only once every response is here. stdout and stderr
 * stay pipes, for the host's diagnostics (kept for the HOST_CRASHED detail). Everything else
 * (ready, progress, cancel, HOST_CRASHED and restart) is HostClient's, unchanged.
 */
export function utilityHostSpawner(utilityProcess: UtilityProcessModule): HostSpawner {
  return (entryPoint, env) => {
    const child = utilityProcess.fork(entryPoint, [], {
      env: env as Record<string, string>,
      stdio: 'pipe',
      serviceName: 'ShadowDesk VSS host',
    });
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.on('message', (message: unknown) => {
      if (isControl(message, END_OF_RESPONSES)) child.postMessage(EXIT_NOW);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (lines) => child.postMessage(lines),
      end: () => child.postMessage(END_OF_REQUESTS),
      kill: () => {
        child.kill();
      },
      onResponses: (listener) => {
        child.on('message', (message: unknown) => {
          if (typeof message === 'string') listener(message);
        });
      },
      onStderr: (listener) => {
        // Both are diagnostics now: a stray console.log in the host must not be lost either.
        child.stdout?.on('data', listener);
        child.stderr?.on('data', listener);
      },
      onError: (listener) => {
        child.on('error', (type, location) => listener(new Error(`${type} at ${location}`)));
      },
      onExit: (listener) => {
        child.on('exit', (code) => listener(code, null));
      },
    };
  };
}
