import type { App, Session, Shell, WebContents } from 'electron';
import { allowedExternalUrl, isAppUrl } from './app-origin.js';

/** What the hardening hook needs besides the app. */
export interface HardeningOptions {
  /** Opens an allowlisted https URL in the user's browser. */
  shell: Pick<Shell, 'openExternal'>;
  /** One line per blocked attempt. */
  log?: (line: string) => void;
}

/** Hands a URL to the system browser when the allowlist accepts it; true when it did. */
function openIfAllowed(url: string, options: HardeningOptions): boolean {
  const allowed = allowedExternalUrl(url);
  if (!allowed) return false;
  // The only openExternal in the app: `allowed` is an https URL on an allowlisted Microsoft
  // documentation host (allowedExternalUrl), never a file, a custom scheme or another site.
  const opening = options.shell.openExternal(allowed); // eng-disable OPEN_EXTERNAL_JS_CHECK
  opening.catch((err: unknown) => options.log?.(`could not open ${allowed}: ${err instanceof Error ? err.message : String(err)}`));
  return true;
}

/**
 * Hardens every webContents the app will ever have, from one place: `web-contents-created` fires for
 * each before it loads anything. No page may open a window (window.open and target=_blank are
 * denied; an allowlisted https link, opened or navigated to, goes to the user's browser instead, once), navigate or be redirected
 * away from the app's origin, or attach a <webview>.
 */
export function installWebContentsHardening(app: Pick<App, 'on'>, options: HardeningOptions): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (!openIfAllowed(url, options)) options.log?.(`blocked a new window for ${url.slice(0, 200)}`);
      return { action: 'deny' };
    });
    // One handler for both navigation events. Electron's navigation throttle emits
    // `will-frame-navigate` first, for the main frame too, and `will-navigate` only when that was
    // not prevented (shell/browser/electron_navigation_throttle.cc, WillStartRequest; electron.d.ts:
    // "will-frame-navigate is fired when the main frame or any of its subframes attempts to
    // navigate"). So the handler that sees an allowed documentation link first must be the one that
    // opens it; with the same handler on both, it opens exactly once whichever event comes first
    // (an earlier Electron emitted them the other way round), and the second never sees it.
    const onNavigate = (event: { preventDefault(): void; url: string; isMainFrame?: boolean }, url = event.url): void => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      // A subframe never opens anything (the app has no frames; frame-src 'none').
      const opened = event.isMainFrame !== false && openIfAllowed(url, options);
      if (!opened) options.log?.(`blocked ${event.isMainFrame === false ? 'frame ' : ''}navigation to ${url.slice(0, 200)}`);
    };
    contents.on('will-frame-navigate', (event) => onNavigate(event));
    contents.on('will-navigate', (event, url) => onNavigate(event, event.url ?? url));
    contents.on('will-redirect', (event, url) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      options.log?.(`blocked redirect to ${url.slice(0, 200)}`);
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      options.log?.('blocked a <webview>');
    });
  });
}

/**
 * The one permission the window uses: writing text to the clipboard ("Copy report", copy an id),
 * and only for the app's own page. Everything else a page can ask for (camera, microphone,
 * location, notifications, USB, HID, serial, MIDI, fullscreen, opening external apps…) is refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

/**
 * Locks down a session: permission requests and checks go through {@link isPermissionAllowed},
 * device access is refused, and every response carries the app's Content-Security-Policy (the
 * app's protocol handler sets the same header; this covers anything else the session loads). The
 * policy text must stay equal to APP_CSP: a unit test compares them.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': ["default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-src 'none'; frame-ancestors 'none'; form-action 'none'"],
      },
    });
  });
}
