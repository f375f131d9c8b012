import { spawnSync } from 'node:child_process';

/** Runs `fn` `runs` times and returns the median wall time in milliseconds (noisy shared machines). */
export async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Times an external command the same way (the baseline tools: find, cp -a). */
export function commandMs(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** One benchmark line: ours against the baseline, as a ratio (the figure that matters). */
export function report(name: string, oursMs: number, baselineName: string, baselineMs: number): { name: string; oursMs: number; baselineMs: number; ratio: number } {
  const ratio = oursMs / baselineMs;
  process.stdout.write(`${name.padEnd(46)} ${oursMs.toFixed(1).padStart(9)} ms   ${baselineName.padEnd(22)} ${baselineMs.toFixed(1).padStart(9)} ms   ratio ${ratio.toFixed(2)}\n`);
  return { name, oursMs, baselineMs, ratio };
}
