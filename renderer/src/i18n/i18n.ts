import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../../native/contract/errors';
import en from './en.json';
import it from './it.json';

type Tree = { [key: string]: string | Tree };

/**
 * Each feature may keep its strings in `en/<feature>.json` and `it/<feature>.json` beside the two
 * shared files, so features grow without editing one big file. They are merged in, key by key.
 */
const featureFiles = import.meta.glob<Tree>('./{en,it}/*.json', { eager: true, import: 'default' });

function merge(into: Tree, from: Tree): Tree {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    into[k] = typeof v === 'object' && typeof cur === 'object' ? merge({ ...cur }, v) : v;
  }
  return into;
}

function resourcesFor(lang: Lang, base: Tree): Tree {
  let tree: Tree = structuredClone(base);
  for (const [file, strings] of Object.entries(featureFiles)) if (file.startsWith(`./${lang}/`)) tree = merge(tree, strings);
  return tree;
}

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
  resources: { en: { translation: resourcesFor('en', en) }, it: { translation: resourcesFor('it', it) } },
  lng: systemLang(),
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  interpolation: { escapeValue: false },
  initAsync: false,
});
