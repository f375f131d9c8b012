import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../../native/contract/errors';
import en from './en.json';
import it from './it.json';

/** Languages the window speaks: the same two the contract's messages exist in. */
export const LANGS: readonly Lang[] = ['en', 'it'];

/** The language the system asks for: Italian for any it-* locale, English otherwise. */
export function systemLang(): Lang {
  const preferred = typeof navigator === 'undefined' ? [] : [navigator.language, ...(navigator.languages ?? [])];
  return preferred.some((l) => /^it\b/i.test(l ?? '')) ? 'it' : 'en';
}

/**
 * The one i18next instance. Resources are bundled (two small JSON files), so it is ready
 * synchronously and the first paint is already in the right language.
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, it: { translation: it } },
  lng: systemLang(),
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  interpolation: { escapeValue: false },
  initAsync: false,
});
