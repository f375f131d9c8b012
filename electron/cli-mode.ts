import type { App } from 'electron';
import { HostClient } from '../native/host/host-client.js';
import { cliStart } from '../native/cli/cli-options.js';
import type { CliStreams } from '../native/cli/cli-process.js';
import { appCommand, hostEnvironment } from './start-app.js';
import { utilityHostSpawner, type UtilityProcessModule } from './utility-host.js';

/**
 * The switch the console launcher (`shadowdesk.exe`, build/cli-launcher/) starts the app with:
 * `ShadowDesk.exe --cli -- ARGS…`. The `--` ends Chromium's own switch parsing, so no CLI argument
 * (say `--type=x` or `--user-data-dir=…`) is ever read as a Chromium or Electron switch.
 */
export const CLI_SWITCH = '--cli';

/**
 * Set by the launcher in the app's environment: the app's stdin is a pipe the launcher holds open
 * and closes on Ctrl+C or Ctrl+Break (a GUI-subsystem process is attached to no console, so it
 * never receives console control events itself), and stdout/stderr are pipes the launcher relays to
 * its console. Without it, stdin is left alone.
 */
export const LAUNCHER_ENV = 'SHADOWDESK_CLI_LAUNCHER';

/** Exit code after Ctrl+C, as shells report a command ended by SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * The command line's arguments when this launch is a CLI call, else undefined. `--cli` counts only
 * as the app's first argument (after the app folder when run unpackaged, `electron . --cli …`), so
 * a file path, a `shadowdesk://` link or an Explorer "previous versions" launch can never turn into
 * one, and a `--cli` further along is just an argument.
 */
export function cliModeArgs(argv: readonly string[], isPackaged: boolean): string[] | undefined {
  const first = isPackaged ? 1 : 2;
  if (argv[first] !== CLI_SWITCH) return undefined;
  const rest = argv.slice(first + 1);
  return rest[0] === '--' ? rest.slice(1) : rest;
}

/** What CLI mode needs of Electron (the real module in the app, a stand-in in tests). */
export interface CliModeElectron {
  app: Pick<App, 'whenReady' | 'exit' | 'disableHardwareAcceleration' | 'isPackaged' | 'getAppPath'>;
  utilityProcess: UtilityProcessModule;
}

/** Where CLI mode reads and writes, and the rest of its surroundings; process's own unless given. */
export interface CliModeOptions {
  args: string[];
  /** The compiled VSS host (dist/native/host/host-main.js). */
  hostEntryPoint: string;
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  stdin?: NodeJS.ReadableStream;
  resourcesPath?: string | undefined;
  execPath?: string;
}

function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}

/**
 * Runs one command line inside the app, for the console launcher: no window, no single-instance
 * lock (a CLI call runs beside an open window), the VSS host in a utility process as for the window,
 * the same contract, the same CLI; output on the inherited stdout/stderr, then the app exits with
 * the CLI's exit code. Ctrl+C in the launcher's console ends the host the way closing the app does
 * (a running restore stops between files, never inside one) and exits with 130. Resolves to the
 * exit code it exited with.
 */
export async function runCliMode(electron: CliModeElectron, options: CliModeOptions): Promise<number> {
  const { app } = electron;
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  // No window will ever be shown: no GPU process for it (Electron: only before ready).
  app.disableHardwareAcceleration();
  if (options.args.length === 1 && options.args[0] === 'host') return runHostRelay(electron, options, env, stdout, stderr);
  const { lang, needsHost, computer } = cliStart(options.args, env);
  const hostEnv = hostEnvironment(env, {
    resourcesPath: options.resourcesPath ?? process.resourcesPath,
    isPackaged: app.isPackaged,
    command: appCommand(options.execPath ?? process.execPath, app.getAppPath(), app.isPackaged),
  });
  delete hostEnv[LAUNCHER_ENV];
  // --computer: the host runs on that computer, reached by the system's ssh; else here, in a utility process.
  const here = new HostClient({ lang, spawn: utilityHostSpawner(electron.utilityProcess), entryPoint: options.hostEntryPoint, env: hostEnv });
  let host: HostClient | import('../native/remote/computer-transport.js').ComputerTransport = here;
  if (computer) {
    // What runs here whatever computer is named (bringing files here, the fleet) still goes to this computer's host.
    const [{ computerSpawner }, { ComputerTransport }] = await Promise.all([import('../native/remote/ssh-host.js'), import('../native/remote/computer-transport.js')]);
    host = new ComputerTransport(new HostClient({ lang, spawn: computerSpawner(computer, env), env: hostEnv }), () => here);
  }
  let interrupted = false;
  if (env[LAUNCHER_ENV] === '1') {
    const stdin = options.stdin ?? process.stdin;
    stdin.on('data', () => {});
    stdin.on('end', () => {
      interrupted = true;
      void host.close();
    });
    stdin.resume();
  }
  let code: number;
  try {
    // utilityProcess.fork works only once the app is ready (electron.d.ts).
    await app.whenReady();
    if (interrupted) {
      code = INTERRUPTED_EXIT_CODE;
    } else {
      if (needsHost) host.start();
      const { runCliProcess } = await import('../native/cli/cli-process.js');
      // Through the launcher stdout is a pipe, not a terminal: nothing can be asked, so changes need --yes.
      const streams: CliStreams = { stdout, stderr, confirm: undefined };
      code = await runCliProcess(options.args, host, lang, streams);
    }
  } catch (err) {
    stderr.write(`shadowdesk: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  }
  if (interrupted) code = INTERRUPTED_EXIT_CODE;
  await Promise.all([flushed(stdout), flushed(stderr)]);
  app.exit(code);
  return code;
}

/**
 * `shadowdesk.exe host`: what another computer's ShadowDesk runs here over ssh (sshd starts it with
 * the protocol on its stdin and stdout). The app's main process cannot be the host (only the host
 * loads koffi, in a utility process, as for the window), so it relays: request lines from stdin to
 * the host, responses from the host to stdout, the host's diagnostics to stderr. The launcher, in
 * host mode, relays its own stdin (the ssh channel) rather than holding it as its Ctrl+C pipe, so
 * stdin ending is the end of requests: the host finishes what runs (a restore between files) and
 * exits, and so does the app, with the host's exit code.
 */
async function runHostRelay(
  electron: CliModeElectron,
  options: CliModeOptions,
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<number> {
  const { app } = electron;
  const hostEnv = hostEnvironment(env, {
    resourcesPath: options.resourcesPath ?? process.resourcesPath,
    isPackaged: app.isPackaged,
    command: appCommand(options.execPath ?? process.execPath, app.getAppPath(), app.isPackaged),
  });
  delete hostEnv[LAUNCHER_ENV];
  const stdin = options.stdin ?? process.stdin;
  // Requests that arrive before the host can be forked (utilityProcess: only once ready) wait here.
  const early: string[] = [];
  let ended = false;
  let host: ReturnType<ReturnType<typeof utilityHostSpawner>> | undefined;
  stdin.setEncoding?.('utf8');
  stdin.on('data', (chunk: string | Buffer) => {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (host) host.send(text);
    else early.push(text);
  });
  stdin.on('end', () => {
    ended = true;
    host?.end();
  });
  stdin.resume();
  let code: number;
  try {
    await app.whenReady();
    const child = utilityHostSpawner(electron.utilityProcess)(options.hostEntryPoint, hostEnv);
    const exited = new Promise<number>((resolve) => child.onExit((c) => resolve(c ?? 1)));
    child.onError((err) => stderr.write(`shadowdesk host: ${err.message}\n`));
    child.onResponses((text) => stdout.write(text));
    child.onStderr((text) => stderr.write(text));
    host = child;
    for (const text of early.splice(0)) child.send(text);
    if (ended) child.end();
    code = await exited;
  } catch (err) {
    stderr.write(`shadowdesk host: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 1;
  }
  await Promise.all([flushed(stdout), flushed(stderr)]);
  app.exit(code);
  return code;
}
