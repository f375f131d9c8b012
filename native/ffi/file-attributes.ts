import { loadSystemLibrary } from './libraries.js';
import type { FileAttributesPort } from '../restore/shadow-source.js';

const INVALID_FILE_ATTRIBUTES = 0xffffffff;

let port: FileAttributesPort | null | undefined;

/**
 * Windows file attributes through the system's kernel32 (even with the sim backend: attributes
 * belong to files, not to VSS). Undefined off Windows, where Node's file modes are all there is.
 */
export function windowsFileAttributes(): FileAttributesPort | undefined {
  if (port !== undefined) return port ?? undefined;
  if (process.platform !== 'win32') {
    port = null;
    return undefined;
  }
  const k32 = loadSystemLibrary('kernel32');
  const getAttrs = k32.func('uint32_t __stdcall GetFileAttributesW(const char16_t *path)');
  const setAttrs = k32.func('int32_t __stdcall SetFileAttributesW(const char16_t *path, uint32_t attributes)');
  port = {
    get: (p) => {
      const a = getAttrs(p) as number;
      return a === INVALID_FILE_ATTRIBUTES ? null : a;
    },
    set: (p, a) => (setAttrs(p, a) as number) !== 0,
  };
  return port;
}
