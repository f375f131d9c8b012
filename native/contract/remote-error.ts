import type { ErrorData } from './errors.js';

/**
 * A failure that came back across a boundary as {@link ErrorData}. It is an Error (so stacks and
 * `instanceof` work in the caller) that still carries the data unchanged.
 */
export class RemoteError extends Error {
  readonly data: ErrorData;

  constructor(data: ErrorData) {
    super(data.message);
    this.name = 'RemoteError';
    this.data = data;
  }
}
