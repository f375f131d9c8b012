#!/usr/bin/env node
// npm start (after npm run build): the Electron app where its runtime is present or can be
// downloaded; otherwise one line saying why, then the same window through
// `shadowdesk serve --open` in an installed Chromium-family browser. Off Windows either way runs on
// the embedded simulated machine (the host picks the stand-in by itself there).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { electronSwitches, installElectronRuntime, repoRoot } from './electron-runtime.mjs';

/** Runs a command with this terminal, passing Ctrl+C on, and exits with its code. */
function run(command, args) {
  const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`ShadowDesk: could not start ${command}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const found = await installElectronRuntime();
let why = found.reason;
if (!why && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  why = 'there is no display (DISPLAY is not set) for its window';
}
if (!why) {
  run(found.executable, [...electronSwitches(), repoRoot]);
} else {
  console.log(`ShadowDesk: Electron cannot run here (${why}); opening the same window in a browser with shadowdesk serve --open instead.`);
  run(process.execPath, [path.join(repoRoot, 'dist', 'native', 'cli', 'main.js'), 'serve', '--open']);
}
