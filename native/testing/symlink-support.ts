import { lstatSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function probe(): string | false {
  const dir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-symlink-probe-'));
  try {
    const target = path.join(dir, 'target');
    mkdirSync(target);
    const link = path.join(dir, 'link');
    symlinkSync(target, link, 'dir');
    if (!lstatSync(link).isSymbolicLink()) return 'symbolic links made here are not reported as links by lstat (Wine has no reparse points), so link handling cannot be tested on this system';
    if (realpathSync.native(link) !== realpathSync.native(target)) return 'symbolic links made here do not resolve to their target';
    return false;
  } catch (err) {
    return `this account cannot create symbolic links (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `false` where the tests can create real symbolic links, else the reason they cannot — passed as a
 * test's `skip` so a link test never passes vacuously and always says why it did not run.
 */
export const SYMLINK_SKIP: string | false = probe();
