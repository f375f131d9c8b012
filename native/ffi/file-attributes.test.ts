import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { windowsFileAttributes } from './file-attributes.js';
import { FolderSource } from '../testing/folder-source.js';
import { browse } from '../restore/browse.js';
import { planRestore } from '../restore/restore-plan.js';
import { runRestore } from '../restore/restore-run.js';
import { undoRestore } from '../restore/restore-undo.js';
import type { FileAttributesPort } from '../restore/shadow-source.js';

const READONLY = 0x1;
const HIDDEN = 0x2;
const reason = 'Windows file attributes need the system kernel32.dll: runs as Windows x64 under Wine in "npm run test:windows-abi"';

/** A FolderSource that has the Windows attribute port, as the host's source does on Windows. */
class WindowsFolderSource extends FolderSource {
  override readonly fileAttributes: FileAttributesPort | undefined = windowsFileAttributes();
}

test('Windows attributes: shown when browsing, carried over by a restore, and undo still removes a read-only file', { skip: process.platform === 'win32' ? false : reason }, async () => {
  const s = new WindowsFolderSource(['C']);
  try {
    const port = s.fileAttributes!;
    const live = (rel: string) => path.join(s.liveRoot('C:\\'), rel);
    mkdirSync(live('docs'));
    writeFileSync(live('docs\\contract.txt'), 'signed');
    const shot = s.snapshot('C', new Date('2026-03-10T09:05:00Z'));
    const frozen = path.join(s.shadowRoot(shot), 'docs', 'contract.txt');
    assert.ok(port.set(frozen, READONLY | HIDDEN), 'SetFileAttributesW');
    const wanted = port.get(frozen)! & (READONLY | HIDDEN);
    assert.ok((wanted & READONLY) !== 0, 'the file system keeps at least readonly');

    const page = await browse(s, { shadowId: shot.id, folder: 'docs' });
    const entry = page.entries.find((e) => e.name === 'contract.txt')!;
    assert.ok(entry.attributes.includes('readonly'));
    if (wanted & HIDDEN) assert.ok(entry.attributes.includes('hidden'));

    const plan = await planRestore(s, { shadowId: shot.id, paths: ['C:\\docs\\contract.txt'], to: 'C:\\Restored' });
    const r = await runRestore(s, plan, { onConflict: 'replace', dataDir: path.join(s.base, 'data') });
    assert.equal(r.state, 'completed');
    const restored = live('Restored\\contract.txt');
    assert.equal(readFileSync(restored, 'utf8'), 'signed');
    assert.equal(port.get(restored)! & (READONLY | HIDDEN), wanted, 'the same attributes as in the copy');

    const u = await undoRestore(s, r.restoreId, { dataDir: path.join(s.base, 'data') });
    assert.deepEqual(u.removed, ['C:\\Restored\\contract.txt'], 'a read-only restored file is still removed by undo');
  } finally {
    const port = s.fileAttributes;
    if (port) for (const p of [path.join(s.base, 'shadows', '1', 'docs', 'contract.txt')]) port.set(p, 0x80);
    s.dispose();
  }
});
