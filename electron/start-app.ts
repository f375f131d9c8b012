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
import { launchPlaceOf, launchUrl } from './launch-target.js';
import { utilityHostSpawner } from './utility-host.js';
import { createAppWindow } from './window-factory.js';
import { finishingText, guardCreates } from './create-guard.js';
import { leaveLaunchRequest, watchLaunchRequests, type HandoffWatch } from './launch-handoff.js';

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
  /** How often an elevated instance looks for launches left for it (launch-handoff.ts); 400 ms unless given. */
  handoffPollMs?: number;
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
 * The exe the user started when this is electron-builder's portable build, or undefined. The
 * portable exe is an NSIS wrapper: it extracts the app into a folder of the user's temp folder
 * ($PLUGINSDIR\app, or $TEMP\<unpackDirName>), sets PORTABLE_EXECUTABLE_FILE to its own path
 * ($EXEPATH), runs the extracted exe, waits for it and deletes the folder (app-builder-lib,
 * templates/nsis/portable.nsi; electron-builder's docs, "Portable": "PORTABLE_EXECUTABLE_FILE").
 * Restarting the extracted exe would run a file the wrapper is about to delete, from a folder
 * any program of the user can write to. The variable counts only when this exe really runs from
 * the temp folder, so a variable set in an installed app's environment changes nothing.
 */
export function portableExecutable(execPath: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'win32') return undefined;
  const wrapper = env.PORTABLE_EXECUTABLE_FILE;
  const temp = env.TEMP ?? env.TMP;
  if (!wrapper || !temp || !path.win32.isAbsolute(wrapper) || !/^[A-Za-z]:\\/.test(wrapper) || !/\.exe$/i.test(wrapper)) return undefined;
  const inTemp = path.win32.relative(path.win32.resolve(temp), path.win32.resolve(execPath));
  if (!inTemp || inTemp.startsWith('..') || path.win32.isAbsolute(inTemp)) return undefined;
  return path.win32.normalize(wrapper);
}

/**
 * How to start this app again (for "Restart as administrator", which the host performs with
 * ShellExecuteExW): the same executable, with the app folder when it runs unpackaged
 * (`electron .`); for the portable build, the portable exe the user started, from where it is
 * (portableExecutable).
 */
export function appCommand(
  execPath: string,
  appPath: string,
  isPackaged: boolean,
  env: NodeJS.ProcessEnv = {},
  platform: NodeJS.Platform = process.platform,
): { file: string; args: string[] } {
  const portable = isPackaged ? portableExecutable(execPath, env, platform) : undefined;
  return { file: portable ?? execPath, args: [...(isPackaged ? [] : [appPath]), ELEVATED_RESTART_SWITCH] };
}

/**
 * A window's HWND as the decimal text the restartElevated operation takes
 * (BrowserWindow.getNativeWindowHandle: "The native type of the handle is HWND on Windows"; 8 bytes
 * in a 64-bit process), or undefined when there is none.
 */
export function windowHandleOf(window: Pick<BrowserWindow, 'getNativeWindowHandle' | 'isDestroyed'> | undefined): string | undefined {
  if (!window || window.isDestroyed()) return undefined;
  const handle = window.getNativeWindowHandle();
  const value = handle.length >= 8 ? handle.readBigUInt64LE(0) : handle.length >= 4 ? BigInt(handle.readUInt32LE(0)) : 0n;
  return value > 0n ? value.toString() : undefined;
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
 * lets the host finish (a restore stops between files, never inside one), and while a create runs
 * the window stays, "finishing the shadow copy…", until it has returned.
 */
export function startShadowDesk(electron: ElectronModule, options: StartOptions): RunningApp {
  const { app, ipcMain, Menu, protocol, session, shell } = electron;
  const log = options.log ?? ((line: string) => console.error(`shadowdesk: ${line}`));
  const argv = options.argv ?? process.argv;
  const locked = app.requestSingleInstanceLock();
  // A second launch hands over to the running instance and ends; only an elevated restart waits
  // for the instance it replaces to close.
  if (!locked && !argv.includes(ELEVATED_RESTART_SWITCH)) {
    // An elevated primary cannot hear this launch through the lock (UIPI drops the message):
    // leave the command line where it looks (launch-handoff.ts).
    if ((options.platform ?? process.platform) === 'win32') leaveLaunchRequest(app.getPath('userData'), argv);
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
        command: appCommand(process.execPath, app.getAppPath(), app.isPackaged, options.env ?? process.env, options.platform ?? process.platform),
      }),
    });
  const ownWindows = new Set<number>();
  let window: BrowserWindow | undefined;
  // The window's calls go through the guard, which knows when a create (DoSnapshotSet) runs.
  const guard = guardCreates(transport);
  let finishing = false;
  /**
   * Asked to close (the window's close button, or a quit) while a create runs: the window stays,
   * says it is finishing the shadow copy, and closes the app by itself once the create has
   * returned. The host is never stopped mid-DoSnapshotSet (create-guard.ts).
   */
  const finishThenQuit = (): void => {
    if (finishing) return;
    finishing = true;
    const text = finishingText(langOfLocale(app.getLocale()));
    const shown = window && !window.isDestroyed() ? window : undefined;
    shown?.setTitle(text.title);
    const box = { type: 'info' as const, title: 'ShadowDesk', message: text.message, detail: text.detail, buttons: ['OK'], noLink: true };
    void (shown ? electron.dialog.showMessageBox(shown, box) : electron.dialog.showMessageBox(box)).catch(() => undefined);
    void guard.idle().then(() => setImmediate(() => app.quit()));
  };

  // A second launch (another Explorer "previous versions", a link) goes to the running window,
  // through the lock's `second-instance` or, to an elevated instance, through launch-handoff.ts. A
  // launch heard both ways (an elevated second launch) opens its path once.
  let lastLaunch: { target: string; at: number } | undefined;
  // `target`: the page address the launch asks for (launchPlaceOf), or undefined for none.
  const onSecondLaunch = (target: string | undefined): void => {
    if (!window || window.isDestroyed()) return;
    const repeated = target !== undefined && lastLaunch?.target === target && Date.now() - lastLaunch.at < 3000;
    if (target && !repeated) void window.loadURL(target);
    if (target) lastLaunch = { target, at: Date.now() };
    if (window.isMinimized()) window.restore();
    window.focus();
  };
  app.on('second-instance', (_event, argv) => {
    if (argv.includes(ELEVATED_RESTART_SWITCH)) return;
    onSecondLaunch(launchPlaceOf(argv, { secondInstance: true }));
  });
  let handoff: HandoffWatch | undefined;
  app.on('will-quit', () => handoff?.stop());
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (guard.busy()) {
      event.preventDefault();
      finishThenQuit();
      return;
    }
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
      transport: guard.transport,
      isOwnWindow: (sender) => ownWindows.has(sender.id),
      defaultLang: () => langOfLocale(app.getLocale()),
      log,
      local: {
        ...createShellOperations({
          dialog: electron.dialog,
          shell,
          window: () => window,
          // The host makes the read-only copy: only it reads shadow copies, and it owns the data folder.
          exportVersion: (input, lang) => transport.call('exportVersion', input, { lang }) as Promise<{ file: string }>,
          dragIcon: options.dragIconPath,
          platform: options.platform,
        }),
        // The UAC prompt is owned by the window, not raised by the windowless host on its own
        // (see runAsAdministrator): the main process adds the window's handle; the page cannot.
        restartElevated: (input, { lang }) =>
          transport.call('restartElevated', { ...(input as object), parentWindow: windowHandleOf(window) }, { lang }),
      },
      // The elevated instance is on its way (the user accepted the prompt): this one makes room.
      onSuccess: (name) => {
        if (name === 'restartElevated') setImmediate(() => app.quit());
      },
    });
    window = createAppWindow(electron, { preloadPath: options.preloadPath, url: launchPlaceOf(argv) ?? launchUrl() });
    const id = window.webContents.id;
    ownWindows.add(id);
    // Elevated, this instance also reads the launches UIPI keeps from it (launch-handoff.ts).
    void transport
      .call('elevation', {}, {})
      .then((info) => {
        if ((info as { elevated?: unknown } | undefined)?.elevated !== true || (options.platform ?? process.platform) !== 'win32') return;
        handoff = watchLaunchRequests(
          app.getPath('userData'),
          (launched) => {
            if (!launched.includes(ELEVATED_RESTART_SWITCH)) onSecondLaunch(launchPlaceOf(launched));
          },
          { log, ...(options.handoffPollMs ? { pollMs: options.handoffPollMs } : {}) },
        );
      })
      .catch(() => undefined);
    window.on('close', (event) => {
      if (!guard.busy()) return;
      event.preventDefault();
      finishThenQuit();
    });
    window.on('closed', () => {
      ownWindows.delete(id);
      window = undefined;
    });
    return window;
  });
  return { ready };
}
