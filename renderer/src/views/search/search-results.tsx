import { useEffect, useImperativeHandle, useRef, type KeyboardEvent, type Ref } from 'react';
import { Badge, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Document20Regular, Folder20Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { SearchHit } from '../../api/contract-types';
import { copyDateRange, hitFolder, hitName, newestCopy } from './hit-facts';
import { listRowStyle } from '../../components/list-row-style';

const ROW_HEIGHT = 56;
const COLUMNS = 'minmax(0, 1fr) 76px 128px 84px';

const useStyles = makeStyles({
  card: {
    minHeight: 0,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
  header: {
    display: 'grid',
    gridTemplateColumns: COLUMNS,
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    height: '36px',
    flexShrink: 0,
    padding: `0 ${tokens.spacingHorizontalL} 0 calc(${tokens.spacingHorizontalL} + 28px)`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
  },
  scroll: { flexGrow: 1, minHeight: 0, overflowY: 'auto', outline: 'none' },
  inner: { position: 'relative' },
  row: {
    ...listRowStyle,
    display: 'grid',
    gridTemplateColumns: `20px ${COLUMNS}`,
    // The folder runs under the whole row, so a long path is rarely cut.
    gridTemplateAreas: '"icon name copies dates size" "icon folder folder folder folder"',
    alignContent: 'center',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    rowGap: '2px',
    height: `${ROW_HEIGHT}px`,
    padding: `0 ${tokens.spacingHorizontalL}`,
    boxSizing: 'border-box',
    cursor: 'default',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected },
    // The Windows 11 selection pill at the start of the row.
    '::before': {
      content: '""',
      position: 'absolute',
      left: '3px',
      top: '16px',
      bottom: '16px',
      width: '3px',
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: tokens.colorCompoundBrandBackground,
    },
  },
  icon: { gridArea: 'icon', display: 'flex', color: tokens.colorNeutralForeground3 },
  folderIcon: { gridArea: 'icon', display: 'flex', color: tokens.colorPaletteMarigoldForeground1 },
  nameLine: { gridArea: 'name', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  folder: {
    gridArea: 'folder',
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    // Keep the end of a long path (the folder that holds it) visible: ellipsis at the start.
    direction: 'rtl',
    textAlign: 'left',
  },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  copies: { gridArea: 'copies' },
  dates: { gridArea: 'dates' },
  size: { gridArea: 'size' },
  badge: { flexShrink: 0 },
});

/** What the view can ask of the list: move focus into it. */
export interface SearchResultsHandle {
  focusSelected(): void;
}

/** Props of {@link SearchResults}. */
export interface SearchResultsProps {
  hits: SearchHit[];
  selected: string | null;
  /** Copy counts are final (the search went through every copy); otherwise shown as "N+". */
  countsFinal: boolean;
  label: string;
  onSelect(path: string): void;
  /** Enter or double-click: the result's previous versions. */
  onOpen(hit: SearchHit): void;
  handle?: Ref<SearchResultsHandle>;
}

/**
 * The results, one row per path, in a virtualized listbox (5,000 rows stay smooth): name and
 * folder, a Deleted badge, how many copies hold it, when they were made and the latest size.
 * Selection follows focus (↑ ↓ Home End PageUp PageDown); Enter opens its previous versions.
 */
export function SearchResults({ hits, selected, countsFinal, label, onSelect, onOpen, handle }: SearchResultsProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({ count: hits.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const selectedIndex = selected === null ? -1 : hits.findIndex((h) => h.path === selected);
  const tabIndexRow = selectedIndex >= 0 ? selectedIndex : 0;

  const focusRow = (index: number) => {
    if (hits.length === 0) return;
    const i = Math.max(0, Math.min(hits.length - 1, index));
    onSelect(hits[i]!.path);
    virtualizer.scrollToIndex(i);
    const row = () => scroller.current?.querySelector<HTMLElement>(`[data-row="${i}"]`);
    // A row already in the page takes focus at once (a held-down arrow key never outruns it); one
    // scrolled into view is rendered on the next frame.
    const now = row();
    if (now) now.focus();
    else requestAnimationFrame(() => row()?.focus());
  };
  useImperativeHandle(handle, () => ({ focusSelected: () => focusRow(tabIndexRow) }));

  // Coming back to the view shows the selected result again (once: later scrolling is the user's).
  const initialIndex = useRef(selectedIndex);
  useEffect(() => {
    if (initialIndex.current >= 0) virtualizer.scrollToIndex(initialIndex.current, { align: 'center' });
  }, [virtualizer]);

  const onKey = (e: KeyboardEvent, index: number, hit: SearchHit) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); focusRow(index + 1); break;
      case 'ArrowUp': e.preventDefault(); focusRow(index - 1); break;
      case 'Home': e.preventDefault(); focusRow(0); break;
      case 'End': e.preventDefault(); focusRow(hits.length - 1); break;
      case 'PageDown': e.preventDefault(); focusRow(index + page); break;
      case 'PageUp': e.preventDefault(); focusRow(index - page); break;
      case 'Enter': e.preventDefault(); onOpen(hit); break;
    }
  };

  return (
    <div className={styles.card}>
      <div className={styles.header} aria-hidden="true">
        <span>{t('search.colName')}</span>
        <span className={styles.num}>{t('search.colCopies')}</span>
        <span>{t('search.colDates')}</span>
        <span className={styles.num}>{t('search.colSize')}</span>
      </div>
      <div ref={scroller} className={styles.scroll} role="listbox" aria-label={label} data-testid="search-results">
        <div className={styles.inner} style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {virtualizer.getVirtualItems().map((item) => {
            const hit = hits[item.index]!;
            const name = hitName(hit);
            const folder = hitFolder(hit);
            const count = hit.copies.length;
            const copies = t(countsFinal ? 'search.copies' : 'search.copiesSoFar', { count, n: f.number(count) });
            const dates = copyDateRange(hit, f.lang);
            const size = hit.kind === 'folder' ? null : f.bytes(newestCopy(hit).size);
            const isSelected = item.index === selectedIndex;
            return (
              <div
                key={hit.path}
                role="option"
                data-row={item.index}
                data-testid="search-hit"
                aria-selected={isSelected}
                aria-setsize={hits.length}
                aria-posinset={item.index + 1}
                aria-label={t('search.rowLabel', {
                  name,
                  folder,
                  deleted: hit.existsNow ? '' : t('search.rowDeleted'),
                  copies,
                  dates,
                  size: size ? t('search.rowSize', { size }) : '',
                })}
                tabIndex={item.index === tabIndexRow ? 0 : -1}
                className={mergeClasses(styles.row, isSelected && styles.selected)}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => focusRow(item.index)}
                onDoubleClick={() => onOpen(hit)}
                onKeyDown={(e) => onKey(e, item.index, hit)}
              >
                <span className={hit.kind === 'folder' ? styles.folderIcon : styles.icon} aria-hidden="true">
                  {hit.kind === 'folder' ? <Folder20Regular /> : <Document20Regular />}
                </span>
                <span className={styles.nameLine}>
                  <span className={styles.name} title={name}>{name}</span>
                  {!hit.existsNow && <Badge className={styles.badge} appearance="tint" color="danger" shape="rounded" size="small">{t('search.deleted')}</Badge>}
                </span>
                {countsFinal ? (
                  <span className={mergeClasses(styles.meta, styles.num, styles.copies)}>{copies}</span>
                ) : (
                  <Tooltip content={t('search.copiesSoFarHint')} relationship="description">
                    <span className={mergeClasses(styles.meta, styles.num, styles.copies)}>{copies}</span>
                  </Tooltip>
                )}
                <span className={mergeClasses(styles.meta, styles.dates)} title={dates}>{dates}</span>
                <span className={mergeClasses(styles.meta, styles.num, styles.size)}>{size ?? t('search.folder')}</span>
                {/* An LRM keeps the backslashes in place inside the right-to-left ellipsis box. */}
                <span className={styles.folder} title={folder}>{`\u200E${folder}\u200E`}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
