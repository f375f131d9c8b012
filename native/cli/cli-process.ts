import { createApi, type Transport } from '../contract/api.js';
import type { Lang } from '../contract/errors.js';
import { ProgressBar } from './progress-bar.js';
import { runCli, terminalConfirm } from './run-cli.js';

/** Where one CLI process writes, and whether it can ask (a terminal on both ends). */
export interface CliStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Asks yes/no questions on a terminal; undefined when there is none (then destructive commands need --yes). */
  confirm: ((question: string) => Promise<boolean>) | undefined;
}

/** This process's own streams, as `node dist/native/cli/main.js` has them. */
export function processStreams(): CliStreams {
  return { stdout: process.stdout, stderr: process.stderr, confirm: terminalConfirm() };
}

/**
 * Runs one command line as a whole process does: over `host` (the VSS host, already starting),
 * writing to `streams`, with a progress bar on a terminal; closes the host at the end so it exits,
 * and returns the exit code. Shared by the Node entry point (main.ts) and the Electron app's
 * `--cli` mode, so both speak the same contract to the same host the same way.
 */
export async function runCliProcess(
  argv: string[],
  host: Transport & { close(): Promise<void> },
  lang: Lang,
  streams: CliStreams,
): Promise<number> {
  const bar = new ProgressBar(streams.stderr as NodeJS.WriteStream);
  try {
    return await runCli(
      argv,
      {
        out: (t) => streams.stdout.write(`${t}\n`),
        err: (t) => streams.stderr.write(`${t}\n`),
        confirm: streams.confirm,
        progress: (f, label) => bar.update(f, label),
      },
      createApi(host),
      lang,
    );
  } finally {
    bar.done();
    await host.close();
  }
}
