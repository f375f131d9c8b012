/**
 * Test fixture run as a separate process: opens a snapshot set and holds it until told to let go,
 * so a test can prove that "one snapshot set in progress at a time" holds across processes.
 * Usage: node child-hold-set.js READY_FILE GO_FILE (SHADOWDESK_SIM_ROOT names the machine).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { withBackupComponents } from '../ffi/backup-components.js';
import { VSS_CTX } from '../ffi/constants.js';

const [readyFile, goFile] = process.argv.slice(2);
if (!readyFile || !goFile) throw new Error('usage: child-hold-set READY_FILE GO_FILE');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
withBackupComponents(VSS_CTX.CLIENT_ACCESSIBLE, (bc) => {
  bc.startSnapshotSet();
  bc.addToSnapshotSet('C:\\');
  writeFileSync(readyFile, 'ready');
  const deadline = Date.now() + 60_000;
  while (!existsSync(goFile) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 25);
  bc.abortBackup();
});
