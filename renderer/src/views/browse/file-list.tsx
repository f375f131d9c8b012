import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { makeStyles, mergeClasses, shorthands, tokens, type BadgeProps } from '@fluentui/react-components';
import { Document20Regular, Folder20Regular, FolderOpen24Regular, Link20Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSystemDark } from '../../app/use-system-dark';
import { EmptyState, LoadingState } from '../../components/states';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import type { BrowseEntry, EntryStatus } from '../../api/contract-types';
import { listRowStyle } from '../../components/list-row-style';
import { observeBoxRect, ScaledScrollElement, scrollBoxHeight, scrollShift } from './scaled-scroll';

/** Rows are a fixed height, so the virtualizer never measures and scrolling never shifts. */
export const ROW_HEIGHT = 40;
/**
 * How many columns fit: below 620 px the Modified column gives way (the preview pane shows the date),
 * below 400 px the Size column too; the name and the status against now always stay.
 */
type Density = 'full' | 'compact' | 'minimal';
function densityFor(width: number): Density {
  return width < 400 ? 'minimal' : width < 620 ? 'compact' : 'full';
}
/**
 * A jump (scrollbar dragged, a fling) waits this long for the list to settle before reading the pages
 * it shows, so racing through a 100,000-entry folder does not read every page it passes.
 */
const SCROLL_SETTLE_MS = 80;
/** How long the pointer rests on a draggable row before its files are made ready for a drag. */
const DRAG_HOVER_MS = 250;

const COLUMNS: Record<Density, string> = {
  full: '40px minmax(0, 1fr) 96px 176px 160px',
  compact: '40px minmax(0, 1fr) 88px 160px',
  minimal: '40px minmax(0, 1fr) 150px',
};

const useStyles = makeStyles({
  grid: {
    flexGrow: 1,
    minWidth: 0,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
  scroll: { flexGrow: 1, overflowY: 'auto', minHeight: 0 },
  inner: { position: 'relative' },
  header: {
    display: 'grid',
    alignItems: 'center',
    height: '36px',
    flexShrink: 0,
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
  },
  row: {
    ...listRowStyle,
    display: 'grid',
    alignItems: 'center',
    height: `${ROW_HEIGHT}px`,
    padding: `0 ${tokens.spacingHorizontalS}`,
  },
  current: { boxShadow: `inset 3px 0 0 ${tokens.colorCompoundBrandStroke}` },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected, ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected } },
  name: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  nameText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  icon: { display: 'flex', color: tokens.colorNeutralForeground3, flexShrink: 0 },
  folderIcon: { display: 'flex', color: tokens.colorPaletteMarigoldForeground1, flexShrink: 0 },
  num: { textAlign: 'right', paddingRight: tokens.spacingHorizontalL, fontVariantNumeric: 'tabular-nums' },
  checkCell: { display: 'flex', alignItems: 'center', paddingLeft: tokens.spacingHorizontalS },
  // A native checkbox and a plain tag instead of Fluent's Checkbox and Badge: rows mount by the dozen
  // on every scroll step, so each must be a few elements, not a few components. They look the same.
  check: {
    width: '16px',
    height: '16px',
    margin: 0,
    accentColor: tokens.colorCompoundBrandBackground,
    cursor: 'pointer',
    ':disabled': { cursor: 'default', opacity: 0.5 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  tag: {
    display: 'inline-flex',
    alignItems: 'center',
    boxSizing: 'border-box',
    height: '20px',
    maxWidth: '100%',
    padding: `0 ${tokens.spacingHorizontalSNudge}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid`,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase200,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  tag_same: { backgroundColor: tokens.colorNeutralBackground4, color: tokens.colorNeutralForeground3, ...shorthands.borderColor(tokens.colorNeutralStroke2) },
  tag_changed: { backgroundColor: tokens.colorPaletteYellowBackground1, color: tokens.colorPaletteYellowForeground1, ...shorthands.borderColor(tokens.colorPaletteYellowBorder1) },
  tag_deleted: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1, ...shorthands.borderColor(tokens.colorPaletteRedBorder1) },
  tag_new: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorPaletteGreenForeground1, ...shorthands.borderColor(tokens.colorPaletteGreenBorder1) },
  // A row whose page is on its way: a grey bar where the name will be.
  placeholderBar: { display: 'block', height: '10px', width: '40%', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground5 },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
});

/** The badge colour of each status, shared with the preview pane. */
export const STATUS_BADGE: Record<EntryStatus, BadgeProps['color']> = { same: 'informative', changed: 'warning', deleted: 'danger', new: 'success' };

/** Whether an entry can be picked for a restore: it must be in the copy, and links are never followed. */
export function selectable(e: BrowseEntry): boolean {
  return e.status !== 'new' && e.kind !== 'link';
}

/** What a row tells the list; one stable object, so rows that did not change skip rendering. */
interface RowHandlers {
  focus(index: number): void;
  key(e: KeyboardEvent<HTMLDivElement>, index: number): void;
  open(index: number): void;
  toggle(index: number): void;
  menu(e: MouseEvent<HTMLDivElement>, index: number): void;
  dragStart(e: DragEvent<HTMLDivElement>, index: number): void;
  /** The pointer rests on a draggable row (index), or left it (null): its files are made ready for a drag. */
  dragHover(index: number | null): void;
  /** The mouse button went down on a draggable row: a drag may follow at once. */
  dragPress(index: number): void;
}

interface RowProps {
  /** Undefined while the row's page is not loaded: the row is a placeholder (still focusable). */
  entry: BrowseEntry | undefined;
  index: number;
  start: number;
  selected: boolean;
  current: boolean;
  tabbable: boolean;
  density: Density;
  /** True when the row can be dragged out of the window (the app on Windows, a file in the copy). */
  draggable: boolean;
  handlers: RowHandlers;
  t: TFunction;
  f: ReturnType<typeof useFormat>;
}

/**
 * One row, memoized: while scrolling only rows that come into view render; the ones already there
 * keep their DOM untouched. No menu, tooltip or other Fluent component per row: the context menu is
 * one shared instance. A row whose page is not loaded yet is the same element (so focus stays on it
 * when its entry arrives) holding a placeholder.
 */
const FileRow = memo(function FileRow({ entry, index, start, selected, current, tabbable, density, draggable, handlers, t, f }: RowProps) {
  const styles = useStyles();
  // What a row is whether its entry has arrived or not: its place, focus and keys.
  const row = {
    role: 'row',
    'data-row': index,
    'aria-rowindex': index + 2,
    tabIndex: tabbable ? 0 : -1,
    style: { transform: `translateY(${start}px)`, gridTemplateColumns: COLUMNS[density] },
    onFocus: () => handlers.focus(index),
    onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => handlers.key(e, index),
  };
  if (!entry) {
    return (
      <div {...row} data-testid="browse-row-placeholder" className={mergeClasses(styles.row, current && styles.current)}>
        <span role="gridcell" />
        <span role="gridcell" className={styles.name}>
          <span className={styles.placeholderBar} aria-hidden="true" />
          <span className="visually-hidden">{t('browse.rowLoading')}</span>
        </span>
      </div>
    );
  }
  const canSelect = selectable(entry);
  return (
    <div
      {...row}
      data-testid="browse-row"
      aria-selected={canSelect ? selected : undefined}
      className={mergeClasses(styles.row, current && styles.current, selected && styles.selected)}
      onDoubleClick={() => handlers.open(index)}
      onContextMenu={(e) => handlers.menu(e, index)}
      draggable={draggable || undefined}
      onDragStart={draggable ? (e) => handlers.dragStart(e, index) : undefined}
      onPointerEnter={draggable ? () => handlers.dragHover(index) : undefined}
      onPointerLeave={draggable ? () => handlers.dragHover(null) : undefined}
      onPointerDown={draggable ? (e) => { if (e.button === 0) handlers.dragPress(index); } : undefined}
    >
      <span role="gridcell" className={styles.checkCell}>
        <input
          type="checkbox"
          className={styles.check}
          tabIndex={-1}
          aria-label={t('browse.select', { name: entry.name })}
          checked={selected}
          disabled={!canSelect}
          onChange={() => handlers.toggle(index)}
        />
      </span>
      <span role="gridcell" className={styles.name}>
        <span className={entry.kind === 'folder' ? styles.folderIcon : styles.icon} aria-hidden="true">
          {entry.kind === 'folder' ? <Folder20Regular /> : entry.kind === 'link' ? <Link20Regular /> : <Document20Regular />}
        </span>
        <span className={styles.nameText} title={entry.name}>{entry.name}</span>
      </span>
      {density !== 'minimal' && <span role="gridcell" className={mergeClasses(styles.num, styles.meta)}>{entry.kind === 'folder' ? '' : f.bytes(entry.size)}</span>}
      {density === 'full' && <span role="gridcell" className={styles.meta}>{f.dateTime(entry.modifiedAt)}</span>}
      <span role="gridcell">
        <span className={mergeClasses(styles.tag, styles[`tag_${entry.status}`])}>{t(`browse.status.${entry.status}`)}</span>
      </span>
    </div>
  );
});

/** Props of {@link FileList}. */
export interface FileListProps {
  /** Accessible name: "Files in C:\Users\ana". */
  label: string;
  selected: ReadonlySet<string>;
  /** The current row (focus, preview and single-item commands follow it); -1 for none yet. */
  active: number;
  onActiveChange(index: number): void;
  onToggle(entry: BrowseEntry): void;
  onOpen(entry: BrowseEntry): void;
  onUp(): void;
  /** Opens the shared context menu for a row, at the pointer or (keyboard) at the row. */
  onMenu(index: number, at: { x: number; y: number } | HTMLElement): void;
  /** Asks the list to focus a row (after the menu closes, say); bump `focusRequest` to repeat. */
  focusRequest?: { index: number; n: number } | null;
  /** Drags a row (or the selection it is part of) out of the window; absent where that cannot work. */
  onDragOut?(entry: BrowseEntry): void;
  /** Makes a row's files ready for a drag out, before it (see the store's prepareDragOut). */
  onPrepareDragOut?(entry: BrowseEntry, how: 'hover' | 'press'): void;
}

/**
 * The open folder as a virtualized random-access grid (TanStack Virtual, fixed 40 px rows): the first
 * page gives the folder's size, every row has its place, and only the pages shown are read (by
 * offset; placeholders until they arrive), each entry marked against now. Keyboard: arrows, Page Up/Down, Home/End move,
 * Space selects, Enter opens a folder, Backspace goes up, Shift+F10 or the Menu key opens the menu.
 */
export function FileList({ label, selected, active, onActiveChange, onToggle, onOpen, onUp, onMenu, focusRequest, onDragOut, onPrepareDragOut }: FileListProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const browse = useAppStore((s) => s.browse);
  const loadRange = useAppStore((s) => s.loadRange);
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const [density, setDensity] = useState<Density>('full');
  // Sparse: entries[i] is row i once its page is loaded (see BrowseFolder.entries).
  const entries = browse.entries;
  const total = browse.total;
  // The browser draws the native checkboxes: in the dark theme they must be drawn dark (color-scheme inherits).
  const themePref = useAppStore((s) => s.themePref);
  const systemDark = useSystemDark();
  const dark = themePref === 'dark' || (themePref === 'system' && systemDark);

  useLayoutEffect(() => {
    const el = grid.current;
    if (!el) return;
    const observer = new ResizeObserver(([e]) => setDensity(densityFor(e?.contentRect.width ?? 1000)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Past 15 million px (375,000 rows) the box stops growing and its offsets are scaled: the virtualizer
  // scrolls a ScaledScrollElement over the box (see scaled-scroll).
  const listPx = useRef(0);
  useLayoutEffect(() => { listPx.current = total * ROW_HEIGHT; });
  const scaledBox = useRef<ScaledScrollElement | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({
    // Every row of the folder has its place from the first page on: the scrollbar is the whole folder.
    count: total,
    getScrollElement: () => {
      const box = scroller.current;
      if (!box) return null;
      if (scaledBox.current?.box !== box) scaledBox.current = new ScaledScrollElement(box, () => listPx.current);
      // TanStack uses only the members ScaledScrollElement has (checked in browse-huge.spec.ts).
      return scaledBox.current as unknown as HTMLDivElement;
    },
    observeElementRect: observeBoxRect,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const shift = scrollShift(virtualizer.scrollOffset ?? 0, virtualizer.getTotalSize(), virtualizer.scrollRect?.height ?? 0);
  const items = virtualizer.getVirtualItems();
  const firstIndex = items.length > 0 ? items[0]!.index : -1;
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  // Read the pages the list shows. A step of less than a screen (a wheel, the arrows) reads at once;
  // a jump waits for the list to settle, so only where it stops is read.
  const shown = useRef({ first: -1, last: -1 });
  useEffect(() => {
    if (browse.status !== 'ready' || lastIndex < 0) return;
    const prev = shown.current;
    shown.current = { first: firstIndex, last: lastIndex };
    if (prev.first >= 0 && Math.abs(firstIndex - prev.first) <= lastIndex - firstIndex + 1) {
      void loadRange(firstIndex, lastIndex);
      return;
    }
    const timer = setTimeout(() => void loadRange(firstIndex, lastIndex), SCROLL_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [firstIndex, lastIndex, browse.status, browse.shadowId, browse.folder, loadRange]);

  const focusRow = (index: number) => {
    if (total === 0) return;
    const i = Math.max(0, Math.min(total - 1, index));
    // A keyboard jump (End, Home) reads the target's page now, not after the list settles.
    void loadRange(Math.max(0, i - 30), i + 30);
    onActiveChange(i);
    virtualizer.scrollToIndex(i);
    // A neighbour is already rendered (overscan): focus it now, so a key pressed right after lands on it.
    const row = () => scroller.current?.querySelector<HTMLElement>(`[data-row="${i}"]`);
    const now = row();
    if (now) now.focus();
    else requestAnimationFrame(() => row()?.focus());
  };
  useEffect(() => {
    if (focusRequest) requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-row="${focusRequest.index}"]`)?.focus());
  }, [focusRequest]);

  // The latest callbacks behind one stable object, so memoized rows do not re-render on every scroll frame.
  const latest = useRef({ entries, total, focusRow, onActiveChange, onToggle, onOpen, onUp, onMenu, onDragOut, onPrepareDragOut });
  useLayoutEffect(() => { latest.current = { entries, total, focusRow, onActiveChange, onToggle, onOpen, onUp, onMenu, onDragOut, onPrepareDragOut }; });
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(hoverTimer.current), []);
  const handlers = useMemo<RowHandlers>(() => ({
    focus: (index) => latest.current.onActiveChange(index),
    open: (index) => { const e = latest.current.entries[index]; if (e) latest.current.onOpen(e); },
    toggle: (index) => { const e = latest.current.entries[index]; if (e && selectable(e)) latest.current.onToggle(e); },
    menu: (e, index) => {
      e.preventDefault();
      latest.current.onActiveChange(index);
      latest.current.onMenu(index, e.clientX === 0 && e.clientY === 0 ? e.currentTarget : { x: e.clientX, y: e.clientY });
    },
    dragStart: (e, index) => {
      // The browser's own drag carries no files; the main process starts a native one with read-only copies.
      e.preventDefault();
      const entry = latest.current.entries[index];
      if (entry) latest.current.onDragOut?.(entry);
    },
    // A short rest on a row, not every row the pointer crosses.
    dragHover: (index) => {
      clearTimeout(hoverTimer.current);
      if (index === null) return;
      hoverTimer.current = setTimeout(() => {
        const entry = latest.current.entries[index];
        if (entry) latest.current.onPrepareDragOut?.(entry, 'hover');
      }, DRAG_HOVER_MS);
    },
    dragPress: (index) => {
      const entry = latest.current.entries[index];
      if (entry) latest.current.onPrepareDragOut?.(entry, 'press');
    },
    key: (e, index) => {
      if (e.target !== e.currentTarget) return;
      const { entries: list, total: count, focusRow: go } = latest.current;
      // A placeholder row (its page on its way) moves like any row; what acts on an entry waits for it.
      const entry = list[index];
      if (entry && (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) {
        e.preventDefault();
        latest.current.onMenu(index, e.currentTarget);
        return;
      }
      switch (e.key) {
        case 'ArrowDown': e.preventDefault(); go(index + 1); break;
        case 'ArrowUp': e.preventDefault(); go(index - 1); break;
        case 'Home': e.preventDefault(); go(0); break;
        case 'End': e.preventDefault(); go(count - 1); break;
        case 'PageDown': e.preventDefault(); go(index + 10); break;
        case 'PageUp': e.preventDefault(); go(index - 10); break;
        case 'Enter': e.preventDefault(); if (entry) latest.current.onOpen(entry); break;
        case ' ': e.preventDefault(); if (entry && selectable(entry)) latest.current.onToggle(entry); break;
        case 'Backspace': e.preventDefault(); latest.current.onUp(); break;
      }
    },
  }), []);

  // One row is in the Tab order: the current one, or (scrolled far from it) the first one shown, so
  // the scrolling list always holds a row the keyboard can reach.
  const tabbable = active >= 0 && active < total && active >= firstIndex && active <= lastIndex ? active : Math.max(0, firstIndex);
  const columns = COLUMNS[density];

  return (
    <div
      ref={grid}
      className={styles.grid}
      role="grid"
      aria-label={label}
      aria-rowcount={browse.total + 1}
      aria-colcount={density === 'full' ? 5 : density === 'compact' ? 4 : 3}
      aria-multiselectable="true"
      aria-busy={browse.status === 'loading' || browse.pending.length > 0}
      style={{ colorScheme: dark ? 'dark' : 'light' }}
    >
      <div role="row" aria-rowindex={1} className={styles.header} style={{ gridTemplateColumns: columns }}>
        <span role="columnheader"><span className="visually-hidden">{t('browse.colSelect')}</span></span>
        <span role="columnheader">{t('browse.colName')}</span>
        {density !== 'minimal' && <span role="columnheader" className={styles.num}>{t('browse.colSize')}</span>}
        {density === 'full' && <span role="columnheader">{t('browse.colModified')}</span>}
        <span role="columnheader">{t('browse.colStatus')}</span>
      </div>
      <div ref={scroller} className={styles.scroll} role="rowgroup">
        {total === 0 && browse.status === 'loading' && <div role="row"><span role="gridcell"><LoadingState label={t('browse.loading')} /></span></div>}
        {total === 0 && browse.status === 'ready' && <div role="row"><span role="gridcell"><EmptyState icon={<FolderOpen24Regular />} title={t('browse.emptyFolder')} /></span></div>}
        <div className={styles.inner} style={{ height: `${scrollBoxHeight(virtualizer.getTotalSize())}px` }}>
          {items.map((item) => {
            const entry = entries[item.index];
            return (
              <FileRow
                key={item.key}
                entry={entry}
                index={item.index}
                start={item.start - shift}
                selected={entry !== undefined && selected.has(entry.name)}
                current={item.index === active}
                tabbable={item.index === tabbable}
                density={density}
                draggable={onDragOut !== undefined && entry !== undefined && entry.kind === 'file' && entry.status !== 'new'}
                handlers={handlers}
                t={t}
                f={f}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
