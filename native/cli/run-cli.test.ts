import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { churnC, setMachineKeys } from '../testing/storage-churn.js';
import { runCli, type CliIo } from './run-cli.js';

let m: SimMachine | undefined;
let hosts: Map<string, InProcessApi> = new Map();
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  for (const h of hosts.values()) h.dispose();
  m?.dispose();
  m = undefined;
  hosts = new Map();
});

async function cli(args: string[], confirm?: (q: string) => Promise<boolean>) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), ...(confirm ? { confirm } : {}) };
  // As in the real CLI, the language is chosen once per process: the host speaks it.
  const lang = args.includes('it') && args[args.indexOf('it') - 1] === '--lang' ? 'it' : 'en';
  if (!hosts.has(lang)) hosts.set(lang, inProcessApi(m!, lang));
  const code = await runCli(args, io, hosts.get(lang)!.api);
  return { code, out, err };
}

test('cli: volumes, shadows, writers, providers and storage as --json with the documented fields', async () => {
  m = freshMachine();
  const vols = JSON.parse((await cli(['volumes', '--json'])).out);
  assert.ok(vols.some((v: { name: string }) => v.name === 'C:\\'));
  const shadows = JSON.parse((await cli(['shadows', '--json', '--volume', 'C:'])).out);
  assert.ok(shadows.length >= 3);
  for (const key of ['id', 'setId', 'volume', 'volumeGuidPath', 'deviceObject', 'createdAt', 'attributes', 'context', 'providerId', 'originatingMachine']) {
    assert.ok(key in shadows[0], `shadow field ${key}`);
  }
  assert.ok(shadows.every((s: { volume: string }) => s.volume === 'C:\\'));
  assert.match(shadows[0].createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const writers = JSON.parse((await cli(['writers', '--json'])).out);
  for (const key of ['name', 'writerId', 'instanceId', 'state', 'stateCode', 'lastError', 'lastErrorCode']) assert.ok(key in writers[0], `writer field ${key}`);
  const storage = JSON.parse((await cli(['storage', '--json'])).out);
  for (const key of ['volume', 'storageVolume', 'usedBytes', 'allocatedBytes', 'maxBytes']) assert.ok(key in storage[0], `storage field ${key}`);
  const providers = JSON.parse((await cli(['providers', '--json'])).out);
  assert.equal(providers[0].id, '{b5946137-7b9f-4925-af80-51abd60b20d5}');
});

test('cli: readable tables by default', async () => {
  m = freshMachine();
  const v = await cli(['volumes']);
  assert.equal(v.code, 0);
  assert.match(v.out, /^Volume\s+Label\s+FS/m);
  assert.match(v.out, /^C:\\\s+/m);
  const w = await cli(['writers']);
  assert.match(w.out, /System Writer\s+\[1\] STABLE\s+No error/);
  const s = await cli(['shadows']);
  assert.match(s.out, /^Set \{[0-9a-f-]+\}\s+created /m);
});

test('cli: create, storage resize and delete round trip', async () => {
  m = freshMachine();
  const created = JSON.parse((await cli(['create', '--volume', 'C:', '--volume', 'D:', '--json'])).out);
  assert.equal(created.shadows.length, 2);
  const resized = await cli(['storage', 'resize', '--volume', 'D:', '--max', 'unbounded', '--json']);
  assert.equal(JSON.parse(resized.out).area.maxBytes, null);
  const del = await cli(['delete', '--set', created.setId, '--yes', '--json']);
  assert.equal(del.code, 0);
  assert.equal(JSON.parse(del.out).deletedCount, 2);
});

test('cli: a create with writers names the writers that failed without failing it, in English and Italian', async () => {
  m = freshMachine();
  const file = path.join(m.root, 'machine.json');
  const machine = JSON.parse(readFileSync(file, 'utf8')) as { writers: Record<string, unknown>[] };
  machine.writers.find((w) => w.name === 'Registry Writer')!.failAt = { phase: 'freeze', error: 'VSS_E_WRITERERROR_RETRYABLE' };
  writeFileSync(file, JSON.stringify(machine));
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
  const en = await cli(['create', '--volume', 'D:', '--with-writers']);
  assert.equal(en.code, 0, en.err);
  assert.match(en.out, /Warning: Registry Writer reported a failure \(FAILED_AT_FREEZE, VSS_E_WRITERERROR_RETRYABLE\)\. It keeps no data on these volumes, so the copy stands/);
  const json = JSON.parse((await cli(['create', '--volume', 'D:', '--with-writers', '--json'])).out);
  assert.deepEqual(json.warnings.map((w: { name: string; reason: string }) => [w.name, w.reason]), [['Registry Writer', 'not-on-these-volumes']]);
  const it = await cli(['create', '--volume', 'D:', '--with-writers', '--lang', 'it']);
  assert.match(it.out, /Attenzione: Registry Writer ha segnalato un errore/);
});

test('cli: delete asks first, names what it will delete, and does nothing on "no"', async () => {
  m = freshMachine();
  const oldest = m.client.listShadows({ volume: 'C:' })[0]!;
  let asked = '';
  const no = await cli(['delete', '--oldest', '--volume', 'C:'], async (q) => ((asked = q), false));
  assert.equal(no.code, 1);
  assert.ok(asked.includes(oldest.id), 'the question names the copy');
  assert.ok(m.client.listShadows().some((s) => s.id === oldest.id), 'still there');
  const noTerminal = await cli(['delete', '--oldest', '--volume', 'C:']);
  assert.notEqual(noTerminal.code, 0);
  assert.match(noTerminal.err, /--yes/);
  const yes = await cli(['delete', '--oldest', '--volume', 'C:'], async () => true);
  assert.equal(yes.code, 0);
  assert.ok(!m.client.listShadows().some((s) => s.id === oldest.id));
});

test('cli: a shrink that deletes copies needs confirmation', async () => {
  m = freshMachine();
  setMachineKeys(m.root, { minDiffAreaFileSizeMB: 1 });
  churnC(m, 3);
  const r = await cli(['storage', 'resize', '--volume', 'C:', '--max', '2MB']);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /oldest shadow copies/);
  const yes = await cli(['storage', 'resize', '--volume', 'C:', '--max', '2MB'], async () => true);
  assert.equal(yes.code, 0);
  assert.match(yes.out, /Deleted by Windows so far .*\{[0-9a-f-]+\}/, 'the copies gone, read again after the resize, as "so far"');
});

test('cli: storage resize and add below the minimum Windows accepts are refused before calling, naming the minimum', async () => {
  m = freshMachine();
  const faults = [{ method: 'ChangeDiffAreaMaximumSize', hresult: 'E_UNEXPECTED', count: 1 }, { method: 'AddDiffArea', hresult: 'E_UNEXPECTED', count: 1 }];
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify(faults));
  const en = await cli(['storage', 'resize', '--volume', 'C:', '--max', '300MB']);
  assert.equal(en.code, 1);
  assert.match(en.err, /below the smallest shadow storage Windows accepts, 320 MB/);
  const it = await cli(['storage', 'add', '--volume', 'D:', '--on', 'C:', '--max', '100MB', '--lang', 'it']);
  assert.equal(it.code, 1);
  assert.match(it.err, /minimo .*320 MB/);
  assert.deepEqual(JSON.parse(readFileSync(path.join(m.root, 'faults.json'), 'utf8')), faults, 'VSS was never asked');
  setMachineKeys(m.root, { minDiffAreaFileSizeMB: 512 });
  assert.match((await cli(['storage', 'resize', '--volume', 'C:', '--max', '400MB'])).err, /512 MB/, 'the minimum is the one Windows reports');
});

test('cli: failures exit non-zero with the HRESULT name, hex and a plain sentence, in English or Italian', async () => {
  m = freshMachine();
  const en = await cli(['create', '--volume', 'E:', '--lang', 'en']);
  assert.equal(en.code, 1);
  assert.match(en.err, /^VSS_E_VOLUME_NOT_SUPPORTED \(0x8004230C\): \S.+/m);
  const it = await cli(['create', '--volume', 'E:', '--lang', 'it']);
  assert.match(it.err, /^VSS_E_VOLUME_NOT_SUPPORTED \(0x8004230C\): /m);
  assert.notEqual(it.err.split('\n')[0], en.err.split('\n')[0], 'the sentence is translated');
  const json = await cli(['delete', '--shadow', '{12345678-1234-1234-1234-123456789abc}', '--yes', '--json']);
  const data = JSON.parse(json.err).error;
  assert.equal(data.hresultName, 'VSS_E_OBJECT_NOT_FOUND');
  assert.equal(data.hresult, 0x80042308);
  assert.ok(data.message.length > 10);
  const unknown = await cli(['frobnicate']);
  assert.equal(unknown.code, 2);
  const badSize = await cli(['storage', 'resize', '--volume', 'C:', '--max', 'lots', '--lang', 'it']);
  assert.match(badSize.err, /non è una dimensione/);
});

test('cli: the entry point runs as a program', () => {
  m = freshMachine();
  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
  const env = { ...process.env, SHADOWDESK_SIM_ROOT: m.root, SHADOWDESK_DATA_DIR: path.join(m.root, 'data') };
  const r = spawnSync(process.execPath, [main, 'volumes', '--json'], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(JSON.parse(r.stdout).some((v: { name: string }) => v.name === 'D:\\'));
  const bad = spawnSync(process.execPath, [main, 'create', '--volume', 'E:', '--lang', 'it'], { env, encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^VSS_E_VOLUME_NOT_SUPPORTED \(0x8004230C\): Non è possibile/m);
});
