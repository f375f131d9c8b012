import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { natives } from '../ffi/natives.js';
import { ensureComInitialized } from '../ffi/com-init.js';
import { guidToStruct } from '../ffi/guid.js';
import { CLSCTX_ALL, IDS } from '../ffi/constants.js';
import { VssError } from '../ffi/hresult.js';
import { runCapturedCli } from '../testing/captured-cli.js';

// Real VSS refuses every requester call from a process that is not an elevated administrator, a backup
// operator or LocalSystem with E_ACCESSDENIED (Microsoft Learn, "Security Considerations for Requesters").
// SHADOWDESK_SIM_ELEVATED=0 makes the stand-in play such a process.
const E_ACCESSDENIED = 0x80070005;

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
afterEach(() => {
  delete process.env.SHADOWDESK_SIM_ELEVATED;
  if (m) assertNoLeaks(m.sim);
  host?.dispose();
  m?.dispose();
  m = undefined;
  host = undefined;
});

function unelevated(): SimMachine {
  const machine = freshMachine();
  process.env.SHADOWDESK_SIM_ELEVATED = '0';
  return machine;
}

const denied = (e: unknown) => e instanceof VssError && e.hresult >>> 0 === E_ACCESSDENIED;

test('access: unelevated, every way into VSS is refused with E_ACCESSDENIED before any object exists', () => {
  m = unelevated();
  const n = natives();
  ensureComInitialized();
  const out: [unknown] = [null];
  assert.equal(n.CreateVssBackupComponentsInternal(out) >>> 0, E_ACCESSDENIED, 'CreateVssBackupComponents');
  assert.ok(!out[0], 'no IVssBackupComponents handed out');
  const mgmt: [unknown] = [null];
  assert.equal(
    n.CoCreateInstance(guidToStruct(IDS.CLSID_VssSnapshotMgmt), null, CLSCTX_ALL, guidToStruct(IDS.IID_IVssSnapshotMgmt), mgmt) >>> 0,
    E_ACCESSDENIED,
    'CoCreateInstance(CLSID_VssSnapshotMgmt)',
  );
  assert.ok(!mgmt[0], 'no IVssSnapshotMgmt handed out');
  const isSnapshotted = n.libs.vssapi.func('int32_t __stdcall IsVolumeSnapshottedInternal(const char16_t *vol, _Out_ int32_t *present, _Out_ int32_t *cap)');
  assert.equal((isSnapshotted('C:\\', [0], [0]) as number) >>> 0, E_ACCESSDENIED, 'IsVolumeSnapshotted');
  // An unknown class is still unknown, whoever asks.
  const other: [unknown] = [null];
  assert.equal(n.CoCreateInstance(guidToStruct(IDS.IID_IVssSnapshotMgmt), null, CLSCTX_ALL, guidToStruct(IDS.IID_IVssSnapshotMgmt), other) >>> 0, 0x80040154, 'REGDB_E_CLASSNOTREG');
});

test('access: unelevated, volumes still list from kernel32 with their protection unknown; every VSS listing is refused', () => {
  m = unelevated();
  const vols = m.client.listVolumes();
  const c = vols.find((v) => v.name === 'C:\\');
  assert.ok(c, 'C: is listed without administrator rights');
  assert.equal(c.label, 'Windows');
  assert.equal(c.fileSystem, 'NTFS');
  assert.ok(c.capacityBytes !== null && c.capacityBytes > 0 && c.freeBytes !== null && c.freeBytes < c.capacityBytes);
  for (const v of vols) assert.equal(v.shadowCopySupported, null, `${v.name}: VSS did not say, so it is unknown, not "not supported"`);
  const client = m.client;
  assert.throws(() => client.listShadows(), denied, 'shadows');
  assert.throws(() => client.listWriters(), denied, 'writers');
  assert.throws(() => client.listProviders(), denied, 'providers');
  assert.throws(() => client.listStorage(), denied, 'storage');
  assert.throws(() => client.createShadows({ volumes: ['C:'] }), denied, 'create');
  // The same machine as an administrator: nothing was changed by the refusals.
  delete process.env.SHADOWDESK_SIM_ELEVATED;
  assert.equal(client.listVolumes().find((v) => v.name === 'C:\\')!.shadowCopySupported, true);
  assert.ok(client.listShadows().length > 0);
});

async function cli(args: string[], lang: 'en' | 'it' = 'en') {
  host ??= inProcessApi(m!, lang);
  return runCapturedCli(args, host.api, { lang });
}

test('access: unelevated, the CLI lists volumes and says plainly why everything else fails, with a non-zero exit', async () => {
  m = unelevated();
  const vols = await cli(['volumes']);
  assert.equal(vols.code, 0, vols.err);
  assert.match(vols.out, /^C:\\ +Windows +NTFS/m);
  assert.match(vols.out, /unknown without administrator rights/);
  const json = await cli(['volumes', '--json']);
  assert.equal(JSON.parse(json.out).find((v: { name: string }) => v.name === 'C:\\').shadowCopySupported, null);
  for (const command of [['shadows'], ['writers'], ['storage'], ['create', '--volume', 'C:']]) {
    const r = await cli(command);
    assert.equal(r.code, 1, `${command.join(' ')} exits non-zero`);
    assert.match(r.err, /Access was denied: this action needs administrator rights\./, command.join(' '));
    assert.match(r.err, /Run as administrator/, `${command.join(' ')} says how to get the rights`);
  }
  host?.dispose();
  host = undefined;
  const it = await cli(['shadows'], 'it');
  assert.match(it.err, /richiede i privilegi di amministratore/);
});
