import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, type SimMachine } from '../testing/sim-machine.js';
import { createApi, type ShadowDeskApi } from '../contract/api.js';
import { HostClient } from '../host/host-client.js';
import { runCli, type CliIo } from '../cli/run-cli.js';

// Each host is a fresh process, so its COM start-up is the first of that process: the only way to
// see what a real requester sees when something else set COM security first.
let m: SimMachine | undefined;
let client: HostClient | undefined;
afterEach(async () => {
  await client?.close();
  m?.dispose();
  m = undefined;
  client = undefined;
});

function startHost(machine: SimMachine, lang: 'en' | 'it' = 'en'): ShadowDeskApi {
  client = new HostClient({ lang, env: { ...process.env, SHADOWDESK_SIM_ROOT: machine.root, SHADOWDESK_DATA_DIR: path.join(machine.root, 'data') } });
  return createApi(client);
}

async function cli(api: ShadowDeskApi, args: string[], lang: 'en' | 'it' = 'en') {
  let out = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (out += `${t}\n`) };
  const code = await runCli(args, io, api, lang);
  return { code, out };
}

test('about and doctor: a host that set COM security itself says so, and doctor has nothing to report about COM', async () => {
  m = freshMachine();
  const api = startHost(m);
  const about = await api.about({});
  assert.ok(about.com, 'about carries the COM start-up');
  assert.equal(about.com.coInitializeEx.hresultName, 'S_OK');
  assert.equal(about.com.coInitializeSecurity.hresultName, 'S_OK');
  assert.equal(about.com.securityOurs, true);
  assert.deepEqual(about.com.exceptionHandling, { hresult: 0, hresultName: 'S_OK', step: 'Set', set: true });
  const { report } = await api.doctor({});
  assert.deepEqual(report.findings.filter((f) => f.subject === 'COM'), []);
  const table = await cli(api, ['about']);
  assert.match(table.out, /CoInitializeSecurity\s+S_OK \(0x00000000\), set by ShadowDesk/);
  assert.match(table.out, /COM exceptions\s+S_OK \(0x00000000\), off \(COMGLB_EXCEPTION_DONOT_HANDLE\)/);
});

test('about and doctor: CoInitializeSecurity answering RPC_E_TOO_LATE is reported, with what it means for writers', async () => {
  m = freshMachine();
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify([{ method: 'ole32::CoInitializeSecurity', hresult: 'RPC_E_TOO_LATE', count: -1 }]));
  const api = startHost(m);
  const vols = await api.listVolumes({});
  assert.ok(vols.length > 0, 'COM still works: listing is not affected');
  const about = await api.about({});
  assert.equal(about.com?.coInitializeSecurity.hresultName, 'RPC_E_TOO_LATE');
  assert.equal(about.com?.coInitializeSecurity.hresult, 0x80010119);
  assert.equal(about.com?.securityOurs, false);

  const { report, markdown } = await api.doctor({});
  const finding = report.findings.find((f) => f.id === 'com-security-preset');
  assert.ok(finding, 'doctor has a COM finding');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.detail, /RPC_E_TOO_LATE \(0x80010119\)/);
  assert.match(finding.detail, /callbacks may be refused/);
  assert.match(markdown, /COM security was already set by someone else/);

  const table = await cli(api, ['about']);
  assert.match(table.out, /CoInitializeSecurity\s+RPC_E_TOO_LATE \(0x80010119\), already set by someone else: writers' callbacks may be refused/);
  await client!.close();
  const it = await cli(startHost(m, 'it'), ['doctor'], 'it');
  assert.match(it.out, /La sicurezza COM era già stata impostata da altro codice/);
});
