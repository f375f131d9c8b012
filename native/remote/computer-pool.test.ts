import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { freshMachine, type SimMachine } from '../testing/sim-machine.js';
import { RemoteError, createApi } from '../contract/api.js';
import { hostEntryPoint } from '../host/host-client.js';
import { spawnChildHost, spawnHostCommand, type HostSpawner } from '../host/host-process.js';
import { inProcessApi } from '../testing/in-process-api.js';
import { createComputerPool, type ComputerPool } from './computer-pool.js';
import { ComputerTransport, nameComputer } from './computer-transport.js';
import { readComputers, recordCheck } from './computer-list.js';
import { describeSshEnd } from './ssh-host.js';
import type { ShadowCopy, Volume } from '../vss/types.js';

/**
 * The pool and the routing without ssh: each "computer" is a real host process on a simulated
 * machine of its own (ssh itself is proven in ssh-host.test.ts). What is tested is what a helpdesk
 * relies on: calls go to the computer they name and nowhere else, one connection per computer is
 * reused, an idle one closes, a dropped one fails its call and the next call reconnects.
 */

const machines: SimMachine[] = [];
let pool: ComputerPool | undefined;
afterEach(async () => {
  await pool?.closeAll();
  pool = undefined;
  for (const m of machines.splice(0)) m.dispose();
});

/** Two computers, each a host on its own simulated machine, keyed by target. */
function twoComputers(): Record<string, string> {
  const a = freshMachine('shadowdesk-pool-a-');
  const b = freshMachine('shadowdesk-pool-b-');
  machines.push(a, b);
  return { 'ana-laptop': a.root, 'accounts-pc': b.root };
}

function hostsFor(roots: Record<string, string>, started: string[] = []): (target: string) => HostSpawner {
  return (target) => (_entry, env) => {
    started.push(target);
    const root = roots[target];
    if (!root) return spawnHostCommand('false', [], env);
    return spawnChildHost(hostEntryPoint(), { ...env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: root, SHADOWDESK_DATA_DIR: path.join(root, 'data') });
  };
}

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RemoteError, `expected a RemoteError, got ${String(err)}`);
    return err.data.code;
  }
  throw new Error('expected a failure');
};

test('pool: a call goes to the computer it names, over one connection per computer reused by every call', async () => {
  const roots = twoComputers();
  const started: string[] = [];
  pool = createComputerPool({ spawnerFor: hostsFor(roots, started) });
  const made = (await pool.call('ana-laptop', 'createShadows', { volumes: ['C:'] })) as { shadows: ShadowCopy[] };
  const onAna = (await pool.call('ana-laptop', 'listShadows', {})) as ShadowCopy[];
  const onAccounts = (await pool.call('accounts-pc', 'listShadows', {})) as ShadowCopy[];
  assert.ok(onAna.some((s) => s.id === made.shadows[0]!.id), 'the new copy is on the computer it was made on');
  assert.ok(!onAccounts.some((s) => s.id === made.shadows[0]!.id), 'and not on the other one');
  await pool.call('ana-laptop', 'listVolumes', {});
  assert.deepEqual(started, ['ana-laptop', 'accounts-pc'], 'one host started per computer, reused by its later calls');
});

test('pool: a connection nobody uses closes after the idle time, and the next call connects again', async () => {
  const roots = twoComputers();
  const started: string[] = [];
  pool = createComputerPool({ spawnerFor: hostsFor(roots, started), idleMs: 150 });
  await pool.call('ana-laptop', 'listVolumes', {});
  assert.equal(pool.isOpen('ana-laptop'), true);
  const deadline = Date.now() + 10_000;
  while (pool.isOpen('ana-laptop') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(pool.isOpen('ana-laptop'), false, 'closed once idle');
  const volumes = (await pool.call('ana-laptop', 'listVolumes', {})) as Volume[];
  assert.ok(volumes.some((v) => v.name === 'C:\\'));
  assert.deepEqual(started, ['ana-laptop', 'ana-laptop'], 'a new connection for the call after the idle close');
});

// These two find and stop processes the POSIX way (/proc, signals, `sleep`); the behaviour is the pool's, the same everywhere.
const posixOnly = process.platform === 'win32' ? 'uses /proc, SIGSTOP and sleep to play a dropped or silent computer' : false;

test('pool: a connection that drops fails the call in flight, and the next call reconnects', { skip: posixOnly }, async () => {
  const roots = twoComputers();
  pool = createComputerPool({ spawnerFor: hostsFor(roots) });
  const api = createApi({ call: (op, input, options) => pool!.call('ana-laptop', op, input, options) });
  await api.listVolumes({});
  // The host there stops answering, then its process is gone: the link dropped under a call.
  const pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`SHADOWDESK_SIM_ROOT=${roots['ana-laptop']}`);
    } catch {
      return false;
    }
  });
  assert.equal(pids.length, 1, 'one host process for the computer');
  process.kill(pids[0]!, 'SIGSTOP');
  const inFlight = api.listShadows({});
  process.kill(pids[0]!, 'SIGKILL');
  assert.equal(await codeOf(inFlight), 'HOST_CRASHED', 'the call in flight fails in words (over ssh: CONNECTION_LOST)');
  const again = await api.listVolumes({});
  assert.ok(again.some((v) => v.name === 'C:\\'), 'the next call connected again');
});

test('pool: cancelling a call to a computer that never answers returns at once, and its connection is ended', { skip: posixOnly }, async () => {
  let child: ReturnType<typeof spawnHostCommand> | undefined;
  pool = createComputerPool({ spawnerFor: () => (_e, env) => (child = spawnHostCommand('sleep', ['30'], env)) });
  const controller = new AbortController();
  const call = pool.session('silent-pc', (ask) => ask('listVolumes', {}), { signal: controller.signal, lang: 'it' });
  setTimeout(() => controller.abort(), 100);
  const started = Date.now();
  await assert.rejects(call, (err: unknown) => err instanceof RemoteError && err.data.code === 'CANCELLED' && /Annullato/.test(err.data.message));
  assert.ok(Date.now() - started < 5_000, 'not left waiting for a computer that never answers');
  const exited = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    child!.onExit(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  assert.ok(exited, 'the connection to the silent computer was ended, not left behind');
});

test('routing: a window\'s call naming a computer runs there; the computers list, invalid names and "here" operations stay here', async () => {
  const roots = twoComputers();
  const local = freshMachine('shadowdesk-pool-local-');
  machines.push(local);
  pool = createComputerPool({ spawnerFor: hostsFor(roots) });
  const here = inProcessApi(local, 'en', pool);
  try {
    const made = await here.api.createShadows({ volumes: ['C:'] }, { computer: 'ana-laptop' });
    const remote = await here.api.listShadows({}, { computer: 'ana-laptop' });
    const mine = await here.api.listShadows({});
    assert.ok(remote.some((s) => s.id === made.shadows[0]!.id), 'made on ana-laptop');
    assert.ok(!mine.some((s) => s.id === made.shadows[0]!.id), 'and not on this computer');
    // The list is this computer's, whatever computer the window has chosen.
    await here.api.addComputer({ target: 'ana-laptop', label: 'Ana\'s laptop' }, { computer: 'ana-laptop' });
    assert.deepEqual(readComputers(here.dataDir).computers.map((c) => [c.target, c.label]), [['ana-laptop', 'Ana\'s laptop']]);
    const check = await here.api.checkComputer({ target: 'ana-laptop' });
    assert.equal(check.ok, true);
    assert.equal(check.backend, 'sim');
    assert.equal(typeof check.hostname, 'string');
    assert.equal(readComputers(here.dataDir).computers[0]!.lastCheck?.ok, true, 'the check is kept with the computer');
    const gone = await here.api.checkComputer({ target: 'nowhere-pc' }, { lang: 'it' });
    assert.equal(gone.ok, false);
    assert.ok(gone.error?.message, 'why it could not be reached, in words');
    assert.equal(await codeOf(here.api.listVolumes({}, { computer: '-oProxyCommand=x' })), 'INVALID_INPUT', 'never an ssh option');
    assert.deepEqual(await here.api.removeComputer({ target: 'ana-laptop' }), { removed: true });
    assert.equal(pool.isOpen('ana-laptop'), false, 'removing a computer closes its connection');
    assert.deepEqual(readComputers(here.dataDir).computers, []);
  } finally {
    here.dispose();
  }
  const alone = inProcessApi(local, 'en');
  try {
    assert.equal(await codeOf(alone.api.listVolumes({}, { computer: 'ana-laptop' })), 'NOT_AVAILABLE_HERE', 'a host without a pool refuses, never answers for itself');
  } finally {
    alone.dispose();
  }
});

test('command line with --computer: operations that run here go to a host here, started only when one is needed', async () => {
  const calls: string[] = [];
  let localMade = 0;
  const fake = (where: string) => ({
    call: async (op: string) => {
      calls.push(`${where}:${op}`);
      return {};
    },
    close: async () => {},
  });
  const transport = new ComputerTransport(fake('remote'), () => {
    localMade++;
    return fake('here');
  });
  await transport.call('listVolumes', {}, {});
  assert.equal(localMade, 0, 'no host started here for the other computer\'s volumes');
  await transport.call('restoreHere', {}, {});
  await transport.call('fleetDoctor', {}, {});
  await transport.call('deleteShadows', {}, {});
  assert.deepEqual(calls, ['remote:listVolumes', 'here:restoreHere', 'here:fleetDoctor', 'remote:deleteShadows']);
  assert.equal(localMade, 1);
});

test('--json with a computer keeps the local shape and names the computer in every object', () => {
  assert.deepEqual(nameComputer([{ name: 'C:\\' }, { name: 'D:\\' }], 'ana-laptop'), [
    { computer: 'ana-laptop', name: 'C:\\' },
    { computer: 'ana-laptop', name: 'D:\\' },
  ]);
  assert.deepEqual(nameComputer({ setId: '{x}' }, 'ana-laptop'), { computer: 'ana-laptop', setId: '{x}' });
  assert.equal(nameComputer('text', 'ana-laptop'), 'text');
});

test('the computers list says a kept check again in the language asked now, from ssh\'s own words', async () => {
  const local = freshMachine('shadowdesk-pool-list-');
  machines.push(local);
  const here = inProcessApi(local, 'en');
  try {
    await here.api.addComputer({ target: 'dead-pc' });
    const stderr = 'ssh: connect to host 10.0.0.9 port 22: Connection refused';
    recordCheck(here.dataDir, {
      target: 'dead-pc', at: new Date().toISOString(), ok: false,
      error: { ...describeSshEnd('dead-pc', { code: 255, signal: null, stderr, wasReady: false }, 'en')!, detail: stderr },
    });
    const english = (await here.api.listComputers({})).computers[0]!.lastCheck!.error!;
    const italian = (await here.api.listComputers({}, { lang: 'it' })).computers[0]!.lastCheck!.error!;
    assert.equal(english.code, 'SSH_UNREACHABLE');
    assert.equal(italian.code, 'SSH_UNREACHABLE');
    assert.notEqual(italian.message, english.message);
    assert.match(italian.message, /Impossibile raggiungere dead-pc/);
  } finally {
    here.dispose();
  }
});
