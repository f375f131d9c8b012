import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running `shadowdesk serve` on its own simulated machine. */
export interface ShadowDeskServer {
  /** The page URL, with the per-run token. */
  url: string;
  /** The simulated machine's folder: `<root>/volumes/C/` is C:\. */
  root: string;
  /** ShadowDesk's data folder for this run (audit log, restore journals). */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real CLI's `serve` on a fresh demo machine (random port), exactly as a user would, and
 * returns its URL. Each test file gets its own machine so tests never see each other's copies;
 * `under` puts it in another folder than the system's temporary one (a tmpfs, for a huge folder).
 */
export async function startShadowDesk(extraEnv: Record<string, string> = {}, options: { under?: string } = {}): Promise<ShadowDeskServer> {
  const base = mkdtempSync(path.join(options.under ?? tmpdir(), 'shadowdesk-e2e-'));
  const root = path.join(base, 'machine');
  const data = path.join(base, 'data');
  mkdirSync(data);
  const child: ChildProcess = spawn(process.execPath, [path.join(repo, 'dist', 'native', 'cli', 'main.js'), 'serve', '--port', '0', '--json', '--lang', 'en'], {
    cwd: repo,
    env: { ...process.env, SHADOWDESK_SIM_ROOT: root, SHADOWDESK_DATA_DIR: data, SHADOWDESK_BACKEND: 'sim', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in 30 s: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      let printed: { url: string };
      try {
        printed = JSON.parse(out) as { url: string };
      } catch {
        return; // --json output not complete yet
      }
      clearTimeout(timer);
      resolve(printed.url);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    root,
    dataDir: data,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: looked at by a person, the best copied into the README. */
export function screenshotPath(name: string): string {
  return path.join(repo, 'test-results', 'screenshots', `${name}.png`);
}
