import type { CallOptions } from '../../../native/contract/api';
import type { ErrorData, Lang } from '../../../native/contract/errors';
import type { InputOf, OperationName, ProgressOf, ResultOf } from '../../../native/contract/operations';

/** Options a store action may add to a call; the language is always passed separately. */
export type CallExtras<N extends OperationName> = Omit<CallOptions<ProgressOf<N>>, 'lang'>;

/**
 * Where calls go when the caller does not say: the store's chosen computer (null for this one), and
 * who hears of a failure on it (a dropped link, for the header). The store binds it once it exists,
 * so the chosen computer has one home (the store) and no action can forget to pass it.
 */
export interface ComputerBinding {
  chosen(): string | null;
  failed(computer: string, error: ErrorData): void;
}

let binding: ComputerBinding = { chosen: () => null, failed: () => undefined };

/** Binds callApi to the store's chosen computer (store.ts does it, once). */
export function bindComputer(next: ComputerBinding): void {
  binding = next;
}

/**
 * The one place the renderer reaches `window.shadowdesk`. Store actions call it (components never
 * do), always passing the UI language so error messages come back in it. Every call goes to the
 * chosen computer unless `extras` names one: a key `computer` that is present, even undefined,
 * wins (undefined = this computer), which is how a confirmed action keeps the computer it was
 * confirmed for when the user switches meanwhile. The host ignores it for operations that always
 * run here (HERE_OPERATION_LIST).
 */
export async function callApi<N extends OperationName>(
  op: N,
  input: InputOf<N>,
  lang: Lang,
  extras: CallExtras<N> = {},
): Promise<ResultOf<N>> {
  const api = window.shadowdesk;
  if (!api) throw noApiError(lang);
  const method = api[op] as unknown as (input: InputOf<N>, options: CallOptions<ProgressOf<N>>) => Promise<ResultOf<N>>;
  const computer = 'computer' in extras ? extras.computer : (binding.chosen() ?? undefined);
  const options: CallOptions<ProgressOf<N>> = { ...extras, lang };
  if (computer) options.computer = computer;
  else delete options.computer;
  try {
    return await method(input, options);
  } catch (e) {
    if (computer) binding.failed(computer, toErrorData(e));
    throw e;
  }
}

/** Extras that send a call to `computer` (null = this computer) whatever is chosen when it runs. */
export function onComputer(computer: string | null): { computer: string | undefined } {
  return { computer: computer ?? undefined };
}

/** Marks an error that already carries ErrorData (what the API rejects with). */
interface ErrorWithData extends Error {
  data: ErrorData;
}

function noApiError(lang: Lang): ErrorWithData {
  const data: ErrorData = lang === 'it'
    ? {
        code: 'NO_API',
        message: 'Questa finestra non è collegata a ShadowDesk.',
        next: 'Aprire ShadowDesk dall\'app o con "shadowdesk serve", non aprendo direttamente il file.',
      }
    : {
        code: 'NO_API',
        message: 'This window is not connected to ShadowDesk.',
        next: 'Open ShadowDesk from the app or with "shadowdesk serve", not by opening the file directly.',
      };
  const err = new Error(data.message) as ErrorWithData;
  err.name = 'RemoteError';
  err.data = data;
  return err;
}

/**
 * Turns anything a call rejected with into ErrorData, so the store keeps one shape of error and
 * every view shows it the same way (plain sentence first, HRESULT on demand).
 */
export function toErrorData(err: unknown): ErrorData {
  if (err && typeof err === 'object' && 'data' in err) {
    const data = (err as { data: unknown }).data;
    if (data && typeof data === 'object' && typeof (data as ErrorData).message === 'string') return data as ErrorData;
  }
  if (err instanceof Error) return { code: err.name === 'AbortError' ? 'CANCELLED' : 'UNEXPECTED', message: err.message, detail: err.stack };
  return { code: 'UNEXPECTED', message: String(err) };
}

/** True when the error means the user cancelled, which is not a failure to show in red. */
export function isCancelled(error: ErrorData): boolean {
  return error.code === 'CANCELLED' || error.code === 'ABORTED';
}
