#!/usr/bin/env node
// Compiles the Windows console launcher (build/cli-launcher/shadowdesk-cli.c) into
// dist/cli-launcher/shadowdesk.exe with mingw-w64, for the Windows package (electron-builder's
// extraFiles puts it in the install folder as bin\shadowdesk.exe) and for its tests under Wine.
//
//   node build/scripts/build-cli-launcher.mjs [--if-possible]
//
// --if-possible: a machine without x86_64-w64-mingw32-gcc says so and exits 0 (only the Windows
// package needs the launcher; `npm run dist -- --win` checks that it is there).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MINGW_GCC = 'x86_64-w64-mingw32-gcc';
/** Where the built launcher is; electron-builder.config.cjs ships it from here. */
export const LAUNCHER_EXE = path.join(root, 'dist', 'cli-launcher', 'shadowdesk.exe');
const SOURCE = path.join(root, 'build', 'cli-launcher', 'shadowdesk-cli.c');
const FAKE_APP_SOURCE = path.join(root, 'build', 'cli-launcher', 'testing', 'fake-app.c');

// ASLR (with 64-bit entropy) and DEP, as for any program that may run elevated.
const HARDENING = ['-Wl,--dynamicbase', '-Wl,--nxcompat', '-Wl,--high-entropy-va'];

function compile(args) {
  const r = spawnSync(MINGW_GCC, args, { encoding: 'utf8' });
  if (r.error) return { ok: false, reason: `no ${MINGW_GCC} (apt-get install gcc-mingw-w64-x86-64)` };
  if (r.status !== 0) return { ok: false, reason: `${MINGW_GCC} failed: ${r.stderr.trim()}` };
  return { ok: true };
}

/** Builds the console launcher (a console-subsystem program) at `out`. */
export function buildCliLauncher(out = LAUNCHER_EXE) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const r = compile(['-municode', '-O2', '-s', '-Wall', '-Wextra', '-Werror', ...HARDENING, '-o', out, SOURCE]);
  return r.ok ? { ok: true, path: out } : r;
}

/** Builds the tests' stand-in for ShadowDesk.exe (a GUI-subsystem program, as Electron's is) at `out`. */
export function buildFakeApp(out) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const r = compile(['-municode', '-mwindows', '-O2', '-s', '-Wall', '-Werror', '-o', out, FAKE_APP_SOURCE, '-lshell32']);
  return r.ok ? { ok: true, path: out } : r;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifPossible = process.argv.includes('--if-possible');
  const r = buildCliLauncher();
  if (!r.ok) {
    process.stderr.write(`build-cli-launcher: ${r.reason}${ifPossible ? '; the Windows console launcher is not built (only the Windows package needs it)' : ''}\n`);
    process.exit(ifPossible ? 0 : 1);
  }
}
