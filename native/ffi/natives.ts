import koffi, { type LibraryHandle } from 'koffi';
import { loadVssLibraries, type VssLibraries } from './libraries.js';
import './structs.js';

/**
 * The flat (non-COM) functions ShadowDesk binds from vssapi, ole32, oleaut32 and kernel32, declared
 * once with explicit widths so they match on Win64 and on the Linux stand-in.
 */
export interface Natives {
  readonly libs: VssLibraries;
  CreateVssBackupComponentsInternal(out: [unknown]): number;
  VssFreeSnapshotPropertiesInternal(prop: Buffer | bigint): void;
  CoInitializeEx(reserved: null, coinit: number): number;
  CoInitializeSecurity(sd: null, cAuthSvc: number, asAuthSvc: null, r1: null, authnLevel: number, impLevel: number, authList: null, caps: number, r3: null): number;
  CoCreateInstance(clsid: unknown, outer: null, clsctx: number, iid: unknown, out: [unknown]): number;
  CoTaskMemFree(p: bigint | null): void;
  SysFreeString(p: bigint | null): void;
  FindFirstVolumeW(buf: Buffer, cch: number): bigint | null;
  FindNextVolumeW(h: bigint, buf: Buffer, cch: number): number;
  FindVolumeClose(h: bigint): number;
  GetVolumePathNamesForVolumeNameW(vol: string, buf: Buffer | null, cch: number, returned: [number]): number;
  GetVolumeInformationW(root: string, label: Buffer, cchLabel: number, serial: [number], maxComponent: [number], flags: [number], fsName: Buffer, cchFs: number): number;
  GetDiskFreeSpaceExW(dir: string, freeToCaller: [unknown], total: [unknown], totalFree: [unknown]): number;
  GetDriveTypeW(root: string): number;
  GetLastError(): number;
  SetThreadErrorMode(mode: number, old: [number]): number;
}

let bound: Natives | undefined;

/** Binds the flat functions (once per process). */
export function natives(): Natives {
  if (bound) return bound;
  const libs = loadVssLibraries();
  const { vssapi, ole32, oleaut32, kernel32 } = libs;
  bound = {
    libs,
    CreateVssBackupComponentsInternal: vssapi.func('int32_t __stdcall CreateVssBackupComponentsInternal(_Out_ void **ppBackup)'),
    VssFreeSnapshotPropertiesInternal: vssapi.func('void __stdcall VssFreeSnapshotPropertiesInternal(void *prop)'),
    CoInitializeEx: ole32.func('int32_t __stdcall CoInitializeEx(void *reserved, uint32_t coinit)'),
    CoInitializeSecurity: ole32.func(
      'int32_t __stdcall CoInitializeSecurity(void *sd, int32_t cAuthSvc, void *asAuthSvc, void *reserved1, uint32_t authnLevel, uint32_t impLevel, void *authList, uint32_t capabilities, void *reserved3)',
    ),
    CoCreateInstance: ole32.func('int32_t __stdcall CoCreateInstance(const GUID *clsid, void *outer, uint32_t clsctx, const GUID *iid, _Out_ void **ppv)'),
    CoTaskMemFree: ole32.func('void __stdcall CoTaskMemFree(void *p)'),
    SysFreeString: oleaut32.func('void __stdcall SysFreeString(void *bstr)'),
    ...bindKernel32(kernel32),
  } as Natives;
  return bound;
}

/**
 * Binds the kernel32 volume functions from `kernel32` (the stand-in, or the system's own: the Wine
 * suite runs the same enumeration code against Wine's real kernel32).
 */
export function bindKernel32(kernel32: LibraryHandle): Pick<Natives, 'FindFirstVolumeW' | 'FindNextVolumeW' | 'FindVolumeClose' | 'GetVolumePathNamesForVolumeNameW' | 'GetVolumeInformationW' | 'GetDiskFreeSpaceExW' | 'GetDriveTypeW' | 'GetLastError' | 'SetThreadErrorMode'> {
  return {
    FindFirstVolumeW: kernel32.func('void * __stdcall FindFirstVolumeW(void *buf, uint32_t cch)'),
    FindNextVolumeW: kernel32.func('int32_t __stdcall FindNextVolumeW(void *h, void *buf, uint32_t cch)'),
    FindVolumeClose: kernel32.func('int32_t __stdcall FindVolumeClose(void *h)'),
    GetVolumePathNamesForVolumeNameW: kernel32.func(
      'int32_t __stdcall GetVolumePathNamesForVolumeNameW(const char16_t *vol, void *buf, uint32_t cch, _Out_ uint32_t *returned)',
    ),
    GetVolumeInformationW: kernel32.func(
      'int32_t __stdcall GetVolumeInformationW(const char16_t *root, void *label, uint32_t cchLabel, _Out_ uint32_t *serial, _Out_ uint32_t *maxComponent, _Out_ uint32_t *flags, void *fsName, uint32_t cchFs)',
    ),
    GetDiskFreeSpaceExW: kernel32.func(
      'int32_t __stdcall GetDiskFreeSpaceExW(const char16_t *dir, _Out_ uint64_t *freeToCaller, _Out_ uint64_t *total, _Out_ uint64_t *totalFree)',
    ),
    GetDriveTypeW: kernel32.func('uint32_t __stdcall GetDriveTypeW(const char16_t *root)'),
    GetLastError: kernel32.func('uint32_t __stdcall GetLastError()'),
    SetThreadErrorMode: kernel32.func('int32_t __stdcall SetThreadErrorMode(uint32_t mode, _Out_ uint32_t *old)'),
  } as ReturnType<typeof bindKernel32>;
}

/** Decodes a NUL-terminated UTF-16 string at `ptr` (NULL gives null). */
export function readWideString(ptr: bigint | null | undefined): string | null {
  if (!ptr) return null;
  return koffi.decode(ptr, 'char16_t', -1) as string;
}

/** Decodes a BSTR and frees it with SysFreeString, as the SDK requires for BSTR out-parameters. */
export function takeBstr(ptr: bigint | null | undefined): string | null {
  if (!ptr) return null;
  try {
    return readWideString(ptr);
  } finally {
    natives().SysFreeString(ptr);
  }
}

/** Decodes a CoTaskMem string and frees it with CoTaskMemFree, as the SDK requires. */
export function takeTaskMemString(ptr: bigint | null | undefined): string | null {
  if (!ptr) return null;
  try {
    return readWideString(ptr);
  } finally {
    natives().CoTaskMemFree(ptr);
  }
}

/** Reads a UTF-16LE string out of a caller-owned buffer, up to its first NUL. */
export function bufferToString(buf: Buffer, offsetBytes = 0): string {
  let end = offsetBytes;
  while (end + 1 < buf.length && (buf[end] !== 0 || buf[end + 1] !== 0)) end += 2;
  return buf.toString('utf16le', offsetBytes, end);
}

/** Splits a REG_MULTI_SZ-style UTF-16 buffer (as GetVolumePathNamesForVolumeNameW fills it). */
export function multiSzToStrings(buf: Buffer, cch: number): string[] {
  const text = buf.toString('utf16le', 0, Math.min(buf.length, cch * 2));
  return text.split('\0').filter((s) => s.length > 0);
}
