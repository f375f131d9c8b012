import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createComputerPool } from '../remote/computer-pool.js';
import { fleetDoctor } from '../remote/fleet-doctor.js';
import { sshSkipReason, startSshServer, untilRemoteHostsExit, writeFleetConfig, type FleetHost, type SshServer } from '../testing/ssh-server.js';
import { medianMs, report } from './bench-kit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const mainJs = path.join(here, '..', 'cli', 'main.js');

function runMs(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString().trim()}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Other computers over ssh, against ssh itself on the same servers in the same run (Debian's OpenSSH
 * on 127.0.0.1, each server with its own simulated machine): the first answer from a computer
 * (connect, start its host, listVolumes), as the pool does it and as `shadowdesk --computer X
 * volumes` does end to end, against a bare `ssh X true`; and the fleet doctor over 20 computers 5
 * at a time against the slowest single computer's doctor (5 at a time cannot do better than about
 * 4 times that). Skipped, saying why, where sshd cannot run.
 */
export async function runRemoteBench(base: string, runs: number, log: (t: string) => void): Promise<ReturnType<typeof report>[]> {
  const reason = sshSkipReason();
  if (reason) {
    log(`skipped the remote benchmarks: ${reason}`);
    return [];
  }
  const servers: SshServer[] = [];
  try {
    // Four computers, each reachable under five names: 20 targets of the fleet.
    for (let i = 0; i < 4; i++) {
      servers.push(await startSshServer({ SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, `remote-${i}`), SHADOWDESK_DATA_DIR: path.join(base, `remote-data-${i}`) }));
    }
    const hosts: FleetHost[] = Array.from({ length: 20 }, (_, i) => ({ alias: `pc-${String(i + 1).padStart(2, '0')}`, server: servers[i % 4]! }));
    const config = writeFleetConfig(base, hosts);
    const env = { ...process.env, SHADOWDESK_SSH_CONFIG: config, SHADOWDESK_REMOTE_COMMAND: `"${process.execPath}" "${mainJs}" host`, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, 'remote-local'), SHADOWDESK_DATA_DIR: path.join(base, 'remote-local-data') };
    const bench = createComputerPool({ env });
    // Each computer makes its demo machine once, before anything is timed.
    for (let i = 0; i < 4; i++) await bench.session(hosts[i]!.alias, (call) => call('listVolumes', {}));
    const results: ReturnType<typeof report>[] = [];

    // (i) The first answer from a computer, interleaved with the baseline so a busy moment hits both.
    const ssh: number[] = [];
    const first: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < runs; i++) {
      ssh.push(runMs('ssh', ['-F', config, '-T', '-o', 'BatchMode=yes', '--', 'pc-01', 'true'], env));
      const t0 = process.hrtime.bigint();
      await bench.session('pc-01', (call) => call('listVolumes', {}));
      first.push(Number(process.hrtime.bigint() - t0) / 1e6);
      cli.push(runMs(process.execPath, [mainJs, '--computer', 'pc-01', 'volumes', '--json'], env));
    }
    results.push(report('remote: connect + listVolumes (pool)', median(first), 'ssh X true', median(ssh)));
    results.push(report('remote: shadowdesk --computer X volumes', median(cli), 'ssh X true', median(ssh)));

    // (ii) The fleet doctor over 20 computers, 5 at a time, against the slowest single doctor.
    const ctx = { lang: 'en' as const, signal: new AbortController().signal, progress: () => {} };
    let slowest = 0;
    for (const h of hosts) {
      const ms = await medianMs(1, () => fleetDoctor(bench, { targets: [h.alias] }, ctx));
      slowest = Math.max(slowest, ms);
    }
    let notOk = 0;
    const fleetMs = await medianMs(Math.max(1, Math.min(3, runs)), async () => {
      const r = await fleetDoctor(bench, { targets: hosts.map((h) => h.alias), concurrency: 5 }, ctx);
      notOk += r.rows.filter((row) => row.status !== 'ok').length;
    });
    if (notOk > 0) log(`note: ${notOk} fleet rows were not ok`);
    results.push(report('fleet doctor: 20 computers, 5 at a time', fleetMs, 'slowest single doctor', slowest));
    await bench.closeAll();
    return results;
  } finally {
    for (const s of servers) await s.stop();
    // The remote hosts end with their sessions; give them a moment before their folders go.
    await untilRemoteHostsExit(mainJs, 10_000);
  }
}
