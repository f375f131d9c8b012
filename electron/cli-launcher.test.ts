import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The Windows console launcher (build/cli-launcher/shadowdesk-cli.c) as a real Windows program under
 * Wine, in front of a GUI-subsystem stand-in for ShadowDesk.exe that reports what it received. Std
 * handles are files, never Unix pipes (Wine hands a Windows program a Unix pipe badly; see
 * build/scripts/windows-abi/README.md); the launcher's pipes to the app are Windows pipes.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const scripts = path.join(repo, 'build', 'scripts');

interface Built { ok: boolean; path?: string; reason?: string }
interface LauncherBuild { buildCliLauncher(out: string): Built; buildFakeApp(out: string): Built }
interface Provision {
  WINE: string;
  wineEnv(prefix: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  ensurePrefix(prefix: string, logDir: string, log: (line: string) => void): boolean;
  toWindowsPath(p: string): string;
}

const winePrefix = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'shadowdesk', 'cli-launcher', 'wineprefix');

interface Setup { dir: string; launcher: string; app: string; provision: Provision; prefix: string }

async function setup(): Promise<Setup | string> {
  const build = (await import(pathToFileURL(path.join(scripts, 'build-cli-launcher.mjs')).href)) as LauncherBuild;
  const provision = (await import(pathToFileURL(path.join(scripts, 'windows-abi', 'provision.mjs')).href)) as Provision;
  if (!existsSync(provision.WINE)) return `skipped: no Wine at ${provision.WINE} (apt-get install wine64)`;
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-launcher-'));
  // The install folder's layout: ShadowDesk.exe, and the launcher in bin\.
  const launcher = path.join(dir, 'ShadowDesk', 'bin', 'shadowdesk.exe');
  const app = path.join(dir, 'ShadowDesk', 'ShadowDesk.exe');
  for (const r of [build.buildCliLauncher(launcher), build.buildFakeApp(app)]) {
    if (!r.ok) {
      rmSync(dir, { recursive: true, force: true });
      return `skipped: ${r.reason}`;
    }
  }
  mkdirSync(path.dirname(winePrefix), { recursive: true });
  provision.ensurePrefix(winePrefix, path.join(path.dirname(winePrefix), 'logs'), () => {});
  return { dir, launcher, app, provision, prefix: winePrefix };
}

function runLauncher(s: Setup, args: string[], stdinFile = '/dev/null'): { status: number | null; stdout: string; stderr: string } {
  const out = path.join(s.dir, 'stdout.txt');
  const err = path.join(s.dir, 'stderr.txt');
  const fds = [openSync(stdinFile, 'r'), openSync(out, 'w'), openSync(err, 'w')];
  try {
    const r = spawnSync(s.provision.WINE, [s.launcher, ...args], { env: s.provision.wineEnv(s.prefix), stdio: fds, timeout: 120_000 });
    return { status: r.status, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

test('launcher: arguments reach ShadowDesk.exe --cli -- exactly (spaces, quotes, backslashes, Unicode, empty), output and exit code come back', { timeout: 300_000 }, async (t) => {
  const s = await setup();
  if (typeof s === 'string') return t.skip(s);
  try {
    const tricky = ['volumes', 'a b', 'say "hi"', 'C:\\dir with space\\', 'back\\\\slash\\', 'end\\"quote', '\ttab', 'èü 日本 🚀', '', '--json', '--exit=0'];
    const r = runLauncher(s, tricky);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as { argv: string[]; launcherEnv: string; stdin: string; stdout: string; stderr: string };
    assert.deepEqual(got.argv, ['--cli', '--', ...tricky]);
    assert.equal(got.launcherEnv, '1', 'the app is told its stdin is the launcher\'s interrupt pipe');
    assert.deepEqual([got.stdin, got.stdout, got.stderr], ['pipe', 'pipe', 'pipe'], 'a GUI process gets pipes, which Electron keeps (it attaches a console only when stdout is not valid)');
    assert.equal(r.stderr, 'fake app: a line on stderr è\n', 'stderr comes back apart from stdout, its UTF-8 unchanged');

    const three = runLauncher(s, ['doctor', '--exit=3']);
    assert.equal(three.status, 3, 'the app\'s exit code is the launcher\'s');
    const none = runLauncher(s, []);
    assert.equal(none.status, 0);
    assert.deepEqual((JSON.parse(none.stdout) as { argv: string[] }).argv, ['--cli', '--']);

    rmSync(s.app);
    const missing = runLauncher(s, ['volumes']);
    assert.equal(missing.status, 127);
    assert.match(missing.stderr, /ShadowDesk\.exe is missing/);
  } finally {
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('launcher: when the launcher goes away (as on Ctrl+C), the app\'s stdin closes, so it can stop cleanly', { timeout: 300_000 }, async (t) => {
  const s = await setup();
  if (typeof s === 'string') return t.skip(s);
  const mark = path.join(s.dir, 'mark.txt');
  const child = spawn(s.provision.WINE, [s.launcher, 'restore', '--wait-stdin', `--mark=${s.provision.toWindowsPath(mark)}`], { env: s.provision.wineEnv(s.prefix), stdio: ['ignore', 'ignore', 'ignore'] });
  const until = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(ok(), what);
  };
  const text = () => (existsSync(mark) ? readFileSync(mark, 'utf8') : '');
  try {
    await until('the app started', () => text().startsWith('started'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(text(), 'started', 'while the launcher runs, the app\'s stdin stays open');
    child.kill('SIGKILL');
    await until('the app saw its stdin close', () => text() === 'started stdin-closed');
  } finally {
    child.kill('SIGKILL');
    rmSync(s.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
});

test('launcher: `host` (what ssh runs) copies its stdin into the app\'s byte for byte, and closes it when its own ends', { timeout: 300_000 }, async (t) => {
  const s = await setup();
  if (typeof s === 'string') return t.skip(s);
  try {
    const requests = `${JSON.stringify({ t: 'call', id: 1, op: 'listVolumes', input: {}, lang: 'it' })}\n${JSON.stringify({ t: 'call', id: 2, op: 'browse', input: { folder: 'C:\\Users\\anà 日本' } })}\n`;
    const file = path.join(s.dir, 'requests.ndjson');
    writeFileSync(file, requests);
    const r = runLauncher(s, ['host'], file);
    assert.equal(r.status, 0, r.stderr);
    const nl = r.stdout.indexOf('\n');
    assert.deepEqual((JSON.parse(r.stdout.slice(0, nl)) as { argv: string[] }).argv, ['--cli', '--', 'host']);
    assert.equal(r.stdout.slice(nl + 1), requests, 'every request reached the app unchanged, and the app saw the end of them');
    const other = runLauncher(s, ['volumes'], file);
    assert.equal(other.stdout.includes('listVolumes'), false, 'any other command keeps stdin as the Ctrl+C pipe, never fed');
  } finally {
    rmSync(s.dir, { recursive: true, force: true });
  }
});
