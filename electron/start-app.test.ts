import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RemoteError, type CallOptions, type Transport } from '../native/contract/api.js';
import { OPERATION_NAMES, type OperationName } from '../native/contract/operations.js';
import { APP_CSP, APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME } from './app-origin.js';
import { CANCEL_CHANNEL, PROGRESS_CHANNEL, operationChannel, type IpcCallOutcome } from './ipc-channels.js';
import { ELEVATED_RESTART_SWITCH, appCommand, hostEnvironment, startShadowDesk } from './start-app.js';
import { FakeEvent, FakeSingleton, FakeWebContents, fakeElectron, ipcEvent, type FakeElectron } from './testing/fake-electron.js';

interface RecordedCall {
  op: OperationName;
  input: unknown;
  options: CallOptions<unknown>;
}

/** A transport that records what reaches it (what would go to the VSS host) and answers as told. */
class RecordingTransport implements Transport {
  readonly calls: RecordedCall[] = [];
  /** The app's own question (not the page's): whether it runs elevated, asked once with no language (launch-handoff). */
  readonly appQuestions: RecordedCall[] = [];
  answer: (call: RecordedCall) => Promise<unknown> = async (call) => ({ answered: call.op });
  closed = false;
  call(op: OperationName, input: unknown, options: CallOptions<unknown>): Promise<unknown> {
    const call = { op, input, options };
    if (op === 'elevation' && options.lang === undefined) this.appQuestions.push(call);
    else this.calls.push(call);
    return this.answer(call);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const PATHS = { rendererDir: '/nonexistent/renderer', preloadPath: '/app/dist/electron/preload.cjs', hostEntryPoint: '/app/dist/native/host/host-main.js', dragIconPath: '/app/dist/electron/assets/drag-file.png' };

async function started(options: { rendererDir?: string; platform?: NodeJS.Platform } = {}): Promise<{ fake: FakeElectron; transport: RecordingTransport }> {
  const fake = fakeElectron({ platform: options.platform ?? 'win32' });
  const transport = new RecordingTransport();
  const app = startShadowDesk(fake.module, { ...PATHS, rendererDir: options.rendererDir ?? PATHS.rendererDir, transport, argv: ['shadowdesk'], platform: options.platform ?? 'win32', log: () => {} });
  fake.ready();
  await app.ready;
  return { fake, transport };
}

const appFrame = { url: APP_ENTRY_URL, parent: null };

function invoke(fake: FakeElectron, op: string, event: unknown, request: unknown): Promise<IpcCallOutcome> {
  const handler = fake.ipcHandlers.get(operationChannel(op));
  assert.ok(handler, `a handler for ${op}`);
  return handler(event, request) as Promise<IpcCallOutcome>;
}

test('electron: the one window is sandboxed, context-isolated, without Node or <webview>, and opens the app page', async () => {
  const { fake } = await started();
  assert.equal(fake.windows.length, 1);
  const [window] = fake.windows;
  const prefs = window!.options.webPreferences as Record<string, unknown>;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal(prefs.preload, PATHS.preloadPath);
  assert.equal(Object.hasOwn(prefs, 'enableBlinkFeatures'), false);
  assert.equal(prefs.disableBlinkFeatures, 'Auxclick');
  assert.equal(window!.loadedUrl, APP_ENTRY_URL);
  assert.equal(window!.shown, false, 'shown only once painted');
  window!.emit('ready-to-show');
  assert.equal(window!.shown, true);
  assert.ok(fake.calls.includes('enableSandbox'), 'every renderer is sandboxed, app-wide');
  assert.ok(fake.calls.includes('setApplicationMenu'), 'no default menu (its reload and devtools entries)');
});

/** Lets the fake deliver what a second launch sent (second-instance comes asynchronously, after ready). */
const settle = () => new Promise((r) => setTimeout(r, 5));

test('electron: a second instance quits before it registers anything, and the first one comes forward', async () => {
  const singleton = new FakeSingleton();
  const first = fakeElectron({ singleton, argv: ['ShadowDesk.exe'] });
  const primary = startShadowDesk(first.module, { ...PATHS, transport: new RecordingTransport(), argv: ['ShadowDesk.exe'], log: () => {} });
  first.ready();
  await primary.ready;

  const launch = async (argv: string[]) => {
    const second = fakeElectron({ singleton, argv });
    const app = startShadowDesk(second.module, { ...PATHS, transport: new RecordingTransport(), argv, log: () => {} });
    second.ready();
    assert.equal(await app.ready, undefined);
    assert.deepEqual(second.calls, ['requestSingleInstanceLock', 'quit']);
    assert.equal(second.windows.length, 0);
    assert.equal(second.ipcHandlers.size, 0);
    await settle();
  };
  await launch(['ShadowDesk.exe']);
  assert.ok(first.calls.includes('focus'));
  assert.equal(first.windows[0]!.loadedUrl, APP_ENTRY_URL, 'a plain second launch only brings the window forward');
  await launch(['ShadowDesk.exe', '--previous-versions=C:\\Users\\ana\\report.docx']);
  assert.equal(first.windows[0]!.loadedUrl, `${APP_ENTRY_URL}#/versions?path=C%3A%5CUsers%5Cana%5Creport.docx`, 'Explorer\'s entry opens previous versions of that path');
  await launch(['ShadowDesk.exe', 'shadowdesk://previous-versions?path=D%3A%5CData']);
  assert.equal(first.windows[0]!.loadedUrl, `${APP_ENTRY_URL}#/versions?path=D%3A%5CData`, 'a link does too');
  assert.equal(first.windows.length, 1, 'in the same window');
});

test('electron: in a second launch only --previous-versions=PATH counts, since Chromium moves a separate value away from its switch', async () => {
  const singleton = new FakeSingleton();
  const first = fakeElectron({ singleton });
  const primary = startShadowDesk(first.module, { ...PATHS, transport: new RecordingTransport(), argv: ['ShadowDesk.exe'], log: () => {} });
  first.ready();
  await primary.ready;
  const heard: string[][] = [];
  first.app.on('second-instance', (_e: unknown, argv: string[]) => heard.push(argv));
  // `ShadowDesk.exe C:\…\other.txt --previous-versions C:\…\secret.docx`, as the primary hears it:
  // the switch now stands before the other path, and its own value has moved away.
  const argv = ['ShadowDesk.exe', 'C:\\Users\\ana\\other.txt', '--previous-versions', 'C:\\Users\\ana\\secret.docx'];
  const second = fakeElectron({ singleton, argv, addedSwitches: [] });
  startShadowDesk(second.module, { ...PATHS, transport: new RecordingTransport(), argv, log: () => {} });
  await settle();
  assert.deepEqual(heard[0], ['ShadowDesk.exe', '--previous-versions', 'C:\\Users\\ana\\other.txt', 'C:\\Users\\ana\\secret.docx']);
  assert.equal(first.windows[0]!.loadedUrl, APP_ENTRY_URL, 'the separate form is not guessed at (it would open the wrong path): the window only comes forward');
  assert.ok(first.calls.includes('focus'));
});

test('electron: an elevated instance still hears unelevated launches (Explorer\'s entry, links), which Windows keeps from its window', async () => {
  const userData = mkdtempSync(path.join(tmpdir(), 'shadowdesk-userdata-'));
  const singleton = new FakeSingleton();
  const primary = fakeElectron({ singleton, elevated: true, userData });
  const transport = new RecordingTransport();
  transport.answer = async (call) => (call.op === 'elevation' ? { applies: true, elevated: true, canRestart: false } : {});
  const app = startShadowDesk(primary.module, { ...PATHS, transport, argv: ['ShadowDesk.exe', ELEVATED_RESTART_SWITCH], platform: 'win32', log: () => {}, handoffPollMs: 20 });
  primary.ready();
  await app.ready;
  let heard = 0;
  primary.app.on('second-instance', () => heard++);
  assert.deepEqual(transport.appQuestions.map((c) => c.op), ['elevation'], 'it asked the host once whether it runs elevated');

  const launch = (argv: string[]) => {
    const second = fakeElectron({ singleton, argv, userData });
    const started = startShadowDesk(second.module, { ...PATHS, transport: new RecordingTransport(), argv, platform: 'win32', log: () => {} });
    second.ready();
    return started.ready;
  };
  const waitFor = async (what: () => boolean) => {
    for (let i = 0; i < 100 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
  };
  assert.equal(await launch(['ShadowDesk.exe', '--previous-versions=C:\\Users\\ana\\report.docx']), undefined, 'the launch ends, as before');
  const expected = `${APP_ENTRY_URL}#/versions?path=C%3A%5CUsers%5Cana%5Creport.docx`;
  await waitFor(() => primary.windows[0]!.loadedUrl === expected);
  assert.equal(heard, 0, 'Windows kept the message from the elevated window');
  assert.equal(primary.windows[0]!.loadedUrl, expected, 'and yet the window opened the previous versions of that path');
  assert.ok(primary.calls.includes('focus'));
  await launch(['ShadowDesk.exe', 'shadowdesk://previous-versions?path=D%3A%5CData']);
  await waitFor(() => primary.windows[0]!.loadedUrl === `${APP_ENTRY_URL}#/versions?path=D%3A%5CData`);
  assert.equal(primary.windows[0]!.loadedUrl, `${APP_ENTRY_URL}#/versions?path=D%3A%5CData`, 'a link too');
  // What is left in the folder is read as a launch, nothing more: junk and foreign names are ignored.
  const dir = path.join(userData, 'launch-handoff');
  writeFileSync(path.join(dir, 'request-0123456789abcdef.json'), 'not json');
  writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ argv: ['x', '--previous-versions=C:\\Windows'] }));
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(primary.windows[0]!.loadedUrl, `${APP_ENTRY_URL}#/versions?path=D%3A%5CData`);

  primary.app.quit();
  await new Promise((r) => setTimeout(r, 5));
  primary.app.quit();
  assert.equal(primary.quitted, true);
  assert.equal(existsSync(path.join(dir, 'elevated-primary.json')), false, 'an instance that quit is no longer announced');
  rmSync(userData, { recursive: true, force: true });
});

test('electron: launched with --previous-versions PATH, the window opens at the previous versions of PATH', async () => {
  const fake = fakeElectron();
  const app = startShadowDesk(fake.module, { ...PATHS, transport: new RecordingTransport(), argv: ['ShadowDesk.exe', 'shadowdesk://previous-versions?path=D%3A%5CData'], log: () => {} });
  fake.ready();
  await app.ready;
  assert.equal(fake.windows[0]!.loadedUrl, `${APP_ENTRY_URL}#/versions?path=D%3A%5CData`);
});

test('electron: the app scheme is a standard secure origin, registered before ready, without CSP bypass', async () => {
  const { fake } = await started();
  assert.deepEqual(fake.privilegedSchemes, [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
});

test('electron: the hardening hook denies window.open, sends only allowlisted https links to the browser', async () => {
  const { fake } = await started();
  const contents = fake.windows[0]!.webContents;
  const open = contents.windowOpenHandler;
  assert.ok(open, 'the window got a window-open handler before loading');
  for (const url of ['https://evil.example/', 'http://learn.microsoft.com/x', 'file:///etc/passwd', 'javascript:alert(1)', `${APP_ORIGIN}/index.html`, 'https://learn.microsoft.com.evil.example/']) {
    assert.deepEqual(open({ url }), { action: 'deny' }, url);
  }
  assert.deepEqual(fake.openedExternally, [], 'nothing outside the allowlist reached the browser');
  assert.deepEqual(open({ url: 'https://learn.microsoft.com/windows-server/storage/file-server/volume-shadow-copy-service' }), { action: 'deny' });
  assert.deepEqual(fake.openedExternally, ['https://learn.microsoft.com/windows-server/storage/file-server/volume-shadow-copy-service']);

  // Any later webContents (a devtools page, a future window) gets the same treatment.
  const later = new FakeWebContents();
  fake.app.emit('web-contents-created', {}, later);
  assert.deepEqual(later.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
});

test('electron: navigation and redirects away from the app are blocked; <webview> is refused', async () => {
  const { fake } = await started();
  const contents = fake.windows[0]!.webContents;
  for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other-host/index.html', 'https://learn.microsoft.com.evil.example/']) {
    assert.equal(contents.navigate(url), false, `main frame to ${url}`);
    assert.equal(contents.navigate(url, { mainFrame: false }), false, `a subframe to ${url}`);
  }
  assert.equal(contents.redirect('https://evil.example/'), false, 'a redirect');
  assert.equal(contents.navigate(`${APP_ORIGIN}/index.html#volumes`), true, 'moving within the app is allowed');
  const webview = new FakeEvent();
  contents.emit('will-attach-webview', webview, {}, {});
  assert.equal(webview.defaultPrevented, true);
  assert.deepEqual(fake.openedExternally, []);
});

test('electron: an allowed documentation link the page navigates to opens once, in the browser (will-frame-navigate comes first)', async () => {
  const { fake } = await started();
  const contents = fake.windows[0]!.webContents;
  const docs = 'https://learn.microsoft.com/windows-server/storage/file-server/volume-shadow-copy-service';
  assert.equal(contents.navigate(docs), false, 'the window itself stays on the app');
  assert.deepEqual(fake.openedExternally, [docs], 'and the link opened exactly once');
  assert.equal(contents.navigate(docs, { mainFrame: false }), false, 'a subframe is only blocked');
  assert.deepEqual(fake.openedExternally, [docs]);
});

test('electron: every permission is denied except clipboard writing by the app page itself', async () => {
  const { fake } = await started();
  const request = fake.permissionRequestHandler!;
  const check = fake.permissionCheckHandler!;
  const contents = fake.windows[0]!.webContents;
  const ask = (permission: string, url: string): Promise<boolean> =>
    new Promise((resolve) => request(contents, permission, resolve, { requestingUrl: url }));
  for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'clipboard-read', 'hid', 'serial', 'usb', 'midiSysex', 'unknown']) {
    assert.equal(await ask(permission, APP_ENTRY_URL), false, permission);
    assert.equal(check(contents, permission, APP_ORIGIN, {}), false, permission);
  }
  assert.equal(await ask('clipboard-sanitized-write', APP_ENTRY_URL), true, '"Copy report" needs it');
  assert.equal(await ask('clipboard-sanitized-write', 'https://evil.example/'), false);
  assert.equal(check(contents, 'clipboard-sanitized-write', 'https://evil.example', {}), false);
  assert.equal(fake.devicePermissionHandler!({}), false);
});

test('electron: the CSP reaches every response of the session and the app protocol, identical to APP_CSP', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-renderer-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const { fake } = await started({ rendererDir: dir });
  let headers: Record<string, string[]> | undefined;
  fake.headersHandler!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => {
    headers = r.responseHeaders;
  });
  assert.deepEqual(headers?.['Content-Security-Policy'], [APP_CSP]);
  assert.deepEqual(headers?.['Content-Type'], ['text/html']);
  assert.match(APP_CSP, /script-src 'self'(;|$)/);
  assert.doesNotMatch(APP_CSP, /unsafe-eval|script-src[^;]*unsafe-inline|\*/);
  const handler = fake.protocolHandlers.get(APP_SCHEME)!;
  const response = await handler(new Request(APP_ENTRY_URL));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-security-policy'), APP_CSP);
  assert.equal(await response.text(), '<!doctype html><title>t</title>');
});

test('electron: IPC handlers are exactly the contract, one channel per operation, plus cancel', async () => {
  const { fake } = await started();
  assert.deepEqual([...fake.ipcHandlers.keys()].sort(), OPERATION_NAMES.map((n) => operationChannel(n)).sort());
  assert.deepEqual([...fake.ipcListeners.keys()], [CANCEL_CHANNEL]);
});

test('electron: a call from anything but the app page in its own window is refused before it reaches the host', async () => {
  const { fake, transport } = await started();
  const own = fake.windows[0]!.webContents;
  const stranger = new FakeWebContents();
  const cases: [string, unknown][] = [
    ['a foreign origin', ipcEvent(own, { url: 'https://evil.example/', parent: null })],
    ['a file page', ipcEvent(own, { url: 'file:///tmp/index.html', parent: null })],
    ['an iframe of the app', ipcEvent(own, { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } })],
    ['a frame that is gone', ipcEvent(own, null)],
    ['a webContents the app did not create', ipcEvent(stranger, appFrame)],
  ];
  for (const [what, event] of cases) {
    const outcome = await invoke(fake, 'listVolumes', event, { callId: 1, input: {}, lang: 'it' });
    assert.equal(outcome.ok, false, what);
    assert.equal(!outcome.ok && outcome.error.code, 'FORBIDDEN_SENDER', what);
    assert.match(!outcome.ok ? outcome.error.message : '', /non proviene/, `${what}: in the caller's language`);
  }
  assert.equal(transport.calls.length, 0, 'nothing reached the host');
});

test('electron: input is validated against the contract in the main process, and only parsed input travels on', async () => {
  const { fake, transport } = await started();
  const event = ipcEvent(fake.windows[0]!.webContents, appFrame);
  const bad = await invoke(fake, 'createShadows', event, { callId: 1, input: { volumes: [] } });
  assert.equal(!bad.ok && bad.error.code, 'INVALID_INPUT');
  assert.match(!bad.ok ? String(bad.error.detail) : '', /volumes/);
  const wrongType = await invoke(fake, 'deleteShadows', event, { callId: 2, input: { kind: 'everything' } });
  assert.equal(!wrongType.ok && wrongType.error.code, 'INVALID_INPUT');
  const badEnvelope = await invoke(fake, 'listVolumes', event, { callId: 'x', input: {} });
  assert.equal(!badEnvelope.ok && badEnvelope.error.code, 'BAD_MESSAGE');
  assert.equal(transport.calls.length, 0);

  const ok = await invoke(fake, 'listShadows', event, { callId: 3, input: { volume: '  C:  ', extra: 'dropped' }, lang: 'it' });
  assert.deepEqual(ok, { ok: true, value: { answered: 'listShadows' } });
  assert.equal(transport.calls.length, 1);
  assert.deepEqual(transport.calls[0]!.input, { volume: 'C:' }, 'trimmed by the schema, unknown keys dropped');
  assert.equal(transport.calls[0]!.options.lang, 'it');
});

test('electron: a call naming another computer carries it to the host; a bad name, or a window operation for another computer, is refused here', async () => {
  const { fake, transport } = await started();
  const event = ipcEvent(fake.windows[0]!.webContents, appFrame);
  const ok = await invoke(fake, 'deleteShadows', event, { callId: 1, input: { kind: 'shadow', id: '{12345678-aaaa-bbbb-cccc-1234567890ab}' }, lang: 'en', computer: ' ana-laptop ' });
  assert.equal(ok.ok, true);
  assert.equal(transport.calls[0]!.options.computer, 'ana-laptop', 'the delete goes to the computer the window named');
  const injected = await invoke(fake, 'listVolumes', event, { callId: 2, input: {}, computer: '-oProxyCommand=calc' });
  assert.equal(!injected.ok && injected.error.code, 'BAD_MESSAGE', 'never an ssh option');
  const explorer = await invoke(fake, 'showInFolder', event, { callId: 3, input: { path: 'C:\\Users\\ana\\report.docx' }, lang: 'it', computer: 'ana-laptop' });
  assert.equal(!explorer.ok && explorer.error.code, 'NOT_AVAILABLE_HERE', 'Explorer here for a path there would show the wrong file');
  assert.match(!explorer.ok ? explorer.error.message : '', /ana-laptop/);
  assert.equal(transport.calls.length, 1, 'nothing else reached the host');
});

test('electron: host errors come back as data, unchanged; progress goes to the asking page; cancel aborts only its call', async () => {
  const { fake, transport } = await started();
  const own = fake.windows[0]!.webContents;
  const event = ipcEvent(own, appFrame);
  const vssError = { code: 'VSS_E_VOLUME_NOT_SUPPORTED', hresult: 0x8004230c, hresultName: 'VSS_E_VOLUME_NOT_SUPPORTED', message: 'Not supported.' };
  transport.answer = async () => {
    throw new RemoteError(vssError);
  };
  assert.deepEqual(await invoke(fake, 'createShadows', event, { callId: 1, input: { volumes: ['E:'] } }), { ok: false, error: vssError });
  transport.answer = async () => {
    throw new TypeError('boom');
  };
  const internal = await invoke(fake, 'listVolumes', event, { callId: 2, input: {} });
  assert.equal(!internal.ok && internal.error.code, 'INTERNAL');

  let release: () => void = () => {};
  transport.answer = (call) =>
    new Promise((resolve) => {
      call.options.onProgress?.({ filesDone: 1 });
      release = () => resolve({ state: call.options.signal?.aborted ? 'cancelled' : 'completed' });
    });
  const running = invoke(fake, 'runRestore', event, { callId: 7, input: { shadowId: 'abcd1234', paths: ['C:\\x'], onConflict: 'skip' } });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(own.sent, [{ channel: PROGRESS_CHANNEL, args: [7, { filesDone: 1 }] }]);
  const cancel = fake.ipcListeners.get(CANCEL_CHANNEL)!;
  cancel(ipcEvent(own, { url: 'https://evil.example/', parent: null }), 7);
  assert.equal(transport.calls.at(-1)!.options.signal?.aborted, false, 'a foreign cancel is ignored');
  cancel(event, 8);
  assert.equal(transport.calls.at(-1)!.options.signal?.aborted, false, 'another call id cancels nothing');
  cancel(event, 7);
  release();
  assert.deepEqual(await running, { ok: true, value: { state: 'cancelled' } });
});

test('electron: calls of a page that goes away are cancelled', async () => {
  const { fake, transport } = await started();
  const own = fake.windows[0]!.webContents;
  transport.answer = (call) => new Promise((resolve) => call.options.signal?.addEventListener('abort', () => resolve('stopped')));
  const running = invoke(fake, 'search', ipcEvent(own, appFrame), { callId: 1, input: { pattern: '*.docx' } });
  await new Promise((r) => setImmediate(r));
  own.destroy();
  assert.deepEqual(await running, { ok: true, value: 'stopped' });
});

test('electron: quitting lets the host finish first', async () => {
  const { fake, transport } = await started();
  const event = new FakeEvent();
  fake.app.emit('before-quit', event);
  assert.equal(event.defaultPrevented, true);
  await new Promise((r) => setImmediate(r));
  assert.equal(transport.closed, true);
  assert.equal(fake.calls.at(-1), 'quit');
  const again = new FakeEvent();
  fake.app.emit('before-quit', again);
  assert.equal(again.defaultPrevented, false, 'the second quit goes through');
});

test('quitting while a shadow copy is being made: the window stays, says it is finishing, and closes once the copy is made', async () => {
  const { fake, transport } = await started();
  const window = fake.windows[0]!;
  const event = ipcEvent(window.webContents, appFrame);
  let finish: (value: unknown) => void = () => {};
  transport.answer = (call) => (call.op === 'createShadows' ? new Promise((resolve) => { finish = resolve; }) : Promise.resolve({}));
  const creating = invoke(fake, 'createShadows', event, { callId: 1, input: { volumes: ['C:'] } });
  await new Promise((r) => setImmediate(r));

  window.close();
  assert.equal(window.isDestroyed(), false, 'the close button does not close it yet');
  fake.app.quit();
  assert.equal(fake.quitted, false, 'nor does a quit');
  assert.equal(transport.closed, false, 'the host is not stopped mid-DoSnapshotSet');
  assert.equal(fake.messageBoxes.length, 1, 'told once');
  assert.equal(fake.messageBoxes[0]!.attachedToWindow, true);
  assert.match(fake.messageBoxes[0]!.options.message ?? '', /Finishing the shadow copy/);
  assert.match(window.title, /finishing the shadow copy/);
  const unrelated = await invoke(fake, 'listVolumes', event, { callId: 2, input: {} });
  assert.equal(unrelated.ok, true, 'the window still works meanwhile');

  finish({ shadows: [] });
  assert.deepEqual(await creating, { ok: true, value: { shadows: [] } });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(transport.closed, true, 'then the host is ended');
  assert.equal(window.isDestroyed(), true);
  assert.equal(fake.quitted, true, 'and the app quits by itself');
});

test('elevation: after a successful "Restart as administrator" this instance quits; after a declined one it stays', async () => {
  const { fake, transport } = await started();
  const event = ipcEvent(fake.windows[0]!.webContents, appFrame);
  transport.answer = async () => {
    throw new RemoteError({ code: 'ELEVATION_DECLINED', message: 'declined' });
  };
  const declined = await invoke(fake, 'restartElevated', event, { callId: 1, input: {} });
  assert.equal(!declined.ok && declined.error.code, 'ELEVATION_DECLINED');
  await new Promise((r) => setImmediate(r));
  assert.equal(fake.calls.includes('quit'), false);
  transport.answer = async () => ({ started: true });
  assert.deepEqual(await invoke(fake, 'restartElevated', event, { callId: 2, input: {} }), { ok: true, value: { started: true } });
  await new Promise((r) => setImmediate(r));
  assert.equal(fake.calls.at(-1), 'quit');
});

test('elevation: the elevated instance waits for the one it replaces to close, and is not sent to it', async () => {
  const singleton = new FakeSingleton();
  const old = fakeElectron({ singleton });
  const oldApp = startShadowDesk(old.module, { ...PATHS, transport: new RecordingTransport(), argv: ['ShadowDesk.exe'], log: () => {} });
  old.ready();
  await oldApp.ready;
  let heard = 0;
  old.app.on('second-instance', () => heard++);

  const argv = ['ShadowDesk.exe', ELEVATED_RESTART_SWITCH, '--previous-versions=C:\\x'];
  const fake = fakeElectron({ singleton, argv, elevated: true });
  const app = startShadowDesk(fake.module, { ...PATHS, transport: new RecordingTransport(), argv, log: () => {} });
  fake.ready();
  await new Promise((r) => setTimeout(r, 600));
  // Each time it asks for the lock it sends its command line to the old instance: that is no request to show a path.
  assert.ok(heard >= 2, `the old instance heard each ask (${heard})`);
  assert.equal(old.windows[0]!.loadedUrl, APP_ENTRY_URL);
  assert.equal(old.calls.includes('focus'), false, 'nor to come forward');
  old.app.quit();
  await new Promise((r) => setImmediate(r));
  old.app.quit();
  assert.equal(old.quitted, true);
  const window = await app.ready;
  assert.ok(window, 'it got the lock once the other instance let go');
  assert.equal(fake.calls.includes('quit'), false);
  assert.equal(fake.windows.length, 1);
});

test('elevation: the host learns how to start the app again, packaged or not, and never runs as Node', () => {
  assert.deepEqual(appCommand('C:\\Program Files\\ShadowDesk\\ShadowDesk.exe', 'C:\\x\\app.asar', true), { file: 'C:\\Program Files\\ShadowDesk\\ShadowDesk.exe', args: [ELEVATED_RESTART_SWITCH] });
  assert.deepEqual(appCommand('/repo/node_modules/electron/dist/electron', '/repo', false), { file: '/repo/node_modules/electron/dist/electron', args: ['/repo', ELEVATED_RESTART_SWITCH] });
  const env = hostEnvironment({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' }, { resourcesPath: undefined, isPackaged: false, command: { file: 'e', args: ['a'] } }, 'win32');
  assert.equal(env.PATH, '/bin');
  assert.equal(env.ELECTRON_RUN_AS_NODE, undefined);
  assert.deepEqual(JSON.parse(env.SHADOWDESK_APP_COMMAND!), { file: 'e', args: ['a'] });
});

test('elevation: the portable exe restarts the exe the user started, from where it is, not its temp copy', () => {
  const extracted = 'C:\\Users\\ana\\AppData\\Local\\Temp\\nsq3A1.tmp\\app\\ShadowDesk.exe';
  const env = { TEMP: 'C:\\Users\\ana\\AppData\\Local\\Temp', PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\ShadowDesk-0.1.0-portable-x64.exe', PORTABLE_EXECUTABLE_DIR: 'D:\\Tools' };
  assert.deepEqual(appCommand(extracted, 'C:\\x\\app.asar', true, env, 'win32'), { file: 'D:\\Tools\\ShadowDesk-0.1.0-portable-x64.exe', args: [ELEVATED_RESTART_SWITCH] });
  // Installed in Program Files, a planted variable changes nothing; nor does a relative or non-exe one.
  const installed = 'C:\\Program Files\\ShadowDesk\\ShadowDesk.exe';
  assert.equal(appCommand(installed, 'C:\\x\\app.asar', true, env, 'win32').file, installed);
  assert.equal(appCommand(extracted, 'C:\\x\\app.asar', true, { ...env, PORTABLE_EXECUTABLE_FILE: 'evil.exe' }, 'win32').file, extracted);
  assert.equal(appCommand(extracted, 'C:\\x\\app.asar', true, { ...env, PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\run.bat' }, 'win32').file, extracted);
  assert.equal(appCommand(extracted, 'C:\\x\\app.asar', false, env, 'win32').file, extracted, 'unpackaged: electron itself');
});

test('elevation: the UAC prompt is owned by the app window: its HWND goes with restartElevated, whatever the page sent', async () => {
  const { fake, transport } = await started();
  const window = fake.windows[0]!;
  const event = ipcEvent(window.webContents, appFrame);
  transport.answer = async () => ({ started: true });
  assert.deepEqual(await invoke(fake, 'restartElevated', event, { callId: 1, input: { parentWindow: '12345' } }), { ok: true, value: { started: true } });
  assert.deepEqual(transport.calls.map((c) => [c.op, c.input]), [['restartElevated', { parentWindow: window.hwnd.toString() }]]);
});

test('window operations: the folder chooser opens on the window, and its choice (or none) comes back; the host is not asked', async () => {
  const { fake, transport } = await started();
  const event = ipcEvent(fake.windows[0]!.webContents, appFrame);
  fake.dialogAnswer = { canceled: false, filePaths: ['D:\\Restored'] };
  assert.deepEqual(await invoke(fake, 'chooseFolder', event, { callId: 1, input: { title: 'Restore to', defaultPath: 'C:\\Users\\ana' } }), { ok: true, value: { path: 'D:\\Restored' } });
  assert.deepEqual(fake.dialogOptions, [{ attachedToWindow: true, options: { title: 'Restore to', defaultPath: 'C:\\Users\\ana', properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] } }]);
  fake.dialogAnswer = { canceled: true, filePaths: [] };
  assert.deepEqual(await invoke(fake, 'chooseFolder', event, { callId: 2, input: { defaultPath: '\\\\server\\share' } }), { ok: true, value: { path: null } });
  assert.equal(Object.hasOwn((fake.dialogOptions[1] as { options: object }).options, 'defaultPath'), false, 'a network path is never handed to the dialog');
  assert.equal(transport.calls.length, 0);
});

test('window operations: the disk image chooser opens a file on the window, with the image formats first, on every platform; the host is not asked', async () => {
  for (const platform of ['win32', 'linux'] as const) {
    const { fake, transport } = await started({ platform });
    const event = ipcEvent(fake.windows[0]!.webContents, appFrame);
    fake.dialogAnswer = { canceled: false, filePaths: ['/srv/cases/pc-042.E01'] };
    assert.deepEqual(await invoke(fake, 'chooseImageFile', event, { callId: 1, input: { title: 'Open disk image' } }), { ok: true, value: { path: '/srv/cases/pc-042.E01' } }, platform);
    assert.deepEqual(fake.dialogOptions, [{
      attachedToWindow: true,
      options: {
        title: 'Open disk image',
        properties: ['openFile', 'dontAddToRecent'],
        filters: [
          { name: 'Disk images', extensions: ['E01', 'Ex01', 'vhd', 'vhdx', 'vmdk', 'qcow2', 'img', 'dd', 'raw', '001', 'bin'] },
          { name: 'All files', extensions: ['*'] },
        ],
      },
    }], platform);
    fake.dialogAnswer = { canceled: true, filePaths: [] };
    assert.deepEqual(await invoke(fake, 'chooseImageFile', event, { callId: 2, input: {}, lang: 'it' }), { ok: true, value: { path: null } }, platform);
    assert.deepEqual((fake.dialogOptions[1] as { options: { filters: { name: string }[] } }).options.filters.map((f) => f.name), ['Immagini disco', 'Tutti i file']);
    assert.equal(transport.calls.length, 0, platform);
  }
});

test('window operations: Show in Explorer only for local drive paths; off Windows neither operation is offered', async () => {
  const { fake, transport } = await started();
  const event = ipcEvent(fake.windows[0]!.webContents, appFrame);
  assert.deepEqual(await invoke(fake, 'showInFolder', event, { callId: 1, input: { path: 'C:\\Users\\ana\\report.txt' } }), { ok: true, value: { shown: true } });
  const unc = await invoke(fake, 'showInFolder', event, { callId: 2, input: { path: '\\\\attacker\\share\\x' } });
  assert.equal(!unc.ok && unc.error.code, 'INVALID_INPUT');
  assert.deepEqual(fake.shownInFolder, ['C:\\Users\\ana\\report.txt']);
  assert.equal(transport.calls.length, 0);

  const linux = await started({ platform: 'linux' });
  const linuxEvent = ipcEvent(linux.fake.windows[0]!.webContents, appFrame);
  for (const [op, input] of [['chooseFolder', {}], ['showInFolder', { path: 'C:\\x' }]] as const) {
    const outcome = await invoke(linux.fake, op, linuxEvent, { callId: 1, input, lang: 'it' });
    assert.equal(!outcome.ok && outcome.error.code, 'NOT_AVAILABLE_HERE', op);
    assert.match(!outcome.ok ? outcome.error.message : '', /Windows/);
  }
  assert.deepEqual(linux.fake.dialogOptions, []);
});

test('open read-only: the host makes the read-only copy, then the shell opens that file (not the copy\'s own path)', async () => {
  const { fake, transport } = await started();
  const event = ipcEvent(fake.windows[0]!.webContents, appFrame);
  const exported = 'C:\\ProgramData\\ShadowDesk\\opened\\3f2a\\report.docx';
  transport.answer = async (call) => (call.op === 'exportVersion' ? { file: exported } : Promise.reject(new Error(`unexpected ${call.op}`)));
  const input = { shadowId: '{11111111-2222-3333-4444-555555555555}', path: 'C:\\Users\\ana\\report.docx' };
  assert.deepEqual(await invoke(fake, 'openVersion', event, { callId: 1, input, lang: 'it' }), { ok: true, value: { opened: true } });
  assert.deepEqual(transport.calls.map((c) => [c.op, c.input, c.options.lang]), [['exportVersion', input, 'it']]);
  assert.deepEqual(fake.openedPaths, [exported]);

  // Windows' answer ("no application is associated…") comes back as a plain error.
  fake.openPathAnswer = 'No application is associated with the specified file for this operation.';
  const failed = await invoke(fake, 'openVersion', event, { callId: 2, input });
  assert.equal(!failed.ok && failed.error.code, 'OPEN_FAILED');
  assert.match(!failed.ok ? failed.error.message : '', /could not open the read-only copy: No application is associated/);

  // A refusal of the host (a folder, a deleted copy) comes back unchanged and nothing is opened.
  transport.answer = async () => Promise.reject(new RemoteError({ code: 'NOT_A_FILE', message: 'is a folder' }));
  const refused = await invoke(fake, 'openVersion', event, { callId: 3, input: { ...input, path: 'C:\\Users\\ana' } });
  assert.deepEqual(!refused.ok && [refused.error.code, refused.error.message], ['NOT_A_FILE', 'is a folder']);
  assert.equal(fake.openedPaths.length, 2);
});

test('drag out: the drag starts inside its dragstart, with read-only copies made before it (on hover or press)', async () => {
  const { fake, transport } = await started();
  const contents = fake.windows[0]!.webContents;
  const event = ipcEvent(contents, appFrame);
  // The host takes a moment to make each read-only copy, as it does for real.
  transport.answer = (call) => new Promise((resolve) => setTimeout(() => resolve({ file: `C:\\Data\\opened\\${(call.input as { path: string }).path.split('\\').at(-1)}` }), 5));
  const paths = ['C:\\Users\\ana\\a.txt', 'C:\\Users\\ana\\b.png'];
  const exported = ['C:\\Data\\opened\\a.txt', 'C:\\Data\\opened\\b.png'];

  // A drag whose files were not made yet: the message arrives while the button is down, and the
  // user lets go soon after. A drag started after the copies were made would be dropped by Windows.
  contents.pressForDrag();
  const early = invoke(fake, 'dragOut', event, { callId: 1, input: { shadowId: 'abcd1234', paths }, lang: 'it' });
  contents.releaseButton();
  const earlyOutcome = await early;
  assert.equal(!earlyOutcome.ok && earlyOutcome.error.code, 'DRAG_NOT_READY');
  assert.match(!earlyOutcome.ok ? earlyOutcome.error.message : '', /Trascinare di nuovo/);
  assert.deepEqual(contents.allDrags.filter((d) => !d.delivered), [], 'no drag that Windows would drop');
  assert.deepEqual(contents.drags, []);

  // Made ready before (the page asks on hover or on pressing the button), the drag starts at once.
  assert.deepEqual(await invoke(fake, 'prepareDragOut', event, { callId: 2, input: { shadowId: 'abcd1234', paths } }), { ok: true, value: { ready: true } });
  const exports = transport.calls.length;
  contents.pressForDrag();
  const drag = invoke(fake, 'dragOut', event, { callId: 3, input: { shadowId: 'abcd1234', paths } });
  contents.releaseButton();
  assert.deepEqual(await drag, { ok: true, value: { started: true } });
  assert.deepEqual(contents.drags, [{ file: exported[0], files: exported, icon: PATHS.dragIconPath }]);
  assert.deepEqual(contents.allDrags.map((d) => d.delivered), [true]);
  assert.equal(transport.calls.length, exports, 'the copies already made are not made again');
  assert.ok(transport.calls.every((c) => c.op === 'exportVersion'));

  // One file the host refuses: no drag at all, rather than a drag missing a file; the refusal comes back unchanged.
  transport.answer = async (call) => ((call.input as { path: string }).path.endsWith('b') ? Promise.reject(new RemoteError({ code: 'NOT_A_FILE', message: 'folder' })) : { file: 'C:\\x' });
  const refusedPrep = await invoke(fake, 'prepareDragOut', event, { callId: 4, input: { shadowId: 'abcd1234', paths: ['C:\\a', 'C:\\b'] } });
  assert.equal(!refusedPrep.ok && refusedPrep.error.code, 'NOT_A_FILE');
  contents.pressForDrag();
  const refused = await invoke(fake, 'dragOut', event, { callId: 5, input: { shadowId: 'abcd1234', paths: ['C:\\a', 'C:\\b'] } });
  contents.releaseButton();
  assert.equal(!refused.ok && refused.error.code, 'NOT_A_FILE');
  assert.equal(contents.drags.length, 1);
  const empty = await invoke(fake, 'dragOut', event, { callId: 6, input: { shadowId: 'abcd1234', paths: [] } });
  assert.equal(!empty.ok && empty.error.code, 'INVALID_INPUT');
});

test('open read-only and drag out: off Windows neither is offered, and the host is not asked for a copy', async () => {
  const { fake, transport } = await started({ platform: 'linux' });
  const contents = fake.windows[0]!.webContents;
  const event = ipcEvent(contents, appFrame);
  for (const [op, input] of [['openVersion', { shadowId: 'abcd1234', path: 'C:\\a.txt' }], ['dragOut', { shadowId: 'abcd1234', paths: ['C:\\a.txt'] }], ['prepareDragOut', { shadowId: 'abcd1234', paths: ['C:\\a.txt'] }]] as const) {
    const outcome = await invoke(fake, op, event, { callId: 1, input, lang: 'it' });
    assert.equal(!outcome.ok && outcome.error.code, 'NOT_AVAILABLE_HERE', op);
    assert.match(!outcome.ok ? outcome.error.message : '', /app ShadowDesk su Windows/);
  }
  assert.equal(transport.calls.length, 0);
  assert.deepEqual(fake.openedPaths, []);
  assert.deepEqual(contents.drags, []);
});
