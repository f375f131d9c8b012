import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './bench-kit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const mainJs = path.join(here, '..', 'cli', 'main.js');
const hostJs = path.join(here, '..', 'host', 'host-main.js');
const binJs = path.join(here, '..', '..', '..', 'build', 'scripts', 'shadowdesk.mjs');

function runMs(args: string[], env: NodeJS.ProcessEnv, input?: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], input });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString().trim()}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * How long the command line takes to answer, as a person types it, against the cost of starting
 * Node at all (`node -e 0`) in the same run: `shadowdesk volumes`, `shadows` and `writers` on a
 * fresh simulated machine (one CLI process, one host process), the host alone answering one call,
 * and the checkout's `shadowdesk` bin, which first checks that the build is current. Runs are
 * interleaved so a busy moment of the shared machine hits every line alike; medians of `runs`.
 */
export function runCliStartupBench(base: string, runs = 9): ReturnType<typeof report>[] {
  const env = {
    ...process.env,
    SHADOWDESK_BACKEND: 'sim',
    SHADOWDESK_SIM_ROOT: path.join(base, 'cli-machine'),
    SHADOWDESK_DATA_DIR: path.join(base, 'cli-data'),
  };
  runMs([mainJs, 'volumes'], env); // makes the demo machine
  const lines: [string, string[], string | undefined][] = [
    ['shadowdesk volumes', [mainJs, 'volumes'], undefined],
    ['shadowdesk shadows', [mainJs, 'shadows'], undefined],
    ['shadowdesk writers', [mainJs, 'writers'], undefined],
    ['the host alone: start, listVolumes, exit', [hostJs], `${JSON.stringify({ t: 'call', id: 1, op: 'listVolumes', input: {} })}\n`],
  ];
  if (existsSync(binJs)) lines.push(['bin: build check + shadowdesk volumes', [binJs, 'volumes'], undefined]);
  const baseline: number[] = [];
  const times = lines.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    baseline.push(runMs(['-e', '0'], env));
    lines.forEach(([, args, input], j) => times[j]!.push(runMs(args, env, input)));
  }
  const nodeMs = median(baseline);
  return lines.map(([name], j) => report(name, median(times[j]!), 'node -e 0', nodeMs));
}
