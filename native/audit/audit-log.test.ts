import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_FILE_NAME, appendAudit, auditFilePath, defaultDataDir, readAudit, type AuditEntry } from './audit-log.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  return path.join(dir, 'nested', 'data');
}

const at = (minute: number): string => new Date(Date.UTC(2024, 4, 20, 10, minute)).toISOString();

test('entries read back newest first, whole and unchanged', (t) => {
  const dir = tempDir(t);
  const first = appendAudit(dir, { at: at(0), action: 'create', target: 'C:\\', outcome: 'ok', detail: { setId: '{s1}', deletedToMakeRoom: [] } });
  appendAudit(dir, { at: at(5), action: 'delete', target: '{5e1f0000-0000-0000-0000-000000000001}', outcome: 'failed', error: { code: 'VSS_E_OBJECT_NOT_FOUND', message: 'Not found' }, user: 'mario' });
  appendAudit(dir, { at: at(9), action: 'restore', target: 'C:\\Users\\mario\\Report.docx', outcome: 'cancelled' });
  const entries = readAudit(dir);
  assert.deepEqual(entries.map((e) => e.action), ['restore', 'delete', 'create']);
  assert.deepEqual(entries[2], first);
  assert.deepEqual(entries[1]!.error, { code: 'VSS_E_OBJECT_NOT_FOUND', message: 'Not found' });
  assert.equal(entries[1]!.user, 'mario');
  assert.equal(readFileSync(auditFilePath(dir), 'utf8').split('\n').length, 4, 'three lines and a final newline');
});

test('`at` defaults to now, and invalid entries are refused', (t) => {
  const dir = tempDir(t);
  const before = Date.now();
  const e = appendAudit(dir, { action: 'resize-storage', target: 'C:\\', outcome: 'ok', detail: { maxBytes: 10 } });
  assert.ok(Date.parse(e.at) >= before && Date.parse(e.at) <= Date.now());
  assert.throws(() => appendAudit(dir, { action: 'format' as AuditEntry['action'], target: 'C:\\', outcome: 'ok' }), TypeError);
  assert.equal(readAudit(dir).length, 1);
});

test('since and limit pick the newest entries in range; ties keep file order reversed', (t) => {
  const dir = tempDir(t);
  for (let m = 0; m < 10; m++) appendAudit(dir, { at: at(m), action: 'create', target: `V${m}`, outcome: 'ok' });
  appendAudit(dir, { at: at(9), action: 'undo-restore', target: 'tie', outcome: 'ok' });
  assert.deepEqual(readAudit(dir, { limit: 3 }).map((e) => e.target), ['tie', 'V9', 'V8']);
  assert.deepEqual(readAudit(dir, { since: at(7) }).map((e) => e.target), ['tie', 'V9', 'V8', 'V7']);
  assert.deepEqual(readAudit(dir, { since: new Date(at(7)), limit: 2 }).map((e) => e.target), ['tie', 'V9']);
  assert.deepEqual(readAudit(dir, { limit: 0 }), []);
  assert.throws(() => readAudit(dir, { since: 'yesterday-ish' }), RangeError);
});

test('a missing log reads as empty', (t) => {
  assert.deepEqual(readAudit(tempDir(t)), []);
});

test('a torn last line is skipped, and an entry appended after it is still read', (t) => {
  const dir = tempDir(t);
  appendAudit(dir, { at: at(1), action: 'create', target: 'C:\\', outcome: 'ok' });
  appendAudit(dir, { at: at(2), action: 'delete', target: '{a}', outcome: 'ok' });
  // A crash mid-write leaves half a line without its newline.
  appendFileSync(auditFilePath(dir), '{"at":"2024-05-20T10:03:00.000Z","action":"dele');
  assert.deepEqual(readAudit(dir).map((e) => e.target), ['{a}', 'C:\\']);

  appendAudit(dir, { at: at(4), action: 'add-storage', target: 'D:\\', outcome: 'ok', detail: { note: 'quote " and {"at": inside' } });
  const read = readAudit(dir);
  assert.deepEqual(read.map((e) => e.target), ['D:\\', '{a}', 'C:\\']);
  assert.deepEqual(read[0]!.detail, { note: 'quote " and {"at": inside' });

  // Garbage and foreign lines in the middle do not hide the rest either.
  appendFileSync(auditFilePath(dir), 'not json\n{"hello":"world"}\n[1,2]\n\n');
  appendAudit(dir, { at: at(5), action: 'restore', target: 'E:\\', outcome: 'ok' });
  assert.deepEqual(readAudit(dir).map((e) => e.target), ['E:\\', 'D:\\', '{a}', 'C:\\']);
});

/** Runs a child Node process that appends `count` entries tagged `tag` through the compiled module. */
function appender(moduleUrl: string, dir: string, tag: string, count: number): Promise<void> {
  const script = `
    const { appendAudit } = await import(${JSON.stringify(moduleUrl)});
    const pad = 'x'.repeat(3000);
    for (let i = 0; i < ${count}; i++) {
      appendAudit(${JSON.stringify(dir)}, { action: 'create', target: ${JSON.stringify(tag)} + ':' + i, outcome: 'ok', detail: { pad, i } });
    }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`appender ${tag} exited ${code}: ${stderr}`))));
  });
}

test('two processes appending at once produce whole lines only', async (t) => {
  const dir = tempDir(t);
  const moduleUrl = new URL('./audit-log.js', import.meta.url).href;
  const count = 150;
  await Promise.all([appender(moduleUrl, dir, 'A', count), appender(moduleUrl, dir, 'B', count)]);

  const text = readFileSync(path.join(dir, AUDIT_FILE_NAME), 'utf8');
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split('\n');
  assert.equal(lines.length, 2 * count, 'one line per entry, none merged or split');
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `torn line: ${line.slice(0, 80)}…`);

  const entries = readAudit(dir);
  assert.equal(entries.length, 2 * count);
  for (const tag of ['A', 'B']) {
    const mine = lines.map((l) => JSON.parse(l) as AuditEntry).filter((e) => e.target.startsWith(`${tag}:`));
    assert.deepEqual(mine.map((e) => e.target), Array.from({ length: count }, (_, i) => `${tag}:${i}`), `${tag} in its own order`);
  }
});

test('defaultDataDir: override, Windows, XDG and home fallbacks', () => {
  assert.equal(defaultDataDir({ SHADOWDESK_DATA_DIR: '/srv/sd', LOCALAPPDATA: 'C:\\x' }, 'win32'), '/srv/sd');
  assert.equal(defaultDataDir({ LOCALAPPDATA: 'C:\\Users\\mario\\AppData\\Local' }, 'win32'), 'C:\\Users\\mario\\AppData\\Local\\ShadowDesk');
  assert.equal(defaultDataDir({ USERPROFILE: 'C:\\Users\\mario' }, 'win32'), 'C:\\Users\\mario\\AppData\\Local\\ShadowDesk');
  assert.equal(defaultDataDir({ XDG_DATA_HOME: '/home/mario/.data', HOME: '/home/mario' }, 'linux'), '/home/mario/.data/shadowdesk');
  assert.equal(defaultDataDir({ XDG_DATA_HOME: 'relative/ignored', HOME: '/home/mario' }, 'linux'), '/home/mario/.local/share/shadowdesk');
  assert.equal(defaultDataDir({ HOME: '/Users/mario' }, 'darwin'), '/Users/mario/.local/share/shadowdesk');
});
