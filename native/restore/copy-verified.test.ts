import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { liveFile, putFile, testFolders } from '../testing/test-folders.js';
import { COPY_CHUNK } from './copy-verified.js';
import { hashFile } from './fs-common.js';
import { workerHashPool } from './hash-pool.js';
import { planRestore } from './restore-plan.js';
import { runRestore } from './restore-run.js';
import { loadJournal } from './restore-journal.js';

const folders = testFolders();

const SHOT = new Date('2026-03-10T09:05:00Z');
const OLD = new Date('2026-03-01T08:00:00Z');

const live = liveFile;
const put = (file: string, content: Buffer | string): void => putFile(file, content, OLD);

/** Bytes that differ at every position, so a chunk written at the wrong offset cannot go unseen. */
function pattern(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed + (i >>> 8) * 7 + (i >>> 16) * 13) & 255;
  return b;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test('threaded hashing: files of odd sizes across chunk borders restore byte for byte, in plan order, with the journal holding each SHA-256', async () => {
  const s = folders.source();
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

/** Flips one bit of `file` at `position`, as a faulty disk, driver or another process would. */
function flipByte(file: string, position: number): void {
  const fd = openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, position);
    b[0] = b[0]! ^ 0x10;
    writeSync(fd, b, 0, 1, position);
  } finally {
    closeSync(fd);
  }
}

for (const hashThreads of [0, 2]) {
  test(`a temp altered between its write and its verification fails with VERIFY_FAILED and the user's file stays untouched (hash threads: ${hashThreads})`, async () => {
    const s = folders.source();
    const big = pattern(2 * COPY_CHUNK + 777, 3);
    const small = pattern(1000, 4);
    put(live(s, 'data\\big.bin'), big);
    put(live(s, 'data\\small.bin'), small);
    const shot = s.snapshot('C', SHOT);
    put(live(s, 'data\\big.bin'), 'the user\'s current big.bin');
    put(live(s, 'data\\small.bin'), 'the user\'s current small.bin');
    const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\data'] });
    const dataDir = path.join(s.base, 'data-dir');
    const altered: string[] = [];
    const r = await runRestore(s, plan, {
      onConflict: 'replace',
      dataDir,
      hashThreads,
      testHooks: {
        afterChunkWritten: (temp, position, length) => {
          // The middle chunk of big.bin only: one bit, in its last byte.
          if (!temp.includes('big.bin') || position !== COPY_CHUNK) return;
          flipByte(temp, position + length - 1);
          altered.push(temp);
        },
      },
    });
    assert.equal(altered.length, 1, 'the hook altered one chunk');
    assert.equal(r.state, 'failed');
    assert.deepEqual(r.failed.map((f) => f.target), ['C:\\data\\big.bin']);
    assert.match(r.failed[0]!.error, /did not match/);
    assert.deepEqual(r.restored, ['C:\\data\\small.bin'], 'the other file in flight is restored');
    assert.equal(r.replaced, 1);
    assert.equal(readFileSync(live(s, 'data\\big.bin'), 'utf8'), 'the user\'s current big.bin', 'the user\'s file is untouched');
    assert.equal(statSync(live(s, 'data\\big.bin')).mtimeMs, OLD.getTime(), 'not even its time changed');
    assert.equal(sha(readFileSync(live(s, 'data\\small.bin'))), sha(small));
    assert.deepEqual(readdirSync(live(s, 'data')).sort(), ['big.bin', 'small.bin'], 'no temp left');
    const j = loadJournal(dataDir, r.restoreId);
    const item = j.items.find((i) => i.target.endsWith('big.bin'))!;
    assert.equal(item.state, 'failed');
    assert.equal(item.aside, null, 'nothing was moved aside for it');
    assert.equal(item.final, null);
  });
}

test('the hash pool: streams and files hash as createHash does, on every worker; a link at the name is refused, never followed', { skip: SYMLINK_SKIP }, async () => {
  const dir = folders.temp('hashpool');
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
