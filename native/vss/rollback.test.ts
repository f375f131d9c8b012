import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { VssError } from '../ffi/hresult.js';
import { LeftoverCopiesError } from './create-rollback.js';
import { VssTimeoutError } from '../ffi/async-op.js';
import { VssClient } from './vss-client.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

/** Registry Writer (files on C:) fails after the copy exists, so the create has something to undo. */
function failAfterSnapshot(root: string): void {
  const file = path.join(root, 'machine.json');
  const machine = JSON.parse(readFileSync(file, 'utf8')) as { writers: Record<string, unknown>[] };
  machine.writers.find((w) => w.name === 'Registry Writer')!.failAt = { phase: 'postSnapshot', error: 'VSS_E_WRITERERROR_NONRETRYABLE' };
  writeFileSync(file, JSON.stringify(machine, null, 2));
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
}

function failDeletes(root: string, count: number): void {
  writeFileSync(path.join(root, 'faults.json'), JSON.stringify([{ method: 'DeleteSnapshots', hresult: 'VSS_E_UNEXPECTED', count }]));
}

const writerFailure = (e: unknown) => e instanceof VssError && e.hresultName === 'VSS_E_WRITERERROR_NONRETRYABLE' && /Registry Writer/.test(e.message);

test('rollback: a create that fails after its copy exists deletes the set, and nothing stays behind', () => {
  m = freshMachine();
  failAfterSnapshot(m.root);
  const before = m.client.listShadows().map((s) => s.id);
  assert.throws(() => m!.client.createShadows({ volumes: ['C:'], withWriters: true }), writerFailure);
  assert.deepEqual(m.client.listShadows().map((s) => s.id), before);
});

test('rollback: when the delete fails, it is retried in a fresh VSS_CTX_ALL session and the create reports its own failure', () => {
  m = freshMachine();
  failAfterSnapshot(m.root);
  failDeletes(m.root, 1);
  const before = m.client.listShadows().map((s) => s.id);
  assert.throws(() => m!.client.createShadows({ volumes: ['C:'], withWriters: true }), (e: unknown) => writerFailure(e) && !(e instanceof LeftoverCopiesError));
  assert.deepEqual(m.client.listShadows().map((s) => s.id), before, 'the retry removed the copy');
});

test('rollback: when the retry fails too, the error names the copy left behind (id and volume), in both languages', () => {
  m = freshMachine();
  failAfterSnapshot(m.root);
  failDeletes(m.root, 2);
  const before = new Set(m.client.listShadows().map((s) => s.id));
  let error: unknown;
  try {
    m.client.createShadows({ volumes: ['C:'], withWriters: true });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof LeftoverCopiesError, `named the leftovers, got ${String(error)}`);
  assert.equal(error.hresultName, 'VSS_E_WRITERERROR_NONRETRYABLE', 'the create\'s own failure comes first');
  const left = m.client.listShadows().filter((s) => !before.has(s.id));
  assert.equal(left.length, 1, 'one copy really is still there');
  assert.deepEqual(error.leftovers, [{ id: left[0]!.id, volume: 'C:\\' }]);
  const en = error.toData('en');
  assert.ok(en.message.includes(left[0]!.id) && en.message.includes('C:\\'), en.message);
  assert.match(en.message, /could not be deleted/);
  assert.match(en.next ?? '', new RegExp(`shadowdesk delete --shadow \\${left[0]!.id}`));
  const it = error.toData('it');
  assert.ok(it.message.includes(left[0]!.id));
  assert.match(it.message, /Non è stato possibile eliminare/);
  // The copy it names can be deleted once the fault is gone.
  assert.equal(m.client.deleteShadows({ kind: 'shadow', id: left[0]!.id }).deletedCount, 1);
});

test('rollback: a wait that runs out after the copy exists (writer status after DoSnapshotSet) deletes the copy, then aborts, and says so', () => {
  m = freshMachine();
  const before = m.client.listShadows().map((s) => s.id);
  // The first GatherWriterStatus (after PrepareForBackup) answers; the second (after DoSnapshotSet) hangs.
  writeFileSync(path.join(m.root, 'faults.json'), JSON.stringify([
    { method: 'GatherWriterStatus', delayMs: 1, count: 1 },
    { method: 'GatherWriterStatus', delayMs: 4000, count: 1 },
  ]));
  const client = new VssClient({ timeoutsMs: { GatherWriterStatus: 300 } });
  assert.throws(
    () => client.createShadows({ volumes: ['C:'], withWriters: true }),
    (e: unknown) => e instanceof VssTimeoutError && e.operation === 'GatherWriterStatus' && e.aborted && /closed the shadow copy session/.test(e.toData('en').message),
  );
  assert.deepEqual(m.client.listShadows().map((s) => s.id), before, 'the copy made before the hang was deleted');
});
