import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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

/** How a test's machine behaves beyond the demo. */
export interface FreshMachineOptions {
  /**
   * Keep the stand-in's realistic operation delays (machine.json "asyncDelaysMs": a create takes about
   * a second). Off by default so the suites stay fast; tests about waiting, timeouts and progress turn it on.
   */
  delays?: boolean;
}

/** Creates a fresh demo machine in a temporary folder and points the stand-in at it. */
export function freshMachine(prefix = 'shadowdesk-test-', options: FreshMachineOptions = {}): SimMachine {
  const sim = simExtras();
  if (!sim) throw new Error('These tests need the sim backend (SHADOWDESK_BACKEND=sim).');
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  rmSync(root, { recursive: true, force: true });
  sim.setRoot(root);
  sim.setClock(0n);
  const client = new VssClient();
  // The stand-in creates the demo machine on first use; do it now so a test can edit its files first.
  client.listVolumes();
  if (!options.delays) {
    const file = path.join(root, 'machine.json');
    const machine = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    machine.asyncDelaysMs = false;
    writeFileSync(file, JSON.stringify(machine, null, 2));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later); // the stand-in re-reads machine.json when its mtime or size changes
  }
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
