import type { Lang } from '../../../native/contract/errors';
import type { AppState } from './app-state';

/** The language in effect: the Settings choice, else the system's. Passed as `lang` in every call. */
export function selectLang(s: Pick<AppState, 'languagePref' | 'systemLanguage'>): Lang {
  return s.languagePref === 'system' ? s.systemLanguage : s.languagePref;
}

/** The machine's name when anything has told us: the doctor's report, else a copy's service machine. */
export function selectMachineName(s: AppState): string | null {
  return s.doctor.data?.report.machine ?? s.shadows.data?.find((c) => c.serviceMachine)?.serviceMachine ?? null;
}

/**
 * Whether the window may hand a copy's file to this computer's shell (open read-only, drag out, Show
 * in Explorer): only in the app on Windows, and only while the files are this computer's. On another
 * computer the paths would name this computer's files; its files come here by Restore to… this computer.
 */
export function selectFileWindowOperations(s: AppState): boolean {
  return (s.about.data?.windowOperations ?? false) && s.computer === null;
}

/** True while another computer is chosen: every view shows it, and window operations on its files are off. */
export function selectOtherComputer(s: AppState): boolean {
  return s.computer !== null;
}

/** Operations still running, for the header's busy indicator. */
export function selectRunningCount(s: AppState): number {
  return s.activities.reduce((n, a) => n + (a.state === 'running' ? 1 : 0), 0);
}

/** True while a disk image is open: every view then shows the image, read-only. */
export function selectImageOpen(s: AppState): boolean {
  return s.image !== null;
}

/**
 * Whether the app's Open dialog for a disk image can be offered: in the app, on every platform (an
 * image is a file of this computer). `windowOperations` covers the app on Windows; the app's own
 * origin (app://shadowdesk) covers it elsewhere. In a browser (`serve`) the path is typed.
 */
export function selectCanChooseImageFile(s: AppState): boolean {
  return (s.about.data?.windowOperations ?? false) || (typeof location !== 'undefined' && location.protocol === 'app:');
}
