import { useAppStore } from '../store/store';

/** Where a link can open the window: a folder of a copy in Browse, or the versions of a path. */
export type DeepLink =
  | { view: 'browse'; shadowId: string; folder: string }
  | { view: 'versions'; path: string }
  | { view: 'search' | 'activity' | 'volumes' | 'shadows' | 'writers' | 'settings' };

const PLAIN_VIEWS = ['search', 'activity', 'volumes', 'shadows', 'writers', 'settings'] as const;

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
    const path = params.get('path');
    return path ? { view: 'versions', path } : null;
  }
  const view = PLAIN_VIEWS.find((v) => v === m[1]);
  return view ? { view } : null;
}

function follow(link: DeepLink | null): void {
  if (!link) return;
  const s = useAppStore.getState();
  if (link.view === 'browse') void s.openFolder(link.shadowId, link.folder);
  else if (link.view === 'versions') void s.loadVersions(link.path);
  s.setView(link.view);
}

/**
 * Opens the window where a link points (the Electron shell turns `shadowdesk://` links and a
 * command-line PATH into these hashes; a helpdesk ticket can carry one) now and on every change.
 */
export function followDeepLinks(): () => void {
  follow(parseDeepLink(window.location.hash));
  const onChange = () => follow(parseDeepLink(window.location.hash));
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
