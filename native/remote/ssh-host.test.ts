import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sshSkipReason, startSshServer, untilRemoteHostsExit, type SshServer } from '../testing/ssh-server.js';
import { describeSshEnd, sshArgs, sshSpawner } from './ssh-host.js';
import { HostClient } from '../host/host-client.js';
import { RemoteError } from '../contract/remote-error.js';

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
const REMOTE_COMMAND = `"${process.execPath}" "${MAIN}" host`;
const skip = sshSkipReason() ?? false;

let server: SshServer | undefined;
let base = '';
const remote = { root: '', data: '' };

before(async () => {
  if (skip) return;
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'shadowdesk-remote-'));
  remote.root = path.join(base, 'remote-machine');
  remote.data = path.join(base, 'remote-data');
  server = await startSshServer({ SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: remote.root, SHADOWDESK_DATA_DIR: remote.data });
});
after(async () => {
  if (skip) return;
  await server?.stop();
  // A host whose link was cut finishes its current step on its own (as on a real computer) before it
  // exits: wait for it, so its folders are not removed under it.
  await untilRemoteHostsExit(MAIN);
  if (base) fs.rmSync(base, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

/** Runs the real command line here, as a helpdesk would, with this computer's own simulated machine elsewhere. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: {
        ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, 'local-machine'), SHADOWDESK_DATA_DIR: path.join(base, 'local-data'),
        SHADOWDESK_SSH_CONFIG: server!.config(), SHADOWDESK_REMOTE_COMMAND: REMOTE_COMMAND, SHADOWDESK_LANG: 'en', ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

test('ssh arguments: batch mode (never a prompt), no terminal, and the target after -- so it is never read as an option', () => {
  assert.deepEqual(sshArgs({ target: '-oProxyCommand=evil', configFile: '/tmp/c' }), [
    '-F', '/tmp/c', '-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=15', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=2',
    '--', '-oProxyCommand=evil', 'shadowdesk host',
  ]);
});

test('ssh ends in words: a known link drop, and what is left to the plain message', () => {
  const lost = describeSshEnd('ana-laptop', { code: 255, signal: null, stderr: 'Connection to 10.0.0.5 closed by remote host.', wasReady: true }, 'en');
  assert.equal(lost?.code, 'CONNECTION_LOST');
  const it = describeSshEnd('ana-laptop', { code: 255, signal: null, stderr: 'ssh: Could not resolve hostname ana-laptop: Name or service not known', wasReady: false }, 'it');
  assert.equal(it?.code, 'SSH_UNREACHABLE');
  assert.match(it!.message, /Impossibile raggiungere ana-laptop con SSH/);
});

test('no ssh client on this computer: one sentence saying what to install, not a spawn error', async () => {
  const client = new HostClient({ lang: 'it', spawn: sshSpawner({ target: 'ana-laptop', sshPath: path.join(os.tmpdir(), 'no-such-ssh-client') }) });
  await assert.rejects(client.call('listVolumes', {}), (err: unknown) =>
    err instanceof RemoteError && err.data.code === 'SSH_CLIENT_MISSING' && /client SSH/.test(err.data.message) && /OpenSSH/.test(err.data.next ?? ''));
  await client.close();
});

test('--computer: volumes and a new copy are the other computer\'s, reached through the system\'s ssh and an ~/.ssh/config alias', { skip }, async () => {
  const volumes = await cli(['--computer', 'ana-laptop', 'volumes', '--json']);
  assert.equal(volumes.code, 0, volumes.err);
  assert.ok((JSON.parse(volumes.out) as { name: string }[]).some((v) => v.name === 'C:\\'));
  const made = await cli(['--computer', 'ana-laptop', 'create', '--volume', 'C:', '--json']);
  assert.equal(made.code, 0, made.err);
  const id = (JSON.parse(made.out) as { shadows: { id: string }[] }).shadows[0]!.id;
  // The copy is on the remote machine (its own folder), not on this computer's.
  const there = await cli(['shadows', '--json'], { SHADOWDESK_SIM_ROOT: remote.root, SHADOWDESK_DATA_DIR: remote.data });
  assert.ok((JSON.parse(there.out) as { id: string }[]).some((s) => s.id === id));
  const here = await cli(['shadows', '--json']);
  assert.ok(!(JSON.parse(here.out) as { id: string }[]).some((s) => s.id === id));
  // And its audit log is the remote one.
  const audit = JSON.parse((await cli(['--computer', 'ana-laptop', 'audit', '--json'])).out) as { action: string; detail?: { shadowIds?: string[] } }[];
  assert.deepEqual(audit[0]?.detail?.shadowIds, [id]);
});

test('--computer: a restore runs on the other computer, into its own files, and is in its restore history', { skip }, async () => {
  const shadows = JSON.parse((await cli(['--computer', 'ana-laptop', 'shadows', '--volume', 'C:', '--json'])).out) as { id: string }[];
  const oldest = shadows[0]!.id;
  // todo.txt was deleted from the desktop after the demo's first copy was made.
  const file = path.join(remote.root, 'volumes', 'C', 'Users', 'ana', 'Desktop', 'todo.txt');
  assert.equal(fs.existsSync(file), false);
  const r = await cli(['--computer', 'ana-laptop', 'restore', oldest, 'C:\\Users\\ana\\Desktop\\todo.txt', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.ok(fs.existsSync(file), 'the file is back on the remote machine');
  assert.equal(fs.existsSync(path.join(base, 'local-machine', 'volumes', 'C', 'Users', 'ana', 'Desktop', 'todo.txt')), false, 'and not here');
  const history = JSON.parse((await cli(['--computer', 'ana-laptop', 'restores', '--json'])).out) as { restoreId: string }[];
  assert.equal(history[0]?.restoreId, (JSON.parse(r.out) as { restoreId: string }).restoreId);
});

test('an unknown host key is refused in one sentence with the next step; nothing is asked', { skip }, async () => {
  const r = await cli(['--computer', 'ana-laptop', 'volumes'], { SHADOWDESK_SSH_CONFIG: server!.config({ trustHostKey: false }) });
  assert.equal(r.code, 1);
  assert.match(r.err, /ana-laptop's host key is not one you know \(or it changed\), so the connection was refused\./);
  assert.match(r.err, /Connect once with "ssh ana-laptop" in a terminal/);
});

test('a key the computer does not accept: refused in words, and no password is tried', { skip }, async () => {
  const r = await cli(['--computer', 'ana-laptop', 'volumes'], { SHADOWDESK_SSH_CONFIG: server!.config({ key: 'stranger' }) });
  assert.equal(r.code, 1);
  assert.match(r.err, /ana-laptop refused the login: ShadowDesk uses your SSH keys and agent, never a password\./);
});

test('a computer without ShadowDesk says so, and one whose ShadowDesk speaks an older protocol says which to update', { skip }, async () => {
  const none = await cli(['--computer', 'ana-laptop', 'volumes'], { SHADOWDESK_REMOTE_COMMAND: 'shadowdesk-not-installed host' });
  assert.equal(none.code, 1);
  assert.match(none.err, /ShadowDesk is not installed on ana-laptop, or its command is not on that account's PATH\./);
  const hello = JSON.stringify({ t: 'ready', pid: 1, backend: 'windows', recovered: 0, backupPrivilege: true, protocol: 0, version: '0.0.9' });
  const older = await cli(['--computer', 'ana-laptop', 'volumes'], { SHADOWDESK_REMOTE_COMMAND: `echo '${hello}'; sleep 5` });
  assert.equal(older.code, 1);
  assert.match(older.err, /ShadowDesk on ana-laptop \(0\.0\.9\) is older than this one and they cannot talk: update the one on ana-laptop\./);
});

test('a link cut in the middle of a call fails it with "connection lost", and the next call reconnects', { skip }, async () => {
  // Six scheduled copies on the demo machine take about six seconds (its realistic delays): time to cut the link.
  assert.equal((await cli(['--computer', 'ana-laptop', 'schedule', 'add', 'Hourly', '--volume', 'D:', '--every', '1h'])).code, 0);
  const until = new Date(Date.now() + 6 * 3600_000 + 60_000).toISOString();
  const running = cli(['--computer', 'ana-laptop', 'schedule', 'tick', '--until', until]);
  await new Promise((r) => setTimeout(r, 2500));
  assert.ok(server!.sessions().length > 0, 'the tick runs over ssh');
  for (const pid of server!.sessions()) process.kill(pid, 'SIGKILL');
  const r = await running;
  assert.equal(r.code, 1);
  assert.match(r.err, /The connection to ana-laptop was lost\./);
  const again = await cli(['--computer', 'ana-laptop', 'volumes', '--json']);
  assert.equal(again.code, 0, again.err);
});
