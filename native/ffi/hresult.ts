import { HRESULT_CATALOG, type HresultEntry } from '../messages/hresult-catalog.js';

import type { ErrorData, Lang } from '../contract/errors.js';

export type { ErrorData, Lang };

const byValue = new Map<number, HresultEntry>(HRESULT_CATALOG.map((e) => [e.value >>> 0, e]));

/** S_OK / S_FALSE and friends: a success HRESULT has the sign bit clear. */
export function succeeded(hr: number): boolean {
  return (hr | 0) >= 0;
}

/** `0x8004230F` style, the form people paste into search engines and tickets. */
export function hresultHex(hr: number): string {
  return `0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The catalog entry for an HRESULT, or undefined for a code we have no words for. */
export function lookupHresult(hr: number): HresultEntry | undefined {
  return byValue.get(hr >>> 0);
}

/** VSS_E_* / E_* name, or the hex form for an unknown code (HRESULT_FROM_WIN32 codes included). */
export function hresultName(hr: number): string {
  const entry = lookupHresult(hr);
  if (entry) return entry.name;
  const u = hr >>> 0;
  if ((u & 0xffff0000) === 0x80070000) return `HRESULT_FROM_WIN32(${u & 0xffff})`;
  return hresultHex(hr);
}

/** The HRESULT's value for a name in the catalog (used by tests and fault injection). */
export function hresultByName(name: string): number {
  const entry = HRESULT_CATALOG.find((e) => e.name === name);
  if (!entry) throw new Error(`Unknown HRESULT name ${name}`);
  return entry.value | 0;
}

/** Plain sentence and next step for an HRESULT in `lang`. */
export function describeHresult(hr: number, lang: Lang = 'en'): { summary: string; next: string } {
  const entry = lookupHresult(hr);
  if (entry) return entry[lang];
  return lang === 'it'
    ? { summary: `Windows ha segnalato un errore imprevisto (${hresultHex(hr)}).`, next: 'Riprovare; se il problema persiste, controllare il Visualizzatore eventi.' }
    : { summary: `Windows reported an unexpected error (${hresultHex(hr)}).`, next: 'Try again; if it keeps happening, check Event Viewer.' };
}

/**
 * A failed VSS or COM call. It carries the HRESULT and the operation that failed so the message can
 * say what was being done, and it converts to {@link ErrorData} for any boundary.
 */
export class VssError extends Error {
  readonly hresult: number;
  readonly hresultName: string;
  readonly operation: string;
  readonly detail: string | undefined;

  constructor(hresult: number, operation: string, detail?: string) {
    const name = hresultName(hresult);
    super(`${operation} failed: ${name} (${hresultHex(hresult)}): ${describeHresult(hresult).summary}${detail ? ` ${detail}` : ''}`);
    this.name = 'VssError';
    this.hresult = hresult | 0;
    this.hresultName = name;
    this.operation = operation;
    this.detail = detail;
  }

  /** The error as data in `lang`, ready to cross a process or network boundary. */
  toData(lang: Lang = 'en'): ErrorData {
    const text = describeHresult(this.hresult, lang);
    return {
      code: this.hresultName,
      hresult: this.hresult >>> 0,
      hresultName: this.hresultName,
      message: text.summary,
      next: text.next,
      detail: [this.operation, this.detail].filter(Boolean).join(': '),
    };
  }
}

/** Throws a {@link VssError} when `hr` is a failure; returns it otherwise so S_FALSE can be inspected. */
export function check(hr: number, operation: string, detail?: string): number {
  if (!succeeded(hr)) throw new VssError(hr, operation, detail);
  return hr;
}

/** Well-known values the bindings compare against. */
export const HR = {
  S_OK: 0,
  S_FALSE: 1,
  VSS_S_ASYNC_PENDING: 0x00042309,
  VSS_S_ASYNC_FINISHED: 0x0004230a,
  VSS_S_ASYNC_CANCELLED: 0x0004230b,
  E_INVALIDARG: 0x80070057 | 0,
  E_ACCESSDENIED: 0x80070005 | 0,
  E_UNEXPECTED: 0x8000ffff | 0,
  VSS_E_OBJECT_NOT_FOUND: 0x80042308 | 0,
  VSS_E_VOLUME_NOT_SUPPORTED: 0x8004230c | 0,
  RPC_E_CHANGED_MODE: 0x80010106 | 0,
  RPC_E_TOO_LATE: 0x80010119 | 0,
} as const;
