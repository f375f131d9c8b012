import { hostname } from 'node:os';
import { readFileSync, readdirSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditFilePath } from '../audit/audit-log.js';
import { loadAllJournals, restoresDir } from '../restore/restore-journal.js';
import type { AboutInfo } from './about-types.js';
import { appCommandOf } from '../elevation/app-command.js';

/** The version in the package.json beside dist/ (or the app's root when packaged). */
export function appVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'shadowdesk' && pkg.version) return pkg.version;
    } catch {
      // Not here: look one folder up.
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/** Bytes under `dir`, links not followed; unreadable entries count as nothing. */
function sizeOf(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(current);
    } catch {
      continue;
    }
    for (const name of names) {
      const full = path.join(current, name);
      try {
        const st = lstatSync(full);
        if (st.isDirectory()) stack.push(full);
        else total += st.size;
      } catch {
        // Gone meanwhile, or not ours to read.
      }
    }
  }
  return total;
}

/**
 * Settings' "data folder" and About: helpdesk staff need to know where the audit log and the undo
 * data live (to collect them, or to see what history costs on disk) and whether the window shows
 * this machine's real VSS or the simulated one. `com` is the host's COM start-up, which the host
 * passes in (this module loads no FFI).
 */
export function describeApp(dataDir: string, backend: AboutInfo['backend'], env: NodeJS.ProcessEnv = process.env, com: AboutInfo['com'] = null): AboutInfo {
  return {
    version: appVersion(),
    backend,
    computerName: hostname(),
    platform: process.platform,
    dataDir,
    auditLog: auditFilePath(dataDir),
    restoresDir: restoresDir(dataDir),
    restores: loadAllJournals(dataDir).length,
    dataBytes: sizeOf(dataDir),
    // Only the Electron app gives its host its own command line (see elevation/app-command.ts).
    windowOperations: process.platform === 'win32' && appCommandOf(env) !== undefined,
    com,
  };
}
