import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { creationTimeText, windowsProcessIdentity } from './process-identity.js';
import { FolderSource } from '../testing/folder-source.js';
import { planRestore } from '../restore/restore-plan.js';
import { runRestore } from '../restore/restore-run.js';
import { loadJournal, ownerAlive, saveJournal } from '../restore/restore-journal.js';
import type { ProcessIdentityPort } from '../restore/restore-journal.js';
import { recoverInterrupted } from '../restore/restore-undo.js';

const reason = 'process creation times need the system kernel32.dll: runs as Windows x64 under Wine in "npm run test:windows-abi"';
const onWindows = process.platform === 'win32' ? false : reason;

/** A FolderSource with the host's Windows process port. */
class WindowsFolderSource extends FolderSource {
  readonly processes: ProcessIdentityPort | undefined = windowsProcessIdentity();
}

test('a FILETIME is read as one 64-bit count of 100 ns, high DWORD first', () => {
  assert.equal(creationTimeText(0, 0), 'ft:0');
  assert.equal(creationTimeText(0xffffffff, 0), 'ft:4294967295');
  assert.equal(creationTimeText(0x5a6b7c00, 0x01db4a12), `ft:${(0x01db4a12n << 32n) + 0x5a6b7c00n}`);
  assert.equal(creationTimeText(-1, -1), `ft:${(1n << 64n) - 1n}`, 'DWORDs are unsigned');
});

test('Windows: a running process has a creation time; one that exited is never taken for it', { skip: onWindows }, async () => {
  const port = windowsProcessIdentity();
  assert.ok(port);
  const own = port.observe(process.pid);
  assert.equal(own.state, 'running');
  assert.match(own.state === 'running' ? own.start ?? '' : '', /^ft:\d+$/);
  assert.deepEqual(port.observe(process.pid), own, 'the same process, the same creation time');

  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const seen = port.observe(sleeper.pid!);
    assert.equal(seen.state, 'running');
    assert.notDeepEqual(seen, own, 'another process started at another time');
    const start = seen.state === 'running' ? seen.start ?? '' : '';
    assert.equal(ownerAlive({ pid: sleeper.pid!, processStart: start, bootId: null }, port), true);
    assert.equal(ownerAlive({ pid: sleeper.pid!, processStart: `ft:${BigInt(start.slice(3)) - 1n}`, bootId: null }, port), false, 'its pid, another creation time: a reused pid');
  } finally {
    sleeper.kill();
  }
  const done = spawnSync(process.execPath, ['-e', '']);
  assert.ok(done.pid);
  assert.notEqual(port.observe(done.pid).state, 'running', 'an exited process is gone (or exited)');
});

test('Windows: a journal records the owner\'s creation time, and recovery takes a restore whose pid now names another process', { skip: onWindows }, async () => {
  const s = new WindowsFolderSource(['C']);
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const live = (rel: string) => path.join(s.liveRoot('C:\\'), rel);
    mkdirSync(live('docs'));
    writeFileSync(live('docs\\a.txt'), 'from the copy');
    const shot = s.snapshot('C', new Date('2026-03-10T09:05:00Z'));
    writeFileSync(live('docs\\a.txt'), 'current');
    const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs'] });
    const crash = new Error('simulated crash');
    const dataDir = path.join(s.base, 'data');
    await assert.rejects(runRestore(s, plan, { onConflict: 'replace', dataDir, testHooks: { afterAside: () => { throw crash; } } }), (e) => e === crash);
    const id = readdirSync(path.join(dataDir, 'restores'))[0]!;
    const j = loadJournal(dataDir, id);
    assert.match(j.processStart, /^ft:\d+$/, 'the owner is recorded by its creation time');
    assert.deepEqual(await recoverInterrupted(s, dataDir), [], 'this process still owns it');
    await new Promise((r) => setTimeout(r, 300));
    // The pid now belongs to a live process that is not the owner.
    j.pid = sleeper.pid!;
    await saveJournal(dataDir, j);
    const recovered = await recoverInterrupted(s, dataDir);
    assert.deepEqual(recovered.map((r) => r.state), ['interrupted']);
    assert.equal(readFileSync(live('docs\\a.txt'), 'utf8'), 'current', 'the user\'s file is back');
    assert.deepEqual(readdirSync(live('docs')), ['a.txt']);
  } finally {
    sleeper.kill();
    s.dispose();
  }
});
