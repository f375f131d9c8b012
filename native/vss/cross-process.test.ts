import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { VssError } from '../ffi/hresult.js';

const testing = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'testing');
let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

const named = (name: string) => (e: unknown) => e instanceof VssError && e.hresultName === name;

test('one snapshot set in progress at a time, across processes', async () => {
  m = freshMachine();
  const ready = path.join(m.root, 'child-ready');
  const go = path.join(m.root, 'child-go');
  const child = spawn(process.execPath, [path.join(testing, 'child-hold-set.js'), ready, go], {
    env: { ...process.env, SHADOWDESK_SIM_ROOT: m.root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 400 && !existsSync(ready); i++) await sleep(25);
  assert.ok(existsSync(ready), `the other process opened its set (${stderr})`);
  assert.throws(() => m!.client.createShadows({ volumes: ['D:'] }), named('VSS_E_SNAPSHOT_SET_IN_PROGRESS'));
  writeFileSync(go, 'go');
  assert.equal(await exited, 0, stderr);
  assert.equal(m.client.createShadows({ volumes: ['D:'] }).shadows.length, 1, 'free again once the other process let go');
});

test('a process killed inside DoSnapshotSet leaves no half-made copy and does not block the next create', () => {
  m = freshMachine();
  const before = m.client.listShadows().map((s) => s.id);
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify([{ method: 'DoSnapshotSet', abort: true, exitCode: 3 }]));
  const r = spawnSync(process.execPath, [path.join(testing, 'child-create.js')], { env: { ...process.env, SHADOWDESK_SIM_ROOT: m.root }, encoding: 'utf8' });
  assert.equal(r.status, 3, `the child died inside the call (${r.stderr})`);
  assert.deepEqual(m.client.listShadows().map((s) => s.id), before, 'no copy from the dead process');
  assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1, 'the stale in-progress marker was detected');
  assert.deepEqual(JSON.parse(readFileSync(path.join(m.root, 'faults.json'), 'utf8')), [], 'the one-shot fault was consumed');
});

test('faults.json: a delayed DoSnapshotSet still completes (the wait really waits)', () => {
  m = freshMachine();
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify({ faults: [{ method: 'DoSnapshotSet', delayMs: 400 }] }));
  const t0 = Date.now();
  const r = m.client.createShadows({ volumes: ['C:'] });
  assert.ok(Date.now() - t0 >= 350, 'took at least the injected delay');
  assert.equal(r.shadows.length, 1);
});

test('faults.json: a fault by HRESULT name reaches the caller with that name', () => {
  m = freshMachine();
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify([{ method: 'IVssBackupComponents::AddToSnapshotSet', hresult: 'VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED' }]));
  assert.throws(() => m!.client.createShadows({ volumes: ['C:'] }), named('VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED'));
  assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1);
});
