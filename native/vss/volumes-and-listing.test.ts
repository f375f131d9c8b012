import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

test('volumes: the demo machine lists C:, D:, an unsupported USB stick and the two partitions without a letter, with real properties', () => {
  m = freshMachine();
  const vols = m.client.listVolumes();
  const byName = new Map(vols.map((v) => [v.name, v]));
  for (const name of ['C:\\', 'D:\\', 'E:\\']) assert.ok(byName.has(name), `missing ${name}`);
  for (const v of vols) {
    assert.match(v.guidPath, /^\\\\\?\\Volume\{[0-9a-f-]{36}\}\\$/i);
    assert.ok(v.mountPoints.length === 0 ? v.name === v.guidPath : v.mountPoints.includes(v.name), `${v.name}: named by a mount point, else by its GUID path`);
    assert.ok(v.capacityBytes !== null && v.freeBytes !== null && v.freeBytes > 0 && v.freeBytes < v.capacityBytes, `${v.name} sizes`);
    assert.ok(v.fileSystem.length > 0 && v.label.length > 0);
    assert.equal(v.mediaPresent, true);
  }
  assert.equal(byName.get('C:\\')!.fileSystem, 'NTFS');
  assert.equal(byName.get('C:\\')!.driveType, 'fixed');
  assert.equal(byName.get('C:\\')!.shadowCopySupported, true);
  assert.equal(byName.get('D:\\')!.shadowCopySupported, true);
  assert.equal(byName.get('E:\\')!.shadowCopySupported, false);
  assert.equal(byName.get('E:\\')!.driveType, 'removable');
  // What a UEFI laptop has besides its drives: the EFI system partition and the recovery partition.
  const unmounted = vols.filter((v) => v.mountPoints.length === 0);
  assert.deepEqual(unmounted.map((v) => [v.label, v.fileSystem, v.shadowCopySupported]), [['SYSTEM', 'FAT32', false], ['Recovery', 'NTFS', true]]);
});

test('volumes: every spelling people use resolves to the same volume', () => {
  m = freshMachine();
  const vols = m.client.listVolumes();
  const c = vols.find((v) => v.name === 'C:\\')!;
  for (const spelling of ['C', 'c:', 'C:\\', 'c:/', c.guidPath, c.guidPath.slice(0, -1)]) {
    assert.equal(m.client.resolveVolume(spelling, vols).guidPath, c.guidPath, spelling);
  }
  assert.throws(() => m!.client.resolveVolume('Q:', vols), (e: Error & { code?: string }) => e.code === 'VOLUME_NOT_FOUND');
});

test('shadows: the demo machine has copies of C: and D: at different past dates, fully decoded', () => {
  m = freshMachine();
  const shadows = m.client.listShadows();
  const c = shadows.filter((s) => s.volume === 'C:\\');
  const d = shadows.filter((s) => s.volume === 'D:\\');
  assert.ok(c.length >= 3, `C: has ${c.length} copies`);
  assert.ok(d.length >= 1, `D: has ${d.length} copies`);
  const days = new Set(c.map((s) => s.createdAt.slice(0, 10)));
  assert.ok(days.size >= 3, 'copies of C: were taken on different days');
  const now = Date.now();
  for (const s of shadows) {
    assert.match(s.id, /^\{[0-9a-f-]{36}\}$/);
    assert.match(s.setId, /^\{[0-9a-f-]{36}\}$/);
    assert.match(s.deviceObject, /^\\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy\d+$/);
    assert.ok(Date.parse(s.createdAt) < now, 'created in the past');
    assert.equal(s.providerId, '{b5946137-7b9f-4925-af80-51abd60b20d5}');
    assert.ok(s.originatingMachine.length > 0);
    assert.equal(s.state, 'CREATED');
  }
  const sorted = [...shadows].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  assert.deepEqual(shadows.map((s) => s.id), sorted.map((s) => s.id), 'listed oldest first');
  const devices = new Set(shadows.map((s) => s.deviceObject));
  assert.equal(devices.size, shadows.length, 'each copy has its own device object');
  assert.deepEqual(m.client.listShadows({ volume: 'c:' }).map((s) => s.id), c.map((s) => s.id));
});

test('shadows: grouped by set, each set holding the copies created together', () => {
  m = freshMachine();
  const sets = m.client.listShadowSets();
  assert.ok(sets.length >= 3);
  for (const set of sets) {
    assert.ok(set.shadows.length >= 1);
    for (const s of set.shadows) {
      assert.equal(s.setId, set.setId);
      assert.equal(s.setCount, set.shadows.length);
    }
  }
});

test('providers: the Microsoft software provider is registered', () => {
  m = freshMachine();
  const providers = m.client.listProviders();
  const sw = providers.find((p) => p.id === '{b5946137-7b9f-4925-af80-51abd60b20d5}');
  assert.ok(sw, 'software provider listed');
  assert.match(sw.name, /Microsoft Software Shadow Copy provider/i);
  assert.equal(sw.type, 'SYSTEM');
  assert.ok(sw.version.length > 0);
});

test('writers: states and last errors, with one failed writer on the demo machine', () => {
  m = freshMachine();
  const writers = m.client.listWriters();
  assert.ok(writers.length >= 5);
  const system = writers.find((w) => w.name === 'System Writer');
  assert.ok(system);
  assert.equal(system.writerId, '{e8132975-6f93-4464-a53e-1050253ae220}');
  assert.equal(system.state, 'STABLE');
  assert.equal(system.lastError, null);
  const failed = writers.filter((w) => w.state.startsWith('FAILED_AT_'));
  assert.equal(failed.length, 1, 'exactly one failed writer');
  assert.ok(failed[0]!.lastError?.startsWith('VSS_E_'), 'its last error is named');
  assert.ok(failed[0]!.lastErrorCode >= 0x80000000);
  for (const w of writers) assert.equal(w.stateCode >= 0 && w.stateCode <= 15, true);
});

test('writers: metadata gives components and their files', () => {
  m = freshMachine();
  const details = m.client.writerDetails();
  assert.ok(details.length >= 5);
  const withFiles = details.filter((d) => d.components.some((c) => c.files.length > 0));
  assert.ok(withFiles.length >= 1, 'some writer declares files');
  for (const d of details) {
    assert.match(d.writerId, /^\{[0-9a-f-]{36}\}$/);
    for (const c of d.components) assert.ok(c.name.length > 0);
  }
});
