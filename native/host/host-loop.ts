import type { Lang } from '../contract/errors.js';
import type { Handlers, HandlerContext } from './dispatcher.js';
import { routeCall, type RemoteCaller } from './route-call.js';
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
 * progress, results and errors back as lines. Resolves once the stream has ended and every call
 * still running then (cancelled) has sent its last line, so a restore stops between files, never
 * in the middle of one.
 */
export function serveHost(
  stream: HostStream,
  handlers: Handlers,
  ready: Omit<Extract<HostResponse, { t: 'ready' }>, 't'>,
  remote?: RemoteCaller,
): Promise<void> {
  const running = new Map<number, AbortController>();
  let ended = false;
  let finished: () => void = () => {};
  const settleIfDone = (): void => {
    if (ended && running.size === 0) finished();
  };
  const send = (msg: HostResponse) => stream.write(encodeLine(msg));
  const decoder = new LineDecoder<HostRequest>((msg) => {
    if (msg.t === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(msg.id, controller);
    const lang: Lang = msg.lang === 'it' ? 'it' : 'en';
    const ctx: HandlerContext = {
      lang,
      signal: controller.signal,
      progress: (event) => send({ t: 'progress', id: msg.id, event }),
    };
    void routeCall(handlers, remote, msg.computer, msg.op, msg.input, ctx).then((outcome) => {
      running.delete(msg.id);
      send(outcome.ok ? { t: 'result', id: msg.id, value: outcome.value } : { t: 'error', id: msg.id, error: outcome.error });
      settleIfDone();
    });
  });
  send({ t: 'ready', ...ready });
  return new Promise((resolve) => {
    finished = resolve;
    stream.onData((chunk) => decoder.push(chunk));
    stream.onEnd(() => {
      ended = true;
      for (const c of running.values()) c.abort();
      settleIfDone();
    });
  });
}
