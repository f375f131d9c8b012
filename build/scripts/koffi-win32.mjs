// koffi's native part for Windows x64 (@koromix/koffi-win32-x64), staged for the Windows package.
// npm installs only this platform's part on Linux, and declaring the Windows one a dependency breaks
// npm ci there (EBADPLATFORM), so it is fetched with `npm pack` at koffi's exact version into
// .cache/koffi-win32-x64/package, where build/electron-builder.config.cjs (win.files) picks it up.

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './electron-runtime.mjs';

/** Stages the package (reusing a staged copy of the right version): `{ ok }` or `{ ok: false, reason, detail }`. */
export function stageKoffiWin32() {
  const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'koffi', 'package.json'), 'utf8')).version;
  const stage = path.join(repoRoot, '.cache', 'koffi-win32-x64');
  const pkgJson = path.join(stage, 'package', 'package.json');
  const binary = path.join(stage, 'package', 'win32_x64', 'koffi.node');
  if (fs.existsSync(pkgJson) && fs.existsSync(binary) && JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version === version) return { ok: true };
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  const spec = `@koromix/koffi-win32-x64@${version}`;
  const packed = spawnSync('npm', ['pack', spec, '--silent', '--pack-destination', stage], { cwd: stage, encoding: 'utf8', shell: process.platform === 'win32' });
  const tgz = fs.readdirSync(stage).find((f) => f.endsWith('.tgz'));
  if (packed.status !== 0 || !tgz) return { ok: false, reason: `koffi's Windows part (${spec}) could not be fetched from the npm registry.`, detail: `${packed.stdout}\n${packed.stderr}` };
  const untar = spawnSync('tar', ['-xzf', tgz], { cwd: stage, encoding: 'utf8' });
  if (untar.status !== 0 || !fs.existsSync(binary)) return { ok: false, reason: `koffi's Windows part (${spec}) could not be unpacked.`, detail: untar.stderr };
  return { ok: true };
}
