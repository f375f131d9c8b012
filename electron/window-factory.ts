import type { BrowserWindow, NativeTheme } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';

/** What creating a window needs from Electron. */
export interface WindowDeps {
  BrowserWindow: typeof BrowserWindow;
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors'>;
}

/** Where the window's parts are. */
export interface WindowOptions {
  /** The bundled preload (one CommonJS file: a sandboxed preload cannot require our modules). */
  preloadPath: string;
  /** The page to open; the app's entry page unless given. */
  url?: string;
}

/**
 * The one factory for every window of the app, so no window can be made with weaker settings: the
 * page runs sandboxed and context-isolated without Node, <webview> or insecure content, and reaches
 * ShadowDesk only through the preload's `window.shadowdesk`. The window is shown once painted, with
 * the system theme's background so it does not flash white in dark mode.
 */
export function createAppWindow(deps: WindowDeps, options: WindowOptions): BrowserWindow {
  const { BrowserWindow } = deps;
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'ShadowDesk',
    backgroundColor: deps.nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#fafafa',
    autoHideMenuBar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // A middle-click would otherwise ask for a new window (denied anyway by the hardening hook).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      // The preload is ours, bundled, sandboxed and context-isolated; it exposes only the contract's
      // methods (see electron/preload). Electronegativity flags every preload for review: reviewed.
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url ?? APP_ENTRY_URL);
  return window;
}
