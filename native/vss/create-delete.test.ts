import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { VssError } from '../ffi/hresult.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

function hresultOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof VssError) return err.hresultName;
    throw err;
  }
  throw new Error('expected a VssError');
}

test('create: a client-accessible copy freezes the volume as it was', () => {
  m = freshMachine();
  const live = m.sim.volumeFolder('C:\\');
  const file = path.join(live, 'Users', 'test', 'frozen.txt');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'before');
  const r = m.client.createShadows({ volumes: ['C:'] });
  assert.equal(r.shadows.length, 1);
  const s = r.shadows[0]!;
  assert.equal(s.volume, 'C:\\');
  assert.equal(s.setId, r.setId);
  assert.equal(s.context, 'CLIENT_ACCESSIBLE');
  for (const a of ['PERSISTENT', 'CLIENT_ACCESSIBLE', 'NO_AUTO_RELEASE', 'NO_WRITERS', 'DIFFERENTIAL']) assert.ok(s.attributes.includes(a), a);
  assert.ok(Math.abs(Date.parse(s.createdAt) - Date.now()) < 60_000, 'created now');
  writeFileSync(file, 'after');
  const frozen = path.join(m.sim.deviceFolder(s.deviceObject), 'Users', 'test', 'frozen.txt');
  assert.equal(readFileSync(frozen, 'utf8'), 'before');
  assert.ok(m.client.listShadows().some((x) => x.id === s.id), 'listed afterwards');
});

test('create: several volumes make one set; duplicates are ignored', () => {
  m = freshMachine();
  const r = m.client.createShadows({ volumes: ['C:', 'D:\\', 'c'] });
  assert.equal(r.shadows.length, 2);
  assert.deepEqual(r.shadows.map((s) => s.volume).sort(), ['C:\\', 'D:\\']);
  for (const s of r.shadows) assert.equal(s.setCount, 2);
  const set = m.client.listShadowSets().find((x) => x.setId === r.setId);
  assert.equal(set?.shadows.length, 2);
});

test('create: device objects keep rising and are never reused', () => {
  m = freshMachine();
  const n = (d: string) => Number(/(\d+)$/.exec(d)![1]);
  const first = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!;
  m.client.deleteShadows({ kind: 'shadow', id: first.id });
  const second = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!;
  assert.ok(n(second.deviceObject) > n(first.deviceObject));
  const max = Math.max(...m.client.listShadows().map((s) => n(s.deviceObject)));
  assert.equal(n(second.deviceObject), max);
});

test('create: an unsupported volume is refused with VSS_E_VOLUME_NOT_SUPPORTED and nothing is created', () => {
  m = freshMachine();
  const before = m.client.listShadows().length;
  assert.equal(hresultOf(() => m!.client.createShadows({ volumes: ['E:'] })), 'VSS_E_VOLUME_NOT_SUPPORTED');
  assert.equal(m.client.listShadows().length, before);
  // The set in progress was aborted, so the next create works.
  assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1);
});

test('create: with writers, a healthy set leaves the copies and the context says so', () => {
  m = freshMachine();
  const r = m.client.createShadows({ volumes: ['D:'], withWriters: true });
  assert.equal(r.withWriters, true);
  assert.equal(r.shadows[0]!.context, 'CLIENT_ACCESSIBLE_WRITERS');
  assert.ok(!r.shadows[0]!.attributes.includes('NO_WRITERS'));
});

test('delete: one copy, a set, the oldest of a volume, all of a volume', () => {
  m = freshMachine();
  const c = () => m!.client.listShadows({ volume: 'C:' });
  const one = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!;
  let r = m.client.deleteShadows({ kind: 'shadow', id: one.id.toUpperCase().slice(1, -1) });
  assert.equal(r.deletedCount, 1);
  assert.deepEqual(r.deletedIds, [one.id]);
  assert.ok(!existsSync(m.sim.root + '/never'), 'sanity');

  const set = m.client.createShadows({ volumes: ['C:', 'D:'] });
  r = m.client.deleteShadows({ kind: 'set', id: set.setId });
  assert.equal(r.deletedCount, 2);
  assert.deepEqual(r.deletedIds.sort(), set.shadows.map((s) => s.id).sort());

  const oldest = c()[0]!;
  r = m.client.deleteShadows({ kind: 'oldest', volume: 'C:' });
  assert.deepEqual(r.deletedIds, [oldest.id]);

  const remaining = c().length;
  assert.ok(remaining > 0);
  const dBefore = m.client.listShadows({ volume: 'D:' }).length;
  r = m.client.deleteShadows({ kind: 'all', volume: 'C:' });
  assert.equal(r.deletedCount, remaining);
  assert.equal(c().length, 0);
  assert.equal(m.client.listShadows({ volume: 'D:' }).length, dBefore, 'other volumes untouched');
});

test('delete: the frozen files go with the copy', () => {
  m = freshMachine();
  const s = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!;
  const folder = m.sim.deviceFolder(s.deviceObject);
  assert.ok(existsSync(folder));
  m.client.deleteShadows({ kind: 'shadow', id: s.id });
  assert.ok(!existsSync(folder));
  assert.throws(() => m!.sim.deviceFolder(s.deviceObject), (e: VssError) => e.hresultName === 'VSS_E_OBJECT_NOT_FOUND');
});

test('delete: an unknown id is VSS_E_OBJECT_NOT_FOUND; a malformed one is refused before VSS', () => {
  m = freshMachine();
  assert.equal(hresultOf(() => m!.client.deleteShadows({ kind: 'shadow', id: '{12345678-1234-1234-1234-123456789abc}' })), 'VSS_E_OBJECT_NOT_FOUND');
  assert.throws(() => m!.client.deleteShadows({ kind: 'shadow', id: 'yesterday' }), (e: Error & { code?: string }) => e.code === 'INVALID_ID');
});

test('create: at most 64 client-accessible copies per volume', () => {
  m = freshMachine();
  const existing = m.client.listShadows({ volume: 'D:' }).length;
  for (let i = existing; i < 64; i++) m.client.createShadows({ volumes: ['D:'] });
  assert.equal(m.client.listShadows({ volume: 'D:' }).length, 64);
  assert.equal(hresultOf(() => m!.client.createShadows({ volumes: ['D:'] })), 'VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED');
  assert.equal(m.client.listShadows({ volume: 'D:' }).length, 64);
  // C: is not affected by D:'s cap.
  assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1);
});
