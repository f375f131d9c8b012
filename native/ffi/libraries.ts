import koffi, { type LibraryHandle } from 'koffi';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Which VSS implementation the process talks to. */
export type Backend = 'windows' | 'sim';

/**
 * The four Windows libraries ShadowDesk binds. With the `sim` backend all four are the stand-in,
 * which exports the same names; nothing above this map knows which one it is talking to.
 */
export interface VssLibraries {
  readonly backend: Backend;
  readonly vssapi: LibraryHandle;
  readonly kernel32: LibraryHandle;
  readonly ole32: LibraryHandle;
  readonly oleaut32: LibraryHandle;
  /** Path of the stand-in when `backend` is `sim`. */
  readonly standinPath: string | undefined;
}

/** `SHADOWDESK_BACKEND`, defaulting to the real VSS on Windows and the stand-in elsewhere. */
export function selectBackend(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Backend {
  const wanted = env.SHADOWDESK_BACKEND?.trim().toLowerCase();
  if (wanted === 'windows' || wanted === 'sim') return wanted;
  if (wanted) throw new Error(`SHADOWDESK_BACKEND must be "windows" or "sim", not "${wanted}"`);
  return platform === 'win32' ? 'windows' : 'sim';
}

/** Root of the checkout or packaged app (this file lives at dist/native/ffi/). */
function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** Where the stand-in is: `SHADOWDESK_STANDIN`, else the build output for this platform. */
export function standinPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHADOWDESK_STANDIN) return env.SHADOWDESK_STANDIN;
  const file = process.platform === 'win32' ? 'shadowdesk-vss.dll' : 'libshadowdesk-vss.so';
  return path.join(packageRoot(), 'dist', 'standin', file);
}

let loaded: VssLibraries | undefined;

/** Loads (once per process) the libraries for the selected backend. */
export function loadVssLibraries(): VssLibraries {
  if (loaded) return loaded;
  const backend = selectBackend();
  if (backend === 'windows') {
    if (process.platform !== 'win32') throw new Error('The windows backend needs Windows; use SHADOWDESK_BACKEND=sim here.');
    loaded = {
      backend,
      vssapi: koffi.load('vssapi.dll'),
      kernel32: koffi.load('kernel32.dll'),
      ole32: koffi.load('ole32.dll'),
      oleaut32: koffi.load('oleaut32.dll'),
      standinPath: undefined,
    };
  } else {
    const file = standinPath();
    if (!existsSync(file)) throw new Error(`The VSS stand-in is not built (${file}); run "npm run build".`);
    const lib = koffi.load(file);
    loaded = { backend, vssapi: lib, kernel32: lib, ole32: lib, oleaut32: lib, standinPath: file };
  }
  return loaded;
}
