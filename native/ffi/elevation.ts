import { loadSystemLibrary } from './libraries.js';

const TOKEN_QUERY = 0x8;
const TOKEN_ELEVATION = 20;
const SW_SHOWNORMAL = 1;
const ERROR_CANCELLED = 1223;

/**
 * Whether this process runs elevated (Windows only; undefined elsewhere). VSS needs an elevated
 * administrator: with UAC, an administrator's programs run unelevated unless started "as
 * administrator", and VSS then answers E_ACCESSDENIED. Reads the token's TokenElevation.
 */
export function processIsElevated(): boolean | undefined {
  if (process.platform !== 'win32') return undefined;
  const advapi = loadSystemLibrary('advapi32');
  const k32 = loadSystemLibrary('kernel32');
  const GetCurrentProcess = k32.func('void * __stdcall GetCurrentProcess()');
  const CloseHandle = k32.func('int32_t __stdcall CloseHandle(void *h)');
  const OpenProcessToken = advapi.func('int32_t __stdcall OpenProcessToken(void *process, uint32_t access, _Out_ void **token)');
  const GetTokenInformation = advapi.func('int32_t __stdcall GetTokenInformation(void *token, int32_t cls, _Out_ uint32_t *info, uint32_t len, _Out_ uint32_t *returned)');
  const token: [unknown] = [null];
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, token)) return false;
  try {
    const elevated: [number] = [0];
    const returned: [number] = [0];
    if (!GetTokenInformation(token[0], TOKEN_ELEVATION, elevated, 4, returned)) return false;
    return elevated[0] !== 0;
  } finally {
    CloseHandle(token[0]);
  }
}

/** How starting a program elevated ended. */
export type RunAsResult = { started: true } | { started: false; declined: boolean; code: number };

/**
 * Starts `file` with `parameters` elevated (ShellExecuteW's "runas" verb: Windows shows the UAC
 * prompt). Returns at once; `declined` when the user said no.
 */
export function runAsAdministrator(file: string, parameters: string): RunAsResult {
  if (process.platform !== 'win32') return { started: false, declined: false, code: 0 };
  const shell32 = loadSystemLibrary('shell32');
  const k32 = loadSystemLibrary('kernel32');
  const GetLastError = k32.func('uint32_t __stdcall GetLastError()');
  const ShellExecuteW = shell32.func('intptr_t __stdcall ShellExecuteW(void *hwnd, const char16_t *verb, const char16_t *file, const char16_t *params, const char16_t *dir, int32_t show)');
  const instance = Number(ShellExecuteW(null, 'runas', file, parameters, null, SW_SHOWNORMAL));
  // ShellExecute reports success as a value above 32.
  if (instance > 32) return { started: true };
  const code = GetLastError();
  return { started: false, declined: code === ERROR_CANCELLED, code };
}
