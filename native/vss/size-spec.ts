import { AppError } from './app-error.js';
import type { StorageMax } from './types.js';

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, PB: 1024 ** 5 };

/**
 * Parses a shadow storage maximum as vssadmin accepts it: `2GB`, `500MB`, `10%`, `unbounded`, or a
 * byte count. Units are binary (1 GB = 1024³ bytes) as in vssadmin; `KiB`-style spellings work too.
 */
export function parseStorageMax(text: string): StorageMax {
  const t = text.trim().toUpperCase().replace(/\s+/g, '');
  if (t === 'UNBOUNDED' || t === 'UNLIMITED' || t === 'NONE') return { kind: 'unbounded' };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (pct) {
    const percent = Number(pct[1]);
    if (percent > 0 && percent <= 100) return { kind: 'percent', percent };
  }
  const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB|PB|KIB|MIB|GIB|TIB|PIB)?$/.exec(t);
  if (m) {
    const unit = (m[2] ?? 'B').replace('IB', 'B');
    const bytes = Math.floor(Number(m[1]) * UNITS[unit]!);
    if (bytes > 0) return { kind: 'bytes', bytes };
  }
  throw new AppError(
    'INVALID_SIZE',
    {
      en: `"${text}" is not a size: use a number with a unit (for example 2GB or 500MB), a percentage (10%), or "unbounded".`,
      it: `"${text}" non è una dimensione: usare un numero con unità (ad esempio 2GB o 500MB), una percentuale (10%) oppure "unbounded".`,
    },
  );
}

/** Bytes in a short human form (binary units, as Windows shows them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

/**
 * The documented minimum when Windows cannot be asked (no IVssSnapshotMgmt2): AddDiffArea's
 * llMaximumDiffSpace "must be at least 320 MB" (Microsoft Learn), the MinDiffAreaFileSize default.
 */
export const DEFAULT_MIN_STORAGE_BYTES = 320 * 1024 ** 2;

/**
 * Refuses a shadow storage maximum below what Windows accepts, in words and before VSS is asked:
 * AddDiffArea and ChangeDiffAreaMaximumSize refuse it with VSS_E_INSUFFICIENT_STORAGE, whose own
 * sentence ("not enough shadow storage space") would send the user looking for free space instead.
 * `bytes` is the maximum asked for (null = unbounded, always allowed).
 */
export function assertStorageMinimum(bytes: number | null, minBytes: number): void {
  if (bytes === null || bytes >= minBytes) return;
  throw storageBelowMinimum(bytes, minBytes);
}

/** The error for a maximum below the minimum, naming both sizes. */
export function storageBelowMinimum(bytes: number, minBytes: number): AppError {
  const min = formatBytes(minBytes);
  return new AppError('STORAGE_BELOW_MINIMUM', {
    en: `${formatBytes(bytes)} is below the smallest shadow storage Windows accepts, ${min}: choose ${min} or more, or "unbounded".`,
    it: `${formatBytes(bytes)} è meno dello spazio minimo per le copie shadow accettato da Windows, ${min}: scegliere ${min} o più, oppure "unbounded".`,
  });
}
