import type { ShadowCopy } from '../../api/contract-types';

/** A row of the flattened timeline: a set's heading, or one copy of it. */
export type TimelineRow =
  | { kind: 'set'; key: string; setId: string; createdAt: string; copies: ShadowCopy[]; totalInSet: number }
  | { kind: 'copy'; key: string; copy: ShadowCopy; last: boolean };

/**
 * Groups copies by snapshot set, newest set first, and flattens them into rows for the virtualized
 * timeline (one list, so 64 copies per volume on many volumes still render only what is visible).
 * `volume` (a volume name) keeps only that volume's copies; a set still says how many it holds in all.
 */
export function timelineRows(shadows: readonly ShadowCopy[], volume: string | null): TimelineRow[] {
  const bySet = new Map<string, ShadowCopy[]>();
  for (const s of shadows) {
    const list = bySet.get(s.setId);
    if (list) list.push(s);
    else bySet.set(s.setId, [s]);
  }
  const sets = [...bySet.entries()].map(([setId, all]) => ({
    setId,
    all,
    shown: (volume ? all.filter((c) => c.volume.toLowerCase() === volume.toLowerCase()) : all).sort((a, b) => a.volume.localeCompare(b.volume)),
    createdAt: all.reduce((min, c) => (c.createdAt < min ? c.createdAt : min), all[0]!.createdAt),
  }));
  sets.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const rows: TimelineRow[] = [];
  for (const set of sets) {
    if (set.shown.length === 0) continue;
    rows.push({ kind: 'set', key: `set:${set.setId}`, setId: set.setId, createdAt: set.createdAt, copies: set.all, totalInSet: set.all.length });
    set.shown.forEach((copy, i) => rows.push({ kind: 'copy', key: `copy:${copy.id}`, copy, last: i === set.shown.length - 1 }));
  }
  return rows;
}
