import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { Phrase } from '../../store/activity-slice';

/**
 * Turns a stored phrase into text in the current language, formatting its sizes and dates then,
 * so an outcome recorded in English reads right after a switch to Italian.
 */
export function usePhrase(): (p: Phrase) => string {
  const { t } = useTranslation();
  const f = useFormat();
  return useCallback(
    (p: Phrase) => {
      const values: Record<string, string | number> = { ...p.values };
      for (const [k, n] of Object.entries(p.bytes ?? {})) values[k] = f.bytes(n);
      for (const [k, iso] of Object.entries(p.dates ?? {})) values[k] = f.dateTime(iso);
      return t(p.key, values);
    },
    [t, f],
  );
}
