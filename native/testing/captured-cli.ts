import type { ShadowDeskApi } from '../contract/api.js';
import type { Lang } from '../contract/errors.js';
import { runCli, type CliIo } from '../cli/run-cli.js';

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the CLI against `api` as a user would, capturing stdout and stderr line by line, so CLI tests
 * assert on exactly what a person sees (and on the exit code scripts rely on).
 */
export async function runCapturedCli(
  args: string[],
  api: ShadowDeskApi,
  options: { lang?: Lang; confirm?: (question: string) => Promise<boolean> } = {},
): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), ...(options.confirm ? { confirm: options.confirm } : {}) };
  const code = await runCli(args, io, api, options.lang);
  return { code, out, err };
}
