import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { simExtras, type SimExtras } from '../ffi/sim-extras.js';
import { liveComPointerCount } from '../ffi/com.js';
import { VssClient } from '../vss/vss-client.js';

/** A fresh simulated machine for one test: its own root, so tests never see each other's copies. */
export interface SimMachine {
  root: string;
  client: VssClient;
  sim: SimExtras;
  /** Removes the machine's folder and points the stand-in back at its default root. */
  dispose(): void;
}

/** Creates a fresh demo machine in a temporary folder and points the stand-in at it. */
export function freshMachine(prefix = 'shadowdesk-test-'): SimMachine {
  const sim = simExtras();
  if (!sim) throw new Error('These tests need the sim backend (SHADOWDESK_BACKEND=sim).');
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  rmSync(root, { recursive: true, force: true });
  sim.setRoot(root);
  sim.setClock(0n);
  const client = new VssClient();
  // The stand-in creates the demo machine on first use; do it now so a test can edit its files first.
  client.listVolumes();
  return {
    root,
    client,
    sim,
    dispose() {
      sim.setRoot(null);
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/**
 * Asserts that every COM object, BSTR and CoTaskMem block handed out has been given back, both as
 * the bindings count them and as the stand-in counts them.
 */
export function assertNoLeaks(sim: SimExtras): void {
  assert.equal(liveComPointerCount(), 0, 'COM pointers still held by the bindings');
  assert.equal(sim.liveCount('comObjects'), 0, 'COM objects alive in the stand-in');
  assert.equal(sim.liveCount('bstrs'), 0, 'BSTRs not freed');
  assert.equal(sim.liveCount('taskMem'), 0, 'CoTaskMem blocks not freed');
}
