import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { runCapturedCli } from '../testing/captured-cli.js';

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
afterEach(() => {
  if (m) assertNoLeaks(m.sim);
  host?.dispose();
  m?.dispose();
  m = undefined;
  host = undefined;
});

async function cli(args: string[], confirm?: (q: string) => Promise<boolean>) {
  host ??= inProcessApi(m!);
  return runCapturedCli(args, host.api, confirm ? { confirm } : {});
}

const live = (rel: string) => path.join(m!.sim.volumeFolder('C:\\'), ...rel.split('\\'));
const newestCopyOfC = () => m!.client.listShadows({ volume: 'C:' }).at(-1)!;

test('cli versions: an edited file shows its distinct versions; a deleted one still has versions', async () => {
  m = freshMachine();
  const report = JSON.parse((await cli(['versions', 'C:\\Users\\ana\\Documents\\report.txt', '--json'])).out);
  assert.ok(report.current, 'report.txt exists now');
  assert.ok(report.versions.length >= 2, `${report.versions.length} distinct versions`);
  const copies = report.versions.reduce((n: number, v: { shadowIds: string[] }) => n + v.shadowIds.length, 0);
  assert.equal(copies, m.client.listShadows({ volume: 'C:' }).filter((s) => existsSync(path.join(m!.sim.deviceFolder(s.deviceObject), 'Users', 'ana', 'Documents', 'report.txt'))).length);
  const todo = await cli(['versions', 'C:/Users/ana/Desktop/todo.txt']);
  assert.equal(todo.code, 0);
  assert.match(todo.out, /does not exist/);
  assert.match(todo.out, /Version of/);
});

test('cli ls: a shadow folder with each entry marked against now', async () => {
  m = freshMachine();
  const shadow = newestCopyOfC();
  const r = await cli(['ls', shadow.id.slice(1, 9), 'C:\\Users\\ana\\Desktop', '--json']);
  assert.equal(r.code, 0, r.err);
  const page = JSON.parse(r.out);
  const todo = page.entries.find((e: { name: string }) => e.name === 'todo.txt');
  assert.equal(todo?.status, 'deleted');
  const root = await cli(['ls', shadow.id]);
  assert.match(root.out, /^Users\\\s/m);
  const hostile = await cli(['ls', shadow.id, 'C:\\Users\\..\\..\\etc']);
  assert.equal(hostile.code, 1);
  assert.match(hostile.err, /refused/);
});

test('cli diff: a version against now as a unified diff', async () => {
  m = freshMachine();
  const first = m.client.listShadows({ volume: 'C:' })[0]!;
  writeFileSync(live('Users\\ana\\Documents\\report.txt'), 'completely new text\n');
  const r = await cli(['diff', first.id, 'C:\\Users\\ana\\Documents\\report.txt']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^\+completely new text$/m);
  assert.match(r.out, /^-/m);
});

test('cli search: finds a deleted file across copies', async () => {
  m = freshMachine();
  const r = JSON.parse((await cli(['search', 'todo*', '--json'])).out);
  const hit = r.hits.find((h: { path: string }) => h.path === 'C:\\Users\\ana\\Desktop\\todo.txt');
  assert.ok(hit, 'found');
  assert.equal(hit.existsNow, false);
  assert.ok(hit.copies.length >= 1);
});

test('cli restore: a deleted file comes back; replacing asks first; undo puts the previous state back', async () => {
  m = freshMachine();
  const shadow = newestCopyOfC();
  const frozenTodo = readFileSync(path.join(m.sim.deviceFolder(shadow.deviceObject), 'Users', 'ana', 'Desktop', 'todo.txt'), 'utf8');
  let r = await cli(['restore', shadow.id, 'C:\\Users\\ana\\Desktop\\todo.txt', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(live('Users\\ana\\Desktop\\todo.txt'), 'utf8'), frozenTodo);

  const reportPath = live('Users\\ana\\Documents\\report.txt');
  writeFileSync(reportPath, 'my edit of today\n');
  r = await cli(['restore', shadow.id, 'C:\\Users\\ana\\Documents\\report.txt', '--on-conflict', 'replace']);
  assert.notEqual(r.code, 0, 'no terminal and no --yes: refused');
  assert.equal(readFileSync(reportPath, 'utf8'), 'my edit of today\n', 'untouched');
  r = await cli(['restore', shadow.id, 'C:\\Users\\ana\\Documents\\report.txt', '--on-conflict', 'replace', '--yes', '--json']);
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out);
  assert.equal(result.replaced, 1);
  assert.notEqual(readFileSync(reportPath, 'utf8'), 'my edit of today\n');
  const undo = await cli(['undo', result.restoreId, '--yes']);
  assert.equal(undo.code, 0, undo.err);
  assert.equal(readFileSync(reportPath, 'utf8'), 'my edit of today\n', 'the edit is back');
  const history = JSON.parse((await cli(['restores', '--json'])).out);
  assert.equal(history.find((h: { restoreId: string }) => h.restoreId === result.restoreId)?.state, 'undone');
});

test('cli restore: keep-both is the default and never overwrites', async () => {
  m = freshMachine();
  const shadow = newestCopyOfC();
  const reportPath = live('Users\\ana\\Documents\\report.txt');
  writeFileSync(reportPath, 'mine\n');
  const r = await cli(['restore', shadow.id, 'C:\\Users\\ana\\Documents\\report.txt', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(reportPath, 'utf8'), 'mine\n');
  const names = readdirSync(path.dirname(reportPath));
  assert.ok(names.some((n) => /^report \(restored \d{4}-\d\d-\d\d \d\d\.\d\d\)\.txt$/.test(n)), names.join(', '));
});

test('cli restore --plan and --to another folder', async () => {
  m = freshMachine();
  const shadow = newestCopyOfC();
  const plan = JSON.parse((await cli(['restore', shadow.id, 'C:\\Users\\ana\\Documents', '--to', 'C:\\Restored', '--plan', '--json'])).out);
  assert.ok(plan.items.length >= 3);
  assert.ok(plan.items.every((i: { target: string }) => i.target.startsWith('C:\\Restored\\Documents\\')));
  assert.ok(!existsSync(live('Restored')), 'a plan writes nothing');
  const r = await cli(['restore', shadow.id, 'C:\\Users\\ana\\Documents', '--to', 'C:\\Restored', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(readdirSync(live('Restored\\Documents')).length, plan.items.filter((i: { target: string }) => !i.target.slice('C:\\Restored\\Documents\\'.length).includes('\\')).length);
});
