import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { OPERATION_NAMES } from '../native/contract/operations.js';
import { CANCEL_CHANNEL, PROGRESS_CHANNEL, operationChannel } from './ipc-channels.js';

/** The built preload bundle: what Electron actually loads (npm run build:preload). */
const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'preload.cjs');

interface Loaded {
  /** The page's world, where window.shadowdesk lands. */
  page: vm.Context & { shadowdesk?: Record<string, (input?: unknown, options?: unknown) => Promise<unknown>> };
  newPageGlobals: string[];
  required: string[];
  exposeInMainWorldUsed: boolean;
  invoked: { channel: string; request: { callId: number; input: unknown; lang?: string } }[];
  sent: unknown[][];
  emitProgress: (callId: number, event: unknown) => void;
  /** How the fake main process answers an invoke. */
  answer: (channel: string, request: { callId: number }) => Promise<unknown>;
}

/**
 * Runs the bundle as a sandboxed preload runs: in its own context (the isolated world) whose
 * `require` offers only `electron`. The fake contextBridge.executeInMainWorld runs the given
 * function from its source text in another context (the page's world), as Electron serializes it:
 * any reference to the preload's own scope would fail there.
 */
function loadPreload(): Loaded {
  const page = vm.createContext({ console }) as Loaded['page'];
  vm.runInContext('globalThis.window = globalThis', page);
  const before = new Set(Object.getOwnPropertyNames(vm.runInContext('globalThis', page)));
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const loaded: Loaded = {
    page,
    newPageGlobals: [],
    required: [],
    exposeInMainWorldUsed: false,
    invoked: [],
    sent: [],
    emitProgress: (callId, event) => listeners.get(PROGRESS_CHANNEL)?.({}, callId, event),
    answer: async () => ({ ok: true, value: 'default' }),
  };
  const electron = {
    contextBridge: {
      executeInMainWorld: ({ func, args }: { func: (...a: unknown[]) => unknown; args?: unknown[] }) => {
        const fromSource = vm.runInContext(`(${func.toString()})`, page) as (...a: unknown[]) => unknown;
        return fromSource(...(args ?? []));
      },
      exposeInMainWorld: () => {
        loaded.exposeInMainWorldUsed = true;
      },
    },
    ipcRenderer: {
      invoke: (channel: string, request: Loaded['invoked'][number]['request']) => {
        loaded.invoked.push({ channel, request });
        return loaded.answer(channel, request);
      },
      send: (...args: unknown[]) => {
        loaded.sent.push(args);
      },
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        listeners.set(channel, listener);
      },
    },
  };
  const isolated = vm.createContext({
    console,
    require: (name: string) => {
      loaded.required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    },
  });
  vm.runInContext(readFileSync(bundle, 'utf8'), isolated, { filename: 'preload.cjs' });
  loaded.newPageGlobals = Object.getOwnPropertyNames(vm.runInContext('globalThis', page)).filter((n) => !before.has(n));
  return loaded;
}

test('preload: window.shadowdesk has exactly the contract\'s methods, frozen, and the page gets nothing else', () => {
  const loaded = loadPreload();
  const api = loaded.page.shadowdesk!;
  assert.deepEqual(Object.keys(api), OPERATION_NAMES);
  assert.ok(Object.values(api).every((m) => typeof m === 'function'));
  assert.deepEqual(loaded.newPageGlobals, ['shadowdesk'], 'no other global, no channel, no ipcRenderer');
  assert.equal(Object.isFrozen(api), true);
  const descriptor = Object.getOwnPropertyDescriptor(loaded.page, 'shadowdesk')!;
  assert.equal(descriptor.writable, false);
  assert.equal(descriptor.configurable, false);
  assert.equal(loaded.exposeInMainWorldUsed, false);
  assert.deepEqual(loaded.required, ['electron'], 'the bundle needs nothing a sandboxed preload cannot have');
});

test('preload: each method invokes its own channel with the input and language, and resolves with the value', async () => {
  const loaded = loadPreload();
  loaded.answer = async () => ({ ok: true, value: [{ name: 'C:\\' }] });
  assert.deepEqual(await loaded.page.shadowdesk!.listVolumes!({}, { lang: 'it' }), [{ name: 'C:\\' }]);
  await loaded.page.shadowdesk!.about!();
  await loaded.page.shadowdesk!.listShadows!({}, { computer: 'ana-laptop' } as never);
  // (The page's objects come from another realm; JSON compares them by value.)
  assert.deepEqual(JSON.parse(JSON.stringify(loaded.invoked)), [
    { channel: operationChannel('listVolumes'), request: { callId: 1, input: {}, lang: 'it' } },
    { channel: operationChannel('about'), request: { callId: 2, input: {} } },
    { channel: operationChannel('listShadows'), request: { callId: 3, input: {}, computer: 'ana-laptop' } },
  ]);
});

test('preload: a failure rejects with a RemoteError carrying the ErrorData, as on the served page', async () => {
  const loaded = loadPreload();
  const data = { code: 'VSS_E_VOLUME_NOT_SUPPORTED', hresult: 0x8004230c, message: 'Not supported.' };
  loaded.answer = async () => ({ ok: false, error: data });
  await assert.rejects(loaded.page.shadowdesk!.createShadows!({ volumes: ['E:'] }), (err: Error & { data?: unknown }) => err.name === 'RemoteError' && err.message === 'Not supported.' && JSON.stringify(err.data) === JSON.stringify(data));
  loaded.answer = () => Promise.reject(new Error('No handler registered'));
  await assert.rejects(loaded.page.shadowdesk!.listVolumes!({}, { lang: 'it' }), (err: Error & { data?: { code: string; message: string } }) => err.data?.code === 'IPC_FAILED' && /ShadowDesk/.test(err.data.message));
});

test('preload: progress reaches the call that asked for it; aborting sends a cancel for that call only', async () => {
  const loaded = loadPreload();
  const releases: ((v: unknown) => void)[] = [];
  loaded.answer = () => new Promise((resolve) => releases.push(resolve));
  const events: unknown[] = [];
  const controller = new AbortController();
  const restore = loaded.page.shadowdesk!.runRestore!({ shadowId: 'abcd' }, { onProgress: (e: unknown) => events.push(e), signal: controller.signal });
  const other = loaded.page.shadowdesk!.search!({ pattern: 'x' });
  await new Promise((r) => setImmediate(r));
  loaded.emitProgress(1, { filesDone: 1 });
  loaded.emitProgress(2, { newHits: [] });
  assert.deepEqual(events, [{ filesDone: 1 }]);
  assert.deepEqual(loaded.sent, []);
  controller.abort();
  assert.deepEqual(loaded.sent, [[CANCEL_CHANNEL, 1]]);
  releases[0]!({ ok: true, value: { state: 'cancelled' } });
  releases[1]!({ ok: true, value: { hits: [] } });
  assert.deepEqual(await restore, { state: 'cancelled' });
  await other;
  loaded.emitProgress(1, { filesDone: 2 });
  assert.equal(events.length, 1, 'nothing arrives after the call ended');

  const early = new AbortController();
  early.abort();
  const pending = loaded.page.shadowdesk!.search!({ pattern: 'y' }, { signal: early.signal });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(loaded.sent.at(-1), [CANCEL_CHANNEL, 3], 'an already-aborted signal cancels right after the call is sent');
  releases[2]!({ ok: true, value: null });
  await pending;
});
