import { useAppStore } from '../store/store';

/** The fragment the Electron shell puts in the page address (electron/launch-target.ts). */
const FRAGMENT = '#previous-versions=';

/** The path in a `#previous-versions=<encoded path>` fragment, or undefined. */
export function launchPathOf(hash: string): string | undefined {
  if (!hash.startsWith(FRAGMENT)) return undefined;
  try {
    const path = decodeURIComponent(hash.slice(FRAGMENT.length)).trim();
    return /^[A-Za-z]:([\\/]|$)/.test(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens "Previous versions" at the path the window was launched for: Explorer's "ShadowDesk:
 * previous versions" entry, a shadowdesk:// link, or a second launch with a path, which the shell
 * passes as the page's fragment. The fragment is cleared once followed, so a reload does not repeat
 * it and the next launch for the same path is seen again.
 */
export function followLaunchTarget(): () => void {
  const follow = (): void => {
    const path = launchPathOf(window.location.hash);
    if (!path) return;
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    const state = useAppStore.getState();
    state.setView('versions');
    void state.loadVersions(path);
  };
  follow();
  window.addEventListener('hashchange', follow);
  return () => window.removeEventListener('hashchange', follow);
}
