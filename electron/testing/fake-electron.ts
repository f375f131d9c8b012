import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ForkOptions, UtilityProcess } from 'electron';
import type { ElectronModule } from '../start-app.js';
import type { UtilityProcessModule } from '../utility-host.js';

/**
 * A stand-in for the parts of the `electron` module the main process uses, recording what the app
 * asks of it. It behaves like Electron 45 where the wiring depends on it, and as strictly as real
 * Electron where real Electron refuses, reorders or drops (each rule cites its source):
 * - creating a window emits `web-contents-created` for its webContents before anything loads;
 *   `whenReady` resolves when the test says the app is ready; IPC handlers are kept per channel;
 * - the single-instance lock is shared between fakes through a {@link FakeSingleton}: asking for it
 *   while another instance holds it *sends this instance's command line* to the holder (every time
 *   it is asked), which hears it as `second-instance`, after its `ready`, with the arguments in
 *   Chromium's order (switches first, extra switches added) — and, on Windows, not at all when the
 *   holder runs elevated and the asker does not (see requestSingleInstanceLock below);
 * - a renderer-initiated navigation emits `will-frame-navigate` first and `will-navigate` only when
 *   that was not prevented (webContents.navigate below);
 * - `startDrag` throws on a missing file or icon, and on Windows a drag started once the mouse
 *   button is up is dropped at once (webContents.startDrag below);
 * - `app.quit()` runs Electron's sequence: `before-quit` (cancellable), then every window's `close`
 *   (cancellable), then `will-quit`; the lock is released once the instance has quit;
 * - a utility process ({@link fakeUtilityProcess}) has no stdin, and drops its stdout/stderr
 *   listeners when it exits.
 */

/** A fake navigation/permission event that records preventDefault. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** Electron's navigation event (`Event<WebContentsWillFrameNavigateEventParams>`): the details are on the event itself. */
export class FakeNavigationEvent extends FakeEvent {
  constructor(
    url: string,
    readonly isMainFrame: boolean,
    readonly frame: { url: string; parent: unknown } | null,
  ) {
    super(url);
  }
  readonly isSameDocument = false;
  readonly initiator = null;
}

let nextContentsId = 1;

/** What startDrag was asked, and what became of it on the platform the fake plays. */
export interface FakeDrag {
  file?: string;
  files?: string[];
  icon: unknown;
  /** True when the drag really ran (the button was still down, or off Windows); false when Windows dropped it at once. */
  delivered: boolean;
}

/** A page: its window-open handler and listeners, what was sent to it, and whether it is gone. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  /** What startDrag was asked to drag, in order (the drags that really ran; see allDrags for every call). */
  readonly drags: { file: string; files: string[]; icon: string }[] = [];
  /** Every startDrag call, with whether Windows would have let it run. */
  readonly allDrags: FakeDrag[] = [];
  url = '';
  destroyed = false;
  /** Whether the mouse button that began a drag gesture in the page is still down (tests drive it). */
  buttonDown = false;

  constructor(readonly platform: NodeJS.Platform = 'win32') {
    super();
  }

  /**
   * A navigation the page itself starts (a link, `window.location`), as Electron's navigation
   * throttle runs it (shell/browser/electron_navigation_throttle.cc, WillStartRequest):
   * `will-frame-navigate` is emitted first, for the main frame too; if a listener prevents it the
   * navigation is cancelled and `will-navigate` is never emitted. Only for the main frame does
   * `will-navigate` follow. Returns whether the navigation would go ahead.
   */
  navigate(url: string, options: { mainFrame?: boolean } = {}): boolean {
    const mainFrame = options.mainFrame ?? true;
    const frame = { url: this.url, parent: mainFrame ? null : { url: this.url } };
    const frameEvent = new FakeNavigationEvent(url, mainFrame, frame);
    this.emit('will-frame-navigate', frameEvent);
    if (frameEvent.defaultPrevented) return false;
    if (!mainFrame) return true;
    const event = new FakeNavigationEvent(url, true, frame);
    // The url (and isInPlace, isMainFrame…) are also passed positionally, deprecated (electron.d.ts).
    this.emit('will-navigate', event, url, false, true);
    return !event.defaultPrevented;
  }

  /** A server redirect of a navigation already under way (`will-redirect`). */
  redirect(url: string): boolean {
    const event = new FakeNavigationEvent(url, true, { url: this.url, parent: null });
    this.emit('will-redirect', event, url, false, true);
    return !event.defaultPrevented;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  /**
   * webContents.startDrag as Electron implements it (shell/browser/api/electron_api_web_contents.cc,
   * WebContents::StartDrag): `files` wins over `file`; no icon, or an empty one, throws "Must
   * specify non-empty 'icon' option"; no file throws "Must specify either 'file' or 'files' option".
   * The drag then runs the platform's drag loop: on Windows that is OLE's DoDragDrop, which ends as
   * soon as IDropSource::QueryContinueDrag sees the mouse button up (Microsoft Learn, "DoDragDrop
   * function" and "IDropSource::QueryContinueDrag"), so a drag started after the button was
   * released is dropped at once, onto ShadowDesk's own window: nothing reaches Explorer. That is
   * why startDrag must be called while the page's `dragstart` gesture is still on.
   */
  startDrag(item: { file?: string; files?: string[]; icon?: unknown }): void {
    const files = Array.isArray(item.files) ? item.files : typeof item.file === 'string' ? [item.file] : [];
    if (item.icon === undefined || item.icon === null || item.icon === '') throw new Error("Must specify non-empty 'icon' option");
    if (files.length === 0) throw new Error("Must specify either 'file' or 'files' option");
    const delivered = this.platform !== 'win32' || this.buttonDown;
    this.allDrags.push({ ...item, icon: item.icon, delivered });
    if (delivered) this.drags.push({ file: item.file ?? files[0]!, files, icon: String(item.icon) });
  }
  /** The user presses the mouse button on a draggable element and moves: the page's `dragstart` fires. */
  pressForDrag(): void {
    this.buttonDown = true;
  }
  /** The user lets go of the button (the gesture ends, whether a drag ran or not). */
  releaseButton(): void {
    this.buttonDown = false;
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

/**
 * One single-instance lock, shared by the fakes that play instances of the same app (Electron:
 * "scoped to the application's user data directory … and on Windows, the same executable name").
 */
export class FakeSingleton {
  holder: FakeInstance | undefined;
}

/** What one fake instance is, as the lock sees it. */
interface FakeInstance {
  app: EventEmitter;
  elevated: boolean;
  platform: NodeJS.Platform;
  isReady: () => boolean;
  whenReady: Promise<void>;
}

/**
 * The command line the primary instance hears in `second-instance`. Electron's docs
 * (electron.d.ts, App `second-instance`): "argv will not be exactly the same list of arguments as
 * those passed to the second instance. The order might change and additional arguments might be
 * appended", "Extra command line arguments might be added by Chromium, such as
 * --original-process-start-time". The order comes from Chromium's base::CommandLine, which parses
 * the sent command line "keeping switches before arguments" (base/command_line.cc,
 * AppendSwitchesAndArguments): every switch (on Windows `--x`, `-x` and `/x`) moves before every
 * plain argument, up to a `--` terminator. So `--previous-versions C:\x` arrives with other
 * switches between the switch and its value.
 */
export function chromiumSecondInstanceArgv(argv: readonly string[], platform: NodeJS.Platform, added: readonly string[] = ['--original-process-start-time=1733000000000']): string[] {
  const [program = 'ShadowDesk', ...rest] = argv;
  const prefixes = platform === 'win32' ? ['--', '-', '/'] : ['--', '-'];
  const switches: string[] = [];
  const args: string[] = [];
  let parseSwitches = true;
  for (const raw of rest) {
    const arg = raw.trim();
    if (arg === '--') parseSwitches = false;
    const prefix = prefixes.find((p) => arg.startsWith(p));
    if (parseSwitches && prefix && arg.length > prefix.length) switches.push(arg);
    else args.push(arg);
  }
  return [program, ...switches, ...added, ...args];
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
  /** Message boxes shown (dialog.showMessageBox), with whether they were attached to a window. */
  messageBoxes: { attachedToWindow: boolean; options: { message?: string; detail?: string; type?: string } }[];
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | undefined;
  permissionCheckHandler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | undefined;
  devicePermissionHandler: ((details: unknown) => boolean) | undefined;
  headersHandler: ((details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | undefined;
  calls: string[];
  app: EventEmitter & { quit(): void };
  /** True once the instance has really quit (before-quit and every window's close went through). */
  quitted: boolean;
  /** The lock this instance shares with the others of the same app. */
  singleton: FakeSingleton;
}

/** A fake BrowserWindow, created by the app through the window factory. */
export interface FakeBrowserWindow extends EventEmitter {
  options: Record<string, unknown>;
  webContents: FakeWebContents;
  loadedUrl: string | undefined;
  shown: boolean;
  title: string;
  /** The HWND getNativeWindowHandle answers with (as a number, for tests to compare). */
  readonly hwnd: bigint;
  /** The user clicks the window's close button: `close` (cancellable), then `closed`. */
  close(): void;
  isDestroyed(): boolean;
}

/** How a fake instance is started. */
export interface FakeElectronOptions {
  locale?: string;
  /** The lock shared with other instances of the same app; a new one (free) unless given. */
  singleton?: FakeSingleton;
  /** This instance's own command line (what it sends to the primary when it does not get the lock). */
  argv?: readonly string[];
  /** Whether this instance runs elevated (Windows' UIPI decides what a lower one may send to it). */
  elevated?: boolean;
  /** The platform the fake plays; Windows unless given. */
  platform?: NodeJS.Platform;
  /** app.getPath('userData'). */
  userData?: string;
  /** app.isPackaged. */
  isPackaged?: boolean;
  /** The switches Chromium adds to what the primary hears ("might be added … such as --original-process-start-time"); that one unless given. */
  addedSwitches?: readonly string[];
}

let nextHwnd = 0x10010n;

/** Builds a fresh fake Electron instance. */
export function fakeElectron(options: FakeElectronOptions = {}): FakeElectron {
  const calls: string[] = [];
  const platform = options.platform ?? 'win32';
  let ready = false;
  let markReady: () => void = () => {};
  const whenReady = new Promise<void>((resolve) => {
    markReady = () => {
      ready = true;
      resolve();
    };
  });
  const singleton = options.singleton ?? new FakeSingleton();
  const app = new EventEmitter() as EventEmitter & Record<string, unknown> & { quit(): void };
  const self: FakeInstance = { app, elevated: options.elevated ?? false, platform, isReady: () => ready, whenReady };
  let quitting = false;

  Object.assign(app, {
    isPackaged: options.isPackaged ?? false,
    /**
     * Electron (electron.d.ts, app.requestSingleInstanceLock): true when this instance is the
     * primary; false when "it has sent its parameters to another instance that has already acquired
     * the lock". So every call that answers false *sends* the command line again. The primary hears
     * it as `second-instance`, "guaranteed to be emitted after the ready event", with Chromium's
     * argument order (chromiumSecondInstanceArgv); "if the second instance is started by a
     * different user than the first, the argv array will not include the arguments". On Windows the
     * message is a WM_COPYDATA to the primary's hidden window (Chromium's process_singleton_win.cc,
     * AttemptToNotifyRunningChrome); User Interface Privilege Isolation refuses that message from a
     * lower integrity level (Microsoft Learn, "User Interface Privilege Isolation"; SendMessage then
     * fails with ERROR_ACCESS_DENIED), Chromium reads the failure as NOTIFY_FAILED, cannot take the
     * lock either (the primary holds its lock file) and answers "profile in use": the unelevated
     * launch gets false, and the elevated primary hears nothing at all.
     */
    requestSingleInstanceLock: (additionalData?: Record<string, unknown>) => {
      calls.push('requestSingleInstanceLock');
      const holder = singleton.holder;
      if (!holder || holder === self) {
        singleton.holder = self;
        return true;
      }
      const uipiBlocks = platform === 'win32' && holder.elevated && !self.elevated;
      if (!uipiBlocks) {
        const argv = chromiumSecondInstanceArgv(options.argv ?? ['ShadowDesk.exe'], platform, options.addedSwitches);
        void holder.whenReady.then(() =>
          setImmediate(() => holder.app.emit('second-instance', new FakeEvent(), argv, 'C:\\Windows\\System32', additionalData ?? {})),
        );
      }
      return false;
    },
    hasSingleInstanceLock: () => singleton.holder === self,
    releaseSingleInstanceLock: () => {
      if (singleton.holder === self) singleton.holder = undefined;
    },
    getAppPath: () => '/app',
    getPath: (name: string) => {
      if (name === 'userData') return options.userData ?? '/nonexistent/userData';
      throw new Error(`the fake has no path ${name}`);
    },
    /**
     * app.quit as Electron documents it (electron.d.ts, App.quit and the `before-quit`/`will-quit`
     * events): `before-quit` first (preventDefault cancels the quit), then every window is asked to
     * close (a window whose `close` is prevented cancels the quit), then `will-quit`; the process
     * then ends, which releases the single-instance lock.
     */
    quit: () => {
      calls.push('quit');
      if (fake.quitted || quitting) return;
      const before = new FakeEvent();
      app.emit('before-quit', before);
      if (before.defaultPrevented) return;
      quitting = true;
      for (const window of [...fake.windows]) {
        if (!window.isDestroyed()) window.close();
      }
      quitting = false;
      if (fake.windows.some((w) => !w.isDestroyed())) return;
      const will = new FakeEvent();
      app.emit('will-quit', will);
      if (will.defaultPrevented) return;
      fake.quitted = true;
      if (singleton.holder === self) singleton.holder = undefined;
      app.emit('quit', new FakeEvent(), 0);
    },
    enableSandbox: () => calls.push('enableSandbox'),
    whenReady: () => whenReady,
    isReady: () => ready,
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
    messageBoxes: [],
    permissionRequestHandler: undefined,
    permissionCheckHandler: undefined,
    devicePermissionHandler: undefined,
    headersHandler: undefined,
    calls,
    app,
    quitted: false,
    singleton,
  };

  class BrowserWindow extends EventEmitter implements FakeBrowserWindow {
    readonly webContents = new FakeWebContents(platform);
    loadedUrl: string | undefined;
    shown = false;
    title: string;
    readonly hwnd = nextHwnd++;
    #destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      this.title = String(options.title ?? '');
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
    /** BrowserWindow `close` ("Calling event.preventDefault() will cancel the close"), then `closed`; the last one gone emits `window-all-closed`. */
    close(): void {
      if (this.#destroyed) return;
      const event = new FakeEvent();
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.#destroyed = true;
      this.webContents.destroy();
      this.emit('closed');
      if (fake.windows.every((w) => w.isDestroyed()) && !quitting) app.emit('window-all-closed');
    }
    isDestroyed(): boolean {
      return this.#destroyed;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {
      calls.push('focus');
    }
    setTitle(title: string): void {
      this.title = title;
    }
    /** electron.d.ts: "The platform-specific handle of the window. The native type of the handle is HWND on Windows". */
    getNativeWindowHandle(): Buffer {
      const handle = Buffer.alloc(8);
      handle.writeBigUInt64LE(this.hwnd);
      return handle;
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
      showMessageBox: (window: unknown, options?: unknown) => {
        const attached = window instanceof BrowserWindow;
        fake.messageBoxes.push({ attachedToWindow: attached, options: (attached ? options : window) as FakeElectron['messageBoxes'][number]['options'] });
        return Promise.resolve({ response: 0, checkboxChecked: false });
      },
    },
    utilityProcess: {
      fork: () => {
        throw new Error('the fake has no utility process: pass a transport (or use fakeUtilityProcess)');
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

/** What a fake utility process records: each fork and each exit code. */
export interface UtilityRecord {
  forks: { modulePath: string; options: unknown }[];
  exits: (number | null)[];
}

/**
 * A stand-in for Electron's utilityProcess.fork with Electron's own rules
 * (lib/browser/api/utility-process.ts in Electron's source, and electron.d.ts `UtilityProcess`):
 * - stdin is never available: `stdio` is 'pipe' | 'inherit' | 'ignore' (stdin then 'ignore'), or
 *   an array whose first entry must be 'ignore' ("stdin value other than ignore is not supported");
 * - stdout/stderr are PassThrough streams fed from the child's pipes; on `exit` Electron emits the
 *   event and then calls `removeAllListeners()` on both and sets them to null ("When the child
 *   process exits, then the value is null after the exit event is emitted"). The pipe and the exit
 *   notice travel separately, with no order between them; the fake takes the order that loses data
 *   (the pipe is read a little later than the exit is seen), so whatever the child wrote last on
 *   stdout may never reach a listener;
 * - messages the child posts on `process.parentPort` arrive as `message` events, in order, on a
 *   channel the exit does not drop;
 * - `pid` is undefined and `kill()` answers false once the process has exited.
 * The child is the given module run under plain Node by parent-port-shim.js.
 */
export function fakeUtilityProcess(record: UtilityRecord, shim: string, pipeLatencyMs = 30): UtilityProcessModule {
  return {
    fork(modulePath: string, _args?: string[], options?: ForkOptions): UtilityProcess {
      const stdio = options?.stdio ?? 'inherit';
      if (typeof stdio === 'string') {
        if (!['pipe', 'inherit', 'ignore'].includes(stdio)) throw new Error('stdio must be of the following values: inherit, pipe, ignore');
      } else if (!Array.isArray(stdio) || stdio.length < 3) {
        throw new Error('configuration missing for stdin, stdout or stderr.');
      } else if (stdio[0] !== 'ignore') {
        throw new Error('stdin value other than ignore is not supported.');
      }
      const piped = (i: 1 | 2) => stdio === 'pipe' || (Array.isArray(stdio) && stdio[i] === 'pipe');
      record.forks.push({ modulePath, options });
      const child = fork(shim, [modulePath], { env: options?.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      const proc = new EventEmitter() as EventEmitter & Record<string, unknown>;
      let stdout: PassThrough | null = piped(1) ? new PassThrough() : null;
      let stderr: PassThrough | null = piped(2) ? new PassThrough() : null;
      const feed = (from: NodeJS.ReadableStream, to: () => PassThrough | null) =>
        from.on('data', (chunk: Buffer) => setTimeout(() => to()?.write(chunk), pipeLatencyMs));
      feed(child.stdout!, () => stdout);
      feed(child.stderr!, () => stderr);
      let exited = false;
      Object.assign(proc, {
        postMessage: (message: unknown) => {
          if (!exited && child.connected) child.send(message as string);
        },
        kill: () => (exited ? false : child.kill()),
      });
      Object.defineProperty(proc, 'pid', { get: () => (exited ? undefined : child.pid) });
      Object.defineProperty(proc, 'stdout', { get: () => stdout });
      Object.defineProperty(proc, 'stderr', { get: () => stderr });
      child.on('message', (message) => proc.emit('message', message));
      child.on('exit', (code) => {
        exited = true;
        record.exits.push(code);
        try {
          proc.emit('exit', code);
        } finally {
          stdout?.removeAllListeners();
          stdout = null;
          stderr?.removeAllListeners();
          stderr = null;
        }
      });
      return proc as unknown as UtilityProcess;
    },
  };
}
