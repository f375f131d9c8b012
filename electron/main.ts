/**
 * The Electron main process entry point (package.json "main"). It only gathers the real Electron
 * module and the built files' paths; all the wiring is in start-app.ts, which the unit tests run
 * under plain Node with a stand-in for Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session, shell, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startShadowDesk } from './start-app.js';
import { cliModeArgs, runCliMode } from './cli-mode.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '..');
// Packaged, electron-builder puts the drag icon beside the main process; run from the source tree, it is in electron/assets.
const packagedIcon = path.join(here, 'assets', 'drag-file.png');

// `shadowdesk.exe ARGS` (the console launcher) starts `ShadowDesk.exe --cli -- ARGS`: the CLI, no window.
const cliArgs = cliModeArgs(process.argv, app.isPackaged);
if (cliArgs) void runCliMode({ app, utilityProcess }, { args: cliArgs, hostEntryPoint: path.join(dist, 'native', 'host', 'host-main.js') });
else startShadowDesk(
  { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session, shell, utilityProcess },
  {
    rendererDir: path.join(dist, 'renderer'),
    preloadPath: path.join(here, 'preload.cjs'),
    hostEntryPoint: path.join(dist, 'native', 'host', 'host-main.js'),
    dragIconPath: existsSync(packagedIcon) ? packagedIcon : path.join(dist, '..', 'electron', 'assets', 'drag-file.png'),
  },
);
