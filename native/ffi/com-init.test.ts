import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { COMGLB, CLSID_GlobalOptions, IID_IGlobalOptions, comInitStatus, ensureComInitialized } from './com-init.js';
import { natives } from './natives.js';
import { guidToStruct } from './guid.js';
import { ComScope } from './com.js';
import { hresultName } from './hresult.js';

// One process per test file (node --test): the first VSS call below is this process's COM start-up.
let m: SimMachine | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  m = undefined;
});

test('COM start-up: joins the MTA, sets security, and turns off COM exception handling as Microsoft asks requesters to', () => {
  m = freshMachine(); // lists volumes: the process's first VSS work
  assert.equal(m.sim.comGlobalOption(COMGLB.EXCEPTION_HANDLING), BigInt(COMGLB.EXCEPTION_DONOT_HANDLE), 'the stand-in saw IGlobalOptions::Set(COMGLB_EXCEPTION_HANDLING, COMGLB_EXCEPTION_DONOT_HANDLE)');
  const status = comInitStatus();
  assert.ok(status, 'the results are recorded');
  assert.deepEqual(status, {
    coInitializeEx: { hresult: 0, hresultName: 'S_OK' },
    apartment: 'mta',
    coInitializeSecurity: { hresult: 0, hresultName: 'S_OK' },
    securityOurs: true,
    exceptionHandling: { hresult: 0, hresultName: 'S_OK', step: 'Set', set: true },
  });
  assert.equal(ensureComInitialized(), status, 'once per process');
});

test('the stand-in\'s CLSID_GlobalOptions behaves as COM\'s: in-process only, its own IID, documented values only', () => {
  m = freshMachine();
  const n = natives();
  const create = (clsctx: number, iid: string, outer: null = null): { hr: number; ptr: bigint | null } => {
    const out: [unknown] = [null];
    const hr = n.CoCreateInstance(guidToStruct(CLSID_GlobalOptions), outer, clsctx, guidToStruct(iid), out);
    return { hr, ptr: (out[0] as bigint | null) ?? null };
  };
  const LOCAL_SERVER = 0x4;
  assert.equal(hresultName(create(LOCAL_SERVER, IID_IGlobalOptions).hr), 'REGDB_E_CLASSNOTREG', 'GlobalOptions has no out-of-process server');
  assert.equal(hresultName(create(1, '{fa7df749-66e7-4986-a27f-e2f04ae53772}').hr), 'E_NOINTERFACE');
  const scope = new ComScope();
  try {
    const ok = create(1, IID_IGlobalOptions);
    assert.equal(ok.hr, 0);
    const options = scope.adopt('IGlobalOptions', ok.ptr);
    assert.equal(hresultName(options.invoke('Set', COMGLB.EXCEPTION_HANDLING, 7)), 'E_INVALIDARG', 'not a GLOBALOPT_EH_VALUES value');
    assert.equal(hresultName(options.invoke('Set', 99, 0)), 'E_INVALIDARG', 'not a GLOBALOPT_PROPERTIES value');
    const value: [unknown] = [0n];
    assert.equal(options.invoke('Query', COMGLB.EXCEPTION_HANDLING, value), 0);
    assert.equal(BigInt(value[0] as number), BigInt(COMGLB.EXCEPTION_DONOT_HANDLE), 'Query reads back what the host set');
  } finally {
    scope.dispose();
  }
});
