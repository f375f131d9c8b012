import { loadVssLibraries } from './libraries.js';
import { check } from './hresult.js';
import { bufferToString } from './natives.js';

const PATH_CCH = 4096;

/** Kinds of resources the stand-in counts, for the leak assertions. */
export const LIVE_KIND = { comObjects: 0, bstrs: 1, taskMem: 2 } as const;

/**
 * The stand-in's sim-only exports. They exist only in the `sim` backend: they tell where a shadow
 * copy's frozen files are, switch machines, drive the simulated clock, inject faults and count live
 * resources, which is how the tests prove every pointer and string is given back.
 */
export interface SimExtras {
  setRoot(root: string | null): void;
  root(): string;
  deviceFolder(deviceObject: string): string;
  volumeFolder(volume: string): string;
  setClock(filetime: bigint): void;
  liveCount(kind: keyof typeof LIVE_KIND): number;
  injectFault(method: string, hresult: number, count?: number): void;
  /** The process's COM global option `property` as IGlobalOptions::Set left it (COMGLB_EXCEPTION_HANDLING = 1). */
  comGlobalOption(property: number): bigint;
}

let extras: SimExtras | null | undefined;

/** The sim-only exports, or null when the process runs on real VSS. */
export function simExtras(): SimExtras | null {
  if (extras !== undefined) return extras;
  const libs = loadVssLibraries();
  if (libs.backend !== 'sim') return (extras = null);
  const lib = libs.vssapi;
  const setRoot = lib.func('int32_t ShadowDeskSimSetRoot(const char16_t *root)');
  const getRoot = lib.func('int32_t ShadowDeskSimGetRoot(void *buf, uint32_t cch)');
  const deviceFolder = lib.func('int32_t ShadowDeskSimDeviceFolder(const char16_t *device, void *buf, uint32_t cch)');
  const volumeFolder = lib.func('int32_t ShadowDeskSimVolumeFolder(const char16_t *volume, void *buf, uint32_t cch)');
  const setClock = lib.func('int32_t ShadowDeskSimSetClock(int64_t filetime)');
  const liveCount = lib.func('uint32_t ShadowDeskSimLiveCount(uint32_t kind)');
  const injectFault = lib.func('int32_t ShadowDeskSimInjectFault(const char16_t *method, int32_t hresult, uint32_t count)');
  const comGlobalOption = lib.func('int32_t ShadowDeskSimComGlobalOption(int32_t property, _Out_ uint64_t *value)');
  const pathOut = (fn: (buf: Buffer) => number, op: string): string => {
    const buf = Buffer.alloc(PATH_CCH * 2);
    check(fn(buf), op);
    return bufferToString(buf);
  };
  extras = {
    setRoot: (root) => void check(setRoot(root), 'ShadowDeskSimSetRoot'),
    root: () => pathOut((b) => getRoot(b, PATH_CCH), 'ShadowDeskSimGetRoot'),
    deviceFolder: (device) => pathOut((b) => deviceFolder(device, b, PATH_CCH), `ShadowDeskSimDeviceFolder(${device})`),
    volumeFolder: (volume) => pathOut((b) => volumeFolder(volume, b, PATH_CCH), `ShadowDeskSimVolumeFolder(${volume})`),
    setClock: (ft) => void check(setClock(ft), 'ShadowDeskSimSetClock'),
    liveCount: (kind) => liveCount(LIVE_KIND[kind]) as number,
    injectFault: (method, hr, count = 1) => void check(injectFault(method, hr, count), 'ShadowDeskSimInjectFault'),
    comGlobalOption: (property) => {
      const out: [unknown] = [0n];
      check(comGlobalOption(property, out), 'ShadowDeskSimComGlobalOption');
      return BigInt(out[0] as number | bigint);
    },
  };
  return extras;
}
