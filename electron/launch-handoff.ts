import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Second launches reaching an elevated ShadowDesk. Electron hands a second launch's command line
 * to the running instance through Chromium's process singleton, which on Windows is a WM_COPYDATA
 * message to the primary's hidden window (process_singleton_win.cc). When the primary runs
 * elevated ("Restart as administrator") and the launch does not (Explorer's "ShadowDesk: previous
 * versions" entry, a shadowdesk:// link: both run with the user's own rights), Windows' User
 * Interface Privilege Isolation refuses that message from the lower integrity level, the launch
 * still cannot take the lock, and it ends without the primary ever hearing of it (modelled in
 * testing/fake-electron.ts). So the elevated primary also watches a folder of the user's data
 * folder, and a launch that cannot reach it by message leaves its command line there.
 *
 * Trust: the folder is writable by the unelevated user, so what is read there is no more trusted
 * than a shadowdesk:// link from any web page: only a path to open the read-only list of previous
 * versions at (launchTargetOf), nothing else. The elevated reader never follows links: the folder
 * must be a real folder at its own path, and only plain files named request-<hex>.json, of a few
 * kilobytes, are read and removed.
 */

/** The folder under app.getPath('userData'). */
export const HANDOFF_FOLDER = 'launch-handoff';
const PRIMARY_FILE = 'elevated-primary.json';
const REQUEST = /^request-[0-9a-f]{16}\.json$/;
const MAX_REQUEST_BYTES = 64 * 1024;

function handoffDir(userData: string): string {
  return path.join(userData, HANDOFF_FOLDER);
}

/** True when `dir` is a real folder at its own path (no symbolic link or junction on the way). */
function plainFolder(dir: string): boolean {
  try {
    if (!lstatSync(dir).isDirectory()) return false;
    const real = realpathSync.native(dir);
    return path.resolve(real).toLowerCase() === path.resolve(dir).toLowerCase();
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // An elevated process seen from an unelevated one: OpenProcess is refused, so it exists.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * In a launch that did not get the single-instance lock: when the running instance says it is
 * elevated (and still runs), leaves this launch's own command line (process.argv: the real order,
 * not Chromium's) for it. Returns whether a request was left. Never throws: a launch that cannot
 * write there ends as before.
 */
export function leaveLaunchRequest(userData: string, argv: readonly string[]): boolean {
  const dir = handoffDir(userData);
  try {
    const primary = JSON.parse(readFileSync(path.join(dir, PRIMARY_FILE), 'utf8')) as { pid?: unknown };
    if (typeof primary.pid !== 'number' || !alive(primary.pid)) return false;
    const name = `request-${randomBytes(8).toString('hex')}.json`;
    const temp = path.join(dir, `.${name}.tmp`);
    writeFileSync(temp, JSON.stringify({ argv: argv.slice(0, 64) }));
    renameSync(temp, path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}

/** What an elevated primary does with the requests it finds. */
export interface HandoffWatch {
  stop(): void;
}

/**
 * In the elevated primary: announces itself in the user's data folder and reads the requests
 * unelevated launches leave there, every `pollMs`, handing each one's command line to `onLaunch`
 * (as `second-instance` would have). Stops, and removes the announcement, on stop().
 */
export function watchLaunchRequests(userData: string, onLaunch: (argv: string[]) => void, options: { pollMs?: number; log?: (line: string) => void } = {}): HandoffWatch {
  const dir = handoffDir(userData);
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    // checked below
  }
  if (!plainFolder(dir)) {
    options.log?.(`not watching ${dir} for launches: it is not a plain folder`);
    return { stop: () => {} };
  }
  writeFileSync(path.join(dir, PRIMARY_FILE), JSON.stringify({ pid: process.pid, elevated: true }));
  const scan = (): void => {
    if (!plainFolder(dir)) return;
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => REQUEST.test(n));
    } catch {
      return;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const stat = lstatSync(file);
        if (!stat.isFile() || stat.size > MAX_REQUEST_BYTES) {
          rmSync(file, { force: true });
          continue;
        }
        const text = readFileSync(file, 'utf8');
        rmSync(file, { force: true });
        const request = JSON.parse(text) as { argv?: unknown };
        if (Array.isArray(request.argv) && request.argv.every((a) => typeof a === 'string')) onLaunch(request.argv as string[]);
      } catch (err) {
        options.log?.(`could not read a launch request: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  scan();
  const timer = setInterval(scan, options.pollMs ?? 400);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      rmSync(path.join(dir, PRIMARY_FILE), { force: true });
    },
  };
}
