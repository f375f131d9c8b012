import { i18n } from '../i18n/i18n';
import { selectLang } from '../store/selectors';
import { useAppStore } from '../store/store';

function apply(lang: string): void {
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

/**
 * Keeps i18next and `<html lang>` on the store's language. Runs before the first render, so the
 * window never flashes in the wrong language, and screen readers pick the right voice.
 */
export function syncLanguage(): () => void {
  apply(selectLang(useAppStore.getState()));
  return useAppStore.subscribe((state, prev) => {
    const lang = selectLang(state);
    if (lang !== selectLang(prev)) apply(lang);
  });
}
