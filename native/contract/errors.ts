/** Languages every user-facing sentence exists in. */
export type Lang = 'en' | 'it';

/**
 * An error as it crosses every boundary (host, IPC, server, CLI): plain data, never a class, so it
 * survives structured clone and JSON alike. `message` is the plain sentence in the caller's language;
 * the HRESULT and its name stay available one click away.
 */
export interface ErrorData {
  code: string;
  hresult?: number;
  hresultName?: string;
  message: string;
  next?: string;
  detail?: string;
}
