import { benchLog, fitExponent, type BenchLine } from './bench-kit.js';
import type { BrowserFigures } from './browser-bench.js';

/** One frame at 60 Hz (what the window may add to the engine's first page, twice over). */
const FRAME_MS = 1000 / 60;

/** One goal of issue 13, judged on this run's figures. */
export interface Goal {
  goal: string;
  /** What was measured, in words with the numbers (or why it was not). */
  measured: string;
  /** `null` when this run did not measure it (no Chromium, no `--large`). */
  pass: boolean | null;
}

/** Growth of one benchmark with the work: the fitted exponent of ours beside the floor's. */
export interface ScalingRow {
  name: string;
  unit: string;
  sizes: number[];
  oursMs: number[];
  baselineMs: number[];
  kOurs: number;
  kBaseline: number;
}

/** Fits both exponents for one benchmark measured at several sizes. */
export function scalingRow(name: string, unit: string, sizes: number[], oursMs: number[], baselineMs: number[]): ScalingRow {
  return { name, unit, sizes, oursMs, baselineMs, kOurs: fitExponent(sizes, oursMs), kBaseline: fitExponent(sizes, baselineMs) };
}

/** The scaling table: each size's times, then k for ours and for the floor. */
export function printScaling(rows: ScalingRow[]): void {
  benchLog('growth (time ∝ n^k, least squares over the sizes):');
  for (const r of rows) {
    const cells = r.sizes.map((n, i) => `${n} ${r.unit}: ${r.oursMs[i]!.toFixed(1)}/${r.baselineMs[i]!.toFixed(1)} ms`).join('  ');
    benchLog(`  ${r.name.padEnd(20)} k ${r.kOurs.toFixed(2)} (floor ${r.kBaseline.toFixed(2)})   ${cells}`);
  }
}

const line = (results: BenchLine[], test: (name: string) => boolean): BenchLine | undefined => results.find((r) => test(r.name));

function ratioGoal(goal: string, r: BenchLine | undefined, max: number): Goal {
  if (!r) return { goal, measured: 'not measured in this run', pass: null };
  return { goal, measured: `${r.oursMs.toFixed(1)} ms / ${r.baselineName} ${r.baselineMs.toFixed(1)} ms = ${r.ratio.toFixed(2)}`, pass: r.ratio <= max };
}

/** What the goal evaluation needs besides the lines. */
export interface GoalContext {
  quick: boolean;
  large: boolean;
  /** The size the headline browse lines were measured at. */
  big: number;
}

/**
 * Every goal of issue 13, in its table's order, judged on this run. A goal this run could not
 * measure says so (pass `null`), and is never shown as met.
 */
export function evaluateGoals(results: BenchLine[], scaling: ScalingRow[], memory: { entries: number; hostRssMb: number | null }, window: BrowserFigures | null, ctx: GoalContext): Goal[] {
  const goals: Goal[] = [];
  goals.push(ratioGoal(`browse a ${ctx.big}-entry folder, first page ≤ 1.5 × readdir`, line(results, (n) => n === `browse ${ctx.big} entries: first page`), 1.5));
  goals.push(ratioGoal(`browse ${ctx.big} entries, full walk ≤ 1.5 × readdir + lstat both sides`, line(results, (n) => n === `browse ${ctx.big} entries: full walk`), 1.5));
  goals.push(ratioGoal(`search a ${2 * ctx.big}-file copy ≤ 1.5 × find -iname`, line(results, (n) => n === `search a ${2 * ctx.big}-file shadow copy`), 1.5));
  const restore = results.filter((r) => r.name.startsWith('restore ')).at(-1);
  goals.push(ratioGoal(`${restore?.name.replace(/ \(.*/, '') ?? 'restore'} ≤ 1.25 × cp -a + sync`, restore, 1.25));
  const versions = line(results, (n) => n.startsWith('versions of one file'));
  if (!versions) goals.push({ goal: 'versions across 64 copies', measured: 'not measured in this run', pass: null });
  else {
    const limit = Math.max(3 * versions.baselineMs, 2);
    goals.push({ goal: `${versions.name} ≤ max(3 × lstat in each copy, 2 ms)`, measured: `${versions.oursMs.toFixed(2)} ms, limit ${limit.toFixed(2)} ms (lstat ${versions.baselineMs.toFixed(2)} ms)`, pass: versions.oursMs <= limit });
  }
  goals.push(...windowGoals(window));
  goals.push(ratioGoal('shadowdesk volumes ≤ 4 × node -e 0', line(results, (n) => n === 'shadowdesk volumes'), 4));
  for (const r of scaling) {
    goals.push({ goal: `growth of ${r.name}: k ≤ the floor's k + 0.1`, measured: `k ${r.kOurs.toFixed(2)}, floor ${r.kBaseline.toFixed(2)} (${r.sizes[0]}…${r.sizes.at(-1)} ${r.unit})`, pass: r.kOurs <= r.kBaseline + 0.1 });
  }
  const memoryGoal = 'host memory browsing a 1,000,000-entry folder ≤ 300 MB';
  if (memory.hostRssMb === null) goals.push({ goal: memoryGoal, measured: 'not measured in this run', pass: null });
  else if (memory.entries < 1_000_000) goals.push({ goal: memoryGoal, measured: `${memory.hostRssMb.toFixed(0)} MB at ${memory.entries} entries; run with --large for 1,000,000`, pass: null });
  else goals.push({ goal: memoryGoal, measured: `${memory.hostRssMb.toFixed(0)} MB at ${memory.entries} entries`, pass: memory.hostRssMb <= 300 });
  return goals;
}

/** The window's three goals, from the browser bench's figures (null: no browser in this run). */
function windowGoals(w: BrowserFigures | null): Goal[] {
  const names = [
    `window: first rows of a ${w?.entries ?? 100_000}-entry folder ≤ 300 ms and ≤ 2 × engine first page + 1 frame`,
    'window: longest main-thread task scrolling to the end ≤ 50 ms',
    'window: End key to the last rows ≤ 500 ms, without reading the pages on the way',
  ];
  if (!w) return names.map((goal) => ({ goal, measured: 'not measured in this run', pass: null }));
  const limit = Math.min(300, 2 * w.engineFirstPageMs + FRAME_MS);
  return [
    { goal: names[0]!, measured: `${w.firstRowsMs.toFixed(0)} ms, limit ${limit.toFixed(0)} ms (engine first page ${w.engineFirstPageMs.toFixed(0)} ms)`, pass: w.firstRowsMs <= limit },
    { goal: names[1]!, measured: w.longestTaskMs === 0 ? 'no task of 50 ms or more' : `${w.longestTaskMs.toFixed(0)} ms`, pass: w.longestTaskMs < 50 },
    { goal: names[2]!, measured: `${w.endKeyMs.toFixed(0)} ms, ${w.endKeyBrowseCalls} browse call(s) of ${w.pages} pages`, pass: w.endKeyMs <= 500 && w.endKeyBrowseCalls < w.pages / 10 },
  ];
}

/** The goal table, PASS / FAIL / n/a on each line, and a count. */
export function printGoals(goals: Goal[], quick: boolean): void {
  benchLog(`goals (issue 13)${quick ? ' — a --quick run: the goals are set for full scale, these lines are indicative only' : ''}:`);
  for (const g of goals) benchLog(`  ${(g.pass === null ? 'n/a ' : g.pass ? 'PASS' : 'FAIL')}  ${g.goal.padEnd(72)} ${g.measured}`);
  const met = goals.filter((g) => g.pass === true).length;
  const failed = goals.filter((g) => g.pass === false).length;
  benchLog(`  ${met} met, ${failed} not met, ${goals.length - met - failed} not measured`);
}
