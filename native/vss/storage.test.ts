import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { treeBytes } from '../testing/tree-bytes.js';
import { VssError } from '../ffi/hresult.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

function storageOf(name: string) {
  const area = m!.client.listStorage().find((a) => a.volume === name);
  assert.ok(area, `storage for ${name}`);
  return area;
}

test('storage: each protected volume has shadow storage with its configured maximum, used = its copies', () => {
  m = freshMachine();
  const vols = m.client.listVolumes();
  const machine = JSON.parse(readFileSync(path.join(m.root, 'machine.json'), 'utf8')) as {
    volumes: { letter: string; capacityBytes: number; shadowStorage?: { maxBytes?: number } }[];
  };
  const c = vols.find((v) => v.name === 'C:\\')!;
  assert.equal(storageOf('C:\\').maxBytes, Math.floor(c.capacityBytes! / 10), 'the demo keeps the Windows default, 10%');
  for (const name of ['C:\\', 'D:\\']) {
    const area = storageOf(name);
    const configured = machine.volumes.find((v) => `${v.letter}:\\` === name)!;
    assert.equal(area.storageVolume, name);
    assert.equal(area.maxBytes, configured.shadowStorage?.maxBytes ?? Math.floor(configured.capacityBytes / 10));
    const copies = m.client.listShadows({ volume: name });
    const frozen = copies.reduce((sum, s) => sum + treeBytes(m!.sim.deviceFolder(s.deviceObject)), 0);
    assert.equal(area.usedBytes, frozen);
    assert.ok(area.allocatedBytes >= area.usedBytes);
  }
  assert.ok(!m.client.listStorage().some((a) => a.volume === 'E:\\'), 'no storage on an unsupported volume');
});

test('storage: resize to bytes, percent and unbounded', () => {
  m = freshMachine();
  const c = m.client.listVolumes().find((v) => v.name === 'C:\\')!;
  let r = m.client.resizeStorage('C:', { kind: 'bytes', bytes: 2 * 1024 ** 3 });
  assert.equal(r.area.maxBytes, 2 * 1024 ** 3);
  assert.deepEqual(r.deletedIds, []);
  r = m.client.resizeStorage('C:', { kind: 'percent', percent: 5 });
  assert.equal(r.area.maxBytes, Math.floor(c.capacityBytes! * 0.05));
  r = m.client.resizeStorage('C:', { kind: 'unbounded' });
  assert.equal(r.area.maxBytes, null);
  assert.equal(storageOf('C:\\').maxBytes, null, 'persists');
});

test('storage: shrinking below what is used deletes the oldest copies until the rest fit', () => {
  m = freshMachine();
  const before = m.client.listShadows({ volume: 'C:' });
  const used = storageOf('C:\\').usedBytes;
  const r = m.client.resizeStorage('C:', { kind: 'bytes', bytes: used - 1 });
  assert.ok(r.deletedIds.length >= 1);
  const after = m.client.listShadows({ volume: 'C:' });
  assert.deepEqual(r.deletedIds, before.slice(0, r.deletedIds.length).map((s) => s.id), 'the oldest ones went');
  assert.deepEqual(after.map((s) => s.id), before.slice(r.deletedIds.length).map((s) => s.id));
  assert.ok(r.area.usedBytes <= used - 1);
});

test('storage: a new copy that does not fit pushes out the oldest ones', () => {
  m = freshMachine();
  const before = m.client.listShadows({ volume: 'C:' });
  const used = storageOf('C:\\').usedBytes;
  const liveSize = treeBytes(m.sim.volumeFolder('C:\\'));
  m.client.resizeStorage('C:', { kind: 'bytes', bytes: used + liveSize - 1 });
  const r = m.client.createShadows({ volumes: ['C:'] });
  assert.equal(r.shadows.length, 1);
  assert.ok(r.deletedToMakeRoom.length >= 1);
  assert.equal(r.deletedToMakeRoom[0], before[0]!.id, 'the oldest went first');
  const area = storageOf('C:\\');
  assert.ok(area.usedBytes <= area.maxBytes!);
});

test('storage: a copy that alone exceeds the maximum fails with VSS_E_INSUFFICIENT_STORAGE', () => {
  m = freshMachine();
  writeFileSync(path.join(m.sim.volumeFolder('C:\\'), 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
  m.client.resizeStorage('C:', { kind: 'bytes', bytes: 1024 * 1024 });
  const count = m.client.listShadows({ volume: 'C:' }).length;
  assert.throws(() => m!.client.createShadows({ volumes: ['C:'] }), (e: VssError) => e.hresultName === 'VSS_E_INSUFFICIENT_STORAGE');
  assert.equal(m.client.listShadows({ volume: 'C:' }).length, count);
});

test('storage: adding an association that exists is VSS_E_OBJECT_ALREADY_EXISTS', () => {
  m = freshMachine();
  assert.throws(() => m!.client.addStorage('C:', 'C:', { kind: 'bytes', bytes: 1024 ** 3 }), (e: VssError) => e.hresultName === 'VSS_E_OBJECT_ALREADY_EXISTS');
});
