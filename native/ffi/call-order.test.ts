import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { withBackupComponents } from './backup-components.js';
import { VSS_CTX, VSS_OBJECT } from './constants.js';
import { VssError } from './hresult.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

const named = (name: string) => (e: unknown) => e instanceof VssError && e.hresultName === name;

test('wrong call order is VSS_E_BAD_STATE, as in VSS', () => {
  m = freshMachine();
  withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE, (bc) => {
    assert.throws(() => bc.addToSnapshotSet('C:\\'), named('VSS_E_BAD_STATE'), 'AddToSnapshotSet before StartSnapshotSet');
    assert.throws(() => bc.com.call('SetContext', 'SetContext', VSS_CTX.ALL), named('VSS_E_BAD_STATE'), 'SetContext twice');
    bc.startSnapshotSet();
    assert.throws(() => bc.doSnapshotSet(), named('VSS_E_BAD_STATE'), 'DoSnapshotSet with an empty set');
    bc.abortBackup();
  });
  withBackupComponents(VSS_CTX.BACKUP, (bc) => {
    assert.throws(() => bc.writerStatuses(), named('VSS_E_BAD_STATE'), 'GetWriterStatus before GatherWriterStatus');
  });
});

test('a volume name without its trailing backslash is E_INVALIDARG', () => {
  m = freshMachine();
  withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE, (bc) => {
    bc.startSnapshotSet();
    assert.throws(() => bc.addToSnapshotSet('C:'), named('E_INVALIDARG'));
    bc.abortBackup();
  });
});

test('BACKUP context: DoSnapshotSet without PrepareForBackup is VSS_E_BAD_STATE', () => {
  m = freshMachine();
  withBackupComponents(VSS_CTX.BACKUP, (bc) => {
    bc.startSnapshotSet();
    bc.addToSnapshotSet('C:\\');
    assert.throws(() => bc.doSnapshotSet(), named('VSS_E_BAD_STATE'));
    bc.abortBackup();
  });
});

test('Query only sees the current context unless the context is ALL', () => {
  m = freshMachine();
  const all = withBackupComponents(VSS_CTX.ALL, (bc) => bc.querySnapshots());
  const backupOnly = withBackupComponents(VSS_CTX.BACKUP, (bc) => bc.querySnapshots());
  const ca = withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE, (bc) => bc.querySnapshots());
  assert.ok(all.length > 0);
  assert.equal(backupOnly.length, 0, 'demo copies are client-accessible, invisible from BACKUP');
  assert.equal(ca.length, all.filter((s) => (s.attributes & 0x1d) === 0x1d).length);
});

test('a BACKUP-context copy is auto-released with the session that made it', () => {
  m = freshMachine();
  const id = withBackupComponents(VSS_CTX.BACKUP, (bc) => {
    bc.setBackupState(false, false, 5);
    bc.gatherWriterMetadata();
    bc.startSnapshotSet();
    const snap = bc.addToSnapshotSet('C:\\');
    bc.prepareForBackup();
    bc.doSnapshotSet();
    bc.freeWriterMetadata();
    const seen = bc.querySnapshots().map((s) => s.snapshotId);
    assert.ok(seen.includes(snap), 'visible while the session lives');
    return snap;
  });
  const after = withBackupComponents(VSS_CTX.ALL, (bc) => bc.querySnapshots()).map((s) => s.snapshotId);
  assert.ok(!after.includes(id), 'gone after release');
});

test('GetSnapshotProperties by id (GUID by value) and unknown ids', () => {
  m = freshMachine();
  const first = m.client.listShadows()[0]!;
  withBackupComponents(VSS_CTX.ALL, (bc) => {
    const p = bc.snapshotProperties(first.id);
    assert.equal(p.snapshotId, first.id);
    assert.equal(p.deviceObject, first.deviceObject);
    assert.throws(() => bc.snapshotProperties('{00000000-0000-0000-0000-000000000001}'), named('VSS_E_OBJECT_NOT_FOUND'));
    assert.throws(() => bc.deleteSnapshots('{00000000-0000-0000-0000-000000000001}', VSS_OBJECT.SNAPSHOT_SET), named('VSS_E_OBJECT_NOT_FOUND'));
  });
});

test('an async operation that outlives its wait is cancelled and reported, and leaves nothing behind', () => {
  m = freshMachine();
  const before = m.client.listShadows().length;
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify([{ method: 'DoSnapshotSet', delayMs: 3000 }]));
  withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE, (bc) => {
    bc.startSnapshotSet();
    bc.addToSnapshotSet('C:\\');
    const t0 = Date.now();
    assert.throws(() => bc.doSnapshotSet({ timeoutMs: 100 }), named('VSS_S_ASYNC_PENDING'));
    assert.ok(Date.now() - t0 < 2500, 'the wait gave up at its timeout');
    bc.abortBackup();
  });
  assert.equal(m.client.listShadows().length, before);
  assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1);
});

// Microsoft Learn, "Shadow Copy Creation Details": without writer participation "If requesters call
// IVssBackupComponents::AddComponent, IVssBackupComponents::PrepareForBackup, or
// IVssBackupComponents::BackupComplete, an error will be returned"; the method pages' code for a call out
// of sequence is VSS_E_BAD_STATE.
for (const [name, context] of [
  ['FILE_SHARE_BACKUP', VSS_CTX.FILE_SHARE_BACKUP],
  ['NAS_ROLLBACK', VSS_CTX.NAS_ROLLBACK],
  ['CLIENT_ACCESSIBLE', VSS_CTX.CLIENT_ACCESSIBLE],
] as const) {
  test(`call order: PrepareForBackup and BackupComplete in ${name} (no writers) are VSS_E_BAD_STATE`, () => {
    m = freshMachine();
    withBackupComponents(context, (bc) => {
      bc.startSnapshotSet();
      bc.addToSnapshotSet('C:\\');
      assert.throws(() => bc.prepareForBackup(), named('VSS_E_BAD_STATE'), 'PrepareForBackup');
      bc.doSnapshotSet();
      assert.throws(() => bc.backupComplete(), named('VSS_E_BAD_STATE'), 'BackupComplete after a completed set');
    });
  });
}

test('call order: a second GatherWriterMetadata on one session is VSS_E_BAD_STATE, even after FreeWriterMetadata', () => {
  m = freshMachine();
  withBackupComponents(VSS_CTX.BACKUP, (bc) => {
    bc.gatherWriterMetadata();
    assert.ok(bc.writerMetadata().length > 0);
    assert.throws(() => bc.gatherWriterMetadata(), named('VSS_E_BAD_STATE'), 'while the metadata is held');
    bc.freeWriterMetadata();
    assert.throws(() => bc.gatherWriterMetadata(), named('VSS_E_BAD_STATE'), 'after FreeWriterMetadata');
  });
  // A new session may gather again.
  withBackupComponents(VSS_CTX.BACKUP, (bc) => {
    bc.gatherWriterMetadata();
    bc.freeWriterMetadata();
  });
});

test('call order: GatherWriterStatus before GatherWriterMetadata is VSS_E_BAD_STATE', () => {
  m = freshMachine();
  withBackupComponents(VSS_CTX.BACKUP, (bc) => {
    assert.throws(() => bc.gatherWriterStatus(), named('VSS_E_BAD_STATE'));
    bc.gatherWriterMetadata();
    bc.gatherWriterStatus();
    assert.ok(bc.writerStatuses().length > 0, 'after the metadata, the status works');
    bc.freeWriterMetadata();
  });
});

test('call order: DoSnapshotSet in a writers context without GatherWriterMetadata is VSS_E_BAD_STATE', () => {
  m = freshMachine();
  const before = m.client.listShadows().length;
  withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE_WRITERS, (bc) => {
    bc.setBackupState(false, false, 5);
    bc.startSnapshotSet();
    bc.addToSnapshotSet('C:\\');
    bc.prepareForBackup();
    assert.throws(() => bc.doSnapshotSet(), named('VSS_E_BAD_STATE'));
    bc.abortBackup();
  });
  assert.equal(m.client.listShadows().length, before, 'nothing was created');
  assert.equal(m.client.createShadows({ volumes: ['C:'], withWriters: true }).shadows.length, 1, 'the product gathers first');
});
