import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { VssError, hresultByName } from '../ffi/hresult.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

const named = (name: string) => (e: unknown) => e instanceof VssError && e.hresultName === name;

test('fault: DoSnapshotSet failing with VSS_E_UNEXPECTED_PROVIDER_ERROR aborts cleanly and the next create works', () => {
  m = freshMachine();
  const before = m.client.listShadows().map((s) => s.id);
  m.sim.injectFault('DoSnapshotSet', hresultByName('VSS_E_UNEXPECTED_PROVIDER_ERROR'));
  assert.throws(() => m!.client.createShadows({ volumes: ['C:'] }), named('VSS_E_UNEXPECTED_PROVIDER_ERROR'));
  assert.deepEqual(m.client.listShadows().map((s) => s.id), before, 'nothing was created');
  assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1, 'the fault fired once and the set was released');
});

test('fault: a fault can fire several times, then stops', () => {
  m = freshMachine();
  m.sim.injectFault('Query', hresultByName('E_ACCESSDENIED'), 2);
  assert.throws(() => m!.client.listShadows(), named('E_ACCESSDENIED'));
  assert.throws(() => m!.client.listShadows(), named('E_ACCESSDENIED'));
  assert.ok(m.client.listShadows().length > 0);
});

test('fault: CreateVssBackupComponents refused (not an administrator) is E_ACCESSDENIED with its own sentence', () => {
  m = freshMachine();
  m.sim.injectFault('CreateVssBackupComponentsInternal', hresultByName('E_ACCESSDENIED'));
  try {
    m.client.listShadows();
    assert.fail('expected a failure');
  } catch (err) {
    assert.ok(err instanceof VssError);
    assert.equal(err.hresultName, 'E_ACCESSDENIED');
    const data = err.toData('en');
    assert.equal(data.hresult, 0x80070005);
    assert.match(data.message, /administrator|permission|access/i);
    assert.notEqual(err.toData('it').message, data.message);
  }
});

test('fault: a writer-status gather that fails surfaces the writer infrastructure error', () => {
  m = freshMachine();
  m.sim.injectFault('GatherWriterStatus', hresultByName('VSS_E_WRITER_INFRASTRUCTURE'));
  assert.throws(() => m!.client.listWriters(), named('VSS_E_WRITER_INFRASTRUCTURE'));
  assert.ok(m.client.listWriters().length > 0);
});

test('fault: storage resize refused with VSS_E_INSUFFICIENT_STORAGE leaves the maximum unchanged', () => {
  m = freshMachine();
  const before = m.client.listStorage().find((a) => a.volume === 'C:\\')!;
  m.sim.injectFault('ChangeDiffAreaMaximumSize', hresultByName('VSS_E_INSUFFICIENT_STORAGE'));
  assert.throws(() => m!.client.resizeStorage('C:', { kind: 'unbounded' }), named('VSS_E_INSUFFICIENT_STORAGE'));
  assert.equal(m.client.listStorage().find((a) => a.volume === 'C:\\')!.maxBytes, before.maxBytes);
});
