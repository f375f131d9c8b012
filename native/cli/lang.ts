import type { Lang } from '../ffi/hresult.js';

/** `--lang` wins; otherwise the system language (LC_ALL, LC_MESSAGES, LANG, then Intl) picks Italian or English. */
export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const candidates = [flag, env.LC_ALL, env.LC_MESSAGES, env.LANG, Intl.DateTimeFormat().resolvedOptions().locale];
  for (const c of candidates) {
    if (!c) continue;
    const l = c.toLowerCase();
    if (l.startsWith('it')) return 'it';
    if (l.startsWith('en') || flag) return 'en';
  }
  return 'en';
}
