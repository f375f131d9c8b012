import { EventEmitter } from 'node:events';
import type { ElectronModule } from '../start-app.js';

/**
 * A stand-in for the parts of the `electron` module the main process uses, recording what the app
 * asks of it. It behaves like Electron where the wiring depends on it: creating a window emits
 * `web-contents-created` for its webContents before anything loads, `whenReady` resolves when the
 * test says the app is ready, IPC handlers are kept per channel and can be invoked with any sender.
 */

/** A fake navigation/permission event that records preventDefault. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextContentsId = 1;

/** A page: its window-open handler and listeners, what was sent to it, and whether it is gone. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  /** What startDrag was asked to drag, in order. */
  readonly drags: { file: string; files: string[]; icon: string }[] = [];
  url = '';
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  startDrag(item: { file: string; files: string[]; icon: string }): void {
    this.drags.push(item);
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** Everything the fake records, and the handles a test drives it with. */
export interface FakeElectron {
  module: ElectronModule;
  /** Makes `app.whenReady()` resolve. */
  ready(): void;
  windows: FakeBrowserWindow[];
  privilegedSchemes: unknown[];
  protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>;
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  ipcListeners: Map<string, (event: unknown, ...args: unknown[]) => void>;
  openedExternally: string[];
  shownInFolder: string[];
  /** Files handed to shell.openPath, and what it answers (Electron: '' on success, else the error). */
  openedPaths: string[];
  openPathAnswer: string;
  /** What the folder chooser answers, and the options it was opened with. */
  dialogAnswer: { canceled: boolean; filePaths: string[] };
  dialogOptions: unknown[];
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | undefined;
  permissionCheckHandler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | undefined;
  devicePermissionHandler: ((details: unknown) => boolean) | undefined;
  headersHandler: ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | undefined;
  calls: string[];
  app: EventEmitter;
}

/** A fake BrowserWindow, created by the app through the window factory. */
export interface FakeBrowserWindow extends EventEmitter {
  options: Record<string, unknown>;
  webContents: FakeWebContents;
  loadedUrl: string | undefined;
  shown: boolean;
}

/** Builds a fresh fake Electron; `lock` is what requestSingleInstanceLock answers (each time, if a function). */
export function fakeElectron(options: { lock?: boolean | (() => boolean); locale?: string } = {}): FakeElectron {
  const calls: string[] = [];
  let markReady: () => void = () => {};
  const whenReady = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const app = new EventEmitter() as EventEmitter & Record<string, unknown>;
  Object.assign(app, {
    isPackaged: false,
    requestSingleInstanceLock: () => {
      calls.push('requestSingleInstanceLock');
      return typeof options.lock === 'function' ? options.lock() : (options.lock ?? true);
    },
    getAppPath: () => '/app',
    quit: () => calls.push('quit'),
    enableSandbox: () => calls.push('enableSandbox'),
    whenReady: () => whenReady,
    getLocale: () => options.locale ?? 'en-US',
  });

  const fake: FakeElectron = {
    module: undefined as unknown as ElectronModule,
    ready: () => markReady(),
    windows: [],
    privilegedSchemes: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    ipcListeners: new Map(),
    openedExternally: [],
    shownInFolder: [],
    openedPaths: [],
    openPathAnswer: '',
    dialogAnswer: { canceled: true, filePaths: [] },
    dialogOptions: [],
    permissionRequestHandler: undefined,
    permissionCheckHandler: undefined,
    devicePermissionHandler: undefined,
    headersHandler: undefined,
    calls,
    app,
  };

  class BrowserWindow extends EventEmitter implements FakeBrowserWindow {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | undefined;
    shown = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      fake.windows.push(this);
      // As in Electron: the app hears of the new webContents before it can load anything.
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      this.webContents.url = url;
      return Promise.resolve();
    }
    show(): void {
      this.shown = true;
    }
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {
      calls.push('focus');
    }
  }

  const defaultSession = {
    setPermissionRequestHandler: (h: FakeElectron['permissionRequestHandler']) => {
      fake.permissionRequestHandler = h;
    },
    setPermissionCheckHandler: (h: FakeElectron['permissionCheckHandler']) => {
      fake.permissionCheckHandler = h;
    },
    setDevicePermissionHandler: (h: FakeElectron['devicePermissionHandler']) => {
      fake.devicePermissionHandler = h;
    },
    webRequest: {
      onHeadersReceived: (h: FakeElectron['headersHandler']) => {
        fake.headersHandler = h;
      },
    },
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
        fake.protocolHandlers.set(scheme, handler);
      },
    },
  };

  const module = {
    app,
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        if (fake.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        fake.ipcHandlers.set(channel, listener);
      },
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        fake.ipcListeners.set(channel, listener);
      },
    },
    Menu: { setApplicationMenu: () => calls.push('setApplicationMenu') },
    nativeTheme: { shouldUseDarkColors: false },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        fake.privilegedSchemes.push(...schemes);
      },
    },
    session: { defaultSession },
    shell: {
      openExternal: (url: string) => {
        fake.openedExternally.push(url);
        return Promise.resolve();
      },
      showItemInFolder: (path: string) => {
        fake.shownInFolder.push(path);
      },
      openPath: (path: string) => {
        fake.openedPaths.push(path);
        return Promise.resolve(fake.openPathAnswer);
      },
    },
    dialog: {
      showOpenDialog: (window: unknown, options: unknown) => {
        fake.dialogOptions.push({ attachedToWindow: window instanceof BrowserWindow, options });
        return Promise.resolve(fake.dialogAnswer);
      },
    },
    utilityProcess: {
      fork: () => {
        throw new Error('the fake has no utility process: pass a transport');
      },
    },
  };
  fake.module = module as unknown as ElectronModule;
  return fake;
}

/** An IPC event as Electron builds it: the sending page and frame. */
export function ipcEvent(sender: FakeWebContents, frame: { url: string; parent: unknown } | null): { sender: FakeWebContents; senderFrame: { url: string; parent: unknown } | null } {
  return { sender, senderFrame: frame };
}
