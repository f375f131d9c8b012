import type { ForkOptions, UtilityProcess } from 'electron';
import type { HostSpawner } from '../native/host/host-process.js';
import { END_OF_REQUESTS } from '../native/host/host-stream.js';

/** The part of Electron's utilityProcess module the app uses. */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
}

/**
 * Runs the VSS host in an Electron utility process (Electron has no plain Node binary to spawn). A
 * utility process has no stdin, so request lines go as messages on its port; responses come back
 * as the same NDJSON on its stdout, and the host exits by itself after END_OF_REQUESTS. Everything
 * else (ready, progress, cancel, HOST_CRASHED and restart) is HostClient's, unchanged.
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
    return {
      get pid() {
        return child.pid;
      },
      send: (lines) => child.postMessage(lines),
      end: () => child.postMessage(END_OF_REQUESTS),
      kill: () => {
        child.kill();
      },
      onStdout: (listener) => {
        child.stdout?.on('data', listener);
      },
      onStderr: (listener) => {
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
