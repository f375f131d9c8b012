import { spawnSync } from 'node:child_process';

/** One benchmark line: ours against the baseline measured in the same run, as a ratio. */
export interface BenchLine {
  name: string;
  oursMs: number;
  baselineName: string;
  baselineMs: number;
  ratio: number;
}

/**
 * Where the human-readable lines go. `--json` sends them to stderr, so stdout carries nothing but
 * the one JSON document a script reads.
 */
let sink: NodeJS.WritableStream = process.stdout;

/** Sends every bench line to `stream` from now on (the runner's `--json`). */
export function setBenchOutput(stream: NodeJS.WritableStream): void {
  sink = stream;
}

/** Writes one line of the human-readable report. */
export function benchLog(text: string): void {
  sink.write(`${text}\n`);
}

/** Runs `fn` `runs` times and returns the median wall time in milliseconds (noisy shared machines). */
export async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeMs(fn));
  return median(times);
}

/** The monotonic clock the bench times with, in milliseconds. */
const hrNowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

async function timeMs(fn: () => unknown, now: () => number = hrNowMs): Promise<number> {
  const t0 = now();
  await fn();
  return now() - t0;
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Times `ours` and `baseline` `runs` times each, interleaved, the order swapped every round (ours
 * first, then the baseline first, …), and returns each one's median. On a shared machine a burst of
 * someone else's load then lands on both sides of a ratio, not on the whole series of one side (seen
 * here: the same 100,000-entry first page measured 1.18x and 1.57x readdir in two runs timed one side
 * after the other). `now` is the clock (a test passes its own).
 */
export async function pairedMedians(runs: number, ours: () => unknown, baseline: () => unknown, now: () => number = hrNowMs): Promise<{ ours: number; baseline: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      a.push(await timeMs(ours, now));
      b.push(await timeMs(baseline, now));
    } else {
      b.push(await timeMs(baseline, now));
      a.push(await timeMs(ours, now));
    }
  }
  return { ours: median(a), baseline: median(b) };
}

/** Times an external command the same way (the baseline tools: find, cp -a). */
export function commandMs(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** One benchmark line: ours against the baseline, as a ratio (the figure that matters). */
export function report(name: string, oursMs: number, baselineName: string, baselineMs: number): BenchLine {
  const ratio = oursMs / baselineMs;
  benchLog(`${name.padEnd(46)} ${oursMs.toFixed(1).padStart(9)} ms   ${baselineName.padEnd(22)} ${baselineMs.toFixed(1).padStart(9)} ms   ratio ${ratio.toFixed(2)}`);
  return { name, oursMs, baselineName, baselineMs, ratio };
}

/**
 * The exponent k of time ∝ n^k that fits the points best (least squares on log t against log n).
 * Why: "linear stays linear" is a claim about growth, and two ratios at two sizes cannot show it;
 * the slope can, and it is compared with the baseline's slope measured on the same trees.
 */
export function fitExponent(sizes: number[], times: number[]): number {
  if (sizes.length !== times.length || sizes.length < 2) throw new Error('fitExponent needs two or more sizes, each with a time');
  const xs = sizes.map(Math.log);
  const ys = times.map((t) => Math.log(Math.max(t, 1e-3)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}
