import type { BrowseEntry } from '../../api/contract-types';
import { selectable } from './file-list';

/**
 * What can be done with an entry of the open folder, one implementation behind the toolbar and the
 * context menu so both always agree on what a command acts on.
 */
export interface EntryCommands {
  /** Opens a folder in the list. */
  open(entry: BrowseEntry): void;
  /** How many items Restore would act on, starting from this entry (0: it cannot be restored). */
  restoreCount(entry: BrowseEntry | null): number;
  restore(entry: BrowseEntry | null): void;
  /**
   * Why Restore (in place) is not offered, or null when it is: an open disk image is read-only, so
   * only Restore to… (a folder of this computer) works.
   */
  restoreInPlaceBlocked: string | null;
  restoreTo(entry: BrowseEntry | null): void;
  canCompare(entry: BrowseEntry | null): boolean;
  /** Opens the diff of this item in the copy against now. */
  compare(entry: BrowseEntry): void;
  canVersions(entry: BrowseEntry | null): boolean;
  /** Shows every distinct version of this item in Previous versions. */
  versions(entry: BrowseEntry): void;
  copyPath(entry: BrowseEntry): void;
  /**
   * Opens a file's version read-only in its default application; null where that cannot work (the
   * browser, the CLI's server, the app off Windows), so the command is not offered at all.
   */
  openReadOnly: ((entry: BrowseEntry) => void) | null;
}

/**
 * The names a restore acts on, Explorer's way: the selection when the entry is part of it (or when no
 * entry is given, as from the toolbar with a selection), else the entry alone.
 */
export function restoreNames(entry: BrowseEntry | null, selected: ReadonlySet<string>): string[] {
  if (selected.size > 0 && (entry === null || selected.has(entry.name))) return [...selected];
  return entry && selectable(entry) ? [entry.name] : [];
}

/** Compare needs the item in the copy, and a link is never followed. */
export function comparable(entry: BrowseEntry | null): boolean {
  return entry !== null && entry.status !== 'new' && entry.kind !== 'link';
}

/** Open read-only and dragging out need a file that is in the copy (links are never followed). */
export function exportable(entry: BrowseEntry | null): entry is BrowseEntry {
  return entry !== null && entry.kind === 'file' && entry.status !== 'new';
}
