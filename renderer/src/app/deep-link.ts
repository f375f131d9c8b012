import { useAppStore } from '../store/store';

/** Where a link can open the window: a folder of a copy in Browse, or the versions of a path. */
export type DeepLink =
  | { view: 'browse'; shadowId: string; folder: string }
  | { view: 'versions'; path: string }
  | { view: 'image'; path: string }
  | { view: 'search' | 'activity' | 'volumes' | 'shadows' | 'schedules' | 'writers' | 'computers' | 'fleet' | 'settings' };

// `#/computers` and `#/fleet` open those views; no link ever chooses a computer (the user does, in the window).
const PLAIN_VIEWS = ['search', 'activity', 'volumes', 'shadows', 'schedules', 'writers', 'computers', 'fleet', 'settings'] as const;

/**
 * Reads `#/browse?shadow=ID&folder=Users\ana`, `#/versions?path=C:\Users\ana\report.docx` or
 * `#/writers`. Anything else is null: a malformed link must never open the wrong thing.
 */
export function parseDeepLink(hash: string): DeepLink | null {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const params = new URLSearchParams(m[2] ?? '');
  if (m[1] === 'browse') {
    const shadowId = params.get('shadow');
    return shadowId ? { view: 'browse', shadowId, folder: params.get('folder') ?? '' } : null;
  }
  if (m[1] === 'versions') {
    // A link can come from any page: only a full Windows path, without control characters, is followed.
    const path = params.get('path')?.trim();
    const valid = path && path.length <= 32767 && /^[A-Za-z]:([\\/]|$)/.test(path) && ![...path].some((c) => c.charCodeAt(0) < 0x20);
    return valid ? { view: 'versions', path } : null;
  }
  if (m[1] === 'image') {
    // A full path of this computer (`/srv/cases/pc.E01`, `D:\images\pc.vhdx`), without control characters.
    const path = params.get('path')?.trim();
    const valid = path && path.length <= 32767 && /^(\/|[A-Za-z]:[\\/])/.test(path) && ![...path].some((c) => c.charCodeAt(0) < 0x20);
    return valid ? { view: 'image', path } : null;
  }
  const view = PLAIN_VIEWS.find((v) => v === m[1]);
  return view ? { view } : null;
}

function follow(link: DeepLink | null): void {
  if (!link) return;
  // Followed once: a reload does not repeat it, and the next launch for the same path is seen again.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  const s = useAppStore.getState();
  if (link.view === 'browse') void s.openFolder(link.shadowId, link.folder);
  else if (link.view === 'versions') void s.loadVersions(link.path);
  // An image is never opened by a link alone: the dialog shows its path, and the user presses Open.
  if (link.view === 'image') {
    s.setView('volumes');
    s.showImageDialog(link.path);
    return;
  }
  s.setView(link.view);
}

/**
 * Opens the window where a link points, now and on every change: the Electron shell turns Explorer's
 * "ShadowDesk: previous versions", `shadowdesk://` links and a command-line PATH into
 * `#/versions?path=…` (electron/launch-target.ts); a helpdesk ticket can carry any of these. Links
 * only ever open a view: nothing is restored or changed without the user acting in the window.
 */
export function followDeepLinks(): () => void {
  follow(parseDeepLink(window.location.hash));
  const onChange = () => follow(parseDeepLink(window.location.hash));
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
