import { readFileSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SimMachine } from './sim-machine.js';

const MB = 1024 ** 2;

/**
 * Sets top-level keys of a simulated machine's machine.json (the stand-in re-reads it when it
 * changes): `minDiffAreaFileSizeMB` stands for the MinDiffAreaFileSize registry value, and
 * `storageAccounting` picks copy-on-write (the default) or full-copy accounting.
 */
export function setMachineKeys(root: string, keys: Record<string, unknown>): void {
  const file = path.join(root, 'machine.json');
  const machine = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, `${JSON.stringify({ ...machine, ...keys }, null, 2)}\n`);
}

/**
 * Writes one version of a live file of `mb` MB (content and last-write time differ per version),
 * as an application rewriting a big file would.
 */
export function writeVersion(m: SimMachine, rel: string, mb: number, version: number): void {
  const file = path.join(m.sim.volumeFolder('C:\\'), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.alloc(mb * MB, version & 0xff));
  const when = new Date(Date.now() + version * 1000);
  utimesSync(file, when, when);
}

/**
 * Copy-on-write churn on C:: a big file in version 1, a copy X that holds it, version 2 written over
 * it, then a copy Y. X alone now holds the overwritten version (mb MB of shadow storage), Y costs
 * nothing because it matches the live file. Returns the two copies' ids.
 */
export function churnC(m: SimMachine, mb: number): { x: string; y: string } {
  const rel = 'Users/ana/Videos/clip.bin';
  writeVersion(m, rel, mb, 1);
  const x = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!.id;
  writeVersion(m, rel, mb, 2);
  const y = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!.id;
  return { x, y };
}
