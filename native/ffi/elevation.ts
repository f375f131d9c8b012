import koffi, { type TypeObject } from 'koffi';
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

// SHELLEXECUTEINFOW as shellapi.h declares it (Microsoft Learn, "SHELLEXECUTEINFOW structure"):
// 112 bytes on x64, hwnd at 8, nShow at 48, hProcess at 104 (checked against mingw-w64's
// shellapi.h, and by elevation.test.ts). HWND, HINSTANCE, HKEY and HANDLE are passed as intptr_t,
// their size and alignment, so a window handle received as a number needs no pointer conversion.
const SEE_MASK_NOASYNC = 0x100;
const SEE_MASK_UNICODE = 0x4000;
let shellExecuteInfo: TypeObject | undefined;

/** The koffi type of SHELLEXECUTEINFOW (defined once). */
export function shellExecuteInfoType(): TypeObject {
  shellExecuteInfo ??= koffi.struct('SHELLEXECUTEINFOW', {
    cbSize: 'uint32_t',
    fMask: 'uint32_t',
    hwnd: 'intptr_t',
    lpVerb: 'const char16_t *',
    lpFile: 'const char16_t *',
    lpParameters: 'const char16_t *',
    lpDirectory: 'const char16_t *',
    nShow: 'int32_t',
    hInstApp: 'intptr_t',
    lpIDList: 'void *',
    lpClass: 'const char16_t *',
    hkeyClass: 'intptr_t',
    dwHotKey: 'uint32_t',
    hIconOrMonitor: 'intptr_t',
    hProcess: 'intptr_t',
  });
  return shellExecuteInfo;
}

/**
 * Starts `file` with `parameters` elevated (ShellExecuteExW's "runas" verb: Windows shows the UAC
 * prompt). Returns once the prompt was answered; `declined` when the user said no.
 *
 * `parentWindow` is the app window's HWND. The host runs in a windowless utility process, and the
 * consent prompt raised without an owner window may open behind the app or only flash in the
 * taskbar, since Windows does not let a background process take the foreground; with the window as
 * owner (SHELLEXECUTEINFOW.hwnd, "a handle to the parent window, used to display any message boxes
 * that the system might produce") it comes up in front of the window the user clicked in.
 * SEE_MASK_NOASYNC: this process may end soon after (Microsoft: for callers that "will exit before
 * the activation completes").
 */
export function runAsAdministrator(file: string, parameters: string, parentWindow?: bigint): RunAsResult {
  if (process.platform !== 'win32') return { started: false, declined: false, code: 0 };
  const shell32 = loadSystemLibrary('shell32');
  const k32 = loadSystemLibrary('kernel32');
  const info = shellExecuteInfoType();
  const GetLastError = k32.func('uint32_t __stdcall GetLastError()');
  const ShellExecuteExW = shell32.func('int32_t __stdcall ShellExecuteExW(_Inout_ SHELLEXECUTEINFOW *info)');
  const sei = {
    cbSize: koffi.sizeof(info),
    fMask: SEE_MASK_NOASYNC | SEE_MASK_UNICODE,
    hwnd: parentWindow ?? 0n,
    lpVerb: 'runas',
    lpFile: file,
    lpParameters: parameters,
    lpDirectory: null,
    nShow: SW_SHOWNORMAL,
    hInstApp: 0n,
    lpIDList: null,
    lpClass: null,
    hkeyClass: 0n,
    dwHotKey: 0,
    hIconOrMonitor: 0n,
    hProcess: 0n,
  };
  if (ShellExecuteExW(sei)) return { started: true };
  const code = GetLastError();
  return { started: false, declined: code === ERROR_CANCELLED, code };
}
