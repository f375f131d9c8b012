import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { createApi, type ShadowDeskApi } from '../contract/api.js';
import { HostClient } from '../host/host-client.js';
import { runCli, type CliIo } from '../cli/run-cli.js';
import { auditFilePath } from '../audit/audit-log.js';
import type { SelftestReport } from './selftest-types.js';

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
let client: HostClient | undefined;
afterEach(async () => {
  if (m && !client) assertNoLeaks(m.sim);
  await client?.close();
  host?.dispose();
  m?.dispose();
  m = undefined;
  host = undefined;
  client = undefined;
});

/** Every file below `dir` with its exact bytes (folders as entries too), to compare byte for byte. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isDirectory()) {
        out.set(`${rel}/`, '');
        walk(p);
      } else out.set(rel, readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

async function cli(api: ShadowDeskApi, args: string[]) {
  let out = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (out += `${t}\n`) };
  const code = await runCli(args, io, api, 'en');
  return { code, out };
}

const VSS_CHECKS = ['vss.volumes', 'vss.shadows', 'vss.providers', 'vss.writers', 'vss.writer-metadata', 'vss.storage'];

test('selftest: on the simulated machine every check passes (elevation skipped off Windows), with each listing\'s HRESULT', async () => {
  m = freshMachine();
  host = inProcessApi(m);
  const { report: r, markdown } = await host.api.selftest({});
  assert.match(markdown, /^# ShadowDesk self-test: /, 'the Markdown comes with the report, for the window\'s Copy button');
  const byId = new Map(r.checks.map((c) => [c.id, c]));
  for (const id of ['system.os', 'system.elevation', 'system.backup-privilege', 'dll.backend', 'dll.vssapi', 'dll.kernel32', 'dll.ole32', 'dll.oleaut32', 'com.initialize', 'com.security', 'com.exceptions', ...VSS_CHECKS]) {
    assert.ok(byId.has(id), `${id} is checked`);
  }
  assert.equal(r.passed, true, JSON.stringify(r.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip')));
  assert.equal(r.summary.fail, 0);
  assert.equal(r.backend, 'sim');
  for (const id of VSS_CHECKS) {
    assert.equal(byId.get(id)!.status, 'pass', id);
    assert.equal(byId.get(id)!.hresultName, 'S_OK', `${id} carries its HRESULT`);
  }
  assert.match(byId.get('vss.volumes')!.detail, /^5 volumes, 3 can be shadow-copied$/);
  assert.match(byId.get('vss.shadows')!.detail, /^8 copies in 4 sets$/);
  assert.match(byId.get('vss.writers')!.detail, /failed: WMI Writer/, 'a failed writer is reported, but the listing itself passed');
  assert.match(byId.get('vss.writer-metadata')!.detail, /^9 writers, \d+ components$/);
  assert.equal(byId.get('com.security')!.hresultName, 'S_OK');
  assert.equal(byId.get('com.exceptions')!.detail, 'COMGLB_EXCEPTION_DONOT_HANDLE');
  assert.equal(byId.get('dll.vssapi')!.detail, byId.get('dll.ole32')!.detail, 'one stand-in stands for every library');
  assert.ok(path.isAbsolute(byId.get('dll.vssapi')!.detail), 'loaded by absolute path');
  assert.equal(byId.get('system.elevation')!.status, process.platform === 'win32' ? 'pass' : 'skip');
});

test('selftest: never creates, deletes or changes anything: the machine\'s state and the audit log are byte-identical afterwards', async () => {
  m = freshMachine();
  host = inProcessApi(m);
  await host.api.createShadows({ volumes: ['C:'] }); // so the audit log has something to lose
  const machineBefore = snapshot(m.root);
  const dataBefore = snapshot(host.dataDir);
  const auditBefore = readFileSync(auditFilePath(host.dataDir));
  assert.ok(auditBefore.length > 0);
  const { report: r } = await host.api.selftest({});
  assert.equal(r.passed, true);
  assert.deepEqual(snapshot(m.root), machineBefore, 'state.json, shadows/, volumes/ and machine.json unchanged');
  assert.deepEqual(snapshot(host.dataDir), dataBefore, 'the data folder unchanged');
  assert.deepEqual(readFileSync(auditFilePath(host.dataDir)), auditBefore, 'nothing appended to the audit log');
  assert.equal((await host.api.listShadows({})).length, 9, 'the same copies');
});

test('selftest CLI: a table, Markdown to send back and JSON, through the real host; exit 0 when nothing failed', async () => {
  m = freshMachine();
  client = new HostClient({ env: { ...process.env, SHADOWDESK_SIM_ROOT: m.root, SHADOWDESK_DATA_DIR: path.join(m.root, 'data') } });
  const api = createApi(client);
  const table = await cli(api, ['selftest']);
  assert.equal(table.code, 0, table.out);
  assert.match(table.out, /List shadow copies \(every context\)\s+PASS\s+S_OK \(0x00000000\)\s+8 copies in 4 sets/);
  assert.match(table.out, /Passed: nothing failed\./);
  const md = await cli(api, ['selftest', '--markdown']);
  assert.match(md.out, /^# ShadowDesk self-test: /m);
  assert.match(md.out, /^\| Check \| Result \| HRESULT \| Detail \| Time \|$/m);
  assert.match(md.out, /^\| CoInitializeSecurity `com\.security` \| \*\*PASS\*\* \| S_OK \(0x00000000\) \|/m);
  const json = await cli(api, ['selftest', '--json']);
  const report = JSON.parse(json.out) as SelftestReport;
  assert.equal(report.passed, true);
  assert.ok(report.checks.every((c) => typeof c.ms === 'number' && c.name.length > 0));
});

test('selftest: unelevated, the access failures are fails with E_ACCESSDENIED, not a crash, and the exit code says so', async () => {
  m = freshMachine();
  client = new HostClient({ env: { ...process.env, SHADOWDESK_SIM_ROOT: m.root, SHADOWDESK_DATA_DIR: path.join(m.root, 'data'), SHADOWDESK_SIM_ELEVATED: '0' } });
  const api = createApi(client);
  await api.about({}); // the host's COM start-up happens before the refusals begin, as it would unelevated
  // Real VSS refuses a requester that is not an elevated administrator with E_ACCESSDENIED at
  // CreateVssBackupComponents and CoCreateInstance(CLSID_VssSnapshotMgmt) ("Security Considerations
  // for Requesters"); faults.json makes the stand-in refuse the same way whatever its access model.
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify([
    { method: 'vssapi::CreateVssBackupComponentsInternal', hresult: 'E_ACCESSDENIED', count: -1 },
    { method: 'ole32::CoCreateInstance', hresult: 'E_ACCESSDENIED', count: -1 },
  ]));
  const json = await cli(api, ['selftest', '--json']);
  assert.equal(json.code, 1, 'a failed check makes the exit code non-zero');
  const r = JSON.parse(json.out) as SelftestReport;
  const byId = new Map(r.checks.map((c) => [c.id, c]));
  assert.equal(r.passed, false);
  assert.equal(byId.get('system.elevation')!.status, 'fail');
  assert.match(byId.get('system.elevation')!.detail, /E_ACCESSDENIED/);
  // vss.volumes is left out: volumes may still list from kernel32 facts without VSS.
  for (const id of VSS_CHECKS.filter((x) => x !== 'vss.volumes')) {
    const c = byId.get(id)!;
    assert.equal(c.status, 'fail', id);
    assert.equal(c.hresultName, 'E_ACCESSDENIED', id);
    assert.equal(c.hresult, 0x80070005, id);
  }
  assert.equal(byId.get('com.security')!.status, 'pass', 'COM itself is not refused');
  const table = await cli(api, ['selftest']);
  assert.match(table.out, /List providers\s+FAIL\s+E_ACCESSDENIED \(0x80070005\)/);
  assert.match(table.out, /Failed: \d+ of \d+ checks\./);
});
