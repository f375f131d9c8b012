import { VssError } from '../ffi/hresult.js';
import { AppError } from '../vss/app-error.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import { RemoteError } from '../contract/remote-error.js';

/** Any thrown value as the error data every boundary carries, in `lang`. */
export function toErrorData(err: unknown, lang: Lang): ErrorData {
  if (err instanceof VssError || err instanceof AppError) return err.toData(lang);
  // Another computer's failure (through the computer pool) is already data, in the caller's language.
  if (err instanceof RemoteError) return err.data;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    return {
      code: e.code,
      message: lang === 'it' ? `Operazione sul file non riuscita (${e.code}).` : `A file operation failed (${e.code}).`,
      detail: e.message,
    };
  }
  return { code: 'INTERNAL', message: lang === 'it' ? 'Errore interno imprevisto.' : 'Unexpected internal error.', detail: err instanceof Error ? err.message : String(err) };
}
