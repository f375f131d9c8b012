import type { Lang } from '../contract/errors.js';
import { RemoteError, type CallOptions, type Transport } from '../contract/api.js';
import type { OperationName } from '../contract/operations.js';
import type { Handlers } from './dispatcher.js';
import { routeCall, type RemoteCaller } from './route-call.js';

/**
 * Calls the handlers directly, with the same validation and error conversion as the host pipe. Tests
 * use it to exercise the contract without a child process; results still go through a JSON round
 * trip so nothing that would not survive a real boundary slips through.
 */
export class InProcessTransport implements Transport {
  constructor(
    private readonly handlers: Handlers,
    private readonly lang: Lang = 'en',
    /** Where calls naming another computer go (the computer pool); none: they are refused. */
    private readonly remote?: RemoteCaller,
  ) {}

  async call(op: OperationName, input: unknown, options: CallOptions<unknown> = {}): Promise<unknown> {
    const outcome = await routeCall(this.handlers, this.remote, options.computer, op, JSON.parse(JSON.stringify(input ?? {})), {
      lang: options.lang ?? this.lang,
      signal: options.signal ?? new AbortController().signal,
      progress: (event) => options.onProgress?.(JSON.parse(JSON.stringify(event))),
    });
    if (!outcome.ok) throw new RemoteError(outcome.error);
    return outcome.value === undefined ? undefined : JSON.parse(JSON.stringify(outcome.value));
  }
}
