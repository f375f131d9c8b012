import koffi, { type LibraryHandle } from 'koffi';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Which VSS implementation the process talks to. */
export type Backend = 'windows' | 'sim';

/** The system DLLs ShadowDesk binds, by the short name the code uses. */
export const SYSTEM_DLLS = {
  vssapi: 'vssapi.dll',
  kernel32: 'kernel32.dll',
  ole32: 'ole32.dll',
  oleaut32: 'oleaut32.dll',
  advapi32: 'advapi32.dll',
  shell32: 'shell32.dll',
  ntdll: 'ntdll.dll',
} as const;

/** A system DLL by short name. */
export type SystemDll = keyof typeof SYSTEM_DLLS;

/** The four libraries VSS work binds (the stand-in stands for all four with the `sim` backend). */
export type VssLibraryName = 'vssapi' | 'kernel32' | 'ole32' | 'oleaut32';

const VSS_LIBRARY_NAMES: readonly VssLibraryName[] = ['vssapi', 'kernel32', 'ole32', 'oleaut32'];

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
  /** Where each library was loaded from (always an absolute path), for `about` and `selftest`. */
  readonly plan: LibraryPlan;
}

/** The environment variables that choose the VSS implementation, and so are ignored when packaged. */
export const BACKEND_ENV_VARS = ['SHADOWDESK_BACKEND', 'SHADOWDESK_STANDIN'] as const;

/**
 * Whether the module at `modulePath` runs from an installed (packaged) app: it lies inside
 * `app.asar`. electron-builder packs the app into `resources\app.asar` and the OnlyLoadAppFromAsar
 * fuse refuses to run it from anywhere else (build/electron-builder.config.cjs), so the host's own
 * script path tells an installed app from a checkout. Unlike an environment variable, a user cannot
 * change where the installed script is: it lies in Program Files, which only administrators write.
 */
export function isPackagedLocation(modulePath: string): boolean {
  return modulePath.split(/[\\/]+/).some((segment) => segment.toLowerCase() === 'app.asar');
}

/** Whether this process runs from the installed app (see {@link isPackagedLocation}). */
export function isPackagedHost(): boolean {
  return isPackagedLocation(fileURLToPath(import.meta.url));
}

/**
 * Whether `SHADOWDESK_BACKEND` and `SHADOWDESK_STANDIN` are honoured. Not in the installed app on
 * Windows: the host may run elevated, and a user-level environment variable must not choose the DLL
 * an elevated process loads (issue 9, "DLL loading"). Tests, the checkout and the Linux packages
 * (which have nothing but the stand-in) keep them.
 */
export function backendEnvHonoured(platform: NodeJS.Platform, packaged: boolean): boolean {
  return !(platform === 'win32' && packaged);
}

/**
 * `SHADOWDESK_BACKEND`, defaulting to the real VSS on Windows and the stand-in elsewhere. In the
 * installed app on Windows the variable is ignored and the backend is always the real VSS.
 */
export function selectBackend(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, packaged: boolean = isPackagedHost()): Backend {
  const fallback: Backend = platform === 'win32' ? 'windows' : 'sim';
  if (!backendEnvHonoured(platform, packaged)) return fallback;
  const wanted = env.SHADOWDESK_BACKEND?.trim().toLowerCase();
  if (wanted === 'windows' || wanted === 'sim') return wanted;
  if (wanted) throw new Error(`SHADOWDESK_BACKEND must be "windows" or "sim", not "${wanted}"`);
  return fallback;
}

/** Root of the checkout or packaged app (this file lives at dist/native/ffi/). */
function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** Where the stand-in is: `SHADOWDESK_STANDIN` (where honoured), else the build output for this platform. */
export function standinPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, packaged: boolean = isPackagedHost(), root: string = packageRoot()): string {
  if (env.SHADOWDESK_STANDIN && backendEnvHonoured(platform, packaged)) return env.SHADOWDESK_STANDIN;
  const file = platform === 'win32' ? 'shadowdesk-vss.dll' : 'libshadowdesk-vss.so';
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(root, 'dist', 'standin', file);
}

/**
 * The absolute path of a system DLL: `systemDir` (what GetSystemDirectoryW answers, normally
 * C:\Windows\System32) joined with its file name. Loading by bare name would search the
 * application's folder (and the current folder) before System32 ("Dynamic-link library search
 * order" on Microsoft Learn), so a vssapi.dll planted beside the exe would run in an elevated host.
 */
export function systemLibraryPath(systemDir: string, dll: SystemDll): string {
  if (!path.win32.isAbsolute(systemDir) || /^[\\/](?![\\/])/.test(systemDir)) {
    throw new Error(`The system directory must be an absolute path with a drive or share, not "${systemDir}"`);
  }
  return path.win32.join(systemDir, SYSTEM_DLLS[dll]);
}

/** Where the process loads its VSS libraries from, and why: plain data, so it can be shown and tested. */
export interface LibraryPlan {
  backend: Backend;
  /** True when the host runs from the installed app (inside app.asar). */
  packaged: boolean;
  /** Absolute path of each library (with `sim`, all four are the stand-in). */
  paths: Record<VssLibraryName, string>;
  /** The stand-in's path with the `sim` backend. */
  standinPath?: string;
  /** Backend variables that were set but ignored, because this is the installed app on Windows. */
  ignoredEnv: string[];
}

/** What {@link planLibraries} decides from: every input a parameter, so the logic is tested anywhere. */
export interface PlanInput {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  packaged: boolean;
  /** GetSystemDirectoryW's answer; needed for the `windows` backend. */
  systemDir?: string;
  /** Root of the checkout or app (where dist/standin is). */
  root: string;
}

/**
 * Decides which backend runs and the absolute path of every library: System32 for the real VSS,
 * the stand-in for the simulated machine. Pure: no loading, no environment of its own.
 */
export function planLibraries(input: PlanInput): LibraryPlan {
  const { env, platform, packaged } = input;
  const backend = selectBackend(env, platform, packaged);
  const ignoredEnv = backendEnvHonoured(platform, packaged) ? [] : BACKEND_ENV_VARS.filter((v) => env[v] !== undefined && env[v] !== '');
  if (backend === 'windows') {
    if (platform !== 'win32') throw new Error('The windows backend needs Windows; use SHADOWDESK_BACKEND=sim here.');
    if (!input.systemDir) throw new Error('The windows backend needs the system directory (GetSystemDirectoryW).');
    const systemDir = input.systemDir;
    const paths = Object.fromEntries(VSS_LIBRARY_NAMES.map((n) => [n, systemLibraryPath(systemDir, n)])) as Record<VssLibraryName, string>;
    return { backend, packaged, paths, ignoredEnv };
  }
  const file = standinPath(env, platform, packaged, input.root);
  const paths = Object.fromEntries(VSS_LIBRARY_NAMES.map((n) => [n, file])) as Record<VssLibraryName, string>;
  return { backend, packaged, paths, standinPath: file, ignoredEnv };
}

const MAX_PATH_CCH = 32768;
let systemDirCache: string | undefined;

/**
 * GetSystemDirectoryW (Windows only): the folder every system DLL is loaded from. kernel32 itself
 * is found here by its bare name, which is safe for kernel32 alone: it is a KnownDLL (listed under
 * HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\KnownDLLs), and Windows maps KnownDLLs from
 * System32 without searching any folder ("Dynamic-link library search order"). Every library,
 * kernel32 included, is then loaded by the absolute path this returns, so the rule has no exception
 * to remember and `about`/`selftest` show one path per DLL.
 */
export function systemDirectory(): string {
  if (systemDirCache) return systemDirCache;
  if (process.platform !== 'win32') throw new Error('GetSystemDirectoryW exists only on Windows.');
  const k32 = koffi.load('kernel32.dll');
  const GetSystemDirectoryW = k32.func('uint32_t __stdcall GetSystemDirectoryW(void *buf, uint32_t cch)');
  const buf = Buffer.alloc(MAX_PATH_CCH * 2);
  const n = GetSystemDirectoryW(buf, MAX_PATH_CCH) as number;
  if (n === 0 || n >= MAX_PATH_CCH) throw new Error('GetSystemDirectoryW failed.');
  systemDirCache = buf.toString('utf16le', 0, n * 2);
  return systemDirCache;
}

const systemHandles = new Map<SystemDll, LibraryHandle>();

/**
 * A system DLL loaded by its absolute path in System32 (Windows only). advapi32, shell32 and the
 * system kernel32 (file attributes, tokens, ShellExecuteW) go through here even with the `sim`
 * backend: those calls are about the real process and files, not VSS.
 */
export function loadSystemLibrary(dll: SystemDll): LibraryHandle {
  let lib = systemHandles.get(dll);
  if (!lib) {
    lib = koffi.load(systemLibraryPath(systemDirectory(), dll));
    systemHandles.set(dll, lib);
  }
  return lib;
}

/** The plan for this process: its environment, platform, install location and system directory. */
export function currentLibraryPlan(env: NodeJS.ProcessEnv = process.env): LibraryPlan {
  const platform = process.platform;
  const packaged = isPackagedHost();
  const needsSystemDir = selectBackend(env, platform, packaged) === 'windows' && platform === 'win32';
  return planLibraries({ env, platform, packaged, root: packageRoot(), ...(needsSystemDir ? { systemDir: systemDirectory() } : {}) });
}

let loaded: VssLibraries | undefined;

/** Loads (once per process) the libraries for the selected backend, each by its absolute path. */
export function loadVssLibraries(): VssLibraries {
  if (loaded) return loaded;
  const plan = currentLibraryPlan();
  if (plan.backend === 'windows') {
    loaded = {
      backend: plan.backend,
      vssapi: koffi.load(plan.paths.vssapi),
      kernel32: koffi.load(plan.paths.kernel32),
      ole32: koffi.load(plan.paths.ole32),
      oleaut32: koffi.load(plan.paths.oleaut32),
      standinPath: undefined,
      plan,
    };
  } else {
    const file = plan.standinPath!;
    if (!existsSync(file)) throw new Error(`The VSS stand-in is not built (${file}); run "npm run build".`);
    const lib = koffi.load(file);
    loaded = { backend: plan.backend, vssapi: lib, kernel32: lib, ole32: lib, oleaut32: lib, standinPath: file, plan };
  }
  return loaded;
}

/**
 * Loads `file` by its absolute path (the self-test's "does this DLL load from here"); loading a
 * library twice only takes another reference to the same module.
 */
export function probeLibrary(file: string): void {
  if (!path.isAbsolute(file) && !path.win32.isAbsolute(file)) throw new Error(`Not an absolute path: ${file}`);
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  koffi.load(file);
}

/**
 * Every library this process binds, with its absolute path: the four VSS libraries of the plan and,
 * on Windows, the system DLLs loaded for tokens, ShellExecuteW and the OS version.
 */
export function allLibraryPaths(plan: LibraryPlan = currentLibraryPlan()): Record<string, string> {
  const out: Record<string, string> = { ...plan.paths };
  if (process.platform === 'win32') {
    const dir = systemDirectory();
    for (const dll of ['advapi32', 'shell32', 'ntdll'] as const) out[dll] = systemLibraryPath(dir, dll);
  }
  return out;
}
