import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { withBackupComponents } from './backup-components.js';
import { VSS_CTX } from './constants.js';
import { HR, VssError, hresultByName } from './hresult.js';
import { DEFAULT_WAIT_MS, VssTimeoutError } from './async-op.js';
import { VssClient } from '../vss/vss-client.js';

let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

function setDelays(root: string, delays: unknown): void {
  const file = path.join(root, 'machine.json');
  const machine = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  machine.asyncDelaysMs = delays;
  writeFileSync(file, JSON.stringify(machine, null, 2));
  const later = new Date(Date.now() + 10_000);
  utimesSync(file, later, later);
}

function faults(root: string, list: unknown[]): void {
  writeFileSync(path.join(root, 'faults.json'), JSON.stringify(list));
}

/** Calls DoSnapshotSet raw and reports what the call, Wait and QueryStatus each returned. */
function rawDoSnapshotSet(): { call: number; wait: number; status: number } {
  return withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE, (bc, scope) => {
    bc.startSnapshotSet();
    bc.addToSnapshotSet('C:\\');
    const out: [unknown] = [null];
    const call = bc.com.invoke('DoSnapshotSet', out) | 0;
    assert.ok(out[0], 'the call handed out an IVssAsync');
    const op = scope.adopt('IVssAsync', out[0] as bigint);
    const wait = op.invoke('Wait', 10_000) | 0;
    const status: [number] = [0];
    assert.equal(op.invoke('QueryStatus', status, null), 0);
    scope.releaseNow(op);
    bc.abortBackup();
    return { call, wait, status: status[0] | 0 };
  });
}

// IVssBackupComponents::DoSnapshotSet (Microsoft Learn): these three are "only returned via the
// QueryStatus method on the IVssAsync interface returned in the ppAsync parameter".
for (const name of ['VSS_E_INSUFFICIENT_STORAGE', 'VSS_E_PROVIDER_VETO', 'VSS_E_UNEXPECTED_PROVIDER_ERROR']) {
  test(`async results: an injected ${name} comes through DoSnapshotSet's IVssAsync, never from the call`, () => {
    m = freshMachine();
    const hr = hresultByName(name);
    m.sim.injectFault('DoSnapshotSet', hr);
    const done = rawDoSnapshotSet();
    assert.equal(done.call, 0, 'DoSnapshotSet itself returned S_OK');
    assert.equal(done.status, hr, 'QueryStatus gives the operation its error');
    // Already over before Wait was called: "This method can succeed even if the method that returns it failed".
    assert.equal(done.wait, 0);
    // faults.json too, even when asked for "via": "call".
    faults(m.root, [{ method: 'DoSnapshotSet', hresult: name, via: 'call' }]);
    assert.equal(rawDoSnapshotSet().call, 0);
  });
}

test('async results: an operation that fails while Wait waits makes Wait return its error (IVssAsync::Wait)', () => {
  m = freshMachine();
  setDelays(m.root, { DoSnapshotSet: 200 });
  faults(m.root, [{ method: 'DoSnapshotSet', hresult: 'VSS_E_INSUFFICIENT_STORAGE' }]);
  const done = rawDoSnapshotSet();
  assert.equal(done.call, 0);
  assert.equal(done.wait, hresultByName('VSS_E_INSUFFICIENT_STORAGE'), '"If an operation fails while being waited on, Wait returns the error"');
  assert.equal(done.status, hresultByName('VSS_E_INSUFFICIENT_STORAGE'));
});

test('async results: faults.json "via": "async" moves any HRESULT into the async object', () => {
  m = freshMachine();
  faults(m.root, [{ method: 'GatherWriterStatus', hresult: 'VSS_E_WRITER_INFRASTRUCTURE', via: 'async' }]);
  withBackupComponents(VSS_CTX.BACKUP, (bc, scope) => {
    bc.gatherWriterMetadata();
    const out: [unknown] = [null];
    assert.equal(bc.com.invoke('GatherWriterStatus', out), 0);
    const op = scope.adopt('IVssAsync', out[0] as bigint);
    const status: [number] = [0];
    op.invoke('QueryStatus', status, null);
    assert.equal(status[0] | 0, hresultByName('VSS_E_WRITER_INFRASTRUCTURE'));
    scope.releaseNow(op);
    bc.freeWriterMetadata();
  });
});

for (const delays of [false, { DoSnapshotSet: 150 }]) {
  test(`async results: a failed create is labelled by the operation, never "(wait)" (delays ${JSON.stringify(delays)})`, () => {
    m = freshMachine();
    setDelays(m.root, delays);
    const before = m.client.listShadows().map((s) => s.id);
    faults(m.root, [{ method: 'DoSnapshotSet', hresult: 'VSS_E_PROVIDER_VETO' }]);
    assert.throws(
      () => m!.client.createShadows({ volumes: ['C:'] }),
      (e: unknown) =>
        e instanceof VssError && e.hresultName === 'VSS_E_PROVIDER_VETO' && e.operation === 'DoSnapshotSet' && !/\(wait\)|\(status\)/.test(e.message) && !/wait/.test(e.toData('en').detail ?? ''),
    );
    assert.deepEqual(m.client.listShadows().map((s) => s.id), before, 'nothing was created');
    assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1, 'the set was released: the next create works');
  });
}

test('long operations: every VSS wait has a finite default bound', () => {
  for (const [op, ms] of Object.entries(DEFAULT_WAIT_MS)) {
    assert.ok(Number.isFinite(ms) && ms > 0 && ms < 0xffffffff, `${op} waits ${ms} ms, not INFINITE`);
  }
  assert.deepEqual(Object.keys(DEFAULT_WAIT_MS).sort(), ['BackupComplete', 'DoSnapshotSet', 'GatherWriterMetadata', 'GatherWriterStatus', 'PrepareForBackup']);
});

test('long operations: a DoSnapshotSet that outlives its bound is cancelled and the set aborted, in plain words, leaving nothing behind', () => {
  m = freshMachine();
  const before = m.client.listShadows().map((s) => s.id);
  faults(m.root, [{ method: 'DoSnapshotSet', delayMs: 4000 }]);
  const client = new VssClient({ timeoutsMs: { DoSnapshotSet: 150 } });
  const t0 = Date.now();
  let error: unknown;
  try {
    client.createShadows({ volumes: ['C:'] });
  } catch (e) {
    error = e;
  }
  assert.ok(Date.now() - t0 < 3500, 'gave up at the bound, not when VSS finished');
  assert.ok(error instanceof VssTimeoutError, `a timeout, got ${String(error)}`);
  assert.equal(error.operation, 'DoSnapshotSet');
  assert.ok(error.aborted, 'the snapshot set was ended with AbortBackup');
  const en = error.toData('en');
  assert.equal(en.code, 'VSS_TIMEOUT');
  assert.equal(en.hresult, HR.VSS_S_ASYNC_PENDING);
  assert.match(en.message, /did not finish DoSnapshotSet within 150 ms, so ShadowDesk cancelled it and closed the shadow copy session/);
  const it = error.toData('it');
  assert.match(it.message, /non ha terminato DoSnapshotSet entro .* annullata/);
  assert.deepEqual(m.client.listShadows().map((s) => s.id), before, 'nothing was created');
  assert.equal(m.client.createShadows({ volumes: ['C:'] }).shadows.length, 1, 'no set stays in progress');
});

test('long operations: a writer gather that outlives its bound is cancelled and said so (no set to abort)', () => {
  m = freshMachine();
  faults(m.root, [{ method: 'GatherWriterMetadata', delayMs: 4000 }]);
  const client = new VssClient({ timeoutsMs: { GatherWriterMetadata: 100 } });
  assert.throws(
    () => client.listWriters(),
    (e: unknown) => e instanceof VssTimeoutError && e.operation === 'GatherWriterMetadata' && !e.aborted && /cancelled it\.$/.test(e.toData('en').message),
  );
  assert.ok(m.client.listWriters().length > 0, 'the writers still answer afterwards');
});

test('long operations: the simulated machine\'s own delays keep DoSnapshotSet running after the call, unless turned off', () => {
  m = freshMachine('shadowdesk-test-', { delays: true });
  const pendingRightAfterCall = () =>
    withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE, (bc, scope) => {
      bc.startSnapshotSet();
      bc.addToSnapshotSet('C:\\');
      const out: [unknown] = [null];
      bc.com.call('DoSnapshotSet', 'DoSnapshotSet', out);
      const op = scope.adopt('IVssAsync', out[0] as bigint);
      const status: [number] = [0];
      op.invoke('QueryStatus', status, null);
      op.invoke('Cancel');
      scope.releaseNow(op);
      bc.abortBackup();
      return (status[0] | 0) === HR.VSS_S_ASYNC_PENDING;
    });
  assert.equal(pendingRightAfterCall(), true, 'by default a create takes time, as on a real machine');
  const t0 = Date.now();
  m.client.createShadows({ volumes: ['D:'] });
  assert.ok(Date.now() - t0 >= 800, 'a default create takes at least the 800 ms DoSnapshotSet delay');
  setDelays(m.root, false);
  assert.equal(pendingRightAfterCall(), false, '"asyncDelaysMs": false makes it finish inside the call');
});
