import { spawn } from 'node:child_process';
import type { ErrorData, Lang } from '../contract/errors.js';

/**
 * A running VSS host, however it was started. HostClient speaks the same newline-delimited JSON to
 * it whether it is a Node child process (the CLI, `serve`, tests) or an Electron utility process
 * (the app): only how a request line reaches the host differs, so the protocol, crash handling and
 * their tests stay one.
 */
export interface HostProcess {
  /** The host's process id, once the OS gave it one. */
  readonly pid: number | undefined;
  /** Sends one or more complete request lines. */
  send(lines: string): void;
  /** No more requests: the host finishes (cancelling what still runs) and exits by itself. */
  end(): void;
  /** Ends the host now (used when it does not exit by itself). */
  kill(): void;
  /**
   * Response text: NDJSON lines, in chunks that may split or join lines (a child process's stdout,
   * or the messages a utility process posts on its parentPort).
   */
  onResponses(listener: (chunk: string) => void): void;
  /** Diagnostics the host prints; kept for the HOST_CRASHED detail. */
  onStderr(listener: (chunk: string) => void): void;
  /** The host could not be started at all. */
  onError(listener: (err: Error) => void): void;
  /** The host ended; may be registered more than once. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /**
   * Says in words why a host on another computer ended or never started (an unknown host key, a
   * refused login, no ShadowDesk there, the link dropped), from the transport's exit and messages;
   * undefined to leave it to the plain "the host stopped".
   */
  describeEnd?(end: HostEnd, lang: Lang): ErrorData | undefined;
  /** Says in words why the transport itself could not be started (no ssh client here); undefined for the plain error. */
  describeStartError?(err: Error, lang: Lang): ErrorData | undefined;
  /** Where the host runs, for messages (a computer's name); undefined for this computer. */
  readonly where?: string;
}

/** How a host process ended, as a transport sees it. */
export interface HostEnd {
  code: number | null;
  signal: string | null;
  /** The last of what it printed on stderr. */
  stderr: string;
  /** Whether it had said it was ready (so it ended while in use rather than while starting). */
  wasReady: boolean;
}

/** Starts the host entry point (a compiled `host-main.js`) with an environment. */
export type HostSpawner = (entryPoint: string, env: NodeJS.ProcessEnv) => HostProcess;

/**
 * The host as a Node child process of this one (this process's own Node binary), speaking over
 * stdin/stdout. Used everywhere except inside Electron, which has no plain Node binary to spawn.
 */
export const spawnChildHost: HostSpawner = (entryPoint, env) => spawnHostCommand(process.execPath, [entryPoint], env);

/** Any command that speaks the host protocol on its stdin/stdout (a Node host, or `ssh` to one). */
export function spawnHostCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv): HostProcess {
  const child = spawn(command, [...args], { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  // A request written as the host dies (ssh's link dropped, a crash) fails with EPIPE on its stdin.
  // The exit says why, to every call in flight (HostClient); unheard, that error would end this process.
  child.stdin.on('error', () => {});
  return {
    get pid() {
      return child.pid;
    },
    send: (lines) => {
      child.stdin.write(lines);
    },
    end: () => {
      child.stdin.end();
    },
    kill: () => {
      child.kill();
    },
    onResponses: (listener) => {
      child.stdout.on('data', listener);
    },
    onStderr: (listener) => {
      child.stderr.on('data', listener);
    },
    onError: (listener) => {
      child.on('error', listener);
    },
    onExit: (listener) => {
      child.on('exit', (code, signal) => listener(code, signal));
    },
  };
}
