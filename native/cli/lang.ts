import type { Lang } from '../ffi/hresult.js';

/** The language a locale's name says ('it_IT.UTF-8', 'en-GB'); any --lang other than Italian is English; undefined for neither ('C'). */
function langOf(candidate: string | undefined, isFlag: boolean): Lang | undefined {
  if (!candidate) return undefined;
  const l = candidate.toLowerCase();
  if (l.startsWith('it')) return 'it';
  if (l.startsWith('en') || isFlag) return 'en';
  return undefined;
}

/**
 * `--lang` wins; otherwise the system language (LC_ALL, LC_MESSAGES, LANG, then Intl) picks Italian or English.
 * Intl is asked last and only when nothing before it answered: its first use loads ICU's locale data
 * (~15 ms), on the way to starting the host, when a command's language is usually in the environment.
 */
export function pickLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const asked = langOf(flag, true);
  if (asked) return asked;
  for (const c of [env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const lang = langOf(c, false);
    if (lang) return lang;
  }
  return langOf(Intl.DateTimeFormat().resolvedOptions().locale, false) ?? 'en';
}
