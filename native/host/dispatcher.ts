import type { ZodError } from 'zod';
import { OPERATIONS, type OperationName } from '../contract/operations.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import { toErrorData } from './error-data.js';

/** What a handler gets besides its validated input. */
export interface HandlerContext {
  lang: Lang;
  signal: AbortSignal;
  progress: (event: unknown) => void;
}

/** An implementation of every operation (validated input in, plain data out). */
export type Handlers = { [N in OperationName]: (input: never, ctx: HandlerContext) => unknown };

function invalidInput(op: string, error: ZodError, lang: Lang): ErrorData {
  const where = error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
  return {
    code: 'INVALID_INPUT',
    message: lang === 'it' ? `Richiesta non valida per ${op}.` : `The request for ${op} is not valid.`,
    detail: where,
  };
}

/**
 * Validates a call against the contract and runs it. Every transport funnels through here, so input
 * validation and error-to-data conversion happen in exactly one place.
 */
export async function dispatch(
  handlers: Handlers,
  op: string,
  input: unknown,
  ctx: HandlerContext,
): Promise<{ ok: true; value: unknown } | { ok: false; error: ErrorData }> {
  if (!Object.hasOwn(OPERATIONS, op)) {
    return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: ctx.lang === 'it' ? `Operazione sconosciuta: ${op}.` : `Unknown operation: ${op}.` } };
  }
  const name = op as OperationName;
  const parsed = OPERATIONS[name].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: invalidInput(op, parsed.error, ctx.lang) };
  try {
    const handler = handlers[name] as (input: unknown, ctx: HandlerContext) => unknown;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (err) {
    return { ok: false, error: toErrorData(err, ctx.lang) };
  }
}
