// Where the Electron runtime (the binary, not the npm package) is, and getting it when it is not.
//
// The `electron` npm package holds only a launcher and the TypeScript types. Its runtime is a
// download from GitHub that the package makes on first use (node_modules/electron/install.js), not at
// `npm ci`, so installing never fails offline. Everything that needs the runtime (npm start, the
// Playwright _electron suite, npm run dist) asks here first and says plainly when it is missing.
// Nothing here requires('electron'): from plain Node that would start the download itself.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkgDir = path.join(repoRoot, 'node_modules', 'electron');

function platformPath(platform = process.platform) {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/** The installed `electron` package's version, or undefined when the package is not installed. */
export function electronPackageVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * `{ executable, version }` when the runtime is present, else `{ reason }`: one plain sentence.
 * Honours ELECTRON_OVERRIDE_DIST_PATH as the package itself does.
 */
export function findElectronRuntime() {
  const version = electronPackageVersion();
  if (!version) return { reason: 'the electron package is not installed (run npm ci)' };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const executable = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, platformPath());
    return fs.existsSync(executable) ? { executable, version } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${platformPath()}` };
  }
  const executable = path.join(pkgDir, 'dist', platformPath());
  if (!fs.existsSync(executable)) {
    return { reason: `Electron ${version}'s runtime is not downloaded (node_modules/electron/dist/${platformPath()} is missing)` };
  }
  try {
    const installed = fs.readFileSync(path.join(pkgDir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    if (installed !== version) return { reason: `the downloaded runtime is Electron ${installed}, not ${version}` };
  } catch {
    return { reason: 'the downloaded runtime has no version file' };
  }
  return { executable, version };
}

/**
 * Runs the package's own download (node_modules/electron/install.js, which honours the usual
 * electron_mirror / ELECTRON_MIRROR and cache settings). Returns findElectronRuntime()'s answer,
 * with the download's own error as the reason when it failed.
 */
export async function installElectronRuntime({ timeoutMs = 10 * 60 * 1000 } = {}) {
  const found = findElectronRuntime();
  if (found.executable || !electronPackageVersion()) return found;
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs });
  const after = findElectronRuntime();
  if (after.executable) return after;
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  let why = r.error ? r.error.message : lines.find((l) => /error|fail|ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|40\d|50\d/i.test(l)) ?? lines[0] ?? `exit ${r.status}`;
  const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror;
  if (!mirror) {
    // fetch's own message ("fetch failed") hides the cause; name it when it is the network.
    why = await lookup('github.com').then(
      () => why,
      (err) => `${why}: github.com cannot be resolved, ${err.code ?? err.message}`,
    );
  }
  return { reason: `Electron ${electronPackageVersion()}'s runtime could not be downloaded${mirror ? ` from ${mirror}` : ' from GitHub'} (${why})` };
}

/**
 * Command-line switches Electron needs on this machine: as root on Linux, Chromium refuses to start
 * without --no-sandbox (its setuid/namespace sandbox needs an unprivileged user). The renderer is
 * still sandboxed by Electron (sandbox: true, contextIsolation, no Node) either way.
 */
export function electronSwitches() {
  return process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
}
