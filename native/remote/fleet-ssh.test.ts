import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, sshSkipReason, startSilentListener, startSshServer, untilRemoteHostsExit, writeFleetConfig, type SshServer } from '../testing/ssh-server.js';
import type { FleetReport } from './computer-types.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
const REMOTE_COMMAND = `"${process.execPath}" "${MAIN}" host`;
const reason = sshSkipReason();
if (reason) process.stdout.write(`# fleet over ssh skipped: ${reason}\n`);
const skip = reason ?? false;

const servers: SshServer[] = [];
let silent: Awaited<ReturnType<typeof startSilentListener>> | undefined;
let base = '';
let config = '';

before(async () => {
  if (skip) return;
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'shadowdesk-fleet-'));
  // Three computers, each sshd with its own simulated machine and data folder.
  for (const name of ['ana', 'bruno', 'carla']) {
    servers.push(await startSshServer({ SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, `${name}-machine`), SHADOWDESK_DATA_DIR: path.join(base, `${name}-data`) }));
  }
  silent = await startSilentListener();
  config = writeFleetConfig(base, [
    { alias: 'pc-ana', server: servers[0]! },
    { alias: 'pc-bruno', server: servers[1]! },
    { alias: 'pc-carla', server: servers[2]! },
    { alias: 'pc-gone', port: await freePort() },
    { alias: 'pc-silent', port: silent.port },
  ]);
});

after(async () => {
  if (skip) return;
  await silent?.close();
  for (const s of servers) await s.stop();
  await untilRemoteHostsExit(MAIN);
  if (base) fs.rmSync(base, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});


/** The real command line, here, with a list of computers on its standard input. */
function cli(args: string[], stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: {
        ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, 'local-machine'), SHADOWDESK_DATA_DIR: path.join(base, 'local-data'),
        SHADOWDESK_SSH_CONFIG: config, SHADOWDESK_REMOTE_COMMAND: REMOTE_COMMAND, SHADOWDESK_LANG: 'en',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

test('fleet doctor over real ssh: three computers answer, one refuses at once, one that never answers times out alone', { skip }, async () => {
  const hosts = '# the accounts floor\npc-ana\npc-silent\npc-bruno\npc-gone   # retired\n\npc-carla\npc-ana\n';
  const r = await cli(['fleet', 'doctor', '--hosts', '-', '--timeout', '12', '--json'], hosts);
  assert.equal(r.code, 4, r.err);
  const report = JSON.parse(r.out) as FleetReport;
  assert.deepEqual(report.rows.map((x) => [x.target, x.status]), [
    ['pc-ana', 'ok'], ['pc-silent', 'timeout'], ['pc-bruno', 'ok'], ['pc-gone', 'unreachable'], ['pc-carla', 'ok'],
  ]);
  for (const row of report.rows.filter((x) => x.status === 'ok')) {
    assert.equal(row.hostname, os.hostname());
    assert.ok(row.version);
    assert.equal(row.elevated, null, 'the simulated machine needs no elevation');
    assert.ok(row.volumes.some((v) => v.volume === 'C:\\' && v.copies > 0), `${row.target} has the demo machine's copies`);
    assert.ok(row.newestCopyAgeHours !== null);
  }
  assert.equal(report.rows[1]!.error?.code, 'FLEET_TIMEOUT');
  assert.match(report.rows[1]!.error!.message, /pc-silent did not answer within 12 seconds\./);
  assert.equal(report.rows[3]!.error?.code, 'SSH_UNREACHABLE');
  // Each row streamed as it came (on standard error with --json): the silent computer's was the last,
  // after every other computer had finished.
  const streamed = r.err.split('\n').filter((l) => /^\[\d\/5\]/.test(l));
  assert.equal(streamed.length, 5);
  assert.match(streamed.at(-1)!, /^\[5\/5\] ✖ pc-silent · no answer · pc-silent did not answer within 12 seconds\./);
  assert.ok(silent!.connections() >= 1, 'ssh did reach the silent listener');
});

test('fleet doctor over real ssh in Italian, as CSV: the rows and the refusal in Italian', { skip }, async () => {
  const r = await cli(['fleet', 'doctor', '--computer', 'pc-carla', '--computer', 'pc-gone', '--csv', '--lang', 'it'], '');
  assert.equal(r.code, 4, r.err);
  const lines = r.out.trimEnd().split('\r\n');
  assert.ok(lines[0]!.startsWith('Computer,Stato,Nome,Versione,Amministratore,Copie per volume'));
  assert.match(lines[1]!, /^pc-carla,ok,/);
  assert.match(lines[2]!, /^pc-gone,irraggiungibile,.*,SSH_UNREACHABLE,Impossibile raggiungere pc-gone con SSH\.,\d+$/);
  assert.match(r.err, /2 computer: 1 controllati, 1 irraggiungibili/);
});
