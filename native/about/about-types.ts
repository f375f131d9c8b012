import type { ComInitStatus } from '../ffi/com-init-types.js';

export type { ComCallResult, ComInitStatus } from '../ffi/com-init-types.js';

/** What this copy of ShadowDesk is, what it talks to, and where it keeps its own data. */
export interface AboutInfo {
  /** The app's version (package.json). */
  version: string;
  /** `windows`: the real VSS of this machine; `sim`: the embedded simulated machine. */
  backend: 'windows' | 'sim';
  /** The computer's own name (Windows' computer name, Linux's host name): the header shows it for another computer. */
  computerName: string;
  /** The OS the host runs on (`win32`, `linux`, …). */
  platform: string;
  /** Where ShadowDesk keeps the audit log and the restore journals (with their undo data). */
  dataDir: string;
  auditLog: string;
  restoresDir: string;
  /** Restores on record (each one can be undone while its journal is kept). */
  restores: number;
  /** Bytes the data folder holds, undo data included: what keeping history costs on disk. */
  dataBytes: number;
  /**
   * True when the window's own operations (a folder dialog, Show in Explorer) work: in the Electron
   * app on Windows. The window shows those buttons only then, rather than offering what would fail.
   */
  windowOperations: boolean;
  /**
   * What the VSS host's COM start-up returned (CoInitializeEx, CoInitializeSecurity, the exception
   * option), or null when COM could not be started at all. Shown because RPC_E_TOO_LATE means
   * another CoInitializeSecurity is in force, under which writers' callbacks may be refused.
   */
  com: ComInitStatus | null;
}
