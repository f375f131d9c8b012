import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKillHarness } from '../testing/kill-restore-harness.js';

const KILLS = 6;
const skip = process.platform === 'linux' ? false : 'the kill harness kills the CLI and its host as one Linux process group and reads /proc';

// A few random kills on every `npm test`; `npm run test:kill` runs 100 (README, "Restoring, safely").
test(`a restore killed (CLI and host, SIGKILL) at ${KILLS} random moments always recovers: files whole, nothing stray, undo and a rerun work`, { skip, timeout: 300_000 }, async () => {
  const seed = Date.now() % 100_000;
  const r = await runKillHarness({ kills: KILLS, seed, hostOnlyEvery: 5, startupEvery: 10 });
  const failed = r.outcomes.filter((o) => o.failures.length > 0).map((o) => `kill ${o.n} at ${o.from} +${o.delayMs} ms (${o.target}, ${o.phase}): ${o.failures.join('; ')}`);
  assert.deepEqual(failed, [], `seed ${seed}; rerun with: node dist/native/bench/kill-restore.js --kills ${KILLS} --seed ${seed}`);
  assert.equal(r.kills, KILLS);
});
