import type { Lang } from '../../../native/contract/errors';
import { systemLang } from '../i18n/i18n';
import type { SliceCreator } from './app-state';

/** The views of this window, in navigation order. */
export type ViewName = 'volumes' | 'shadows' | 'schedules' | 'browse' | 'versions' | 'search' | 'writers' | 'activity' | 'computers' | 'fleet' | 'settings';

/** A language choice: follow the system, or one language. */
export type LanguagePref = 'system' | Lang;

/** A theme choice: follow the system, or one theme. */
export type ThemePref = 'system' | 'light' | 'dark';

/** Which view is showing, and the user's language and theme choices (kept across runs). */
export interface UiSlice {
  view: ViewName;
  languagePref: LanguagePref;
  themePref: ThemePref;
  /** The system's language when the window opened (navigator.language). */
  systemLanguage: Lang;
  setView(view: ViewName): void;
  setLanguagePref(pref: LanguagePref): void;
  setThemePref(pref: ThemePref): void;
}

const LANGUAGE_KEY = 'shadowdesk.language';
const THEME_KEY = 'shadowdesk.theme';

function readStored<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}

function store(key: string, value: string): void {
  try {
    if (value === 'system') localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage can be unavailable (private mode, policy); the choice still holds for this run.
  }
}

/** Creates the UI slice, reading the saved choices from localStorage. */
export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  view: 'volumes',
  languagePref: readStored<LanguagePref>(LANGUAGE_KEY, ['system', 'en', 'it'], 'system'),
  themePref: readStored<ThemePref>(THEME_KEY, ['system', 'light', 'dark'], 'system'),
  systemLanguage: systemLang(),
  setView: (view) => set({ view }),
  setLanguagePref: (languagePref) => {
    const before = get().languagePref === 'system' ? get().systemLanguage : get().languagePref;
    store(LANGUAGE_KEY, languagePref);
    set({ languagePref });
    const after = languagePref === 'system' ? get().systemLanguage : languagePref;
    // The doctor writes its findings in the caller's language: fetch them again in the new one.
    if (before !== after && get().doctor.data) void get().loadDoctor();
  },
  setThemePref: (themePref) => {
    store(THEME_KEY, themePref);
    set({ themePref });
  },
});
