import type { Lang } from '../contract/errors.js';
import { dispatch, type Handlers } from './dispatcher.js';
import { LineDecoder, encodeLine, type HostRequest, type HostResponse } from './protocol.js';

/** A byte stream the host reads requests from and writes responses to. */
export interface HostStream {
  onData(listener: (chunk: string) => void): void;
  onEnd(listener: () => void): void;
  write(line: string): void;
}

/**
 * Serves the contract over a stream: parses request lines, runs calls (VSS work is synchronous, so
 * it naturally runs one session at a time; file work is async and can be cancelled), and writes
 * progress, results and errors back as lines.
 */
export function serveHost(stream: HostStream, handlers: Handlers, ready: Omit<Extract<HostResponse, { t: 'ready' }>, 't'>): Promise<void> {
  const running = new Map<number, AbortController>();
  const send = (msg: HostResponse) => stream.write(encodeLine(msg));
  const decoder = new LineDecoder<HostRequest>((msg) => {
    if (msg.t === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(msg.id, controller);
    const lang: Lang = msg.lang === 'it' ? 'it' : 'en';
    void dispatch(handlers, msg.op, msg.input, {
      lang,
      signal: controller.signal,
      progress: (event) => send({ t: 'progress', id: msg.id, event }),
    }).then((outcome) => {
      running.delete(msg.id);
      send(outcome.ok ? { t: 'result', id: msg.id, value: outcome.value } : { t: 'error', id: msg.id, error: outcome.error });
    });
  });
  send({ t: 'ready', ...ready });
  return new Promise((resolve) => {
    stream.onData((chunk) => decoder.push(chunk));
    stream.onEnd(() => {
      for (const c of running.values()) c.abort();
      resolve();
    });
  });
}
