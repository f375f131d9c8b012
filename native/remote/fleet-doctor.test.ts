import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallOptions } from '../contract/api.js';
import type { OperationName } from '../contract/operations.js';
import { RemoteError } from '../contract/remote-error.js';
import type { DoctorReport } from '../doctor/doctor-types.js';
import type { HandlerContext } from '../host/dispatcher.js';
import type { ComputerPool } from './computer-pool.js';
import type { FleetProgress, FleetRow } from './computer-types.js';
import { fleetDoctor, uniqueTargets } from './fleet-doctor.js';
import { csvField, renderFleetCsv, renderFleetMarkdown } from './fleet-render.js';

type Behaviour = 'ok' | 'hang' | 'unreachable' | 'critical';

function doctorReport(critical: boolean): DoctorReport {
  return {
    generatedAt: '2025-03-10T12:00:00.000Z',
    lang: 'en',
    summary: { critical: critical ? 1 : 0, warning: 1, info: 0 },
    findings: [
      ...(critical ? [{ id: 'writer-failed:x', severity: 'critical' as const, title: 'Writer "SqlServerWriter" failed, "badly"', detail: 'd', next: 'n', subject: 'SqlServerWriter' }] : []),
      { id: 'old-copy:C', severity: 'warning', title: 'No copy of C: for 3 days', detail: 'd', next: 'n', subject: 'C:' },
    ],
    volumes: [
      { name: 'C:\\', guidPath: 'g', label: '', fileSystem: 'NTFS', capacityBytes: 1, freeBytes: 1, shadowCopySupported: true, copies: 3, clientAccessibleCopies: 3, newestCopyAt: '2025-03-10T06:00:00.000Z', oldestCopyAt: null, storage: { storageVolume: 'C:\\', usedBytes: 1024, allocatedBytes: 2048, maxBytes: 4096 }, status: 'ok' },
      { name: 'D:\\', guidPath: 'g', label: '', fileSystem: 'NTFS', capacityBytes: 1, freeBytes: 1, shadowCopySupported: true, copies: 0, clientAccessibleCopies: 0, newestCopyAt: null, oldestCopyAt: null, storage: null, status: 'ok' },
    ],
    writers: critical ? [{ name: 'SqlServerWriter', writerId: 'w', instanceId: 'i', state: '[8] Failed', stateCode: 8, lastError: null, lastErrorCode: 0, service: null, serviceDisplayName: null, severity: 'critical' }] : [],
  };
}

/** A pool whose computers answer from memory after a few ticks, counting the connections in flight. */
function fakePool(behaviour: (target: string) => Behaviour): ComputerPool & { maxInFlight: number; calls: string[] } {
  let inFlight = 0;
  const pool = {
    maxInFlight: 0,
    calls: [] as string[],
    ask(target: string, op: OperationName, _input: unknown, options: CallOptions<unknown> = {}): Promise<unknown> {
      pool.calls.push(`${target}:${op}`);
      const b = behaviour(target);
      return new Promise<unknown>((resolve, reject) => {
        const abort = (): void => reject(new RemoteError({ code: 'CANCELLED', message: 'Cancelled before the computer answered.' }));
        if (options.signal?.aborted) return abort();
        options.signal?.addEventListener('abort', abort, { once: true });
        if (b === 'hang') return;
        setTimeout(() => {
          if (b === 'unreachable') {
            reject(new RemoteError({ code: 'SSH_UNREACHABLE', message: options.lang === 'it' ? `Impossibile raggiungere ${target} con SSH.` : `${target} cannot be reached over SSH.` }));
          } else if (op === 'about') resolve({ computerName: target.toUpperCase(), version: '0.1.0', backend: 'sim' });
          else if (op === 'elevation') resolve({ applies: true, elevated: target !== 'guest-pc', canRestart: false });
          else resolve({ report: doctorReport(b === 'critical'), markdown: '' });
        }, 5 + (target.length % 4) * 3);
      });
    },
    // A session is one connection: counted once for all the calls it makes.
    async session<T>(target: string, work: (call: (op: OperationName, input: unknown) => Promise<unknown>) => Promise<T>, options: CallOptions<unknown> = {}): Promise<T> {
      inFlight++;
      pool.maxInFlight = Math.max(pool.maxInFlight, inFlight);
      try {
        return await work((op, input) => pool.ask(target, op, input, options));
      } finally {
        inFlight--;
      }
    },
    call: () => Promise.reject(new Error('the fleet doctor must not use the shared connections')),
    isOpen: () => false,
    close: async () => {},
    closeAll: async () => {},
  };
  return pool;
}

function ctxFor(lang: 'en' | 'it' = 'en', signal = new AbortController().signal): HandlerContext & { events: FleetProgress[] } {
  const events: FleetProgress[] = [];
  return { lang, signal, events, progress: (e) => events.push(e as FleetProgress) };
}

test('never more connections at once than asked, on a fleet of 23', async () => {
  const pool = fakePool(() => 'ok');
  const targets = Array.from({ length: 23 }, (_, i) => `pc-${String(i).padStart(3, '0')}`);
  const ctx = ctxFor();
  const report = await fleetDoctor(pool, { targets, concurrency: 4 }, ctx);
  assert.equal(pool.maxInFlight, 4, 'four at a time, and no more');
  assert.equal(report.rows.length, 23);
  assert.ok(report.rows.every((r) => r.status === 'ok'));
  assert.ok(!pool.calls.some((c) => c.endsWith(':call')));
  // The defaults when not asked.
  const pool5 = fakePool(() => 'ok');
  const r5 = await fleetDoctor(pool5, { targets }, ctxFor());
  assert.equal(pool5.maxInFlight, 5);
  assert.equal(r5.concurrency, 5);
  assert.equal(r5.timeoutSeconds, 60);
});

test('a computer that never answers times out alone; the others finish first, and rows stream as they are ready', async () => {
  const pool = fakePool((t) => (t === 'silent-pc' ? 'hang' : t === 'gone-pc' ? 'unreachable' : 'ok'));
  const ctx = ctxFor();
  let settled = false;
  let streamedBeforeEnd = 0;
  const origProgress = ctx.progress;
  ctx.progress = (e) => {
    if (!settled) streamedBeforeEnd++;
    origProgress(e);
  };
  const running = fleetDoctor(pool, { targets: ['ana-laptop', 'silent-pc', 'gone-pc', 'accounts-pc'], concurrency: 2, timeoutSeconds: 1 }, ctx);
  const report = await running.finally(() => (settled = true));
  assert.equal(streamedBeforeEnd, 4, 'every row was a progress event before the report');
  // The silent one is the last to be done; the others did not wait for it.
  assert.deepEqual(ctx.events.map((e) => e.row.target).at(-1), 'silent-pc');
  assert.deepEqual(ctx.events.map((e) => e.done), [1, 2, 3, 4]);
  assert.ok(ctx.events.every((e) => e.total === 4));
  // Rows keep the order given.
  assert.deepEqual(report.rows.map((r) => [r.target, r.status]), [['ana-laptop', 'ok'], ['silent-pc', 'timeout'], ['gone-pc', 'unreachable'], ['accounts-pc', 'ok']]);
  const silent = report.rows[1]!;
  assert.equal(silent.error?.code, 'FLEET_TIMEOUT');
  assert.match(silent.error!.message, /silent-pc did not answer within 1 seconds\./);
  assert.equal(report.rows[2]!.error?.message, 'gone-pc cannot be reached over SSH.');
});

test('a row holds what the helpdesk looks for: name, rights, copies per volume, newest age, storage, failed writers, findings', async () => {
  const pool = fakePool((t) => (t === 'sql-01' ? 'critical' : 'ok'));
  const report = await fleetDoctor(pool, { targets: ['sql-01', 'guest-pc'] }, ctxFor());
  const sql = report.rows[0]!;
  assert.equal(sql.hostname, 'SQL-01');
  assert.equal(sql.version, '0.1.0');
  assert.equal(sql.elevated, true);
  assert.deepEqual(sql.volumes, [
    { volume: 'C:\\', copies: 3, newestAt: '2025-03-10T06:00:00.000Z', storageUsedBytes: 1024, storageMaxBytes: 4096 },
    { volume: 'D:\\', copies: 0, newestAt: null, storageUsedBytes: null, storageMaxBytes: null },
  ]);
  assert.equal(sql.newestCopyAgeHours, 6);
  assert.deepEqual(sql.failedWriters, ['SqlServerWriter']);
  assert.deepEqual(sql.findings, { critical: 1, warning: 1, info: 0 });
  assert.deepEqual(sql.worst, { severity: 'critical', title: 'Writer "SqlServerWriter" failed, "badly"' });
  assert.equal(report.rows[1]!.elevated, false);
  // The Markdown starts with the worst computer.
  const table = report.markdown.split('\n').filter((l) => l.startsWith('| '));
  assert.match(table[2]!, /^\| sql-01 \(SQL-01\) \| ok \| yes \| C:\\\\ 3, D:\\\\ 0 \| 6\.0 h \|/);
});

test('targets named twice are checked once, in the order first given', async () => {
  assert.deepEqual(uniqueTargets(['pc-1', ' PC-1 ', '', 'pc-2', 'pc-1']), ['pc-1', 'pc-2']);
  const pool = fakePool(() => 'ok');
  const report = await fleetDoctor(pool, { targets: ['b', 'a', 'B', 'a'] }, ctxFor());
  assert.deepEqual(report.rows.map((r) => r.target), ['b', 'a']);
  assert.equal(pool.calls.filter((c) => c.endsWith(':doctor')).length, 2);
});

test('cancelling starts no new computer and closes the ones running; every row says so', async () => {
  const pool = fakePool(() => 'hang');
  const ac = new AbortController();
  const ctx = ctxFor('en', ac.signal);
  const running = fleetDoctor(pool, { targets: ['a', 'b', 'c', 'd'], concurrency: 2, timeoutSeconds: 600 }, ctx);
  setTimeout(() => ac.abort(), 20);
  const report = await running;
  assert.deepEqual(pool.calls, ['a:about', 'b:about'], 'c and d were never started');
  assert.ok(report.rows.every((r) => r.status === 'error' && r.error?.code === 'CANCELLED'));
});

test('CSV: RFC 4180 quoting, a header row, CRLF, and no formula from another computer runs in a spreadsheet', async () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvField(null), '');
  const pool = fakePool((t) => (t === 'sql-01' ? 'critical' : 'unreachable'));
  const { csv } = await fleetDoctor(pool, { targets: ['sql-01', 'gone,pc'] }, ctxFor());
  const lines = csv.split('\r\n');
  assert.equal(lines.at(-1), '', 'ends with a line break');
  assert.equal(lines[0], 'Computer,Status,Name,Version,Administrator,Copies per volume,Newest copy,Newest copy age (hours),Storage used (bytes),Storage maximum (bytes),Failed writers,Critical,Warnings,Info,Worst finding,Error code,Error,Duration (ms)');
  assert.ok(lines[1]!.startsWith('sql-01,ok,SQL-01,0.1.0,yes,"C:\\ 3, D:\\ 0",2025-03-10T06:00:00.000Z,6.0,1024,4096,SqlServerWriter,1,1,0,"critical: Writer ""SqlServerWriter"" failed, ""badly""",,,'));
  assert.ok(lines[2]!.startsWith(`"gone,pc",unreachable${','.repeat(10)}0,0,0,,SSH_UNREACHABLE,"gone,pc cannot be reached over SSH.",`), lines[2]);
});

test('Italian: the CSV header, statuses, the Markdown and the timeout\'s sentence', async () => {
  const pool = fakePool((t) => (t === 'muto' ? 'hang' : 'ok'));
  const report = await fleetDoctor(pool, { targets: ['pc-ana', 'muto'], timeoutSeconds: 1 }, ctxFor('it'));
  assert.ok(report.csv.startsWith('Computer,Stato,Nome,Versione,Amministratore,Copie per volume'));
  assert.match(report.csv, /\r\nmuto,nessuna risposta,/);
  assert.match(report.markdown, /^# Controllo del parco macchine/);
  assert.match(report.markdown, /2 computer, .*: 1 controllati, 0 irraggiungibili, 1 senza risposta/);
  assert.match(report.markdown, /- \*\*muto\*\* \(nessuna risposta\): muto non ha risposto entro 1 secondi\. Controllare che muto sia acceso/);
});

test('Markdown: a pipe or a tag from another computer cannot break the table', () => {
  const row: FleetRow = {
    target: 'pc|1', status: 'ok', elevated: null, volumes: [], newestCopyAgeHours: null, failedWriters: ['<script>'],
    findings: { critical: 0, warning: 0, info: 0 }, worst: null, durationMs: 1,
  };
  const md = renderFleetMarkdown([row], 'en', 'now');
  assert.match(md, /\| pc\\\|1 \| ok \| n\/a \| {2}\| no copy \| {2}\| &lt;script&gt; \| 0\/0\/0 \| no problems \|/);
  assert.ok(renderFleetCsv([row], 'en').startsWith('Computer,'));
});
