import type { FleetRow } from '../../api/contract-types';

/** A column the fleet table sorts by. */
export type FleetSortKey = 'target' | 'status' | 'elevated' | 'copies' | 'newest' | 'storage' | 'writers' | 'worst';

/** Which rows the fleet table shows: all, those that need a look, or those that did not answer. */
export type FleetFilter = 'all' | 'problems' | 'unreachable';

const SEVERITY_RANK = { critical: 3, warning: 2, info: 1 } as const;
const STATUS_RANK = { ok: 0, error: 1, timeout: 2, unreachable: 3 } as const;

/** Copies on all of a row's volumes. */
export function totalCopies(row: FleetRow): number {
  return row.volumes.reduce((n, v) => n + v.copies, 0);
}

/** The fullest storage area of a row, as a ratio of its maximum (null when none has a maximum). */
export function fullestStorage(row: FleetRow): number | null {
  let worst: number | null = null;
  for (const v of row.volumes) {
    if (v.storageUsedBytes === null || !v.storageMaxBytes) continue;
    const r = v.storageUsedBytes / v.storageMaxBytes;
    if (worst === null || r > worst) worst = r;
  }
  return worst;
}

/** True when a row needs a look: not reached, or with a warning or worse. */
export function needsLook(row: FleetRow): boolean {
  return row.status !== 'ok' || row.worst?.severity === 'critical' || row.worst?.severity === 'warning' || row.failedWriters.length > 0;
}

function sortValue(row: FleetRow, key: FleetSortKey): number | string {
  switch (key) {
    case 'target': return row.target.toLowerCase();
    case 'status': return STATUS_RANK[row.status];
    case 'elevated': return row.elevated === true ? 2 : row.elevated === false ? 1 : 0;
    case 'copies': return totalCopies(row);
    // No copy at all is the oldest of all.
    case 'newest': return row.status !== 'ok' ? -1 : row.newestCopyAgeHours ?? Number.MAX_SAFE_INTEGER;
    case 'storage': return fullestStorage(row) ?? -1;
    case 'writers': return row.failedWriters.length;
    case 'worst': return row.worst ? SEVERITY_RANK[row.worst.severity] : 0;
  }
}

/**
 * The rows the table shows, filtered (a text over target, host name and worst finding; a kind) and
 * sorted by one column, ties by target, so the order never jumps while rows stream in.
 */
export function fleetView(rows: FleetRow[], text: string, filter: FleetFilter, key: FleetSortKey, ascending: boolean): FleetRow[] {
  const q = text.trim().toLowerCase();
  const shown = rows.filter((r) => {
    if (filter === 'unreachable' && r.status === 'ok') return false;
    if (filter === 'problems' && !needsLook(r)) return false;
    if (!q) return true;
    return [r.target, r.hostname ?? '', r.worst?.title ?? ''].some((s) => s.toLowerCase().includes(q));
  });
  const dir = ascending ? 1 : -1;
  return shown.sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x < y) return -dir;
    if (x > y) return dir;
    return a.target.localeCompare(b.target);
  });
}

/** Saves text as a file in the browser (and in the app's window): the report's own CSV or Markdown. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
