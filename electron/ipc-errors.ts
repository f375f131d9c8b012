import type { ZodError } from 'zod';
import { RemoteError } from '../native/contract/api.js';
import type { ErrorData, Lang } from '../native/contract/errors.js';

/** Refusal of a call from anything but the app's own page in one of its windows. */
export function forbiddenSender(lang: Lang, detail: string): ErrorData {
  return {
    code: 'FORBIDDEN_SENDER',
    message: lang === 'it' ? 'Questa richiesta non proviene dalla finestra di ShadowDesk ed è stata rifiutata.' : 'This request did not come from the ShadowDesk window and was refused.',
    detail,
  };
}

/** A call whose envelope (call id, language) is malformed: a bug in the preload or an attack. */
export function badRequest(lang: Lang, detail: string): ErrorData {
  return {
    code: 'BAD_MESSAGE',
    message: lang === 'it' ? 'La finestra ha inviato una richiesta non valida.' : 'The window sent a request that is not valid.',
    detail,
  };
}

/** Input that fails the contract's schema, named per field (as the host words it). */
export function invalidInput(op: string, error: ZodError, lang: Lang): ErrorData {
  const where = error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
  return {
    code: 'INVALID_INPUT',
    message: lang === 'it' ? `Richiesta non valida per ${op}.` : `The request for ${op} is not valid.`,
    detail: where,
  };
}

/** Any failure as error data: the host's errors are already data; anything else is our own bug. */
export function toErrorData(err: unknown, lang: Lang): ErrorData {
  if (err instanceof RemoteError) return err.data;
  return {
    code: 'INTERNAL',
    message: lang === 'it' ? 'Si è verificato un errore interno di ShadowDesk.' : 'Something went wrong inside ShadowDesk.',
    detail: err instanceof Error ? err.message : String(err),
  };
}

/** A window operation (Explorer, open, drag, restart) asked while another computer is chosen. */
export function onlyThisComputer(lang: Lang, computer: string): ErrorData {
  return {
    code: 'NOT_AVAILABLE_HERE',
    message: lang === 'it'
      ? `Questo funziona solo per i file di questo computer, non di ${computer}. Usare "Ripristina in… questo computer" per portare qui una versione.`
      : `This works only for this computer's files, not ${computer}'s. Use "Restore to… this computer" to bring a version here.`,
  };
}
