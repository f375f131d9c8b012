import { OPERATION_NAMES } from '../contract/operations.js';

/** Where the page loads the API from; the server injects a script tag for it into index.html. */
export const API_SCRIPT_PATH = '/shadowdesk-api.js';

/** Where the API's WebSocket connects (same origin as the page). */
export const API_SOCKET_PATH = '/api';

/**
 * The browser half of the API, run by the page before the app's own scripts. It is generated from
 * the contract's operation names, so the browser gets exactly the methods the Electron preload
 * exposes (`window.shadowdesk[op](input, { onProgress, signal, lang })`) and nothing more: no
 * generic call or send that would let a page reach anything but the contract. Failures reject with
 * an Error named RemoteError whose `.data` is the ErrorData, like everywhere else.
 *
 * The socket opens lazily on the first call; a call made after the socket closed opens a new one
 * (once: if that fails, the call fails with DISCONNECTED). Closing rejects the calls in flight with
 * DISCONNECTED, since the server cancels them when its end closes.
 */
export function apiScript(operationNames: readonly string[] = OPERATION_NAMES): string {
  for (const name of operationNames) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`Operation name ${JSON.stringify(name)} is not a plain identifier.`);
  }
  return `// ShadowDesk API for the browser, generated from the contract (native/contract/operations.ts).
(function () {
  'use strict';
  var OPERATIONS = ${JSON.stringify(operationNames)};
  var SOCKET_PATH = ${JSON.stringify(API_SOCKET_PATH)};
  var socket = null;
  var opening = null;
  var nextId = 1;
  var pending = new Map();

  function pageLang(lang) {
    if (lang === 'it' || lang === 'en') return lang;
    var nav = (typeof navigator !== 'undefined' && navigator.language) || '';
    return /^it/i.test(nav) ? 'it' : 'en';
  }

  function remoteError(data) {
    var err = new Error(data && data.message ? data.message : 'Error');
    err.name = 'RemoteError';
    err.data = data;
    return err;
  }

  function disconnected(lang, detail) {
    var data = pageLang(lang) === 'it'
      ? { code: 'DISCONNECTED', message: 'La connessione con ShadowDesk si \\u00e8 interrotta. Verificare che ShadowDesk sia ancora in esecuzione e riprovare.' }
      : { code: 'DISCONNECTED', message: 'The connection to ShadowDesk was lost. Check that ShadowDesk is still running and try again.' };
    if (detail) data.detail = detail;
    return remoteError(data);
  }

  function settle(id) {
    var p = pending.get(id);
    if (!p) return null;
    pending.delete(id);
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    return p;
  }

  function onMessage(event) {
    var msg;
    try { msg = JSON.parse(event.data); } catch (e) { return; }
    if (!msg || typeof msg !== 'object') return;
    if (msg.id === null && msg.t === 'error') {
      if (typeof console !== 'undefined') console.error('ShadowDesk:', msg.error);
      return;
    }
    if (msg.t === 'progress') {
      var q = pending.get(msg.id);
      if (q && q.onProgress) {
        try { q.onProgress(msg.event); } catch (e) { if (typeof console !== 'undefined') console.error(e); }
      }
      return;
    }
    var p = settle(msg.id);
    if (!p) return;
    if (msg.t === 'result') p.resolve(msg.value);
    else if (msg.t === 'error') p.reject(remoteError(msg.error));
  }

  function connect() {
    if (opening) return opening;
    var ws = new WebSocket('ws://' + location.host + SOCKET_PATH);
    socket = ws;
    opening = new Promise(function (resolve, reject) {
      var opened = false;
      ws.onopen = function () { opened = true; resolve(ws); };
      ws.onmessage = onMessage;
      ws.onerror = function () { /* a close event always follows, and settles the calls */ };
      ws.onclose = function (event) {
        if (socket === ws) { socket = null; opening = null; }
        if (!opened) reject(new Error('closed before opening'));
        var detail = 'WebSocket closed' + (event && event.code ? ' (' + event.code + ')' : '');
        pending.forEach(function (p, id) {
          if (p.ws === ws) { settle(id); p.reject(disconnected(p.lang, detail)); }
        });
      };
    });
    return opening;
  }

  function call(op, input, options) {
    options = options || {};
    var signal = options.signal;
    var lang = options.lang;
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      connect().then(function (ws) {
        var message;
        try {
          message = JSON.stringify({ t: 'call', id: id, op: op, input: input === undefined ? {} : input, lang: lang, computer: typeof options.computer === 'string' ? options.computer : undefined });
        } catch (e) {
          reject(e);
          return;
        }
        var entry = { resolve: resolve, reject: reject, onProgress: options.onProgress, signal: signal, onAbort: null, ws: ws, lang: lang };
        pending.set(id, entry);
        ws.send(message);
        if (signal) {
          entry.onAbort = function () {
            if (pending.has(id) && ws.readyState === 1) ws.send(JSON.stringify({ t: 'cancel', id: id }));
          };
          if (signal.aborted) entry.onAbort();
          else signal.addEventListener('abort', entry.onAbort, { once: true });
        }
      }, function (err) {
        reject(disconnected(lang, err && err.message));
      });
    });
  }

  var api = {};
  OPERATIONS.forEach(function (name) {
    api[name] = function (input, options) { return call(name, input, options); };
  });
  Object.defineProperty(window, 'shadowdesk', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
})();
`;
}
