/**
 * `npm run test:kill`: kills a 120-file restore (the CLI and its VSS host, SIGKILL) at random moments
 * and checks, after each kill and the next host start, that every file is whole, nothing stray is
 * left, undo of the recovered restore works and a rerun completes (see kill-restore-harness.ts).
 * Prints each kill, how many hit each phase, and the failures; exits 1 when any kill failed.
 *
 *   node dist/native/bench/kill-restore.js [--kills N] [--seed S] [--dist DIR]
 *
 * `--dist` runs another build (for example the code before a fix) with this harness.
 */
import path from 'node:path';
import { runKillHarness } from '../testing/kill-restore-harness.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const kills = Number(flag('--kills') ?? 100);
const seed = Number(flag('--seed') ?? Date.now() % 100_000);
const dist = flag('--dist');
const log = (t: string): void => {
  process.stdout.write(`${t}\n`);
};

if (process.platform !== 'linux') {
  log('test:kill skipped: it needs Linux (it kills the CLI and its host as one process group and reads /proc).');
  process.exit(0);
}
log(`kill-restore: ${kills} kills, seed ${seed}${dist ? `, build ${path.resolve(dist)}` : ''}`);
const r = await runKillHarness({ kills, seed, log, hostOnlyEvery: 5, startupEvery: 10, ...(dist ? { distDir: path.resolve(dist) } : {}) });
log('');
log(`an unkilled restore of 120 files took ${r.fullRestoreMs} ms (${r.startupMs} ms of it before its record appeared); the run took ${(r.elapsedMs / 1000).toFixed(0)} s`);
log('kills by phase:');
for (const [phase, n] of Object.entries(r.phases).sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(4)}  ${phase}`);
log(`killed host still a zombie when the next host started: ${r.zombiesAtNextStart} of ${r.kills}`);
if (r.failedKills > 0) {
  log('kills that broke the invariant, by kind:');
  for (const [kind, n] of Object.entries(r.failuresByKind).sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(4)}  ${kind}`);
}
log(`failed: ${r.failedKills} of ${r.kills} kills (${((100 * r.failedKills) / Math.max(1, r.kills)).toFixed(1)}%)`);
process.exit(r.failedKills > 0 ? 1 : 0);
