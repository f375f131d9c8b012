import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApi, RemoteError } from '../native/contract/api.js';
import { HostClient, hostEntryPoint } from '../native/host/host-client.js';
import { utilityHostSpawner } from './utility-host.js';
import { fakeUtilityProcess as fakeUtility, type UtilityRecord } from './testing/fake-electron.js';

const shim = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'parent-port-shim.js');
const fakeUtilityProcess = (record: UtilityRecord) => fakeUtility(record, shim);

function simEnv(): { env: NodeJS.ProcessEnv; root: string; dispose: () => void } {
  const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-utility-'));
  const root = path.join(base, 'machine');
  return {
    root,
    env: { ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: root, SHADOWDESK_DATA_DIR: path.join(base, 'data') },
    dispose: () => rmSync(base, { recursive: true, force: true, maxRetries: 3 }),
  };
}

test('utility host: the contract runs over a utility process (NDJSON both ways as port messages, none on stdout)', async () => {
  const machine = simEnv();
  const record = { forks: [] as { modulePath: string; options: unknown }[], exits: [] as (number | null)[] };
  const client = new HostClient({ spawn: utilityHostSpawner(fakeUtilityProcess(record)), env: machine.env, lang: 'it' });
  try {
    const api = createApi(client);
    const volumes = await api.listVolumes({});
    assert.ok(volumes.some((v) => v.name === 'C:\\'));
    assert.equal(record.forks.length, 1);
    assert.equal(record.forks[0]!.modulePath, hostEntryPoint());
    assert.deepEqual({ ...(record.forks[0]!.options as object), env: undefined }, { env: undefined, stdio: 'pipe', serviceName: 'ShadowDesk VSS host' });
    await assert.rejects(api.createShadows({ volumes: ['E:'] }), (err: unknown) => err instanceof RemoteError && err.data.hresultName === 'VSS_E_VOLUME_NOT_SUPPORTED' && /Non è possibile/.test(err.data.message));
  } finally {
    const started = Date.now();
    await client.close();
    assert.ok(Date.now() - started < 2500, 'the host exits by itself on END_OF_REQUESTS, without being killed');
    assert.deepEqual(record.exits, [0]);
    machine.dispose();
  }
});

test('utility host: closing mid-restore lets the restore stop between files and answer, rather than crash', async () => {
  const machine = simEnv();
  const record = { forks: [] as { modulePath: string; options: unknown }[], exits: [] as (number | null)[] };
  const client = new HostClient({ spawn: utilityHostSpawner(fakeUtilityProcess(record)), env: machine.env });
  try {
    const api = createApi(client);
    await api.listVolumes({});
    const videos = path.join(machine.root, 'volumes', 'C', 'Users', 'ana', 'Videos');
    mkdirSync(videos, { recursive: true });
    const chunk = Buffer.alloc(4 * 1024 * 1024, 0x5a);
    for (let i = 0; i < 16; i++) writeFileSync(path.join(videos, `clip-${i}.bin`), chunk);
    const created = await api.createShadows({ volumes: ['C:'] });
    let closing: Promise<void> | undefined;
    const result = await api.runRestore(
      { shadowId: created.shadows[0]!.id, paths: ['C:\\Users\\ana\\Videos'], to: 'C:\\Restored', onConflict: 'replace' },
      {
        onProgress: (p) => {
          if (!closing && p.filesDone >= 1) closing = client.close();
        },
      },
    );
    assert.equal(result.state, 'cancelled', 'the host answered before it exited');
    assert.ok(result.restored.length >= 1 && result.restored.length < 16);
    await closing;
    assert.deepEqual(record.exits, [0]);
  } finally {
    await client.close();
    machine.dispose();
  }
});
