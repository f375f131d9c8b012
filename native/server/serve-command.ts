import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { ShadowDeskApi, Transport } from '../contract/api.js';
import type { OperationName } from '../contract/operations.js';
import { AppError } from '../vss/app-error.js';
import { usage, type CliContext } from '../cli/cli-context.js';
import { startServer } from './serve.js';

/**
 * Where the built renderer is: `SHADOWDESK_RENDERER_DIR` when set (tests, packaging), else
 * `dist/renderer`, next to the compiled `dist/native` this file runs from.
 */
export function rendererDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHADOWDESK_RENDERER_DIR) return path.resolve(env.SHADOWDESK_RENDERER_DIR);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'renderer');
}

/**
 * The typed API seen as a transport again, so the server sends its calls through the very API
 * object the CLI already has (over HostClient: one VSS host per process, closed by main.ts).
 */
export function apiTransport(api: ShadowDeskApi): Transport {
  return {
    call: (op: OperationName, input: unknown, options) =>
      (api[op] as (input: unknown, options: unknown) => Promise<unknown>)(input, options),
  };
}

/**
 * A Chromium-family browser that can show the page as an app window (`--app=`), or undefined.
 * `SHADOWDESK_BROWSER` wins, so a machine with an unusual install (or a test) can name one.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.SHADOWDESK_BROWSER) return env.SHADOWDESK_BROWSER;
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter((r): r is string => !!r);
    const apps = [['Microsoft', 'Edge', 'Application', 'msedge.exe'], ['Google', 'Chrome', 'Application', 'chrome.exe']];
    for (const app of apps) {
      for (const root of roots) {
        const candidate = path.win32.join(root, ...app);
        if (existsSync(candidate)) return candidate;
      }
    }
    return undefined;
  }
  if (platform === 'darwin') {
    return ['Google Chrome', 'Microsoft Edge', 'Chromium']
      .map((name) => `/Applications/${name}.app/Contents/MacOS/${name}`)
      .find((candidate) => existsSync(candidate));
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'];
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The browser's command line for an app window on `url`. As root on Linux, Chromium refuses to
 * start at all without --no-sandbox (its sandbox needs an unprivileged user), so there it is added;
 * for everyone else the browser keeps its sandbox.
 */
export function appWindowArgs(url: string, platform: NodeJS.Platform = process.platform, uid: number | undefined = process.getuid?.()): string[] {
  return [...(platform === 'linux' && uid === 0 ? ['--no-sandbox'] : []), `--app=${url}`];
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw usage(`--port must be a number from 0 to 65535 (0 picks a free port), not "${text}".`, `--port deve essere un numero da 0 a 65535 (0 sceglie una porta libera), non "${text}".`);
  }
  return Number(text);
}

/** Resolves on the first SIGINT or SIGTERM (and stops listening for them). */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * `serve [--port N] [--open] [--allow-remote]`: the app's window for a browser, without Electron
 * (a server, a VM, a helpdesk session). The page gets the same `window.shadowdesk` API as in
 * Electron, over a WebSocket to this process, which calls the VSS host like every other command.
 * Runs until SIGINT or SIGTERM, then closes the server (the host is closed by main.ts).
 */
export async function serveCommand(ctx: CliContext): Promise<number> {
  const { lang, io } = ctx;
  const port = parsePort(ctx.flags.port);
  const rendererDir = rendererDirectory();
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new AppError(
      'RENDERER_MISSING',
      {
        en: `The window's files are not built yet (there is no index.html in ${rendererDir}). Run npm run build, then start serve again.`,
        it: `I file della finestra non sono ancora compilati (manca index.html in ${rendererDir}). Eseguire npm run build, poi avviare di nuovo serve.`,
      },
    );
  }
  let server;
  try {
    server = await startServer({
      port,
      host: ctx.flags.allowRemote ? '0.0.0.0' : '127.0.0.1',
      allowRemote: ctx.flags.allowRemote,
      rendererDir,
      transport: apiTransport(ctx.api),
      log: (line) => io.err(`serve: ${line}`),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError('PORT_IN_USE', {
        en: `Port ${port} is already in use. Choose another with --port, or leave it out to pick a free one.`,
        it: `La porta ${port} è già in uso. Sceglierne un'altra con --port, oppure ometterla per usarne una libera.`,
      });
    }
    throw err;
  }
  const stopped = untilStopped();
  ctx.print({ url: server.url, port: server.port }, () =>
    lang === 'it' ? `ShadowDesk è in esecuzione su ${server.url}` : `ShadowDesk is running at ${server.url}`,
  );
  if (ctx.flags.allowRemote) {
    io.err(
      lang === 'it'
        ? 'Attenzione: anche altri computer possono collegarsi, e il token attraversa la rete in chiaro. Usare solo su una rete fidata.'
        : 'Warning: other machines can connect, and the token crosses the network unencrypted. Use this only on a network you trust.',
    );
  }
  if (ctx.flags.open) openAppWindow(ctx, server.url);
  await stopped;
  await server.close();
  return 0;
}

function openAppWindow(ctx: CliContext, url: string): void {
  const noBrowser =
    ctx.lang === 'it'
      ? 'Non è stato trovato un browser Chromium, Chrome o Edge per aprire la finestra: aprire l\'indirizzo qui sopra in un browser.'
      : 'No Chromium, Chrome or Edge browser was found to open the window: open the address above in a browser.';
  const browser = findBrowser();
  if (!browser) {
    ctx.io.err(noBrowser);
    return;
  }
  const child = spawn(browser, appWindowArgs(url), { detached: true, stdio: 'ignore', windowsHide: false });
  child.on('error', (err) => ctx.io.err(`${noBrowser} (${browser}: ${err.message})`));
  child.unref();
}
