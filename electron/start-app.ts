import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import type { Transport } from '../native/contract/api.js';
import type { Lang } from '../native/contract/errors.js';
import { HostClient } from '../native/host/host-client.js';
import { APP_COMMAND_ENV } from '../native/elevation/app-command.js';
import { registerAppScheme, serveAppFiles } from './app-protocol.js';
import { hardenSession, installWebContentsHardening } from './hardening.js';
import { registerContractHandlers } from './ipc-handlers.js';
import { createShellOperations } from './shell-operations.js';
import { launchTargetOf, launchUrl } from './launch-target.js';
import { utilityHostSpawner } from './utility-host.js';
import { createAppWindow } from './window-factory.js';

/** The parts of Electron the main process uses; tests pass a stand-in with the same shape. */
export type ElectronModule = Pick<
  typeof import('electron'),
  'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'Menu' | 'nativeTheme' | 'protocol' | 'session' | 'shell' | 'utilityProcess'
>;

/** Where the app's built parts are. */
export interface AppPaths {
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** The compiled VSS host (dist/native/host/host-main.js). */
  hostEntryPoint: string;
  /** The PNG shown under the pointer while files are dragged out of a copy. */
  dragIconPath: string;
}

/** How the app runs; everything but the paths has a production default. */
export interface StartOptions extends AppPaths {
  /** Where contract calls go; a HostClient over a utility process unless given (tests give one). */
  transport?: Transport & { close?: () => Promise<void> };
  /** The host's environment; process.env unless given. */
  env?: NodeJS.ProcessEnv;
  /** The platform the window operations (folder chooser, Show in Explorer) run for; process.platform unless given. */
  platform?: NodeJS.Platform;
  /** This launch's command line (for --previous-versions PATH or a shadowdesk:// link); process.argv unless given. */
  argv?: readonly string[];
  log?: (line: string) => void;
}

/** The app's state once started, for tests and for whoever handles a second launch. */
export interface RunningApp {
  /** Resolves once the window exists. */
  ready: Promise<BrowserWindow | undefined>;
}

/** The system language, as the languages ShadowDesk speaks. */
export function langOfLocale(locale: string): Lang {
  return /^it\b/i.test(locale) ? 'it' : 'en';
}

/** The switch an elevated restart starts the app with: it waits for the unelevated instance to close. */
export const ELEVATED_RESTART_SWITCH = '--elevated-restart';

/**
 * How to start this app again (for "Restart as administrator", which the host performs with
 * ShellExecuteW): the same executable, with the app folder when it runs unpackaged (`electron .`).
 */
export function appCommand(execPath: string, appPath: string, isPackaged: boolean): { file: string; args: string[] } {
  return { file: execPath, args: [...(isPackaged ? [] : [appPath]), ELEVATED_RESTART_SWITCH] };
}

/**
 * The host's environment: the app's own command (see appCommand). In a packaged Linux build the
 * stand-in library sits unpacked beside the asar (dlopen cannot read inside an archive), so the host
 * is told where, unless the user already chose a library with SHADOWDESK_STANDIN.
 */
export function hostEnvironment(
  env: NodeJS.ProcessEnv,
  app: { resourcesPath: string | undefined; isPackaged: boolean; command: { file: string; args: string[] } },
  platform = process.platform,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, [APP_COMMAND_ENV]: JSON.stringify(app.command) };
  delete out.ELECTRON_RUN_AS_NODE;
  if (app.isPackaged && app.resourcesPath && !out.SHADOWDESK_STANDIN && platform !== 'win32') {
    const unpacked = path.join(app.resourcesPath, 'app.asar.unpacked', 'dist', 'standin', 'libshadowdesk-vss.so');
    if (existsSync(unpacked)) out.SHADOWDESK_STANDIN = unpacked;
  }
  return out;
}

/** Asks for the single-instance lock until it is free (the instance being replaced is closing) or `ms` pass. */
async function waitForLock(app: { requestSingleInstanceLock(): boolean }, ms: number, stepMs = 250): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += stepMs) {
    await new Promise((r) => setTimeout(r, stepMs));
    if (app.requestSingleInstanceLock()) return true;
  }
  return false;
}

/**
 * Starts ShadowDesk's main process: one instance, the app's scheme, one hardening hook for every
 * webContents, a locked-down session, the contract's IPC handlers over the VSS host (in a utility
 * process) and one window from the secure factory. Closing the last window quits; quitting first
 * lets the host finish (a restore stops between files, never inside one).
 */
export function startShadowDesk(electron: ElectronModule, options: StartOptions): RunningApp {
  const { app, ipcMain, Menu, protocol, session, shell } = electron;
  const log = options.log ?? ((line: string) => console.error(`shadowdesk: ${line}`));
  const argv = options.argv ?? process.argv;
  const locked = app.requestSingleInstanceLock();
  // A second launch hands over to the running instance and ends; only an elevated restart waits
  // for the instance it replaces to close.
  if (!locked && !argv.includes(ELEVATED_RESTART_SWITCH)) {
    app.quit();
    return { ready: Promise.resolve(undefined) };
  }
  app.enableSandbox();
  registerAppScheme(protocol);
  installWebContentsHardening(app, { shell, log });

  const transport =
    options.transport ??
    new HostClient({
      spawn: utilityHostSpawner(electron.utilityProcess),
      entryPoint: options.hostEntryPoint,
      env: hostEnvironment(options.env ?? process.env, {
        resourcesPath: process.resourcesPath,
        isPackaged: app.isPackaged,
        command: appCommand(process.execPath, app.getAppPath(), app.isPackaged),
      }),
    });
  const ownWindows = new Set<number>();
  let window: BrowserWindow | undefined;

  // A second launch (another Explorer "previous versions", a link) goes to the running window.
  app.on('second-instance', (_event, argv) => {
    if (!window || window.isDestroyed() || argv.includes(ELEVATED_RESTART_SWITCH)) return;
    const target = launchTargetOf(argv, { secondInstance: true });
    if (target) void window.loadURL(launchUrl(target));
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !transport.close) return;
    closing = true;
    event.preventDefault();
    transport.close().finally(() => app.quit());
  });

  const ready = (locked ? Promise.resolve(true) : waitForLock(app, 20_000)).then(async (haveLock) => {
    if (!haveLock) {
      log('the instance being replaced did not close; this one ends');
      app.quit();
      return undefined;
    }
    await app.whenReady();
    Menu.setApplicationMenu(null);
    hardenSession(session.defaultSession);
    serveAppFiles(session.defaultSession.protocol, options.rendererDir);
    registerContractHandlers(ipcMain, {
      transport,
      isOwnWindow: (sender) => ownWindows.has(sender.id),
      defaultLang: () => langOfLocale(app.getLocale()),
      log,
      local: createShellOperations({
        dialog: electron.dialog,
        shell,
        window: () => window,
        // The host makes the read-only copy: only it reads shadow copies, and it owns the data folder.
        exportVersion: (input, lang) => transport.call('exportVersion', input, { lang }) as Promise<{ file: string }>,
        dragIcon: options.dragIconPath,
        platform: options.platform,
      }),
      // The elevated instance is on its way (the user accepted the prompt): this one makes room.
      onSuccess: (name) => {
        if (name === 'restartElevated') setImmediate(() => app.quit());
      },
    });
    window = createAppWindow(electron, { preloadPath: options.preloadPath, url: launchUrl(launchTargetOf(argv)) });
    const id = window.webContents.id;
    ownWindows.add(id);
    window.on('closed', () => {
      ownWindows.delete(id);
      window = undefined;
    });
    return window;
  });
  return { ready };
}
