import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { Transport } from '../contract/api.js';
import { API_SCRIPT_PATH, API_SOCKET_PATH, apiScript } from './api-script.js';
import { MAX_MESSAGE_BYTES, attachBridge } from './ws-bridge.js';
import { contentTypeOf } from './content-types.js';

/** How to run the headless server. */
export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on (default 127.0.0.1: only this machine). */
  host?: string;
  /**
   * Accept connections from other machines and any Host header. The token still guards every
   * request, but it travels over plain HTTP: use only on a network you trust.
   */
  allowRemote?: boolean;
  /** The built renderer (index.html and its assets); nothing outside it is ever served. */
  rendererDir: string;
  /** Where calls go: the VSS host (HostClient) in the CLI, an in-process transport in tests. */
  transport: Transport;
  /** One line per refused request or socket problem (never the token). */
  log?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  /** The address to open, with `?token=`: the only way in. */
  url: string;
  port: number;
  token: string;
  /** Stops listening, closes every connection and socket (their calls are cancelled). */
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  426: 'Upgrade Required',
  500: 'Internal Server Error',
};

/** Headers on every response: nothing is sniffed, cached, leaked as a referrer or framed. */
const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The page's Content Security Policy: only our own scripts, and sockets only back to this server.
 * style-src needs 'unsafe-inline' because Fluent UI (Griffel) injects <style> tags at run time;
 * scripts stay strict, which is what matters against injection.
 */
export function contentSecurityPolicy(hostHeader: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://${hostHeader}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Puts the API script first in <head>, so `window.shadowdesk` exists before any app script runs. */
export function injectApiScript(html: string): string {
  const tag = `<script src="${API_SCRIPT_PATH}"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return tag + html;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The path segments of a request target, or null when it is anything but a plain relative path
 * inside the site: `..` or `.` (also percent-encoded), backslashes, NUL, drive letters or other
 * colons, empty segments (`//`), bad percent-encoding, Windows device names (`CON`, `NUL.txt`). Checked on the raw target, before any URL
 * normalization could quietly fold a traversal away.
 */
export function safeSegments(rawPath: string): string[] | null {
  if (!rawPath.startsWith('/')) return null;
  const raw = rawPath.slice(1);
  if (raw === '') return [];
  const segments: string[] = [];
  const parts = raw.split('/');
  for (let i = 0; i < parts.length; i++) {
    let s: string;
    try {
      s = decodeURIComponent(parts[i]!);
    } catch {
      return null;
    }
    if (s === '' && i === parts.length - 1) break; // a trailing slash
    if (s === '' || s === '.' || s === '..' || /[\\/:\0]/.test(s) || s.includes('%')) return null;
    if (WINDOWS_DEVICE.test(s)) return null;
    segments.push(s);
  }
  return segments;
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\..*)?$/i;

type Refusal = { status: number; reason: string };

/**
 * Serves the renderer and the API over HTTP and one WebSocket, for a browser on this machine. Every
 * request must prove it holds the per-run token (first as `?token=`, then as an HttpOnly SameSite
 * cookie); Origin and Host are checked so another web page, or a DNS-rebinding name, cannot reach
 * the API even though it runs on localhost.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = randomBytes(32).toString('hex');
  const allowRemote = options.allowRemote ?? false;
  const listenHost = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const rendererDir = await realpath(path.resolve(options.rendererDir));
  const script = apiScript();
  let port = 0;
  let cookieName = '';
  let allowedHosts = new Set<string>();

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  wss.on('connection', (ws) => attachBridge(ws, options.transport, { log }));

  /** Checks shared by page loads and socket upgrades; null when the request may go on. */
  const checkPeer = (req: IncomingMessage): Refusal | null => {
    if (!allowRemote && !isLoopbackAddress(req.socket.remoteAddress)) return { status: 403, reason: 'remote address' };
    const host = req.headers.host?.toLowerCase();
    if (!host || !/^[a-z0-9.\-:[\]]+$/.test(host)) return { status: 403, reason: 'missing or malformed Host' };
    if (!allowRemote && !allowedHosts.has(host)) return { status: 403, reason: `foreign Host ${host}` };
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const ok = [...allowedHosts].some((h) => origin === `http://${h}`) || (allowRemote && origin === `http://${host}`);
      if (!ok) return { status: 403, reason: `foreign Origin ${origin.slice(0, 100)}` };
    }
    if (!req.url?.startsWith('/')) return { status: 400, reason: 'not a path' };
    return null;
  };

  const checkCookie = (req: IncomingMessage): Refusal | null => {
    const given = cookieValue(req.headers.cookie, cookieName);
    if (given === undefined) return { status: 401, reason: 'no token' };
    if (!sameSecret(given, token)) return { status: 403, reason: 'wrong token' };
    return null;
  };

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer, head: boolean): void => {
    res.writeHead(status, { ...COMMON_HEADERS, 'Content-Length': String(Buffer.byteLength(body)), ...headers });
    res.end(head ? undefined : body);
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, refusal: Refusal): void => {
    if (refusal.status !== 404) log(`refused ${req.method} ${(req.url ?? '').split('?')[0]}: ${refusal.status} ${refusal.reason}`);
    send(res, refusal.status, { 'Content-Type': 'text/plain; charset=utf-8' }, `${refusal.status} ${STATUS_TEXT[refusal.status] ?? ''}\n`, req.method === 'HEAD');
  };

  const serveFile = async (req: IncomingMessage, res: ServerResponse, segments: string[]): Promise<void> => {
    const head = req.method === 'HEAD';
    const rel = segments.length === 0 ? ['index.html'] : segments;
    const file = path.resolve(rendererDir, ...rel);
    let real: string;
    try {
      real = await realpath(file);
      if (!real.startsWith(rendererDir + path.sep) || !(await stat(real)).isFile()) throw new Error('not a file inside');
    } catch {
      refuse(req, res, { status: 404, reason: 'not found' });
      return;
    }
    const ext = path.extname(real).toLowerCase();
    const type = contentTypeOf(ext);
    if (ext === '.html') {
      const html = injectApiScript(await readFile(real, 'utf8'));
      send(res, 200, { 'Content-Type': type, 'Content-Security-Policy': contentSecurityPolicy(req.headers.host!.toLowerCase()) }, html, head);
      return;
    }
    send(res, 200, { 'Content-Type': type }, await readFile(real), head);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const peer = checkPeer(req);
    if (peer) return refuse(req, res, peer);
    const url = req.url!;
    const q = url.indexOf('?');
    const rawPath = q >= 0 ? url.slice(0, q) : url;
    const query = new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
    const given = query.get('token');
    if (given !== null) {
      if (!sameSecret(given, token)) return refuse(req, res, { status: 403, reason: 'wrong token' });
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, { status: 405, reason: 'method' });
      // Trade the token in the address bar for a cookie page scripts cannot read and other sites
      // cannot send, then drop it from the address so it is not kept in history or shown.
      query.delete('token');
      const rest = query.toString();
      send(res, 303, {
        Location: `${rawPath}${rest ? `?${rest}` : ''}`,
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Content-Type': 'text/plain; charset=utf-8',
      }, '', req.method === 'HEAD');
      return;
    }
    const auth = checkCookie(req);
    if (auth) return refuse(req, res, auth);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(req, res, { status: 405, reason: 'method' });
    if (rawPath === API_SCRIPT_PATH) {
      send(res, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }, script, req.method === 'HEAD');
      return;
    }
    if (rawPath === API_SOCKET_PATH) return refuse(req, res, { status: 426, reason: 'the API is a WebSocket' });
    const segments = safeSegments(rawPath);
    if (!segments) return refuse(req, res, { status: 400, reason: 'path outside the site' });
    await serveFile(req, res, segments);
  };

  const refuseUpgrade = (req: IncomingMessage, socket: Duplex, refusal: Refusal): void => {
    log(`refused socket ${(req.url ?? '').split('?')[0]}: ${refusal.status} ${refusal.reason}`);
    socket.once('finish', () => socket.destroy());
    socket.end(`HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      log(`error serving ${(req.url ?? '').split('?')[0]}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) refuse(req, res, { status: 500, reason: 'internal error' });
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const refusal = checkPeer(req) ?? checkCookie(req) ?? (req.url === API_SOCKET_PATH ? null : { status: 404, reason: 'no such socket' });
    if (refusal) return refuseUpgrade(req, socket, refusal);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  // Cookies do not keep ports apart: a per-port name lets two servers on one machine coexist.
  cookieName = `shadowdesk-${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const urlHost = listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost.includes(':') ? `[${listenHost}]` : listenHost;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
