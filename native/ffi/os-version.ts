import { release, type as osType } from 'node:os';
import { loadSystemLibrary } from './libraries.js';

/** The operating system's version, as `selftest` reports it. */
export interface OsVersion {
  /** `Windows 10.0.22631` or `Linux 6.1.0-18-amd64`. */
  text: string;
  /** Where the numbers come from: RtlGetVersion (the true version) or Node's os.release(). */
  source: 'RtlGetVersion' | 'os.release';
  major?: number;
  minor?: number;
  build?: number;
}

/** sizeof(RTL_OSVERSIONINFOW): five ULONGs and WCHAR szCSDVersion[128] (wdm.h / winnt.h OSVERSIONINFOW). */
const RTL_OSVERSIONINFOW_SIZE = 5 * 4 + 128 * 2;

/**
 * The OS version. On Windows, ntdll's RtlGetVersion: unlike GetVersionEx it is not shimmed to the
 * version in the exe's compatibility manifest, so a report from a real machine says which build it
 * really is (RtlGetVersion on Microsoft Learn). Elsewhere, os.type() and os.release().
 */
export function osVersion(platform: NodeJS.Platform = process.platform): OsVersion {
  if (platform !== 'win32') return { text: `${osType()} ${release()}`, source: 'os.release' };
  const RtlGetVersion = loadSystemLibrary('ntdll').func('int32_t __stdcall RtlGetVersion(void *info)');
  const info = Buffer.alloc(RTL_OSVERSIONINFOW_SIZE);
  info.writeUInt32LE(RTL_OSVERSIONINFOW_SIZE, 0);
  const status = RtlGetVersion(info) as number;
  if (status !== 0) return { text: `Windows ${release()}`, source: 'os.release' };
  const major = info.readUInt32LE(4);
  const minor = info.readUInt32LE(8);
  const build = info.readUInt32LE(12);
  let end = 20;
  while (end + 1 < info.length && (info[end] !== 0 || info[end + 1] !== 0)) end += 2;
  const csd = info.toString('utf16le', 20, end);
  return { text: `Windows ${major}.${minor}.${build}${csd ? ` ${csd}` : ''}`, source: 'RtlGetVersion', major, minor, build };
}
