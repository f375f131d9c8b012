import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitExponent, pairedMedians, type BenchLine } from './bench-kit.js';
import { evaluateGoals, scalingRow } from './bench-goals.js';

const lineOf = (name: string, oursMs: number, baselineMs: number, baselineName = 'floor'): BenchLine => ({ name, oursMs, baselineName, baselineMs, ratio: oursMs / baselineMs });

test('bench: the fitted exponent tells linear from quadratic from flat, noise aside', () => {
  const sizes = [10_000, 100_000, 1_000_000];
  assert.ok(Math.abs(fitExponent(sizes, sizes.map((n) => n / 1000)) - 1) < 1e-9);
  assert.ok(Math.abs(fitExponent(sizes, sizes.map((n) => (n / 1000) ** 2)) - 2) < 1e-9);
  assert.ok(Math.abs(fitExponent(sizes, [5, 5, 5])) < 1e-9);
  assert.throws(() => fitExponent([10], [1]));
});

test('bench: a goal is met only when measured and within its limit; growth may not outpace the floor by more than 0.1', () => {
  const results = [
    lineOf('browse 100000 entries: first page', 140, 100),
    lineOf('browse 100000 entries: full walk', 160, 100),
    lineOf('restore 1024 MB (verified, fsynced, atomic)', 1200, 1000, 'cp -a + sync'),
    lineOf('versions of one file across 64 copies', 1.9, 0.2),
    lineOf('shadowdesk volumes', 250, 60),
  ];
  const scaling = [
    scalingRow('browse: full walk', 'entries', [10_000, 100_000], [10, 100], [10, 100]),
    scalingRow('search by name', 'files', [20_000, 200_000], [10, 200], [10, 100]),
  ];
  const goals = evaluateGoals(results, scaling, { entries: 100_000, hostRssMb: 120 }, null, { quick: false, large: false, big: 100_000 });
  const verdict = (start: string): boolean | null | undefined => goals.find((g) => g.goal.startsWith(start))?.pass;
  assert.equal(verdict('browse a 100000-entry folder, first page'), true);
  assert.equal(verdict('browse 100000 entries, full walk'), false);
  assert.equal(verdict('search a 200000-file copy'), null, 'not measured is never a pass');
  assert.equal(verdict('restore 1024 MB'), true);
  assert.equal(verdict('versions of one file'), true, '1.9 ms is under the 2 ms floor of the goal');
  assert.equal(verdict('shadowdesk volumes'), false);
  assert.equal(verdict('window: first rows'), null);
  assert.equal(verdict('growth of browse: full walk'), true);
  assert.equal(verdict('growth of search by name'), false, 'k 1.30 against the floor 1.00');
  assert.equal(verdict('host memory'), null, 'memory at 100,000 entries does not answer the 1,000,000 goal');
});

test('bench: the window goals read the browser figures; End must not read the pages on the way', () => {
  const figures = { entries: 100_000, firstRowsMs: 250, engineFirstPageMs: 100, engineLastPageMs: 5, longestTaskMs: 0, longestFrameMs: 17, endKeyMs: 120, endKeyBrowseCalls: 200, scrollBrowseCalls: 0, jumps: 200, pages: 500 };
  const goals = evaluateGoals([], [], { entries: 0, hostRssMb: null }, figures, { quick: false, large: false, big: 100_000 });
  const verdict = (start: string): boolean | null | undefined => goals.find((g) => g.goal.startsWith(start))?.pass;
  assert.equal(verdict('window: first rows'), false, '250 ms is over 2 × 100 + one frame');
  assert.equal(verdict('window: longest main-thread task'), true);
  assert.equal(verdict('window: End key'), false, '200 of 500 pages read on the way is not random access');
  const fast = evaluateGoals([], [], { entries: 0, hostRssMb: null }, { ...figures, firstRowsMs: 210, endKeyBrowseCalls: 1 }, { quick: false, large: false, big: 100_000 });
  assert.equal(fast.find((g) => g.goal.startsWith('window: first rows'))?.pass, true);
  assert.equal(fast.find((g) => g.goal.startsWith('window: End key'))?.pass, true);
});

test('pairedMedians interleaves the two sides, swapping who goes first each round, and gives each its median', async () => {
  const order: string[] = [];
  // A clock the two sides move: ours takes 1 ms but 300 ms once (a burst of load), the baseline 5 ms,
  // then 7 ms, 5, 7, …: the medians ignore the burst and are each side's own.
  let t = 0;
  let round = 0;
  const ours = (): void => { order.push('ours'); t += round++ === 2 ? 300 : 1; };
  let base = 0;
  const baseline = (): void => { order.push('base'); t += base++ % 2 === 0 ? 5 : 7; };
  const got = await pairedMedians(5, ours, baseline, () => t);
  assert.deepEqual(order, ['ours', 'base', 'base', 'ours', 'ours', 'base', 'base', 'ours', 'ours', 'base']);
  assert.deepEqual(got, { ours: 1, baseline: 5 });
});
