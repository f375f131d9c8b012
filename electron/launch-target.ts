import { APP_ENTRY_URL } from './app-origin.js';

/**
 * Opening the app at "previous versions of PATH": Explorer's context-menu entry starts
 * `ShadowDesk --previous-versions "C:\…"`, and a `shadowdesk://previous-versions?path=C%3A%5C…` link
 * does the same. The page learns the path from its address (the renderer's deep link
 * `#/versions?path=<path>`, see renderer/src/app/deep-link.ts), so no
 * extra channel to the page exists. A link can come from any web page, so it only ever opens the
 * read-only list of versions: nothing is restored or changed without the user acting in the window.
 */

/** The command-line switch the Explorer entry passes. */
export const PREVIOUS_VERSIONS_SWITCH = '--previous-versions';

/** The app's link scheme (registered by the installer and the Linux desktop file). */
export const LINK_SCHEME = 'shadowdesk';


/** A full Windows path (drive letter), without control characters; anything else is ignored. */
function fullWindowsPath(text: string | undefined): string | undefined {
  let path = text?.trim();
  // Explorer quotes the path: `--previous-versions="C:\"` reaches us as `C:"`, since Windows reads
  // `\"` as an escaped quote. A path that ends in a quote ended in a backslash.
  if (path?.endsWith('"')) path = `${path.slice(0, -1)}\\`;
  if (!path || path.length > 32767 || !/^[A-Za-z]:([\\/]|$)/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20)) return undefined;
  return path;
}

function pathOfLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${LINK_SCHEME}:` || url.hostname !== 'previous-versions') return undefined;
  return fullWindowsPath(url.searchParams.get('path') ?? undefined);
}

/**
 * The path a command line asks to open at, from the switch or a link; undefined when none (or not
 * valid). `secondInstance`: the command line came through Electron's `second-instance` event,
 * where Chromium has reordered it (switches before plain arguments, extra switches added:
 * electron.d.ts, App `second-instance`), so a separate value may no longer follow its switch and
 * the next argument may be another path altogether: there only `--previous-versions=PATH` (one
 * argument, which is what the Explorer entry passes) and a link count.
 */
export function launchTargetOf(argv: readonly string[], options: { secondInstance?: boolean } = {}): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === PREVIOUS_VERSIONS_SWITCH) {
      if (options.secondInstance) continue;
      return fullWindowsPath(argv[i + 1]);
    }
    if (arg.startsWith(`${PREVIOUS_VERSIONS_SWITCH}=`)) return fullWindowsPath(arg.slice(PREVIOUS_VERSIONS_SWITCH.length + 1));
    if (arg.toLowerCase().startsWith(`${LINK_SCHEME}:`)) return pathOfLink(arg);
  }
  return undefined;
}

/** The switch that names a disk image to open: `ShadowDesk --image=/srv/cases/pc-042.E01`. */
export const IMAGE_SWITCH = '--image';

/** A full path of this computer (POSIX or a drive path), without control characters; else undefined. */
function fullLocalPath(text: string | undefined): string | undefined {
  const path = text?.trim();
  if (!path || path.length > 32767 || !/^(\/|[A-Za-z]:[\\/])/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20)) return undefined;
  return path;
}

/**
 * The disk image a command line names (`--image=PATH`, or `--image PATH` on a first launch: a second
 * launch's command line is reordered by Chromium, see {@link launchTargetOf}), or undefined. Links do
 * not open images: only a command line typed or scripted on this computer.
 */
export function imageTargetOf(argv: readonly string[], options: { secondInstance?: boolean } = {}): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === IMAGE_SWITCH && !options.secondInstance) return fullLocalPath(argv[i + 1]);
    if (arg.startsWith(`${IMAGE_SWITCH}=`)) return fullLocalPath(arg.slice(IMAGE_SWITCH.length + 1));
  }
  return undefined;
}

/**
 * Where a launch opens the window: the Open disk image dialog with the image's path filled in (the
 * user presses Open), else the previous versions of a path, else undefined (the app as it is).
 */
export function launchPlaceOf(argv: readonly string[], options: { secondInstance?: boolean } = {}): string | undefined {
  const image = imageTargetOf(argv, options);
  if (image) return `${APP_ENTRY_URL}#/image?${new URLSearchParams({ path: image }).toString()}`;
  const path = launchTargetOf(argv, options);
  return path ? launchUrl(path) : undefined;
}

/** The page address that opens the app, at the previous versions of `path` when given. */
export function launchUrl(path?: string): string {
  return path ? `${APP_ENTRY_URL}#/versions?${new URLSearchParams({ path }).toString()}` : APP_ENTRY_URL;
}
