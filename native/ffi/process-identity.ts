import koffi from 'koffi';
import { loadSystemLibrary } from './libraries.js';
import type { ProcessIdentityPort, ProcessObservation } from '../restore/restore-journal.js';

// processthreadsapi.h / winnt.h / winbase.h
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const SYNCHRONIZE = 0x00100000;
const WAIT_OBJECT_0 = 0;
const WAIT_TIMEOUT = 0x102;

let port: ProcessIdentityPort | null | undefined;

/**
 * `ft:<creation FILETIME>` from the two DWORDs of a FILETIME: 100 ns units since 1601 UTC, the same
 * for a process as long as it exists and never given to two processes with one pid, across boots too.
 */
export function creationTimeText(low: number, high: number): string {
  return `ft:${((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString()}`;
}

/**
 * What Windows says about a pid, for the restore journal's owner check (Windows only; undefined
 * elsewhere, where the journal reads /proc). A pid is opened with PROCESS_QUERY_LIMITED_INFORMATION
 * (enough for GetProcessTimes, per its Microsoft Learn page, and granted even for protected
 * processes) plus SYNCHRONIZE for WaitForSingleObject. A process that has exited but whose object
 * another handle keeps alive is signalled (WaitForSingleObject returns WAIT_OBJECT_0 at once):
 * that is Windows' zombie, and counts as exited, never as the owner. GetExitCodeProcess's
 * STILL_ACTIVE is not used, because a process may exit with code 259. When OpenProcess fails, libuv's
 * `process.kill(pid, 0)` tells a pid that does not exist (ESRCH, ERROR_INVALID_PARAMETER) from one
 * we may not open.
 */
export function windowsProcessIdentity(): ProcessIdentityPort | undefined {
  if (port !== undefined) return port ?? undefined;
  if (process.platform !== 'win32') {
    port = null;
    return undefined;
  }
  const k32 = loadSystemLibrary('kernel32'); // by absolute path, as every system DLL (libraries.ts)
  koffi.struct('SD_FILETIME', { dwLowDateTime: 'uint32_t', dwHighDateTime: 'uint32_t' });
  const OpenProcess = k32.func('void * __stdcall OpenProcess(uint32_t access, int32_t inherit, uint32_t pid)');
  const CloseHandle = k32.func('int32_t __stdcall CloseHandle(void *h)');
  const WaitForSingleObject = k32.func('uint32_t __stdcall WaitForSingleObject(void *h, uint32_t ms)');
  const GetProcessTimes = k32.func(
    'int32_t __stdcall GetProcessTimes(void *h, _Out_ SD_FILETIME *creation, _Out_ SD_FILETIME *exit, _Out_ SD_FILETIME *kernel, _Out_ SD_FILETIME *user)',
  );
  const observe = (pid: number): ProcessObservation => {
    const h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, 0, pid >>> 0);
    if (!h) {
      try {
        process.kill(pid, 0);
        return { state: 'unknown' };
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === 'ESRCH' ? { state: 'gone' } : { state: 'unknown' };
      }
    }
    try {
      const waited = WaitForSingleObject(h, 0) as number;
      if (waited === WAIT_OBJECT_0) return { state: 'exited' };
      if (waited !== WAIT_TIMEOUT) return { state: 'unknown' };
      const creation = { dwLowDateTime: 0, dwHighDateTime: 0 };
      const unused = [{}, {}, {}];
      if (!GetProcessTimes(h, creation, unused[0], unused[1], unused[2])) return { state: 'running', start: null };
      return { state: 'running', start: creationTimeText(creation.dwLowDateTime, creation.dwHighDateTime) };
    } finally {
      CloseHandle(h);
    }
  };
  port = { observe };
  return port;
}
