import type { ErrorData } from '../contract/errors.js';
import { RemoteError } from '../contract/remote-error.js';
import { OPERATIONS, computerTarget, type OperationName } from '../contract/operations.js';
import { runsHere } from '../contract/operation-names.js';
import { dispatch, type HandlerContext, type Handlers } from './dispatcher.js';
import { toErrorData } from './error-data.js';

/** Runs an operation on another computer (the computer pool's `call`). */
export type RemoteCaller = (
  computer: string,
  op: OperationName,
  input: unknown,
  options: { lang: HandlerContext['lang']; signal: AbortSignal; onProgress: (event: unknown) => void },
) => Promise<unknown>;

type Outcome = { ok: true; value: unknown } | { ok: false; error: ErrorData };

/**
 * Where a call runs: here (no computer, or an operation that always runs here), or on the computer
 * it names, through the pool's connection to it. The other computer's host validates the input
 * itself, so nothing it receives is trusted because this end checked it; a remote failure arrives as
 * its own ErrorData, unchanged.
 */
export async function routeCall(
  handlers: Handlers,
  remote: RemoteCaller | undefined,
  computer: unknown,
  op: string,
  input: unknown,
  ctx: HandlerContext,
): Promise<Outcome> {
  if (computer === undefined || computer === null || computer === '' || runsHere(op) || !Object.hasOwn(OPERATIONS, op)) return dispatch(handlers, op, input, ctx);
  const target = computerTarget.safeParse(computer);
  if (!target.success) {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: ctx.lang === 'it' ? `"${String(computer).slice(0, 100)}" non è un computer valido.` : `"${String(computer).slice(0, 100)}" is not a valid computer.`,
        detail: target.error.issues.map((i) => i.message).join('; '),
      },
    };
  }
  if (!remote) {
    return {
      ok: false,
      error: {
        code: 'NOT_AVAILABLE_HERE',
        message: ctx.lang === 'it' ? 'Questo ShadowDesk non raggiunge altri computer.' : 'This ShadowDesk does not reach other computers.',
      },
    };
  }
  try {
    return { ok: true, value: await remote(target.data, op as OperationName, input, { lang: ctx.lang, signal: ctx.signal, onProgress: ctx.progress }) };
  } catch (err) {
    return { ok: false, error: err instanceof RemoteError ? err.data : toErrorData(err, ctx.lang) };
  }
}
