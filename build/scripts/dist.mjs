#!/usr/bin/env node
// npm run dist [-- --win] [-- --linux] [-- --test-build]   (after npm run build)
//
// Packages ShadowDesk with electron-builder (build/electron-builder.config.cjs) into release/:
// Windows x64 NSIS installer and portable exe, Linux x64 AppImage and deb (both by default). It
// needs Electron's runtime for each platform and electron-builder's packaging tools, which
// electron-builder downloads from GitHub (or ELECTRON_MIRROR / ELECTRON_BUILDER_BINARIES_MIRROR) and
// caches; where they cannot be fetched it stops with one sentence saying so (details in
// release/dist-error.log). --test-build keeps the inspect fuse on, for Playwright's _electron.
// --preflight only checks that this Node can package (see below) and exits.
//
// Node: the app and the tests run on Node ^20.19 (package.json engines), but electron-builder 26
// packages with @electron/rebuild and node-abi, and fetches Electron with @electron/get, and all
// three declare Node >= 22.12 ("engines" in their package.json). So on an older Node this stops
// first, in one line, rather than fail somewhere inside electron-builder.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { electronPackageVersion, repoRoot } from './electron-runtime.mjs';
import { stageKoffiWin32 } from './koffi-win32.mjs';
import { distNodeLine, nodeCanPackage } from './node-support.mjs';

if (!nodeCanPackage(process.versions.node)) {
  console.error(distNodeLine(process.versions.node));
  process.exit(1);
}
if (process.argv.includes('--preflight')) process.exit(0);
import { buildCliLauncher } from './build-cli-launcher.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const unknown = args.filter((a) => !['--win', '--linux', '--test-build', '--preflight'].includes(a));
if (unknown.length) {
  console.error(`usage: npm run dist [-- --win] [-- --linux] [-- --test-build] (unknown: ${unknown.join(' ')})`);
  process.exit(2);
}
// By default both; on Windows only the Windows targets, since the Linux ones need the stand-in,
// which a Windows checkout does not build (build/scripts/standin-plan.mjs).
const neither = !args.includes('--win') && !args.includes('--linux');
const wantWin = args.includes('--win') || neither;
const wantLinux = args.includes('--linux') || (neither && process.platform !== 'win32');
const releaseDir = path.join(repoRoot, 'release');

function stop(sentence, detail) {
  fs.mkdirSync(releaseDir, { recursive: true });
  if (detail) fs.writeFileSync(path.join(releaseDir, 'dist-error.log'), `${sentence}\n\n${detail}\n`);
  console.error(`npm run dist stopped: ${sentence}`);
  process.exit(1);
}

for (const built of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/native/host/host-main.js', 'dist/renderer/index.html']) {
  if (!fs.existsSync(path.join(repoRoot, built))) stop(`${built} is missing; run npm run build first.`);
}
if (wantLinux && !fs.existsSync(path.join(repoRoot, 'dist/standin/libshadowdesk-vss.so'))) {
  stop('the Linux build needs the VSS stand-in (dist/standin/libshadowdesk-vss.so), which needs a C compiler: apt-get install gcc, then npm run build.');
}

if (wantWin) {
  const koffi = stageKoffiWin32();
  if (!koffi.ok) stop(koffi.reason, koffi.detail);
  const launcher = buildCliLauncher();
  if (!launcher.ok) stop(`the Windows build needs its console launcher (bin\\shadowdesk.exe): ${launcher.reason}.`);
}

/** One sentence for what went wrong, from electron-builder's error. */
function explain(err) {
  const text = `${err?.message ?? err}\n${err?.stack ?? ''}`;
  const version = electronPackageVersion();
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|fetch failed|status code 40[34]/i.test(text)) {
    const host = /https?:\/\/([^/\s'"]+)/.exec(text)?.[1] ?? /ENOTFOUND ([^\s]+)/.exec(text)?.[1] ?? 'github.com';
    return `electron-builder could not download what it packages with (the Electron ${version} runtime for each platform and its packaging tools) from ${host}, which this machine cannot reach; run it where GitHub is reachable, or point ELECTRON_MIRROR and ELECTRON_BUILDER_BINARIES_MIRROR at a reachable mirror.`;
  }
  return `electron-builder failed: ${String(err?.message ?? err).split('\n')[0]}`;
}

const builder = require('electron-builder');
const config = require(path.join(repoRoot, 'build', 'electron-builder.config.cjs'));
const platforms = [...(wantWin ? [builder.Platform.WINDOWS] : []), ...(wantLinux ? [builder.Platform.LINUX] : [])];
if (args.includes('--test-build')) process.env.SHADOWDESK_TEST_BUILD = '1';
try {
  const artifacts = await builder.build({
    projectDir: repoRoot,
    targets: builder.createTargets(platforms),
    config: args.includes('--test-build') ? { ...structuredClone(config), directories: { ...config.directories, output: 'release/test-build' } } : structuredClone(config),
    publish: 'never',
  });
  console.log(`npm run dist: ${artifacts.filter((a) => !a.endsWith('.blockmap')).map((a) => path.relative(repoRoot, a)).join(', ')}`);
} catch (err) {
  stop(explain(err), err?.stack ?? String(err));
}
