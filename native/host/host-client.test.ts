import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, type SimMachine } from '../testing/sim-machine.js';
import { createApi, RemoteError, type ShadowDeskApi } from '../contract/api.js';
import { HostClient } from './host-client.js';
import { spawnChildHost, type HostSpawner } from './host-process.js';
import { PROTOCOL_VERSION, encodeLine } from './protocol.js';
import { OPERATION_NAME_LIST } from '../contract/operation-names.js';

let m: SimMachine | undefined;
let client: HostClient | undefined;
afterEach(async () => {
  await client?.close();
  m?.dispose();
  m = undefined;
  client = undefined;
});

function startHost(machine: SimMachine, lang: 'en' | 'it' = 'en'): ShadowDeskApi {
  const env = { ...process.env, SHADOWDESK_SIM_ROOT: machine.root, SHADOWDESK_DATA_DIR: path.join(machine.root, 'data') };
  client = new HostClient({ lang, env });
  return createApi(client);
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

test('host: the contract works through a separate host process, errors arrive as data', async () => {
  m = freshMachine();
  const api = startHost(m, 'it');
  const vols = await api.listVolumes({});
  assert.ok(vols.some((v) => v.name === 'C:\\'));
  assert.notEqual(client!.pid, process.pid);
  try {
    await api.createShadows({ volumes: ['E:'] });
    assert.fail('expected a failure');
  } catch (err) {
    assert.ok(err instanceof RemoteError);
    assert.equal(err.data.hresultName, 'VSS_E_VOLUME_NOT_SUPPORTED');
    assert.equal(err.data.hresult, 0x8004230c);
    assert.match(err.data.message, /Non è possibile/);
  }
  assert.equal(await codeOf(api.createShadows({ volumes: [] })), 'INVALID_INPUT', 'the host validates input against the contract');
});

test('host: dying inside a VSS call fails that call clearly, and the next call gets a fresh host', async () => {
  m = freshMachine();
  const api = startHost(m);
  await api.listVolumes({});
  const firstPid = client!.pid;
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify([{ method: 'DoSnapshotSet', abort: true, exitCode: 3 }]));
  assert.equal(await codeOf(api.createShadows({ volumes: ['C:'] })), 'HOST_CRASHED');
  const r = await api.createShadows({ volumes: ['C:'] });
  assert.equal(r.shadows.length, 1, 'the next call works');
  assert.notEqual(client!.pid, firstPid, 'on a new host');
});

test('host: a restore cut short by the host dying leaves nothing half-written and is recovered', async () => {
  m = freshMachine();
  const api = startHost(m);
  const big = path.join(m.sim.volumeFolder('C:\\'), 'Users', 'ana', 'Videos');
  mkdirSync(big, { recursive: true });
  const chunk = Buffer.alloc(8 * 1024 * 1024, 0x5a);
  for (let i = 0; i < 12; i++) writeFileSync(path.join(big, `clip-${i}.bin`), chunk);
  const created = await api.createShadows({ volumes: ['C:'] });
  const shadowId = created.shadows[0]!.id;
  const to = path.join(m.sim.volumeFolder('C:\\'), 'Restored');
  let killed = false;
  const run = api.runRestore(
    { shadowId, paths: ['C:\\Users\\ana\\Videos'], to: 'C:\\Restored', onConflict: 'replace' },
    {
      onProgress: (p) => {
        if (!killed && p.filesDone >= 2) {
          killed = true;
          process.kill(client!.pid!, 'SIGKILL');
        }
      },
    },
  );
  assert.equal(await codeOf(run), 'HOST_CRASHED');
  const restores = await api.listRestores({});
  assert.equal(restores[0]?.state, 'interrupted', 'the new host recovered the interrupted restore');
  const written = readdirSync(path.join(to, 'Videos'));
  assert.ok(written.every((n) => /^clip-\d+\.bin$/.test(n)), `no temporary or partial files: ${written.join(', ')}`);
  for (const n of written) assert.equal(readFileSync(path.join(to, 'Videos', n)).length, chunk.length, `${n} is complete`);
  // Completing it is running it again: what was placed is identical and skipped, the rest is restored.
  const again = await api.runRestore({ shadowId, paths: ['C:\\Users\\ana\\Videos'], to: 'C:\\Restored', onConflict: 'replace' });
  assert.equal(again.state, 'completed');
  assert.equal(again.skipped.length, written.length, 'the files placed before the crash are identical, skipped');
  assert.equal(again.restored.length + again.skipped.length, 12);
  assert.equal(readdirSync(path.join(to, 'Videos')).length, 12);
});

test('host: closing never kills the host in the middle of a create (DoSnapshotSet); anything else past the grace period is ended', async () => {
  /**
   * A host that takes `ms` to answer each call and reads the end of requests only after (as VSS work
   * blocks it), then takes `exitMs` to exit (ending a VSS session, flushing its last lines).
   */
  const slowHost = (ms: number, record: { killed: boolean }, exitMs = 5): HostSpawner => () => {
    let onResponses: (chunk: string) => void = () => {};
    const exits: ((code: number | null, signal: string | null) => void)[] = [];
    let busyUntil = 0;
    const exit = (code: number | null, signal: string | null) => setImmediate(() => exits.forEach((l) => l(code, signal)));
    setImmediate(() => onResponses(encodeLine({ t: 'ready', pid: 1, backend: 'sim', recovered: 0, backupPrivilege: false })));
    return {
      pid: 1,
      send: (lines) => {
        for (const line of lines.trim().split('\n')) {
          const msg = JSON.parse(line) as { t: string; id: number };
          if (msg.t !== 'call') continue;
          busyUntil = Date.now() + ms;
          setTimeout(() => onResponses(encodeLine({ t: 'result', id: msg.id, value: { done: true } })), ms);
        }
      },
      end: () => setTimeout(() => exit(0, null), Math.max(0, busyUntil - Date.now()) + exitMs),
      kill: () => {
        record.killed = true;
        exit(null, 'SIGTERM');
      },
      onResponses: (l) => {
        onResponses = l;
      },
      onStderr: () => {},
      onError: () => {},
      onExit: (l) => {
        exits.push(l);
      },
    };
  };
  const creating = { killed: false };
  const slow = new HostClient({ spawn: slowHost(400, creating), closeGraceMs: 100 });
  const made = slow.call('createShadows', { volumes: ['C:'] });
  await new Promise((r) => setTimeout(r, 20));
  await slow.close();
  assert.deepEqual(await made, { done: true }, 'the create finished and answered');
  assert.equal(creating.killed, false, 'the host was not killed mid-create');

  // A host still exiting when the grace period after its create's answer comes round is given that
  // whole period from the answer, not ended at the first look after it (grace 300 ms from t=20: looks
  // at 320, 620, 920; the create answers at 400 and the host exits at 700).
  const finishing = { killed: false };
  const late = new HostClient({ spawn: slowHost(400, finishing, 300), closeGraceMs: 300 });
  const madeLate = late.call('createShadows', { volumes: ['C:'] });
  await new Promise((r) => setTimeout(r, 20));
  await late.close();
  assert.deepEqual(await madeLate, { done: true });
  assert.equal(finishing.killed, false, 'the host was given time to exit after its create answered');

  const other = { killed: false };
  const busy = new HostClient({ spawn: slowHost(400, other), closeGraceMs: 100 });
  const listing = busy.call('listVolumes', {});
  await new Promise((r) => setTimeout(r, 20));
  await busy.close();
  assert.equal(other.killed, true, 'anything else past the grace period is ended');
  await assert.rejects(listing, (err: unknown) => err instanceof RemoteError && err.data.code === 'HOST_CRASHED');
});

test('handshake: a host that lacks an operation says it is older, naming where; one with another protocol is refused at connect, saying which to update', async () => {
  /** A host that says `hello` when started and answers every call with `{ done: true }`. */
  const helloHost = (hello: Record<string, unknown>, where?: string): HostSpawner => () => {
    let onResponses: (chunk: string) => void = () => {};
    const exits: ((code: number | null, signal: string | null) => void)[] = [];
    setImmediate(() => onResponses(encodeLine({ t: 'ready', pid: 1, backend: 'sim', recovered: 0, backupPrivilege: false, ...hello })));
    return {
      pid: 1,
      ...(where ? { where } : {}),
      send: (lines) => {
        for (const line of lines.trim().split('\n')) {
          const msg = JSON.parse(line) as { t: string; id: number };
          if (msg.t === 'call') setImmediate(() => onResponses(encodeLine({ t: 'result', id: msg.id, value: { done: true } })));
        }
      },
      end: () => setImmediate(() => exits.forEach((l) => l(0, null))),
      kill: () => setImmediate(() => exits.forEach((l) => l(null, 'SIGTERM'))),
      onResponses: (l) => void (onResponses = l),
      onStderr: () => {},
      onError: () => {},
      onExit: (l) => void exits.push(l),
    };
  };
  const older = new HostClient({ spawn: helloHost({ protocol: PROTOCOL_VERSION, operations: ['listVolumes'] }, 'pc-042') });
  assert.deepEqual(await older.call('listVolumes', {}), { done: true });
  await assert.rejects(older.call('listSchedules', {}), (err: unknown) => err instanceof RemoteError && err.data.code === 'HOST_TOO_OLD'
    && err.data.message === 'ShadowDesk on pc-042 is older than this one and cannot do "listSchedules": update it there.');
  await older.close();
  // A host from before the handshake says neither: every call goes through, as before.
  const legacy = new HostClient({ spawn: helloHost({}) });
  assert.deepEqual(await legacy.call('listSchedules', {}), { done: true });
  await legacy.close();
  const newer = new HostClient({ spawn: helloHost({ protocol: PROTOCOL_VERSION + 1, version: '9.0.0' }, 'pc-042'), lang: 'it' });
  await assert.rejects(newer.call('listVolumes', {}), (err: unknown) => err instanceof RemoteError && err.data.code === 'PROTOCOL_MISMATCH'
    && err.data.message === 'ShadowDesk su pc-042 (9.0.0) è più recente di questo e non si capiscono: aggiornare questo.');
  await newer.close();
});

test('handshake: the real host says its protocol, its version and every operation of the contract', async () => {
  m = freshMachine();
  let hello = '';
  const spawn: HostSpawner = (entry, env) => {
    const p = spawnChildHost(entry, env);
    p.onResponses((d) => (hello ||= d.split('\n')[0]!));
    return p;
  };
  client = new HostClient({ spawn, env: { ...process.env, SHADOWDESK_SIM_ROOT: m.root } });
  await client.call('listVolumes', {});
  const ready = JSON.parse(hello) as { t: string; protocol: number; version: string; operations: string[] };
  assert.equal(ready.t, 'ready');
  assert.equal(ready.protocol, PROTOCOL_VERSION);
  assert.match(ready.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual([...ready.operations].sort(), [...OPERATION_NAME_LIST].sort());
});
