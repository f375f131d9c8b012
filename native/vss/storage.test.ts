import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { churnC, setMachineKeys, writeVersion } from '../testing/storage-churn.js';
import { treeBytes } from '../testing/tree-bytes.js';
import { VssError } from '../ffi/hresult.js';
import { withSnapshotMgmt } from '../ffi/snapshot-mgmt.js';
import { AppError } from './app-error.js';

const MB = 1024 ** 2;

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
const named = (name: string) => (e: unknown) => e instanceof VssError && e.hresultName === name;
const ids = (volume: string) => m!.client.listShadows({ volume }).map((s) => s.id);
function stateSnapshotCount(): number {
  return (JSON.parse(readFileSync(path.join(m!.root, 'state', 'state.json'), 'utf8')) as { snapshots: unknown[] }).snapshots.length;
}

test('storage: each protected volume has shadow storage with its configured maximum', () => {
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
    assert.ok(area.allocatedBytes >= area.usedBytes);
  }
  assert.ok(!m.client.listStorage().some((a) => a.volume === 'E:\\'), 'no storage on an unsupported volume');
});

// ---- the minimum (AddDiffArea: "at least 320 MB"; [MS-SCMP]: VSS_E_INSUFFICIENT_STORAGE) ----

test('storage: Windows reports its minimum through IVssSnapshotMgmt2 (320 MB unless MinDiffAreaFileSize says otherwise)', () => {
  m = freshMachine();
  assert.equal(m.client.storageMinimumBytes(), 320 * MB);
  setMachineKeys(m.root, { minDiffAreaFileSizeMB: 64 });
  assert.equal(m.client.storageMinimumBytes(), 64 * MB);
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

test('storage: VSS itself refuses a maximum below the minimum with VSS_E_INSUFFICIENT_STORAGE, and accepts the minimum', () => {
  m = freshMachine();
  const machine = JSON.parse(readFileSync(path.join(m.root, 'machine.json'), 'utf8')) as { volumes: object[] };
  machine.volumes.push({ letter: 'F', label: 'Spare', fileSystem: 'NTFS', capacityBytes: 64 * 1024 ** 3, driveType: 'fixed' });
  writeFileSync(path.join(m.root, 'machine.json'), JSON.stringify(machine));
  const vol = (n: string) => m!.client.resolveVolume(n).guidPath;
  const before = storageOf('C:\\').maxBytes;
  withSnapshotMgmt((mg) => {
    assert.throws(() => mg.changeMaximumSize(vol('C:'), vol('C:'), BigInt(320 * MB - 1)), named('VSS_E_INSUFFICIENT_STORAGE'));
    assert.throws(() => mg.addDiffArea(vol('F:'), vol('F:'), BigInt(100 * MB)), named('VSS_E_INSUFFICIENT_STORAGE'));
  });
  assert.equal(storageOf('C:\\').maxBytes, before, 'the refused resize changed nothing');
  assert.ok(!m.client.listStorage().some((a) => a.volume === 'F:\\'), 'the refused add created nothing');
  withSnapshotMgmt((mg) => {
    mg.changeMaximumSize(vol('C:'), vol('C:'), BigInt(320 * MB));
    mg.addDiffArea(vol('F:'), vol('F:'), BigInt(320 * MB));
  });
  assert.equal(storageOf('C:\\').maxBytes, 320 * MB);
  assert.equal(storageOf('F:\\').maxBytes, 320 * MB);
});

test('storage: the client refuses a maximum below the minimum before calling VSS, naming the minimum in English and Italian', () => {
  m = freshMachine();
  // A fault VSS would return if it were called: it must still be there afterwards.
  const faults = [{ method: 'ChangeDiffAreaMaximumSize', hresult: 'E_UNEXPECTED', count: 1 }, { method: 'AddDiffArea', hresult: 'E_UNEXPECTED', count: 1 }];
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify(faults));
  const refused = (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, 'STORAGE_BELOW_MINIMUM');
    assert.match(e.toData('en').message, /320 MB/);
    assert.match(e.toData('it').message, /320 MB/);
    assert.notEqual(e.toData('it').message, e.toData('en').message);
    return true;
  };
  assert.throws(() => m!.client.resizeStorage('C:', { kind: 'bytes', bytes: 100 * MB }), refused);
  assert.throws(() => m!.client.resizeStorage('C:', { kind: 'percent', percent: 0.1 }), refused, '0.1% of 256 GB is 262 MB');
  assert.throws(() => m!.client.addStorage('D:', 'C:', { kind: 'bytes', bytes: 1 * MB }), refused);
  assert.deepEqual(JSON.parse(readFileSync(path.join(m.root, 'faults.json'), 'utf8')), faults, 'VSS was never asked');
});

// ---- copy-on-write accounting (the default) ----

test('storage: a new copy costs nothing when made; used grows when a live file the copies hold is rewritten', () => {
  m = freshMachine();
  const used0 = storageOf('C:\\').usedBytes;
  m.client.createShadows({ volumes: ['C:'] });
  assert.equal(storageOf('C:\\').usedBytes, used0, 'copy-on-write: the copy itself costs nothing');
  const budget = path.join(m.sim.volumeFolder('C:\\'), 'Users', 'ana', 'Documents', 'budget.csv');
  const oldSize = readFileSync(budget).length;
  writeFileSync(budget, 'month,rent\r\nNovember,950\r\n');
  assert.equal(storageOf('C:\\').usedBytes, used0 + oldSize, 'the old version is now kept, once, for the copies that hold it');
  const area = storageOf('C:\\');
  assert.ok(area.allocatedBytes >= area.usedBytes);
});

test('storage: when live writes fill the storage, VSS deletes the oldest copies until the rest fit', () => {
  m = freshMachine();
  setMachineKeys(m.root, { minDiffAreaFileSizeMB: 1 });
  m.client.resizeStorage('C:', { kind: 'bytes', bytes: 4 * MB });
  const { x, y } = churnC(m, 3); // X holds 3 MB
  const before = ids('C:');
  assert.ok(before.includes(x) && before.includes(y), 'still within 4 MB');
  writeVersion(m, 'Users/ana/Videos/clip.bin', 3, 3); // now Y holds 3 MB too: 6 MB > 4 MB
  const after = ids('C:');
  assert.ok(after.includes(y) && !after.includes(x), 'X went, Y stayed');
  assert.deepEqual(after, before.slice(before.length - after.length), 'only the oldest went');
  const area = storageOf('C:\\');
  assert.ok(area.usedBytes <= area.maxBytes!, `${area.usedBytes} <= ${area.maxBytes}`);
});

test('storage: a shrink below what is used deletes the oldest copies, not necessarily inside the call; the client reads the list again', () => {
  m = freshMachine();
  setMachineKeys(m.root, { minDiffAreaFileSizeMB: 1 });
  const { x, y } = churnC(m, 3);
  const before = ids('C:');
  const count = stateSnapshotCount();
  const c = m.client.resolveVolume('C:').guidPath;
  withSnapshotMgmt((mg) => mg.changeMaximumSize(c, c, BigInt(2 * MB)));
  assert.equal(stateSnapshotCount(), count, '"may not have an immediate effect": nothing deleted inside the call');
  assert.ok(!ids('C:').includes(x), 'deleted by the time anyone looks');

  m.dispose();
  m = freshMachine();
  setMachineKeys(m.root, { minDiffAreaFileSizeMB: 1 });
  const second = churnC(m, 3);
  const all = ids('C:');
  const r = m.client.resizeStorage('C:', { kind: 'bytes', bytes: 2 * MB });
  assert.ok(r.deletedIds.includes(second.x) && !r.deletedIds.includes(second.y));
  assert.deepEqual(r.deletedIds, all.slice(0, r.deletedIds.length), 'the oldest ones went');
  assert.deepEqual(ids('C:'), all.slice(r.deletedIds.length));
  assert.ok(r.area.usedBytes <= 2 * MB);
  void before;
  void y;
});

// ---- full-copy accounting ("storageAccounting": "fullCopy") ----

function fullCopyMachine(): SimMachine {
  const fm = freshMachine();
  setMachineKeys(fm.root, { storageAccounting: 'fullCopy', minDiffAreaFileSizeMB: 1 });
  return fm;
}

test('storage (full copy): used = the bytes of the frozen copies', () => {
  m = fullCopyMachine();
  for (const name of ['C:\\', 'D:\\']) {
    const copies = m.client.listShadows({ volume: name });
    const frozen = copies.reduce((sum, s) => sum + treeBytes(m!.sim.deviceFolder(s.deviceObject)), 0);
    assert.equal(storageOf(name).usedBytes, frozen);
  }
});

test('storage (full copy): shrinking below what is used deletes the oldest copies at once, until the rest fit', () => {
  m = fullCopyMachine();
  writeFileSync(path.join(m.sim.volumeFolder('C:\\'), 'big.bin'), Buffer.alloc(2 * MB, 7));
  m.client.createShadows({ volumes: ['C:'] });
  const before = m.client.listShadows({ volume: 'C:' });
  const used = storageOf('C:\\').usedBytes;
  const r = m.client.resizeStorage('C:', { kind: 'bytes', bytes: used - 1 });
  assert.ok(r.deletedIds.length >= 1);
  const after = m.client.listShadows({ volume: 'C:' });
  assert.deepEqual(r.deletedIds, before.slice(0, r.deletedIds.length).map((s) => s.id), 'the oldest ones went');
  assert.deepEqual(after.map((s) => s.id), before.slice(r.deletedIds.length).map((s) => s.id));
  assert.ok(r.area.usedBytes <= used - 1);
});

test('storage (full copy): a new copy that does not fit pushes out the oldest ones', () => {
  m = fullCopyMachine();
  writeFileSync(path.join(m.sim.volumeFolder('C:\\'), 'big.bin'), Buffer.alloc(2 * MB, 7));
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

test('storage (full copy): a copy that alone exceeds the maximum fails with VSS_E_INSUFFICIENT_STORAGE', () => {
  m = fullCopyMachine();
  writeFileSync(path.join(m.sim.volumeFolder('C:\\'), 'big.bin'), Buffer.alloc(3 * MB, 7));
  m.client.resizeStorage('C:', { kind: 'bytes', bytes: 1 * MB });
  const count = m.client.listShadows({ volume: 'C:' }).length;
  assert.throws(() => m!.client.createShadows({ volumes: ['C:'] }), named('VSS_E_INSUFFICIENT_STORAGE'));
  assert.equal(m.client.listShadows({ volume: 'C:' }).length, count);
});

test('storage: adding an association that exists is VSS_E_OBJECT_ALREADY_EXISTS', () => {
  m = freshMachine();
  assert.throws(() => m!.client.addStorage('C:', 'C:', { kind: 'bytes', bytes: 1024 ** 3 }), named('VSS_E_OBJECT_ALREADY_EXISTS'));
});

// ---- S_FALSE from the management queries ----

test('storage: S_FALSE from the management queries is success, and the rows in its enumerator are still read', () => {
  m = freshMachine();
  const expected = m.client.listStorage();
  assert.ok(expected.length >= 2);
  const all = ['QueryVolumesSupportedForSnapshots', 'QueryDiffAreasForVolume', 'QueryVolumesSupportedForDiffAreas'];
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify(all.map((method) => ({ method, hresult: 'S_FALSE', count: -1 }))));
  assert.deepEqual(m.client.listStorage(), expected);
  const c = m.client.resolveVolume('C:').guidPath;
  const e = m.client.resolveVolume('E:').guidPath;
  withSnapshotMgmt((mg) => {
    assert.ok(mg.volumesSupportedForDiffAreas(c).length >= 2, 'candidate storage volumes listed under S_FALSE');
    assert.deepEqual(mg.diffAreasForVolume(e), [], 'S_FALSE with an empty enumerator is an empty list, not an error');
  });
});
