import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ShadowDeskApi } from '../contract/api.js';
import type { FleetProgress, FleetReport, FleetRow } from '../remote/computer-types.js';
import { parseHostsList } from './fleet-commands.js';
import { runCli } from './run-cli.js';

const row = (target: string, status: FleetRow['status'], critical = 0): FleetRow => ({
  target, status, elevated: status === 'ok' ? true : null, volumes: status === 'ok' ? [{ volume: 'C:\\', copies: 2, newestAt: 'x', storageUsedBytes: 1, storageMaxBytes: 2 }] : [],
  newestCopyAgeHours: status === 'ok' ? 5 : null, failedWriters: [], findings: { critical, warning: 0, info: 0 },
  worst: critical ? { severity: 'critical', title: 'No copy of C:' } : null, durationMs: 1,
  ...(status === 'ok' ? {} : { error: { code: 'SSH_UNREACHABLE', message: `${target} cannot be reached over SSH.`, next: 'Check the name.' } }),
});

/** An API whose fleet doctor answers from `rows`, streaming each one, and records what it was asked. */
function fakeApi(rows: FleetRow[], asked: unknown[], out: string[]): ShadowDeskApi {
  return {
    fleetDoctor: async (input: unknown, options?: { onProgress?: (p: FleetProgress) => void }) => {
      asked.push(input);
      rows.forEach((r, i) => {
        options?.onProgress?.({ row: r, done: i + 1, total: rows.length });
        out.push('<row streamed>');
      });
      return { startedAt: 's', finishedAt: 'f', concurrency: 5, timeoutSeconds: 60, rows, csv: 'Computer,Status\r\npc,ok\r\n', markdown: '# Fleet doctor\n' } satisfies FleetReport;
    },
  } as unknown as ShadowDeskApi;
}

async function run(argv: string[], rows: FleetRow[], stdin = ''): Promise<{ code: number; out: string[]; err: string[]; asked: unknown[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const asked: unknown[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), readStdin: async () => stdin }, fakeApi(rows, asked, out), 'en');
  return { code, out, err, asked };
}

test('hosts lists: one a line, blank lines and # comments ignored', () => {
  assert.deepEqual(parseHostsList('ana-laptop\n\n# accounts\nadmin@pc-042   # the server room\r\n  pc-7  \n'), ['ana-laptop', 'admin@pc-042', 'pc-7']);
});

test('fleet doctor: targets from standard input and --computer, each row printed as it arrives, then the summary; exit 0', async () => {
  const r = await run(['fleet', 'doctor', '--hosts', '-', '--computer', 'pc-3', '--concurrency', '2', '--timeout', '10'], [row('pc-1', 'ok'), row('pc-2', 'ok'), row('pc-3', 'ok')], 'pc-1\n# no\npc-2\n');
  assert.equal(r.code, 0);
  assert.deepEqual(r.asked, [{ targets: ['pc-1', 'pc-2', 'pc-3'], concurrency: 2, timeoutSeconds: 10 }]);
  assert.match(r.out[0]!, /^\[1\/3\] ✔ pc-1 · ok · admin yes · copies C:\\ 2 · newest 5\.0 h · no problems$/);
  assert.equal(r.out[1], '<row streamed>', 'the line came before the next row, not at the end');
  assert.match(r.out.at(-1)!, /3 computers: 3 checked, 0 unreachable, 0 did not answer, 0 failed; 0 with critical findings\./);
});

test('fleet doctor: exit 4 when a computer was not checked, 3 when one has a critical finding', async () => {
  const failed = await run(['fleet', 'doctor', '--computer', 'pc-1', '--computer', 'gone'], [row('pc-1', 'ok', 1), row('gone', 'unreachable')]);
  assert.equal(failed.code, 4);
  assert.match(failed.out.join('\n'), /gone \(unreachable\): gone cannot be reached over SSH\.\n {4}→ Check the name\./);
  const critical = await run(['fleet', 'doctor', '--computer', 'pc-1'], [row('pc-1', 'ok', 1)]);
  assert.equal(critical.code, 3);
});

test('fleet doctor --csv: standard output holds only the CSV; the rows stream on standard error', async () => {
  const r = await run(['fleet', 'doctor', '--computer', 'pc', '--csv'], [row('pc', 'ok')]);
  assert.deepEqual(r.out.filter((l) => l !== '<row streamed>'), ['Computer,Status\r\npc,ok']);
  assert.match(r.err[0]!, /^\[1\/1\] ✔ pc · ok/);
});

test('fleet doctor without computers, or with a bad number, is a usage error in the chosen language (exit 2)', async () => {
  const none = await run(['fleet', 'doctor'], []);
  assert.equal(none.code, 2);
  assert.match(none.err[0]!, /fleet doctor needs its computers: --hosts FILE/);
  const bad = await run(['fleet', 'doctor', '--computer', 'pc', '--concurrency', '0'], []);
  assert.equal(bad.code, 2);
  assert.match(bad.err[0]!, /--concurrency takes a whole number from 1 to 32\./);
  const out: string[] = [];
  const err: string[] = [];
  const it = await runCli(['fleet', 'doctor', '--hosts', '/no/such/file', '--lang', 'it'], { out: (t) => out.push(t), err: (t) => err.push(t) }, fakeApi([], [], out), 'it');
  assert.equal(it, 1);
  assert.match(err[0]!, /Il file dei computer "\/no\/such\/file" non si può leggere \(ENOENT\)/);
});
