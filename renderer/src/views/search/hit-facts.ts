import type { Lang } from '../../../../native/contract/errors';
import type { SearchHit, SearchHitCopy } from '../../api/contract-types';
import { dateTimeFormat } from '../../i18n/format';

/** The last part of the path: what people recognise a file by. A volume root is its own name. */
export function hitName(hit: SearchHit): string {
  const parts = hit.relative.split('\\');
  return parts[parts.length - 1] || hit.volume;
}

/** The volume-relative folder that holds the hit ('' for the root): what Browse opens. */
export function hitParentRelative(hit: SearchHit): string {
  return hit.relative.split('\\').slice(0, -1).join('\\');
}

/** The full path of the folder that holds the hit, e.g. `C:\Users\ana\Desktop`. */
export function hitFolder(hit: SearchHit): string {
  const root = hit.volume.endsWith('\\') ? hit.volume : `${hit.volume}\\`;
  return root + hitParentRelative(hit);
}

/** The hit's copies, newest first: the order people scan dates in. */
export function copiesNewestFirst(hit: SearchHit): SearchHitCopy[] {
  return [...hit.copies].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The newest copy holding the hit: its size is "the latest", and Browse opens it. */
export function newestCopy(hit: SearchHit): SearchHitCopy {
  return hit.copies.reduce((best, c) => (c.createdAt > best.createdAt ? c : best));
}

/** The oldest copy holding the hit. */
export function oldestCopy(hit: SearchHit): SearchHitCopy {
  return hit.copies.reduce((best, c) => (c.createdAt < best.createdAt ? c : best));
}

/**
 * "Nov 10 – 23, 2026" / "10–23 nov 2026": when the copies holding the hit were made, oldest to
 * newest, written the locale's way (one date when they fall on the same day).
 */
export function copyDateRange(hit: SearchHit, lang: Lang): string {
  const from = new Date(oldestCopy(hit).createdAt);
  const to = new Date(newestCopy(hit).createdAt);
  const fmt = dateTimeFormat(lang, { dateStyle: 'medium' });
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return '—';
  return fmt.formatRange(from, to);
}

/**
 * True when a copy differs from the next older one (size or modified time): a real change, not the
 * same file kept again, so the details pane can point at where the file changed.
 */
export function changedFromOlder(copies: SearchHitCopy[], index: number): boolean {
  const older = copies[index + 1];
  const c = copies[index];
  if (!c || !older) return false;
  return c.size !== older.size || c.modifiedAt !== older.modifiedAt;
}
