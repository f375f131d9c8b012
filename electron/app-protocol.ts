import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_CSP, APP_HOST, APP_SCHEME } from './app-origin.js';
import { contentTypeOf } from '../native/server/content-types.js';

/** Headers on every response of the app's origin: the CSP, no sniffing, no framing, no referrer. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/**
 * Declares the app's scheme as standard and secure (a real origin, like https) before the app is
 * ready, which Electron requires. It is not given bypassCSP or CORS privileges.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: appResponseHeaders('text/plain; charset=utf-8') });
}

/**
 * Answers one request on the app's scheme from the built renderer folder: only GET and HEAD, only
 * host `shadowdesk`, only files inside `rendererDir` (no `..`, no encoded separators), each with the
 * app's headers. Everything else is 4xx, so a page can never read files outside the renderer.
 */
export async function appFileResponse(rendererDir: string, requestUrl: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method Not Allowed');
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return plain(400, 'Bad Request');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not Found');
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return plain(400, 'Bad Request');
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  if (relative.includes('\\') || relative.includes('\0') || relative.split('/').includes('..')) return plain(400, 'Bad Request');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(root + path.sep)) return plain(400, 'Bad Request');
  try {
    if (!(await stat(file)).isFile()) return plain(404, 'Not Found');
    const body = await readFile(file);
    const type = contentTypeOf(path.extname(file));
    return new Response(method === 'HEAD' ? null : body, { status: 200, headers: appResponseHeaders(type) });
  } catch {
    return plain(404, 'Not Found');
  }
}

/** The part of a session's protocol registry the app uses. */
export interface ProtocolHandlerRegistry {
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Serves the renderer on the app's scheme in one session. */
export function serveAppFiles(protocol: ProtocolHandlerRegistry, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appFileResponse(rendererDir, request.url, request.method));
}
