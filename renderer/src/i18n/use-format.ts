import { useMemo } from 'react';
import type { Lang } from '../../../native/contract/errors';
import { useAppStore } from '../store/store';
import { selectLang } from '../store/selectors';
import { formatBytes, formatDateTime, formatDateTimeLong, formatList, formatNumber, formatPercent, formatRelative } from './format';

/** The language in effect, from the store (the same one passed to the contract). */
export function useLang(): Lang {
  return useAppStore(selectLang);
}

/** Formatters bound to the current language, so views never pass the locale around. */
export function useFormat() {
  const lang = useLang();
  return useMemo(
    () => ({
      lang,
      bytes: (n: number) => formatBytes(n, lang),
      number: (n: number) => formatNumber(n, lang),
      percent: (ratio: number) => formatPercent(ratio, lang),
      dateTime: (iso: string) => formatDateTime(iso, lang),
      dateTimeLong: (iso: string) => formatDateTimeLong(iso, lang),
      /** Relative to now, or to `now` (ISO) when the machine's clock is not this one's (a simulated machine). */
      relative: (iso: string, now?: string) => formatRelative(iso, lang, now === undefined ? undefined : Date.parse(now)),
      list: (items: string[]) => formatList(items, lang),
    }),
    [lang],
  );
}
