#!/usr/bin/env node
// Runs the Playwright _electron suite (e2e/electron) where the Electron runtime exists; elsewhere
// prints "skipped: no Electron runtime" and why, and succeeds (npm test runs this).
//
//   node build/scripts/test-electron.mjs [playwright args...]      (after npm run build)

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronSwitches, findElectronRuntime, repoRoot } from './electron-runtime.mjs';

const found = findElectronRuntime();
if (!found.executable) {
  console.log(`skipped: no Electron runtime (${found.reason}; npm start downloads it where GitHub is reachable)`);
  process.exit(0);
}

const playwright = [path.join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', path.join('e2e', 'electron', 'playwright.config.ts'), ...process.argv.slice(2)];
let command = process.execPath;
let args = playwright;
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  const xvfb = spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' });
  if (xvfb.error) {
    console.log('skipped: no display for the Electron window (set DISPLAY, or apt-get install xvfb so this suite can use xvfb-run)');
    process.exit(0);
  }
  command = 'xvfb-run';
  args = ['-a', process.execPath, ...playwright];
}
const r = spawnSync(command, args, {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, SHADOWDESK_ELECTRON: found.executable, SHADOWDESK_ELECTRON_SWITCHES: electronSwitches().join(' ') },
});
process.exit(r.status ?? 1);
