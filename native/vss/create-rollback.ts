import { VssError } from '../ffi/hresult.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import { AppError } from './app-error.js';

/** A shadow copy a failed create made and could not remove. */
export interface LeftoverCopy {
  id: string;
  /** The volume as people know it (C:\), or its GUID path. */
  volume: string;
}

function errorData(err: unknown, lang: Lang): ErrorData | undefined {
  if (err instanceof VssError || err instanceof AppError) return err.toData(lang);
  return undefined;
}

/**
 * A create that failed and then could not remove the copies it had already made, neither in its own
 * session nor in a fresh VSS_CTX_ALL one. It reports the create's own failure first and then names
 * each copy left behind (id and volume) and how to delete it, so nothing stays behind silently.
 */
export class LeftoverCopiesError extends VssError {
  readonly leftovers: LeftoverCopy[];
  readonly original: unknown;
  readonly deleteError: VssError;

  constructor(original: unknown, leftovers: LeftoverCopy[], deleteError: VssError) {
    const base = original instanceof VssError ? original : deleteError;
    const names = leftovers.map((l) => `${l.id} (${l.volume})`).join(', ');
    super(base.hresult, base.operation, [base.detail, `Left behind: ${names}; deleting them failed: ${deleteError.message}`].filter(Boolean).join(' '));
    this.name = 'LeftoverCopiesError';
    this.leftovers = leftovers;
    this.original = original;
    this.deleteError = deleteError;
    this.message = `${original instanceof Error ? original.message : String(original)} ${this.sentence('en')}`;
  }

  /** The plain sentence about the copies left behind, in `lang`. */
  sentence(lang: Lang): string {
    const list = this.leftovers.map((l) => `${l.id} (${l.volume})`).join(', ');
    if (lang === 'it') {
      return this.leftovers.length === 1
        ? `Non è stato possibile eliminare la copia shadow già creata: ${list} è ancora presente.`
        : `Non è stato possibile eliminare le copie shadow già create: ${list} sono ancora presenti.`;
    }
    return this.leftovers.length === 1
      ? `The shadow copy it had already made could not be deleted: ${list} is still there.`
      : `The shadow copies it had already made could not be deleted: ${list} are still there.`;
  }

  override toData(lang: Lang = 'en'): ErrorData {
    const first = errorData(this.original, lang) ?? super.toData(lang);
    const ids = this.leftovers.map((l) => l.id);
    const how =
      lang === 'it'
        ? `Eliminarla dalla vista Copie shadow o con: shadowdesk delete --shadow ${ids.join(' / ')}.`
        : `Delete it from the Shadow copies view or with: shadowdesk delete --shadow ${ids.join(' / ')}.`;
    return {
      ...first,
      message: `${first.message} ${this.sentence(lang)}`,
      next: [how, first.next].filter(Boolean).join(' '),
      detail: [first.detail, `Left behind: ${ids.join(', ')}. Deleting them failed: ${this.deleteError.hresultName} (${this.deleteError.operation}).`].filter(Boolean).join('\n'),
    };
  }
}
