import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's OpenSSH server. */
export const SSHD = '/usr/sbin/sshd';

/**
 * Why the SSH tests cannot run here, or undefined when they can: they start Debian's real OpenSSH
 * server on 127.0.0.1, which needs the package and root (sshd changes to the logged-in user).
 */
export function sshSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'the SSH tests start Debian\'s OpenSSH server, on Linux only';
  if (!fs.existsSync(SSHD)) return 'no OpenSSH server here (apt-get install openssh-server; .ci/run installs it)';
  if (process.getuid?.() !== 0) return 'sshd must run as root to log a user in; run the SSH tests as root (CI does)';
  if (spawnSync('ssh', ['-V'], { encoding: 'utf8' }).error) return 'no ssh client here (apt-get install openssh-client)';
  return undefined;
}

/** A real OpenSSH server on a free port of 127.0.0.1, with throwaway keys, for one test file. */
export interface SshServer {
  port: number;
  dir: string;
  /** An ssh config file that reaches the server as `alias`, trusting its host key, with the user's throwaway key. */
  config(options?: { alias?: string; trustHostKey?: boolean; key?: 'user' | 'stranger' }): string;
  /** The line a known_hosts file needs to trust this server (`[127.0.0.1]:PORT key`). */
  knownHostsLine: string;
  /** The throwaway private key authorized_keys accepts. */
  userKey: string;
  /** The sshd processes serving connections now (one per session), so a test can cut one. */
  sessions(): number[];
  stop(): Promise<void>;
}

/** A port of 127.0.0.1 nobody listens on now: a connection there is refused at once. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function keygen(file: string): string {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'shadowdesk-test', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

/**
 * Starts sshd: its own host key, a user key that authorized_keys accepts and a stranger's it does
 * not, password logins off, and `env` set in each session (sshd_config SetEnv), so the host on the
 * "remote" side runs its own simulated machine and data folder.
 */
export async function startSshServer(env: Record<string, string>): Promise<SshServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadowdesk-sshd-'));
  const hostPub = keygen(path.join(dir, 'host_key'));
  const userPub = keygen(path.join(dir, 'user_key'));
  keygen(path.join(dir, 'stranger_key'));
  fs.writeFileSync(path.join(dir, 'authorized_keys'), `${userPub}\n`, { mode: 0o600 });
  const port = await freePort();
  const setEnv = Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
  fs.writeFileSync(path.join(dir, 'sshd_config'), [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'LogLevel INFO',
    ...(setEnv ? [`SetEnv ${setEnv}`] : []),
    '',
  ].join('\n'));
  fs.mkdirSync('/run/sshd', { recursive: true }); // its privilege separation folder
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${log}`)), 10_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      log += d;
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited ${code}: ${log}`));
    });
  });
  const user = os.userInfo().username;
  let configs = 0;
  return {
    port,
    dir,
    knownHostsLine: `[127.0.0.1]:${port} ${hostPub}`,
    userKey: path.join(dir, 'user_key'),
    config({ alias = 'ana-laptop', trustHostKey = true, key = 'user' } = {}) {
      const known = path.join(dir, `known_hosts_${configs}`);
      fs.writeFileSync(known, trustHostKey ? `[127.0.0.1]:${port} ${hostPub}\n` : '');
      const file = path.join(dir, `ssh_config_${configs++}`);
      fs.writeFileSync(file, [
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${path.join(dir, `${key}_key`)}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${known}`,
        '  StrictHostKeyChecking yes',
        '  LogLevel ERROR',
        '',
      ].join('\n'));
      return file;
    },
    sessions() {
      const r = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' });
      return r.stdout.split('\n').filter(Boolean).map(Number);
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One `Host` of a combined config: a server of this file, or a bare port (nothing there, or a silent listener). */
export interface FleetHost {
  alias: string;
  server?: SshServer;
  port?: number;
}

/**
 * Writes one ssh config naming several computers, as a helpdesk's ~/.ssh/config does: a `Host` block
 * per alias, every server's host key in one known_hosts file, each with the user's throwaway key. A
 * bare port gets the same settings (and the first server's key), so only what listens there differs.
 */
export function writeFleetConfig(dir: string, hosts: FleetHost[]): string {
  const user = os.userInfo().username;
  const known = path.join(dir, 'fleet_known_hosts');
  fs.writeFileSync(known, hosts.filter((h) => h.server).map((h) => `${h.server!.knownHostsLine}\n`).join(''));
  const anyKey = hosts.find((h) => h.server)?.server?.userKey;
  const blocks = hosts.map((h) => {
    const port = h.server?.port ?? h.port;
    if (port === undefined) throw new Error(`${h.alias}: a server or a port`);
    const key = h.server?.userKey ?? anyKey;
    return [
      `Host ${h.alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  User ${user}`,
      ...(key ? [`  IdentityFile ${key}`] : []),
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${known}`,
      '  StrictHostKeyChecking yes',
      '  LogLevel ERROR',
      '',
    ].join('\n');
  });
  const file = path.join(dir, 'fleet_ssh_config');
  fs.writeFileSync(file, blocks.join('\n'));
  return file;
}

/**
 * A computer that does not answer: a TCP listener on 127.0.0.1 that accepts connections and never
 * sends ssh's banner, so a client waits until its own timeout (as with a hung PC or a black-holing
 * firewall that still completes the handshake).
 */
export async function startSilentListener(): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => accepted,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The hosts started on the "remote" side by `<main.js> host` that still run. */
export function remoteHosts(mainJs: string): number[] {
  const r = spawnSync('pgrep', ['-f', `${mainJs} host`], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter(Boolean).map(Number);
}

/**
 * Waits (15 s at most) for the "remote" hosts to exit: a host whose link was cut finishes its current
 * step on its own, as on a real computer, so its machine's folder must not be removed under it.
 */
export async function untilRemoteHostsExit(mainJs: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (remoteHosts(mainJs).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
