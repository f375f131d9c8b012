/**
 * The VSS host process: the only process that loads koffi and talks to VSS. It owns its COM
 * initialization, serves the contract over stdin/stdout, and on start finishes the business of any
 * restore a crash interrupted, so nothing is ever left half-written at a user's path.
 */
import { VssClient } from '../vss/vss-client.js';
import { enableBackupPrivileges } from '../ffi/privileges.js';
import { defaultDataDir } from '../audit/audit-log.js';
import { recoverInterrupted } from '../restore/restore-undo.js';
import { createHandlers } from './handlers.js';
import { serveHost } from './host-loop.js';
import { VssShadowSource } from './vss-shadow-source.js';
import { processHostStream } from './host-stream.js';
import { HostSession } from './host-session.js';
import { imageOpeners } from './image-openers.js';
import { PROTOCOL_VERSION } from './protocol.js';
import { OPERATION_NAME_LIST } from '../contract/operation-names.js';
import { appVersion } from '../about/about.js';
import { lazyComputerPool } from '../remote/lazy-computer-pool.js';
import { setFlagsFromString } from 'node:v8';

// The old generation is collected once it grows a quarter past what was live after the last full
// collection, not the 1.1x-4x V8 picks by itself: browsing a 1,000,000-entry folder keeps about
// 50 MB live but otherwise let the host reach 380 MB of garbage-in-waiting (244 MB with this; the
// walk's time unchanged within noise). Read by V8 at each full collection, so setting it now works.
setFlagsFromString('--heap-growing-percent=25');

// stdout carries the protocol (for a child process): anything else printed there would corrupt it.
console.log = console.error;
console.info = console.error;

// Windows: read copies of files whose ACLs would refuse us, as backup tools do (no-op elsewhere).
const privileges = enableBackupPrivileges();
const client = new VssClient();
const source = new VssShadowSource(client);
const dataDir = defaultDataDir(process.env, process.platform);
const recovered = await recoverInterrupted(source, dataDir);

const { stream, viaParentPort, finish } = processHostStream();
// The window's other computers are reached from here, over ssh: calls naming one go to its connection.
const pool = lazyComputerPool(async () => (await import('../remote/computer-pool.js')).createComputerPool({ env: process.env }));
await serveHost(
  stream,
  createHandlers({ session: new HostSession({ client, source }, imageOpeners()), dataDir, pool }),
  {
    pid: process.pid, backend: client.backend, recovered: recovered.length, backupPrivilege: privileges.backup,
    protocol: PROTOCOL_VERSION, version: appVersion(), operations: [...OPERATION_NAME_LIST],
  },
  (computer, op, input, options) => pool.call(computer, op, input, options),
);
await pool.closeAll();
// A child process ends by itself once stdin closes: no process.exit, so the last responses are
// flushed first. A utility process's port would keep it alive: it exits once the parent has said
// it holds every response (see host-stream.ts).
await finish();
if (viaParentPort) process.exit(0);
