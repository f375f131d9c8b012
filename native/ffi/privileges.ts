import koffi from 'koffi';
import { loadSystemLibrary } from './libraries.js';

const TOKEN_ADJUST_PRIVILEGES = 0x20;
const TOKEN_QUERY = 0x8;
const SE_PRIVILEGE_ENABLED = 0x2;
const ERROR_NOT_ALL_ASSIGNED = 1300;

/** Whether each privilege could be enabled in this process's token. */
export interface PrivilegeStatus {
  backup: boolean;
  restore: boolean;
}

/**
 * Enables SeBackupPrivilege and SeRestorePrivilege in the VSS host's token (Windows only). Shadow
 * copies keep their files' ACLs; with these privileges, and the FILE_FLAG_BACKUP_SEMANTICS that
 * Node's file layer (libuv) already passes to CreateFileW, the host can read a copy of a file whose
 * ACL would otherwise refuse it, and put it back. An unelevated process does not hold them: the
 * result says so and the host works on with ordinary access.
 */
export function enableBackupPrivileges(): PrivilegeStatus {
  if (process.platform !== 'win32') return { backup: false, restore: false };
  status ??= adjust();
  return status;
}

let status: PrivilegeStatus | undefined;

function adjust(): PrivilegeStatus {
  const advapi = loadSystemLibrary('advapi32');
  const k32 = loadSystemLibrary('kernel32');
  const LUID = koffi.struct('SD_LUID', { LowPart: 'uint32_t', HighPart: 'int32_t' });
  // TOKEN_PRIVILEGES with its one LUID_AND_ATTRIBUTES inlined; registered by name for the prototype.
  koffi.struct('SD_TOKEN_PRIVILEGES_1', { PrivilegeCount: 'uint32_t', Luid: LUID, Attributes: 'uint32_t' });
  const GetCurrentProcess = k32.func('void * __stdcall GetCurrentProcess()');
  const CloseHandle = k32.func('int32_t __stdcall CloseHandle(void *h)');
  const GetLastError = k32.func('uint32_t __stdcall GetLastError()');
  const OpenProcessToken = advapi.func('int32_t __stdcall OpenProcessToken(void *process, uint32_t access, _Out_ void **token)');
  const LookupPrivilegeValueW = advapi.func('int32_t __stdcall LookupPrivilegeValueW(const char16_t *system, const char16_t *name, _Out_ SD_LUID *luid)');
  const AdjustTokenPrivileges = advapi.func(
    'int32_t __stdcall AdjustTokenPrivileges(void *token, int32_t disableAll, SD_TOKEN_PRIVILEGES_1 *state, uint32_t len, void *previous, void *returned)',
  );
  const out: [unknown] = [null];
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, out)) return { backup: false, restore: false };
  const token = out[0];
  try {
    const enable = (name: string): boolean => {
      const luid = {};
      if (!LookupPrivilegeValueW(null, name, luid)) return false;
      const ok = AdjustTokenPrivileges(token, 0, { PrivilegeCount: 1, Luid: luid, Attributes: SE_PRIVILEGE_ENABLED }, 0, null, null);
      // AdjustTokenPrivileges "succeeds" without enabling a privilege the token does not hold.
      return ok !== 0 && GetLastError() !== ERROR_NOT_ALL_ASSIGNED;
    };
    return { backup: enable('SeBackupPrivilege'), restore: enable('SeRestorePrivilege') };
  } finally {
    CloseHandle(token);
  }
}
