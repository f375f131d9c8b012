import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vm from 'node:vm';
import { WebSocket } from 'ws';
import type { Transport } from '../contract/api.js';
import { OPERATION_NAMES, type OperationName } from '../contract/operations.js';
import { freshMachine, assertNoLeaks, type SimMachine } from '../testing/sim-machine.js';
import { inProcessApi, type InProcessApi } from '../testing/in-process-api.js';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { runCli } from '../cli/run-cli.js';
import { contentSecurityPolicy, isLoopbackAddress, safeSegments, startServer, type RunningServer } from './serve.js';
import { apiScript } from './api-script.js';
import { apiTransport, appWindowArgs, findBrowser } from './serve-command.js';
import { MAX_MESSAGE_BYTES } from './ws-bridge.js';

const INDEX_HTML = '<!doctype html><html><head><meta charset="utf-8"><title>ShadowDesk</title>'
  + '<script type="module" crossorigin src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';

let m: SimMachine | undefined;
let host: InProcessApi | undefined;
let server: RunningServer | undefined;
let dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  host?.dispose();
  if (m) assertNoLeaks(m.sim);
  m?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  m = undefined;
  host = undefined;
  server = undefined;
  dirs = [];
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A tiny built renderer: index.html and a few assets, with a secret file beside (not inside) it. */
function fakeRenderer(): { rendererDir: string; outside: string } {
  const root = tempDir('shadowdesk-serve-');
  const rendererDir = path.join(root, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");\n');
  writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}\n');
  writeFileSync(path.join(rendererDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(rendererDir, 'assets', 'strings.json'), '{}');
  writeFileSync(path.join(root, 'secret.txt'), 'SECRET');
  return { rendererDir, outside: root };
}

async function start(options: { allowRemote?: boolean; host?: string; transport?: (inner: Transport) => Transport } = {}) {
  m = freshMachine();
  host = inProcessApi(m);
  const inner = apiTransport(host.api);
  const renderer = fakeRenderer();
  const log: string[] = [];
  server = await startServer({
    rendererDir: renderer.rendererDir,
    transport: options.transport ? options.transport(inner) : inner,
    log: (l) => log.push(l),
    ...(options.allowRemote !== undefined ? { allowRemote: options.allowRemote } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  return { server, ...renderer, log, cookie: `shadowdesk-${server.port}=${server.token}`, origin: `http://127.0.0.1:${server.port}` };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: the path goes out exactly as written (no URL normalization), as an attacker would send it. */
function get(port: number, rawPath: string, headers: Record<string, string> = {}, options: { method?: string; address?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: options.address ?? '127.0.0.1', port, path: rawPath, method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket with `ws`; resolves with the open socket or the HTTP status it was refused with. */
function openSocket(url: string, headers: Record<string, string>): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

interface BrowserError {
  name: string;
  message: string;
  data: { code: string; hresult?: number; hresultName?: string; message: string };
}

type PageApi = Record<string, (input: unknown, options?: { onProgress?: (e: unknown) => void; signal?: AbortSignal; lang?: string; computer?: string }) => Promise<unknown>>;

/**
 * Runs the served /shadowdesk-api.js as a page would, in its own vm realm with nothing of Node's,
 * over real sockets (a `ws` WebSocket that adds the cookie a browser would send).
 */
async function loadPageApi(port: number, cookie: string): Promise<{ api: PageApi; window: Record<string, unknown>; sockets: WebSocket[] }> {
  const script = await get(port, '/shadowdesk-api.js', { Cookie: cookie });
  assert.equal(script.status, 200);
  const sockets: WebSocket[] = [];
  class BrowserSocket extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { Cookie: cookie, Origin: `http://127.0.0.1:${port}` } });
      sockets.push(this);
    }
  }
  const window: Record<string, unknown> = {};
  const context = vm.createContext({ WebSocket: BrowserSocket, location: { host: `127.0.0.1:${port}` }, navigator: { language: 'en-US' }, console });
  context.window = window;
  vm.runInContext(script.body, context, { filename: 'shadowdesk-api.js' });
  return { api: window.shadowdesk as PageApi, window, sockets };
}

async function rejection(p: Promise<unknown>): Promise<BrowserError> {
  try {
    await p;
  } catch (err) {
    return err as BrowserError;
  }
  throw new Error('expected a failure');
}

test('serve: nothing without the token; ?token= becomes an HttpOnly SameSite=Strict cookie and a 303', async () => {
  const { server: s, cookie } = await start();
  assert.equal((await get(s.port, '/')).status, 401, 'no token, no cookie');
  assert.equal((await get(s.port, '/assets/app.js')).status, 401);
  assert.equal((await get(s.port, '/shadowdesk-api.js')).status, 401);
  assert.equal((await get(s.port, '/?token=nope')).status, 403, 'a wrong token');
  assert.equal((await get(s.port, `/?token=${s.token.slice(0, -1)}x`)).status, 403, 'a token one character off');
  assert.equal((await get(s.port, '/', { Cookie: `shadowdesk-${s.port}=${'0'.repeat(64)}` })).status, 403, 'a wrong cookie');
  assert.equal((await get(s.port, '/', { Cookie: `shadowdesk-1=${s.token}` })).status, 401, 'the right token under another port\'s cookie');
  assert.match(s.url, new RegExp(`^http://127\\.0\\.0\\.1:${s.port}/\\?token=[0-9a-f]{64}$`));

  const login = await get(s.port, new URL(s.url).pathname + new URL(s.url).search);
  assert.equal(login.status, 303);
  assert.equal(login.headers.location, '/', 'the token is dropped from the address');
  const setCookie = String(login.headers['set-cookie']);
  assert.match(setCookie, new RegExp(`^shadowdesk-${s.port}=${s.token};`));
  for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Path=/']) assert.ok(setCookie.includes(attribute), attribute);
  const deep = await get(s.port, `/some/page?x=1&token=${s.token}&y=2`);
  assert.equal(deep.status, 303);
  assert.equal(deep.headers.location, '/some/page?x=1&y=2', 'same path, other parameters kept');
  assert.equal((await get(s.port, `/?token=${s.token}`, {}, { method: 'POST' })).status, 405);

  const page = await get(s.port, '/', { Cookie: cookie });
  assert.equal(page.status, 200);
  const asset = await get(s.port, '/assets/app.js', { Cookie: `theme=dark; ${cookie}` });
  assert.equal(asset.status, 200, 'the cookie opens the assets too');
  assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(asset.body, 'console.log("app");\n');
  assert.equal((await get(s.port, '/', { Cookie: cookie }, { method: 'POST' })).status, 405);
  assert.equal((await get(s.port, '/', { Cookie: cookie }, { method: 'HEAD' })).status, 200);
});

test('serve: a foreign Origin or Host is refused (DNS rebinding), unless --allow-remote for Host', async () => {
  const { server: s, cookie, log } = await start();
  const p = s.port;
  const ok = async (headers: Record<string, string>) => (await get(p, '/', { Cookie: cookie, ...headers })).status;
  assert.equal(await ok({ Host: `localhost:${p}` }), 200);
  assert.equal(await ok({ Host: `[::1]:${p}` }), 200);
  assert.equal(await ok({ Host: `LOCALHOST:${p}` }), 200);
  assert.equal(await ok({ Host: `evil.example:${p}` }), 403, 'a rebinding name');
  assert.equal(await ok({ Host: `127.0.0.1:${p + 1}` }), 403, 'another port');
  assert.equal(await ok({ Host: '127.0.0.1' }), 403, 'no port');
  assert.equal(await ok({ Origin: `http://127.0.0.1:${p}` }), 200);
  assert.equal(await ok({ Origin: `http://localhost:${p}` }), 200);
  assert.equal(await ok({ Origin: 'http://evil.example' }), 403, 'another site');
  assert.equal(await ok({ Origin: `http://127.0.0.1:${p + 1}` }), 403, 'another local port');
  assert.equal(await ok({ Origin: `https://127.0.0.1:${p}` }), 403, 'another scheme');
  assert.equal(await ok({ Origin: 'null' }), 403, 'a sandboxed or file:// page');
  assert.equal((await get(p, `/?token=${s.token}`, { Origin: 'http://evil.example' })).status, 403, 'even with the token');
  assert.equal((await get(p, `/?token=${s.token}`, { Host: `evil.example:${p}` })).status, 403, 'even with the token');
  assert.ok(log.some((l) => /foreign Origin/.test(l)) && log.every((l) => !l.includes(s.token)), 'refusals are logged, the token never');
  await s.close();
  server = undefined;

  const remote = await start({ allowRemote: true });
  const rp = remote.server.port;
  assert.equal((await get(rp, '/', { Cookie: remote.cookie, Host: `workstation-7:${rp}` })).status, 200, '--allow-remote: any Host');
  assert.equal((await get(rp, '/', { Cookie: remote.cookie, Host: `workstation-7:${rp}`, Origin: `http://workstation-7:${rp}` })).status, 200, 'its own origin');
  assert.equal((await get(rp, '/', { Cookie: remote.cookie, Host: `workstation-7:${rp}`, Origin: 'http://evil.example' })).status, 403);
  assert.equal((await get(rp, '/')).status, 401, '--allow-remote still needs the token');
});

test('serve: only loopback peers, unless --allow-remote', async (t) => {
  assert.ok(isLoopbackAddress('127.0.0.1') && isLoopbackAddress('127.8.9.10') && isLoopbackAddress('::1') && isLoopbackAddress('::ffff:127.0.0.1'));
  assert.ok(!isLoopbackAddress('10.0.0.5') && !isLoopbackAddress('::ffff:192.168.1.2') && !isLoopbackAddress('fe80::1') && !isLoopbackAddress(undefined));
  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!external) {
    t.skip('this machine has no non-loopback IPv4 address to connect from');
    return;
  }
  // Listening everywhere without --allow-remote: a connection from this machine's LAN address is still refused.
  const { server: s, cookie } = await start({ host: '0.0.0.0' });
  const fromLan = await get(s.port, '/', { Cookie: cookie, Host: `127.0.0.1:${s.port}` }, { address: external.address });
  assert.equal(fromLan.status, 403);
  assert.equal((await get(s.port, '/', { Cookie: cookie })).status, 200, 'loopback still works');
  await s.close();
  server = undefined;
  host?.dispose();
  m?.dispose();
  const remote = await start({ host: '0.0.0.0', allowRemote: true });
  const allowed = await get(remote.server.port, '/', { Cookie: remote.cookie }, { address: external.address });
  assert.equal(allowed.status, 200, '--allow-remote lets the LAN in (still with the token)');
  assert.equal((await get(remote.server.port, '/', {}, { address: external.address })).status, 401);
});

test('serve: files come only from the renderer folder, with their content types', async (t) => {
  const { server: s, cookie, rendererDir, outside } = await start();
  const status = async (p: string) => (await get(s.port, p, { Cookie: cookie })).status;
  for (const attack of [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/%252e%252e/secret.txt',
    '/./index.html',
    '//etc/passwd',
    `/${encodeURIComponent(path.join(outside, 'secret.txt'))}`,
    '/C:/Windows/win.ini',
    '/index.html::$DATA',
    '/index.html%00.js',
    '/NUL',
    '/assets/con.txt',
    '/%zz',
  ]) {
    assert.equal(await status(attack), 400, attack);
  }
  assert.equal(await status(`http://127.0.0.1:${s.port}/index.html`), 400, 'an absolute-form target');
  assert.equal(await status('/missing.js'), 404);
  assert.equal(await status('/assets'), 404, 'a folder is not a file');
  assert.equal(await status('/assets/'), 404);
  assert.equal(await status('/api'), 426, 'the API is only a socket');
  const types: [string, string][] = [
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/strings.json', 'application/json; charset=utf-8'],
    ['/shadowdesk-api.js', 'text/javascript; charset=utf-8'],
  ];
  for (const [p, type] of types) {
    const r = await get(s.port, p, { Cookie: cookie });
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['content-type'], type, p);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
  }
  if (!SYMLINK_SKIP) {
    symlinkSync(outside, path.join(rendererDir, 'escape'), 'dir');
    assert.equal(await status('/escape/secret.txt'), 404, 'a link inside that leads outside is not followed');
  } else {
    t.diagnostic(`link escape not checked: ${SYMLINK_SKIP}`);
  }
  assert.deepEqual(safeSegments('/a/b.js'), ['a', 'b.js']);
  assert.deepEqual(safeSegments('/'), []);
  assert.deepEqual(safeSegments('/a%20b/'), ['a b']);
});

test('serve: HTML carries the API script before the app, a strict CSP and the security headers', async () => {
  const { server: s, cookie } = await start();
  const page = await get(s.port, '/', { Cookie: cookie });
  assert.equal(page.status, 200);
  assert.equal(
    page.headers['content-security-policy'],
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:${s.port}; `
      + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  );
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.equal(page.headers['cache-control'], 'no-store');
  const api = page.body.indexOf('<script src="/shadowdesk-api.js"></script>');
  const app = page.body.indexOf('<script type="module"');
  assert.ok(api > 0 && api < app, 'the API script comes before the app\'s scripts');
  assert.ok(page.body.startsWith('<!doctype html><html><head><script src="/shadowdesk-api.js"></script>'), 'first thing in <head>');
  const viaLocalhost = await get(s.port, '/', { Cookie: cookie, Host: `localhost:${s.port}` });
  assert.match(String(viaLocalhost.headers['content-security-policy']), new RegExp(`connect-src 'self' ws://localhost:${s.port};`), 'sockets back to the host the page was loaded from');
  assert.equal(contentSecurityPolicy('h:1').includes("script-src 'self';"), true);
});

test('serve: /shadowdesk-api.js defines window.shadowdesk with exactly the contract\'s operations, frozen', async () => {
  const { server: s, cookie } = await start();
  const { api, window, sockets } = await loadPageApi(s.port, cookie);
  assert.deepEqual(Object.keys(api), [...OPERATION_NAMES]);
  for (const name of ['call', 'send', 'invoke', 'request']) assert.equal(name in api, false, `no generic ${name}`);
  assert.ok(Object.isFrozen(api));
  const descriptor = Object.getOwnPropertyDescriptor(window, 'shadowdesk')!;
  assert.equal(descriptor.writable, false);
  assert.equal(descriptor.configurable, false);
  assert.equal(sockets.length, 0, 'the socket opens only on the first call');
  assert.throws(() => apiScript(['ok', 'bad name']), /not a plain identifier/);
  assert.match(apiScript(), /^\/\/ ShadowDesk API/);
});

interface Gate {
  arrived: Promise<void>;
  release: () => void;
  signal?: AbortSignal;
}

test('serve: the socket round-trips calls, errors as data, progress, cancel and disconnects', async () => {
  // Holds the next `search` at the door until the test lets it in, so cancelling is not a race.
  let armed: { gate: Gate; arrive: () => void; released: Promise<void> } | undefined;
  const armGate = (): Gate => {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    const released = new Promise<void>((r) => (release = r));
    armed = { gate: { arrived, release }, arrive, released };
    return armed.gate;
  };
  const gated = (inner: Transport): Transport => ({
    async call(op: OperationName, input, options) {
      const a = armed;
      if (op === 'search' && a) {
        armed = undefined;
        a.gate.signal = options.signal;
        a.arrive();
        await a.released;
      }
      return inner.call(op, input, options);
    },
  });
  const { server: s, cookie } = await start({ transport: gated });
  const { api, sockets } = await loadPageApi(s.port, cookie);

  const volumes = (await api.listVolumes!({})) as { name: string }[];
  assert.ok(volumes.some((v) => v.name === 'C:\\'));
  assert.equal(sockets.length, 1);
  // The computer the page names travels to the host, which routes it (this test's host reaches none).
  const elsewhere = await rejection(api.listVolumes!({}, { computer: 'ana-laptop' }));
  assert.equal(elsewhere.data.code, 'NOT_AVAILABLE_HERE', 'never answered by this computer for another');

  const failed = await rejection(api.createShadows!({ volumes: ['E:'] }));
  assert.equal(failed.name, 'RemoteError');
  assert.equal(failed.data.hresultName, 'VSS_E_VOLUME_NOT_SUPPORTED');
  assert.equal(failed.data.hresult, 0x8004230c);
  assert.equal(failed.message, failed.data.message);
  const italian = await rejection(api.createShadows!({ volumes: ['E:'] }, { lang: 'it' }));
  assert.match(italian.data.message, /Non è possibile/, 'per-call language');
  assert.equal((await rejection(api.createShadows!({ volumes: [] }))).data.code, 'INVALID_INPUT');

  const events: { shadowsDone: number; shadowsTotal: number }[] = [];
  const found = (await api.search!({ pattern: '*' }, { onProgress: (e) => events.push(e as { shadowsDone: number; shadowsTotal: number }) })) as { hits: unknown[] };
  assert.ok(found.hits.length > 0);
  assert.ok(events.length >= 1, 'progress arrives');
  assert.equal(events.at(-1)!.shadowsDone, events.at(-1)!.shadowsTotal);

  let gate = armGate();
  const controller = new AbortController();
  const searching = api.search!({ pattern: '*' }, { signal: controller.signal });
  await gate.arrived;
  controller.abort();
  // Wait until the cancel has crossed the socket, then let the search start: it sees the abort.
  for (let i = 0; i < 400 && !gate.signal!.aborted; i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(gate.signal!.aborted, 'the cancel reached the server');
  gate.release();
  assert.equal((await rejection(searching)).data.code, 'CANCELLED');

  // The socket closing fails the calls in flight with DISCONNECTED; the next call opens a new socket.
  gate = armGate();
  const stranded = api.search!({ pattern: '*' });
  await gate.arrived;
  sockets[0]!.close();
  const lost = await rejection(stranded);
  assert.equal(lost.name, 'RemoteError');
  assert.equal(lost.data.code, 'DISCONNECTED');
  gate.release();
  assert.ok(((await api.listVolumes!({})) as unknown[]).length > 0, 'reconnects on the next call');
  assert.equal(sockets.length, 2);

  // The server going away: in-flight and later calls fail as data, never hang.
  gate = armGate();
  const during = api.search!({ pattern: '*' });
  await gate.arrived;
  await s.close();
  server = undefined;
  gate.release();
  assert.equal((await rejection(during)).data.code, 'DISCONNECTED');
  assert.equal((await rejection(api.listVolumes!({}))).data.code, 'DISCONNECTED');
});

test('serve: the socket needs the cookie, the right Origin and path; bad messages get error data', async () => {
  const { server: s, cookie, origin } = await start();
  const url = `ws://127.0.0.1:${s.port}/api`;
  assert.equal((await openSocket(url, {})).status, 401, 'no cookie');
  assert.equal((await openSocket(url, { Cookie: `shadowdesk-${s.port}=${'f'.repeat(64)}` })).status, 403, 'wrong cookie');
  assert.equal((await openSocket(url, { Cookie: cookie, Origin: 'http://evil.example' })).status, 403, 'foreign Origin');
  assert.equal((await openSocket(url, { Cookie: cookie, Host: `evil.example:${s.port}` })).status, 403, 'foreign Host');
  assert.equal((await openSocket(`ws://127.0.0.1:${s.port}/other`, { Cookie: cookie })).status, 404, 'only /api');
  assert.equal((await openSocket(`${url}?token=${s.token}`, {})).status, 401, 'the token is not taken on the socket');

  const { ws } = await openSocket(url, { Cookie: cookie, Origin: origin });
  assert.ok(ws);
  const replies: Record<string, unknown>[] = [];
  let wake = () => {};
  ws.on('message', (d) => {
    replies.push(JSON.parse(d.toString()) as Record<string, unknown>);
    wake();
  });
  const next = async (): Promise<Record<string, unknown>> => {
    while (replies.length === 0) await new Promise<void>((r) => (wake = r));
    return replies.shift()!;
  };
  ws.send('{not json');
  assert.deepEqual(((await next()).error as { code: string }).code, 'BAD_MESSAGE');
  ws.send('[1,2]');
  assert.equal(((await next()).error as { code: string }).code, 'BAD_MESSAGE');
  for (const op of ['constructor', 'toString', '__proto__', 'call', 'nope']) {
    ws.send(JSON.stringify({ t: 'call', id: 7, op, input: {} }));
    const r = await next();
    assert.equal(r.t, 'error');
    assert.equal(r.id, 7);
    assert.equal((r.error as { code: string }).code, 'UNKNOWN_OPERATION', op);
  }
  ws.send(JSON.stringify({ t: 'call', id: 8, op: 'listVolumes', input: {} }));
  const r = await next();
  assert.equal(r.t, 'result', 'the socket still works after bad messages');
  assert.equal(r.id, 8);
  ws.send(JSON.stringify({ t: 'call', id: 10, op: 'listVolumes', input: {}, computer: 5 }));
  assert.equal(((await next()).error as { code: string }).code, 'BAD_MESSAGE', 'a computer is a name');

  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send(JSON.stringify({ t: 'call', id: 9, op: 'search', input: { pattern: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
  assert.equal(await closed, 1009, 'a message over 1 MiB closes the socket');
});

test('serve command: renderer missing, bad port, and finding a browser', async () => {
  m = freshMachine();
  host = inProcessApi(m);
  const empty = tempDir('shadowdesk-no-renderer-');
  const saved = process.env.SHADOWDESK_RENDERER_DIR;
  process.env.SHADOWDESK_RENDERER_DIR = empty;
  try {
    let err = '';
    const io = { out: () => {}, err: (t: string) => (err += t) };
    assert.equal(await runCli(['serve'], io, host.api), 1);
    assert.match(err, /Run npm run build/);
    err = '';
    assert.equal(await runCli(['serve', '--json'], io, host.api), 1);
    assert.equal(JSON.parse(err).error.code, 'RENDERER_MISSING');
    assert.equal(await runCli(['serve', '--port', 'eighty'], io, host.api), 2);
    assert.equal(await runCli(['serve', '--port', '70000'], io, host.api), 2);
  } finally {
    if (saved === undefined) delete process.env.SHADOWDESK_RENDERER_DIR;
    else process.env.SHADOWDESK_RENDERER_DIR = saved;
  }
  const bin = tempDir('shadowdesk-bin-');
  assert.equal(findBrowser({ PATH: bin }, 'linux'), undefined);
  writeFileSync(path.join(bin, 'google-chrome'), '');
  assert.equal(findBrowser({ PATH: bin }, 'linux'), path.join(bin, 'google-chrome'));
  assert.equal(findBrowser({ PATH: bin, SHADOWDESK_BROWSER: '/opt/x/chrome' }, 'linux'), '/opt/x/chrome');
});

const mainJs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');

/** `shadowdesk serve …` as a real process, with its own sim machine, data folder and renderer. */
async function spawnServe(args: string[], extraEnv: Record<string, string> = {}) {
  m = freshMachine();
  const { rendererDir } = fakeRenderer();
  const env = { ...process.env, SHADOWDESK_SIM_ROOT: m.root, SHADOWDESK_DATA_DIR: path.join(m.root, 'data'), SHADOWDESK_RENDERER_DIR: rendererDir, ...extraEnv };
  const child = spawn(process.execPath, [mainJs, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const printed = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    child.stdout.on('data', (d: string) => {
      out += d;
      try {
        resolve(JSON.parse(out) as { url: string; port: number });
      } catch {
        // not complete yet
      }
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${err}`)));
  });
  return { child, printed, exited, stderr: () => err };
}

// Under Wine, node.exe's fetch to a port a child node.exe listens on fails with UV_UNKNOWN (the same
// server started by hand answers curl from Linux, and the in-process server tests pass under Wine).
const WINE_CHILD_SOCKET = process.platform === 'win32' ? 'under Wine a child node.exe\'s listening socket refuses the parent (Wine networking); the server itself is tested in-process above' : false;

test('serve command: the real CLI serves the page and the API through the VSS host, and exits 0 on SIGTERM', { skip: WINE_CHILD_SOCKET }, async () => {
  const { child, printed, exited, stderr } = await spawnServe(['--port', '0', '--json']);
  try {
    assert.match(printed.url, new RegExp(`^http://127\\.0\\.0\\.1:${printed.port}/\\?token=[0-9a-f]{64}$`));
    const login = await fetch(printed.url, { redirect: 'manual' });
    assert.equal(login.status, 303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL('/', printed.url), { headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="\/shadowdesk-api.js"><\/script>/);
    const { api } = await loadPageApi(printed.port, cookie);
    const volumes = (await api.listVolumes!({})) as { name: string }[];
    assert.ok(volumes.some((v) => v.name === 'C:\\'), 'a call through the page API reaches the host');
    child.kill('SIGTERM');
    // Windows has no SIGTERM to catch (kill ends the process outright; Ctrl+C is SIGINT there).
    if (process.platform !== 'win32') assert.equal(await exited, 0, stderr());
    else await exited;
  } finally {
    child.kill('SIGKILL');
  }
});

test('serve command: --open launches the browser as an app window', { skip: process.platform === 'win32' ? 'the stand-in browser is a shell script' : false }, async () => {
  const bin = tempDir('shadowdesk-browser-');
  const record = path.join(bin, 'args.txt');
  const fake = path.join(bin, 'fake-chromium');
  writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
  chmodSync(fake, 0o755);
  const { child, printed, exited } = await spawnServe(['--open', '--json'], { SHADOWDESK_BROWSER: fake });
  try {
    for (let i = 0; i < 200 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 25));
    // (As root on Linux, Chromium also needs --no-sandbox: see app-window-args.test.ts.)
    assert.equal(readFileSync(record, 'utf8').trim(), appWindowArgs(printed.url).join('\n'));
    assert.ok(readFileSync(record, 'utf8').includes(`--app=${printed.url}`));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    child.kill('SIGKILL');
  }
});
