// How the Electron app tells its VSS host to start the app again. No FFI here: the main process
// imports this, and it never loads koffi (electron/main-graph.test.ts).

/**
 * The environment variable through which the Electron app tells its VSS host how to start the app
 * again (`{"file": "...exe", "args": [...]}`). Only the app sets it: the CLI and `serve` cannot
 * restart themselves in a new elevated window.
 */
export const APP_COMMAND_ENV = 'SHADOWDESK_APP_COMMAND';

/** The app's own command, when the app (not the CLI) started this host. */
export interface AppCommand {
  file: string;
  args: string[];
}

/** The command the app gave, or undefined when there is none (or it is malformed). */
export function appCommandOf(env: NodeJS.ProcessEnv): AppCommand | undefined {
  const text = env[APP_COMMAND_ENV];
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<AppCommand>;
    if (typeof value.file !== 'string' || !value.file || !Array.isArray(value.args) || !value.args.every((a) => typeof a === 'string')) return undefined;
    return { file: value.file, args: value.args };
  } catch {
    return undefined;
  }
}

/**
 * Arguments as one Windows command line, quoted the way CommandLineToArgvW (and so the started
 * program) reads them back: backslashes are literal except before a quote.
 */
export function windowsCommandLine(args: readonly string[]): string {
  return args
    .map((arg) => {
      if (arg !== '' && !/[\s"]/.test(arg)) return arg;
      let out = '"';
      let slashes = 0;
      for (const c of arg) {
        if (c === '\\') {
          slashes++;
          continue;
        }
        out += c === '"' ? '\\'.repeat(slashes * 2 + 1) + '"' : '\\'.repeat(slashes) + c;
        slashes = 0;
      }
      return `${out}${'\\'.repeat(slashes * 2)}"`;
    })
    .join(' ');
}
