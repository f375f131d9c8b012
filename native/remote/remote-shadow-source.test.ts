import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshMachine, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import type { ComputerPool } from './computer-pool.js';
import type { TreeReadResult } from './computer-types.js';
import { restoreHere } from './restore-here.js';
import { REMOTE_READ_CHUNK } from './remote-shadow-source.js';

let m: SimMachine | undefined;
let there: InProcessApi | undefined;
const dirs: string[] = [];
afterEach(() => {
  there?.dispose();
  m?.dispose();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  m = undefined;
  there = undefined;
});

/** A pool whose "other computer" is a sim machine in this process, through the contract (JSON round trip), with a hook on treeRead. */
function poolOver(api: InProcessApi['api'], alterRead?: (r: TreeReadResult, input: { offset: number }) => TreeReadResult): ComputerPool {
  return {
    call: async (_target, op, input, options) => {
      const value = await (api as unknown as Record<string, (i: unknown, o: unknown) => Promise<unknown>>)[op]!(input, options);
      return op === 'treeRead' && alterRead ? alterRead(value as TreeReadResult, input as { offset: number }) : value;
    },
    session: () => Promise.reject(new Error('not used')),
    isOpen: () => true,
    close: async () => undefined,
    closeAll: async () => undefined,
  };
}

function setUp(size: number): { shadowId: string; data: Buffer; to: string; dataDir: string } {
  m = freshMachine('shadowdesk-remote-source-');
  there = inProcessApi(m);
  const data = randomBytes(size);
  fs.writeFileSync(path.join(m.sim.volumeFolder('C:\\'), 'Users', 'ana', 'odd.bin'), data);
  const shadowId = m.client.createShadows({ volumes: ['C:'] }).shadows[0]!.id;
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'shadowdesk-here-to-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadowdesk-here-data-'));
  dirs.push(to, dataDir);
  return { shadowId, data, to, dataDir };
}

const ctx = { lang: 'en' as const, signal: new AbortController().signal, progress: () => undefined };

test('reads ahead in whole chunks and puts them together byte for byte (a size that is no multiple of a chunk)', async () => {
  const { shadowId, data, to, dataDir } = setUp(3 * REMOTE_READ_CHUNK + 777);
  const offsets: number[] = [];
  const pool = poolOver(there!.api, (r, i) => (offsets.push(i.offset), r));
  const r = await restoreHere(pool, dataDir, { from: 'pc-1', shadowId, paths: ['C:\\Users\\ana\\odd.bin'], to, onConflict: 'keep-both' }, ctx);
  assert.equal(r.state, 'completed');
  assert.equal(createHash('sha256').update(fs.readFileSync(path.join(to, 'odd.bin'))).digest('hex'), createHash('sha256').update(data).digest('hex'));
  assert.deepEqual([...new Set(offsets)].sort((a, b) => a - b), [0, 1, 2, 3].map((k) => k * REMOTE_READ_CHUNK), 'each chunk asked for once per pass');
});

test('a file that arrives shorter than its stated size is never placed (TRANSFER_MISMATCH), and nothing is left in the folder', async () => {
  const { shadowId, to, dataDir } = setUp(2 * REMOTE_READ_CHUNK + 10);
  // The last chunk comes back cut short, claiming the end of the file.
  const pool = poolOver(there!.api, (r) => (r.eof ? { data: Buffer.from(r.data, 'base64').subarray(0, 5).toString('base64'), eof: true } : r));
  const r = await restoreHere(pool, dataDir, { from: 'pc-1', shadowId, paths: ['C:\\Users\\ana\\odd.bin'], to, onConflict: 'keep-both' }, ctx);
  assert.equal(r.state, 'failed');
  assert.match(r.failed[0]!.error, /the file arrived with \d+ bytes where \d+ were stated/);
  assert.deepEqual(fs.readdirSync(to), []);
});

test('restoring onto the other computer\'s own files from here is refused in words', async () => {
  const { shadowId } = setUp(10);
  const { RemoteShadowSource } = await import('./remote-shadow-source.js');
  const source = await RemoteShadowSource.open(poolOver(there!.api), 'pc-1', 'en');
  assert.ok(source.listShadows().some((s) => s.id === shadowId));
  assert.throws(() => source.destination(null), /Restores onto pc-1's own files happen there/);
});
