import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { FolderSource } from '../testing/folder-source.js';
import { COPY_CHUNK } from './copy-verified.js';
import { hashFile } from './fs-common.js';
import { workerHashPool } from './hash-pool.js';
import { planRestore } from './restore-plan.js';
import { runRestore } from './restore-run.js';
import { loadJournal } from './restore-journal.js';

let src: FolderSource | undefined;
const extra: string[] = [];
afterEach(() => {
  src?.dispose();
  src = undefined;
  for (const d of extra.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SHOT = new Date('2026-03-10T09:05:00Z');
const OLD = new Date('2026-03-01T08:00:00Z');

function live(s: FolderSource, rel: string): string {
  return path.join(s.liveRoot('C:\\'), ...rel.split('\\'));
}

function put(file: string, content: Buffer | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  utimesSync(file, OLD, OLD);
}

/** Bytes that differ at every position, so a chunk written at the wrong offset cannot go unseen. */
function pattern(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed + (i >>> 8) * 7 + (i >>> 16) * 13) & 255;
  return b;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test('threaded hashing: files of odd sizes across chunk borders restore byte for byte, in plan order, with the journal holding each SHA-256', async () => {
  src = new FolderSource(['C']);
  const s = src;
  const sizes = [0, 1, COPY_CHUNK - 1, COPY_CHUNK, COPY_CHUNK + 1, 3 * COPY_CHUNK + 12345, 17];
  const contents = sizes.map((n, i) => pattern(n, i + 1));
  contents.forEach((c, i) => put(live(s, `data\\f${i}.bin`), c));
  put(live(s, 'data\\same.txt'), 'unchanged');
  const shot = s.snapshot('C', SHOT);
  contents.forEach((_, i) => i % 2 === 0 && put(live(s, `data\\f${i}.bin`), `current ${i}`));
  for (let i = 1; i < contents.length; i += 2) rmSync(live(s, `data\\f${i}.bin`));
  const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\data'] });
  const dataDir = path.join(s.base, 'data-dir');
  const r = await runRestore(s, plan, { onConflict: 'replace', dataDir, hashThreads: 2 });
  assert.equal(r.state, 'completed');
  const planned = plan.items.map((i) => i.target).filter((t) => !t.endsWith('same.txt'));
  assert.deepEqual(r.restored, planned, 'results come in plan order though files overlap');
  assert.deepEqual(r.skipped, ['C:\\data\\same.txt']);
  contents.forEach((c, i) => {
    assert.equal(sha(readFileSync(live(s, `data\\f${i}.bin`))), sha(c), `f${i} (${c.length} bytes)`);
    assert.equal(statSync(live(s, `data\\f${i}.bin`)).mtimeMs, OLD.getTime(), 'the copy\'s time');
  });
  assert.deepEqual(readdirSync(live(s, 'data')).filter((n) => n.endsWith('.tmp')), [], 'no temp left');
  const j = loadJournal(dataDir, r.restoreId);
  for (const item of j.items.filter((i) => i.state === 'placed')) {
    const i = Number(/f(\d+)\.bin$/.exec(item.target)?.[1]);
    assert.equal(item.sha256, sha(contents[i]!), item.target);
  }
  assert.deepEqual(j.items.map((i) => i.state).sort(), [...Array(contents.length).fill('placed'), 'skipped'].sort());
});

test('the hash pool: streams and files hash as createHash does, on every worker; a link at the name is refused, never followed', { skip: SYMLINK_SKIP }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-hashpool-'));
  extra.push(dir);
  const pool = workerHashPool(2);
  try {
    const data = pattern(5 * 1024 * 1024 + 3, 9);
    const file = path.join(dir, 'a.bin');
    writeFileSync(file, data);
    const memory = new SharedArrayBuffer(data.length);
    Buffer.from(memory).set(data);
    const streams = [pool.stream(data.length), pool.stream(data.length)];
    for (const st of streams) {
      await st.update(memory, 0, 1000);
      await st.update(memory, 1000, data.length - 1000);
    }
    const hexes = await Promise.all([...streams.map((st) => st.digest()), pool.file(file, data.length), pool.file(file, data.length)]);
    assert.deepEqual(hexes, Array(4).fill(sha(data)));
    assert.equal(await hashFile(file), sha(data));
    symlinkSync(file, path.join(dir, 'link.bin'));
    await assert.rejects(pool.file(path.join(dir, 'link.bin'), 0), { code: 'ELOOP' });
    await assert.rejects(pool.file(dir, 0), (err: NodeJS.ErrnoException) => err.code === 'NOT_A_FILE' || err.code === 'EISDIR');
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.file(path.join(dir, 'a.bin'), 0), /closed/);
});
