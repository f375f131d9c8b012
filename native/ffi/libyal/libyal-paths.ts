import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the libyal libraries come from. They are Debian's packages, loaded by absolute path (the
 * project's rule for system libraries: no search path decides which code runs), lazily, only when an
 * image is opened, so neither the CLI's nor the host's start-up pays for them. This module does not
 * load koffi: asking what is installed costs a few stats.
 */

/** The libraries ShadowDesk binds, by short name: file name and the Debian package that ships it. */
export const LIBYAL_LIBRARIES = {
  bfio: { file: 'libbfio.so.1', pkg: 'libbfio1' },
  vshadow: { file: 'libvshadow.so.1', pkg: 'libvshadow1' },
  fsntfs: { file: 'libfsntfs.so.1', pkg: 'libfsntfs1' },
  qcow: { file: 'libqcow.so.1', pkg: 'libqcow1' },
  vhdi: { file: 'libvhdi.so.1', pkg: 'libvhdi1' },
  vmdk: { file: 'libvmdk.so.1', pkg: 'libvmdk1' },
  ewf: { file: 'libewf.so.2', pkg: 'libewf2' },
  smraw: { file: 'libsmraw.so.1', pkg: 'libsmraw1' },
} as const;

/** A libyal library by short name. */
export type LibyalName = keyof typeof LIBYAL_LIBRARIES;

const MULTIARCH: Partial<Record<string, string>> = {
  x64: 'x86_64-linux-gnu',
  arm64: 'aarch64-linux-gnu',
  arm: 'arm-linux-gnueabihf',
  ia32: 'i386-linux-gnu',
  riscv64: 'riscv64-linux-gnu',
  ppc64: 'powerpc64le-linux-gnu',
  s390x: 's390x-linux-gnu',
};

/** The folders a Debian-family system keeps shared libraries in, for this process's architecture. */
export function libraryDirs(arch: string = process.arch): string[] {
  const triplet = MULTIARCH[arch];
  const dirs = triplet ? [`/usr/lib/${triplet}`, `/lib/${triplet}`] : [];
  return [...dirs, '/usr/lib64', '/usr/lib', '/usr/local/lib'];
}

/** The absolute path of a library, or null when none of the known folders has it. */
export function locateLibrary(name: LibyalName, dirs: readonly string[] = libraryDirs()): string | null {
  for (const dir of dirs) {
    const p = path.join(dir, LIBYAL_LIBRARIES[name].file);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Which libraries are installed, and the Debian packages to install for the rest (cheap: only stats files). */
export function libyalAvailability(): { available: boolean; missing: string[] } {
  const missing: string[] = [];
  for (const name of Object.keys(LIBYAL_LIBRARIES) as LibyalName[]) {
    if (process.platform !== 'linux' || !locateLibrary(name)) missing.push(LIBYAL_LIBRARIES[name].pkg);
  }
  return { available: missing.length === 0, missing };
}

