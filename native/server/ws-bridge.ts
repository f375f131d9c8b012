import type { RawData, WebSocket } from 'ws';
import { RemoteError, type Transport } from '../contract/api.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import { OPERATIONS, type OperationName } from '../contract/operations.js';

/**
 * The largest message a page may send (1 MiB). Inputs are small (paths, ids, at most 10,000 restore
 * paths); anything bigger is a bug or an attack, and `ws` closes the socket (1009) before buffering it.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** What the page sends: the host protocol's call and cancel, over a WebSocket instead of a pipe. */
export type BridgeRequest =
  | { t: 'call'; id: number; op: string; input?: unknown; lang?: Lang; computer?: string }
  | { t: 'cancel'; id: number };

/**
 * What the page gets back. `id` is null only for a message so malformed that it has no usable id, so
 * the page can still log why nothing answered.
 */
export type BridgeResponse =
  | { t: 'progress'; id: number; event: unknown }
  | { t: 'result'; id: number; value: unknown }
  | { t: 'error'; id: number | null; error: ErrorData };

function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'it';
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function badMessage(lang: Lang, detail: string): ErrorData {
  return {
    code: 'BAD_MESSAGE',
    message: lang === 'it' ? 'La pagina ha inviato un messaggio non valido.' : 'The page sent a message that is not valid.',
    detail,
  };
}

/** Any failure as error data: remote errors are already data; anything else is our own bug. */
function toErrorData(err: unknown, lang: Lang): ErrorData {
  if (err instanceof RemoteError) return err.data;
  return {
    code: 'INTERNAL',
    message: lang === 'it' ? 'Si è verificato un errore interno di ShadowDesk.' : 'Something went wrong inside ShadowDesk.',
    detail: err instanceof Error ? err.message : String(err),
  };
}

/**
 * Serves the contract on one WebSocket: the page's `window.shadowdesk` calls arrive here and go to
 * the transport (the VSS host) exactly as the CLI's do, with progress, cancellation and errors as
 * data. Nothing but the contract's operation names can be reached. When the socket closes, its calls
 * in flight are cancelled: nobody is left to see their result, and cancelling is always safe (a
 * restore stops between files and keeps its journal).
 */
export function attachBridge(socket: WebSocket, transport: Transport, options: { lang?: Lang; log?: (line: string) => void } = {}): void {
  const defaultLang: Lang = options.lang ?? 'en';
  const inFlight = new Map<number, AbortController>();

  const send = (message: BridgeResponse): void => {
    if (socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (err) {
      // A value JSON cannot carry (it should never happen: the host already sent it as JSON).
      text = JSON.stringify({ t: 'error', id: message.id, error: toErrorData(err, defaultLang) } satisfies BridgeResponse);
    }
    socket.send(text);
  };

  const handleCall = (id: number, op: string, input: unknown, lang: Lang, computer: string | undefined): void => {
    if (inFlight.has(id)) {
      send({ t: 'error', id, error: badMessage(lang, `call ${id} is already running`) });
      return;
    }
    if (!Object.hasOwn(OPERATIONS, op)) {
      send({
        t: 'error',
        id,
        error: { code: 'UNKNOWN_OPERATION', message: lang === 'it' ? `Operazione sconosciuta: ${op}.` : `Unknown operation: ${op}.` },
      });
      return;
    }
    const controller = new AbortController();
    inFlight.set(id, controller);
    transport
      .call(op as OperationName, input ?? {}, {
        onProgress: (event) => {
          if (inFlight.get(id) === controller) send({ t: 'progress', id, event });
        },
        signal: controller.signal,
        lang,
        // Checked by the host that routes it (route-call.ts), like the input.
        ...(computer !== undefined ? { computer } : {}),
      })
      .then(
        (value) => send({ t: 'result', id, value }),
        (err: unknown) => send({ t: 'error', id, error: toErrorData(err, lang) }),
      )
      .finally(() => {
        if (inFlight.get(id) === controller) inFlight.delete(id);
      });
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      send({ t: 'error', id: null, error: badMessage(defaultLang, 'binary frames are not accepted') });
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      send({ t: 'error', id: null, error: badMessage(defaultLang, 'not JSON') });
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      send({ t: 'error', id: null, error: badMessage(defaultLang, 'not an object') });
      return;
    }
    const m = message as Record<string, unknown>;
    const id = isId(m.id) ? m.id : null;
    const lang = isLang(m.lang) ? m.lang : defaultLang;
    if (m.t === 'cancel' && id !== null) {
      inFlight.get(id)?.abort();
      return;
    }
    if (m.t === 'call' && id !== null && typeof m.op === 'string') {
      if (m.computer !== undefined && typeof m.computer !== 'string') {
        send({ t: 'error', id, error: badMessage(lang, 'computer must be a string') });
        return;
      }
      handleCall(id, m.op, m.input, lang, m.computer);
      return;
    }
    send({ t: 'error', id, error: badMessage(lang, 'expected {t:"call", id, op, input} or {t:"cancel", id}') });
  });

  socket.on('close', () => {
    for (const controller of inFlight.values()) controller.abort();
    inFlight.clear();
  });

  socket.on('error', (err) => options.log?.(`socket error: ${err.message}`));
}
