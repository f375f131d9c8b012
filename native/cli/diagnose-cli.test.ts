import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { runCapturedCli } from '../testing/captured-cli.js';

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  host?.dispose();
  m?.dispose();
  m = undefined;
  host = undefined;
});

async function cli(args: string[], lang: 'en' | 'it' = 'en') {
  host ??= inProcessApi(m!, lang);
  return runCapturedCli(args, host.api, { lang });
}

test('cli doctor: the failed WMI Writer on the demo machine is found, explained, with the service to restart', async () => {
  m = freshMachine();
  const r = await cli(['doctor', '--json']);
  assert.equal(r.code, 3, 'a critical finding makes the exit code say so');
  const report = JSON.parse(r.out);
  const wmi = report.findings.find((f: { subject: string }) => f.subject === 'WMI Writer');
  assert.ok(wmi, 'the failed writer is a finding');
  assert.equal(wmi.severity, 'critical');
  assert.match(wmi.next, /Winmgmt/);
  const md = await cli(['doctor', '--markdown']);
  assert.match(md.out, /^# /m);
  assert.match(md.out, /WMI Writer/);
  assert.match(md.out, /^\| `C:\\` \| Windows \|/m, "the volume table");
});

test('cli doctor: in Italian', async () => {
  m = freshMachine();
  const r = await cli(['doctor'], 'it');
  assert.match(r.out, /WMI Writer/);
  assert.match(r.out, /servizio|Riavviare/i);
});

test('cli audit: every create, delete and resize is logged with its outcome, failures too', async () => {
  m = freshMachine();
  const created = JSON.parse((await cli(['create', '--volume', 'C:', '--json'])).out);
  await cli(['create', '--volume', 'E:']);
  await cli(['storage', 'resize', '--volume', 'C:', '--max', 'unbounded']);
  await cli(['delete', '--shadow', created.shadows[0].id, '--yes']);
  const entries = JSON.parse((await cli(['audit', '--json'])).out);
  assert.deepEqual(entries.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`), ['delete:ok', 'resize-storage:ok', 'create:failed', 'create:ok']);
  assert.equal(entries[2].error.code, 'VSS_E_VOLUME_NOT_SUPPORTED');
  assert.deepEqual(entries[0].detail.deletedIds, [created.shadows[0].id]);
  const table = await cli(['audit']);
  assert.match(table.out, /create\s+E:\s+failed: VSS_E_VOLUME_NOT_SUPPORTED/);
});

test('cli about: says the VSS is simulated and where the audit log and undo data are kept, with their size', async () => {
  m = freshMachine();
  const before = JSON.parse((await cli(['about', '--json'])).out);
  assert.equal(before.backend, 'sim');
  assert.equal(before.dataDir, host!.dataDir);
  assert.equal(before.restores, 0);
  assert.equal(before.windowOperations, false, 'no folder dialog or Explorer from the CLI');
  assert.match(before.version, /^\d+\.\d+\.\d+/);
  await cli(['create', '--volume', 'C:', '--yes']);
  const after = JSON.parse((await cli(['about', '--json'])).out);
  assert.ok(after.dataBytes > before.dataBytes, 'the audit entry the create wrote is counted');
  const table = await cli(['about'], 'it');
  assert.match(table.out, /macchina simulata/);
  assert.ok(table.out.includes(host!.dataDir));
});
