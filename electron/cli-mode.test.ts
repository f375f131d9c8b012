import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ForkOptions, UtilityProcess } from 'electron';
import { hostEntryPoint } from '../native/host/host-client.js';
import { cliModeArgs, INTERRUPTED_EXIT_CODE, LAUNCHER_ENV, runCliMode, type CliModeElectron } from './cli-mode.js';
import { fakeElectron, fakeUtilityProcess } from './testing/fake-electron.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shim = path.join(here, 'testing', 'parent-port-shim.js');

test('cli mode: only `--cli` as the app\'s first argument is a CLI call, and the `--` after it is dropped', () => {
  assert.deepEqual(cliModeArgs(['C:\\Program Files\\ShadowDesk\\ShadowDesk.exe', '--cli', '--', 'volumes', '--json'], true), ['volumes', '--json']);
  assert.deepEqual(cliModeArgs(['ShadowDesk.exe', '--cli', 'shadows'], true), ['shadows']);
  assert.deepEqual(cliModeArgs(['electron', '/repo', '--cli', '--', 'writers'], false), ['writers']);
  // Arguments after the first `--` are the CLI's own, even a second `--` or another `--cli`.
  assert.deepEqual(cliModeArgs(['ShadowDesk.exe', '--cli', '--', 'search', '--', '--cli'], true), ['search', '--', '--cli']);
  // Anything else is the window's: a path, a link, Explorer's entry, or --cli further along.
  assert.equal(cliModeArgs(['ShadowDesk.exe'], true), undefined);
  assert.equal(cliModeArgs(['ShadowDesk.exe', 'C:\\Users\\ana\\--cli'], true), undefined);
  assert.equal(cliModeArgs(['ShadowDesk.exe', 'shadowdesk://previous-versions?path=--cli'], true), undefined);
  assert.equal(cliModeArgs(['ShadowDesk.exe', '--previous-versions=C:\\x', '--cli', 'volumes'], true), undefined);
  assert.equal(cliModeArgs(['electron', '--cli', 'volumes'], false), undefined, 'unpackaged, argv[1] is the app folder');
});

interface Harness {
  electron: CliModeElectron;
  fake: ReturnType<typeof fakeElectron>;
  forks: string[];
  exits: number[];
  readyNow: () => void;
  out: () => string;
  err: () => string;
  stdout: PassThrough;
  stderr: PassThrough;
  env: NodeJS.ProcessEnv;
  dispose: () => void;
}

/**
 * The fake Electron with a utility process that, as Electron's does, refuses to fork before the
 * app is ready (electron.d.ts: "utilityProcess.fork can only be called after the ready event") and
 * runs the real host with requests on its port (parent-port-shim); app.exit records its code.
 */
function harness(extraEnv: NodeJS.ProcessEnv = {}): Harness {
  const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-cli-mode-'));
  const env = { ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: path.join(base, 'machine'), SHADOWDESK_DATA_DIR: path.join(base, 'data'), ...extraEnv };
  const fake = fakeElectron();
  let ready = false;
  const forks: string[] = [];
  const exits: number[] = [];
  const app = fake.module.app as unknown as Record<string, unknown>;
  Object.assign(app, {
    exit: (code = 0) => {
      exits.push(code);
      fake.calls.push(`exit ${code}`);
    },
    disableHardwareAcceleration: () => {
      if (ready) throw new Error('disableHardwareAcceleration: only before the app is ready');
      fake.calls.push('disableHardwareAcceleration');
    },
  });
  // Electron's own utility process rules (fakeUtilityProcess: no stdin, stdout dropped on exit, the
  // protocol on the port), plus the one it leaves to the app: no fork before ready.
  const inner = fakeUtilityProcess({ forks: [], exits: [] }, shim);
  const children: UtilityProcess[] = [];
  const utilityProcess = {
    fork(modulePath: string, args?: string[], options?: ForkOptions) {
      if (!ready) throw new Error('utilityProcess.fork can only be called after the ready event');
      forks.push(modulePath);
      const child = inner.fork(modulePath, args, options);
      children.push(child);
      return child;
    },
  };
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  return {
    electron: { app: fake.module.app as unknown as CliModeElectron['app'], utilityProcess },
    fake,
    forks,
    exits,
    readyNow: () => {
      ready = true;
      fake.ready();
    },
    out: () => out,
    err: () => err,
    stdout,
    stderr,
    env,
    dispose: () => {
      for (const c of children) c.kill();
      rmSync(base, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

test('cli mode: `volumes --json` runs the real host in a utility process once ready, prints to stdout, exits 0, no window, no lock', async () => {
  const h = harness();
  try {
    const done = runCliMode(h.electron, { args: ['volumes', '--json'], hostEntryPoint: hostEntryPoint(), env: h.env, stdout: h.stdout, stderr: h.stderr });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(h.forks, [], 'nothing forked before the app is ready');
    h.readyNow();
    assert.equal(await done, 0, h.err());
    const volumes = JSON.parse(h.out()) as { name: string }[];
    assert.ok(volumes.some((v) => v.name === 'C:\\'));
    assert.deepEqual(h.exits, [0]);
    assert.deepEqual(h.forks, [hostEntryPoint()]);
    assert.equal(h.fake.windows.length, 0, 'no window');
    assert.ok(!h.fake.calls.includes('requestSingleInstanceLock'), 'a CLI call runs beside an open window');
    assert.ok(h.fake.calls.includes('disableHardwareAcceleration'));
  } finally {
    h.dispose();
  }
});

test('cli mode: `--schedule NAME`, what a schedule\'s Task Scheduler task runs, starts the host and runs the schedule without asking', async () => {
  const h = harness();
  // The task's run is another process on the same machine.
  const task = harness({ SHADOWDESK_SIM_ROOT: h.env.SHADOWDESK_SIM_ROOT, SHADOWDESK_DATA_DIR: h.env.SHADOWDESK_DATA_DIR });
  try {
    const add = runCliMode(h.electron, { args: ['schedule', 'add', 'Work', '--volume', 'C:', '--preset', 'daily'], hostEntryPoint: hostEntryPoint(), env: h.env, stdout: h.stdout, stderr: h.stderr });
    h.readyNow();
    assert.equal(await add, 0, h.err());
    const run = runCliMode(task.electron, { args: ['--schedule', 'Work'], hostEntryPoint: hostEntryPoint(), env: task.env, stdout: task.stdout, stderr: task.stderr });
    task.readyNow();
    assert.equal(await run, 0, task.err());
    assert.match(task.out(), /^Made: \{[0-9a-f-]+\}/);
    assert.deepEqual(task.forks, [hostEntryPoint()], 'the run started the host');
  } finally {
    task.dispose();
    h.dispose();
  }
});

test('cli mode: the CLI\'s exit code and its error on stderr come back (no terminal here, so a delete needs --yes)', async () => {
  const h = harness();
  try {
    const running = runCliMode(h.electron, { args: ['delete', '--oldest', '--volume', 'C:'], hostEntryPoint: hostEntryPoint(), env: h.env, stdout: h.stdout, stderr: h.stderr });
    h.readyNow();
    const code = await running;
    assert.equal(code, 1);
    assert.deepEqual(h.exits, [1]);
    assert.match(h.err(), /--yes/);
    assert.equal(h.out(), '');
  } finally {
    h.dispose();
  }
  const u = harness();
  try {
    const running = runCliMode(u.electron, { args: ['bogus'], hostEntryPoint: hostEntryPoint(), env: u.env, stdout: u.stdout, stderr: u.stderr });
    u.readyNow();
    assert.equal(await running, 2);
    assert.match(u.err(), /Unknown command "bogus"/);
    assert.deepEqual(u.forks, [], 'a mistyped command starts no host');
    assert.deepEqual(u.exits, [2]);
  } finally {
    u.dispose();
  }
});

test('cli mode: through the launcher, stdin closing (its Ctrl+C) ends the call with 130; without the launcher stdin is ignored', async () => {
  const h = harness({ [LAUNCHER_ENV]: '1' });
  try {
    const stdin = new PassThrough();
    const done = runCliMode(h.electron, { args: ['volumes'], hostEntryPoint: hostEntryPoint(), env: h.env, stdout: h.stdout, stderr: h.stderr, stdin });
    stdin.end();
    await new Promise((r) => setTimeout(r, 20));
    h.readyNow();
    assert.equal(await done, INTERRUPTED_EXIT_CODE);
    assert.deepEqual(h.exits, [INTERRUPTED_EXIT_CODE]);
    assert.deepEqual(h.forks, [], 'interrupted before it began: no host');
  } finally {
    h.dispose();
  }
  const n = harness();
  try {
    const stdin = new PassThrough();
    stdin.end();
    const running = runCliMode(n.electron, { args: ['volumes'], hostEntryPoint: hostEntryPoint(), env: n.env, stdout: n.stdout, stderr: n.stderr, stdin });
    n.readyNow();
    assert.equal(await running, 0);
    assert.match(n.out(), /C:\\/);
  } finally {
    n.dispose();
  }
});

test('cli mode: `host`, what another computer runs here over ssh, relays the protocol between stdin/stdout and the host in its utility process', async () => {
  const h = harness({ [LAUNCHER_ENV]: '1' });
  try {
    const stdin = new PassThrough();
    const done = runCliMode(h.electron, { args: ['host'], hostEntryPoint: hostEntryPoint(), env: h.env, stdout: h.stdout, stderr: h.stderr, stdin });
    // A request sent before the app is ready (ssh sends at once) waits for the host, and is answered.
    stdin.write(`${JSON.stringify({ t: 'call', id: 1, op: 'listVolumes', input: {}, lang: 'en' })}\n`);
    await new Promise((r) => setTimeout(r, 20));
    h.readyNow();
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
    };
    await until(() => h.out().includes('"t":"result"'));
    stdin.write(`${JSON.stringify({ t: 'call', id: 2, op: 'about', input: {}, lang: 'it' })}\n`);
    await until(() => h.out().split('\n').filter(Boolean).length >= 3);
    stdin.end();
    assert.equal(await done, 0, h.err());
    const lines = h.out().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { t: string; id?: number; value?: unknown; protocol?: number });
    assert.equal(lines[0]!.t, 'ready', 'the handshake comes first, as from `node main.js host`');
    assert.equal(typeof lines[0]!.protocol, 'number');
    const volumes = lines.find((l) => l.t === 'result' && l.id === 1)?.value as { name: string }[];
    assert.ok(volumes.some((v) => v.name === 'C:\\'));
    assert.equal((lines.find((l) => l.t === 'result' && l.id === 2)?.value as { backend: string }).backend, 'sim');
    assert.deepEqual(h.forks, [hostEntryPoint()], 'the host runs in a utility process, never in the main process');
    assert.deepEqual(h.exits, [0], 'stdin ending (the ssh channel closing) ends the host, then the app');
    assert.equal(h.fake.windows.length, 0, 'no window');
  } finally {
    h.dispose();
  }
});

test('cli mode: the main process running the CLI loads neither koffi, nor VssClient, nor the host\'s handlers', () => {
  // The front-end rule of the lint: of native/ffi only the pure helpers guid.js and hresult.js.
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-cli-guard-'));
  try {
    const hooks = path.join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `const FORBIDDEN = [/(^|\\/)koffi(\\/|$)/, /\\/native\\/ffi\\/(?!guid\\.js$|hresult\\.js$)/, /\\/native\\/vss\\/vss-client\\.js$/, /\\/native\\/host\\/handlers\\.js$/];
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (FORBIDDEN.some((re) => re.test(r.url))) throw new Error('FORBIDDEN LOAD: ' + r.url);
  return r;
}
`,
    );
    const modules = ['electron/cli-mode.js', 'native/cli/cli-process.js', 'native/cli/manage-commands.js', 'native/cli/restore-commands.js', 'native/cli/diagnose-commands.js'];
    const imports = modules.map((m) => `await import(${JSON.stringify(pathToFileURL(path.join(here, '..', m)).href)});`).join('\n');
    const run = (body: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});\n${body}`], { encoding: 'utf8', timeout: 30000 });
    const r = run(imports);
    assert.equal(r.status, 0, r.stderr);
    const control = run(`await import(${JSON.stringify(pathToFileURL(path.join(here, '..', 'native', 'host', 'handlers.js')).href)});`);
    assert.notEqual(control.status, 0, 'the guard is real');
    assert.match(control.stderr, /FORBIDDEN LOAD/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
