import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { VssError } from '../ffi/hresult.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

/** Edits machine.json as a person would, making sure its mtime moves so the stand-in re-reads it. */
function editMachine(root: string, edit: (machine: { writers: Record<string, unknown>[] }) => void): void {
  const file = path.join(root, 'machine.json');
  const machine = JSON.parse(readFileSync(file, 'utf8'));
  edit(machine);
  writeFileSync(file, JSON.stringify(machine, null, 2));
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
}

for (const [phase, state] of [
  ['freeze', 'FAILED_AT_FREEZE'],
  ['prepareBackup', 'FAILED_AT_PREPARE_BACKUP'],
] as const) {
  test(`writers: a writer failing at ${phase} fails a create with writers and leaves no copy`, () => {
    m = freshMachine();
    editMachine(m.root, (machine) => {
      const w = machine.writers.find((x) => x.name === 'Registry Writer')!;
      w.failAt = { phase, error: 'VSS_E_WRITERERROR_NONRETRYABLE' };
    });
    const before = m.client.listShadows().map((s) => s.id);
    assert.throws(
      () => m!.client.createShadows({ volumes: ['C:'], withWriters: true }),
      (e: unknown) => e instanceof VssError && e.hresultName === 'VSS_E_WRITERERROR_NONRETRYABLE' && /Registry Writer/.test(e.message),
    );
    assert.deepEqual(m.client.listShadows().map((s) => s.id), before, 'no copy left behind');
    const registry = m.client.listWriters().find((w) => w.name === 'Registry Writer')!;
    assert.equal(registry.state, state);
    assert.equal(registry.lastError, 'VSS_E_WRITERERROR_NONRETRYABLE');
    // Without writers the same volume still gets its copy: the writer only matters when asked.
    assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1);
  });
}

test('writers: a failing writer with no data on the chosen volume does not fail the create; it comes back as a warning', () => {
  m = freshMachine();
  // Every demo writer keeps its files on C:, so none takes part in a copy of D: alone.
  editMachine(m.root, (machine) => {
    const w = machine.writers.find((x) => x.name === 'Registry Writer')!;
    w.failAt = { phase: 'freeze', error: 'VSS_E_WRITERERROR_NONRETRYABLE' };
  });
  const r = m.client.createShadows({ volumes: ['D:'], withWriters: true });
  assert.equal(r.shadows.length, 1, 'the copy of D: was made and kept');
  assert.deepEqual(
    r.warnings.map((w) => [w.name, w.state, w.lastError, w.reason]),
    [['Registry Writer', 'FAILED_AT_FREEZE', 'VSS_E_WRITERERROR_NONRETRYABLE', 'not-on-these-volumes']],
  );
  // The same writer still fails a copy of C:, where its files are.
  assert.throws(() => m!.client.createShadows({ volumes: ['C:'], withWriters: true }), (e: unknown) => e instanceof VssError && /Registry Writer/.test(e.message));
});

test('writers: a writer that failed at identify gave no metadata, so it does not fail a create of its own volume; it is a warning', () => {
  m = freshMachine();
  editMachine(m.root, (machine) => {
    const w = machine.writers.find((x) => x.name === 'Registry Writer')!;
    w.failAt = { phase: 'identify', error: 'VSS_E_WRITERERROR_TIMEOUT' };
  });
  const r = m.client.createShadows({ volumes: ['C:'], withWriters: true });
  assert.equal(r.shadows.length, 1);
  const registry = r.warnings.find((w) => w.name === 'Registry Writer');
  assert.ok(registry, 'reported as a warning');
  assert.equal(registry.state, 'FAILED_AT_IDENTIFY');
  assert.equal(registry.reason, 'failed-at-identify');
  assert.equal(registry.lastError, 'VSS_E_WRITERERROR_TIMEOUT');
});

test('writers: a create without problems has no warnings', () => {
  m = freshMachine();
  assert.deepEqual(m.client.createShadows({ volumes: ['C:'], withWriters: true }).warnings, []);
  assert.deepEqual(m.client.createShadows({ volumes: ['C:'] }).warnings, []);
});
