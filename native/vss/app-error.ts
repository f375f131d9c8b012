import type { ErrorData, Lang } from '../ffi/hresult.js';

/** Text of one message in every language ShadowDesk speaks. */
export interface Bilingual {
  en: string;
  it: string;
}

/**
 * A failure that is not an HRESULT (an unknown volume name, a bad size): it still crosses every
 * boundary as {@link ErrorData} and still speaks English and Italian.
 */
export class AppError extends Error {
  readonly code: string;
  readonly text: Bilingual;
  readonly detail: string | undefined;

  constructor(code: string, text: Bilingual, detail?: string) {
    super(text.en);
    this.name = 'AppError';
    this.code = code;
    this.text = text;
    this.detail = detail;
  }

  toData(lang: Lang = 'en'): ErrorData {
    return { code: this.code, message: this.text[lang], ...(this.detail ? { detail: this.detail } : {}) };
  }
}
