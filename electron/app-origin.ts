/**
 * The app's own origin. The window loads the built renderer from a privileged custom scheme rather
 * than file://, so it has a real origin: the IPC handlers can tell our page from anything else,
 * navigation checks compare origins instead of guessing at paths, and the Content-Security-Policy
 * travels as a response header. Nothing here imports Electron, so it is tested under plain Node.
 */

/** The scheme the renderer is served from. */
export const APP_SCHEME = 'app';

/** The one host on that scheme. */
export const APP_HOST = 'shadowdesk';

/** The origin every trusted frame has. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The window's Content Security Policy: only our own scripts and nothing remote at all. style-src
 * needs 'unsafe-inline' because Fluent UI (Griffel) injects <style> tags at run time; scripts stay
 * strict, which is what matters against injection. The page needs no network: its API is the preload.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** True when `url` is a page or file of the app itself (same scheme and host, nothing else). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/**
 * Sites the app may open in the user's browser: Microsoft's documentation for VSS errors and
 * services. Anything else (other hosts, http:, file:, custom schemes) is refused.
 */
export const EXTERNAL_HOSTS: readonly string[] = ['learn.microsoft.com', 'support.microsoft.com'];

/** The URL to hand to the system browser, or undefined when it is not https on an allowed host. */
export function allowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return undefined;
  if (!hosts.includes(parsed.hostname.toLowerCase())) return undefined;
  return parsed.href;
}
