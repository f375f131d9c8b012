import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  Badge, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Select,
  makeStyles, mergeClasses, tokens, type BadgeProps,
} from '@fluentui/react-components';
import { ArrowUndo20Regular, Document20Regular, Folder20Regular, FolderOpen24Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import { RestoreDialog } from '../restore/restore-dialog';
import type { BrowseEntry, EntryStatus } from '../../api/contract-types';

const ROW_HEIGHT = 40;

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalS}`,
  },
  copy: { minWidth: '280px' },
  crumbs: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    listStyle: 'none',
    margin: 0,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalS}`,
  },
  sep: { color: tokens.colorNeutralForeground3, padding: `0 ${tokens.spacingHorizontalXXS}` },
  errors: { padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalS}` },
  grid: {
    flexGrow: 1,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    margin: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}`,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
  scroll: { flexGrow: 1, overflowY: 'auto', minHeight: 0 },
  inner: { position: 'relative' },
  row: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    display: 'grid',
    gridTemplateColumns: '40px minmax(0, 1fr) 110px 190px 150px',
    alignItems: 'center',
    height: `${ROW_HEIGHT}px`,
    padding: `0 ${tokens.spacingHorizontalS}`,
    boxSizing: 'border-box',
    cursor: 'default',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  header: {
    display: 'grid',
    gridTemplateColumns: '40px minmax(0, 1fr) 110px 190px 150px',
    alignItems: 'center',
    height: '36px',
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase200,
  },
  name: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  nameText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  icon: { display: 'flex', color: tokens.colorNeutralForeground3, flexShrink: 0 },
  folderIcon: { display: 'flex', color: tokens.colorPaletteMarigoldForeground1, flexShrink: 0 },
  num: { textAlign: 'right', paddingRight: tokens.spacingHorizontalL, fontVariantNumeric: 'tabular-nums' },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  dialogContent: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const BADGE: Record<EntryStatus, BadgeProps['color']> = { same: 'informative', changed: 'warning', deleted: 'danger', new: 'success' };

/** The volume-relative folder as its parts; '' is the root. */
function parts(folder: string): string[] {
  return folder === '' ? [] : folder.split('\\');
}

/** `C:\` + `Users\ana` + `todo.txt` → `C:\Users\ana\todo.txt`. */
function fullPath(volume: string, folder: string, name: string): string {
  const root = volume.endsWith('\\') ? volume : `${volume}\\`;
  return root + [...parts(folder), name].join('\\');
}

/**
 * Browse a shadow copy: pick the copy, walk folders (breadcrumb, Enter or double-click opens),
 * a virtualized, paged list with each entry marked against now, multi-select, and Restore /
 * Restore to… through the restore plan dialog. Keyboard: arrows move, Space selects, Enter opens.
 */
export function BrowseView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const shadows = useAppStore((s) => s.shadows);
  const loadShadows = useAppStore((s) => s.loadShadows);
  const browse = useAppStore((s) => s.browse);
  const openFolder = useAppStore((s) => s.openFolder);
  const loadMoreEntries = useAppStore((s) => s.loadMoreEntries);
  const planRestore = useAppStore((s) => s.planRestore);
  const restoring = useAppStore((s) => s.restore !== null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [active, setActive] = useState(0);
  const [askingTo, setAskingTo] = useState(false);
  const [destination, setDestination] = useState('C:\\Restored');
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => { void loadShadows(); }, [loadShadows]);
  // A finished (or abandoned) restore clears the selection it was made from.
  const [wasRestoring, setWasRestoring] = useState(restoring);
  if (wasRestoring !== restoring) {
    setWasRestoring(restoring);
    if (!restoring) setSelected(new Set());
  }

  const copies = useMemo(
    () => [...(shadows.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [shadows.data],
  );
  const copy = copies.find((c) => c.id === browse.shadowId) ?? null;

  // Open the newest copy when nothing is open yet (or the open one was deleted).
  useEffect(() => {
    if (copies.length > 0 && !copies.some((c) => c.id === browse.shadowId)) void openFolder(copies[0]!.id, '');
  }, [copies, browse.shadowId, openFolder]);

  const entries = browse.entries;
  const go = (shadowId: string, folder: string) => {
    setSelected(new Set());
    setActive(0);
    void openFolder(shadowId, folder);
  };

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (browse.cursor !== null && browse.status === 'ready' && lastIndex >= entries.length - 20) void loadMoreEntries();
  }, [lastIndex, entries.length, browse.cursor, browse.status, loadMoreEntries]);

  const open = (entry: BrowseEntry) => {
    if (entry.kind === 'folder' && copy) go(copy.id, [...parts(browse.folder), entry.name].join('\\'));
  };
  const selectable = (e: BrowseEntry) => e.status !== 'new' && e.kind !== 'link';
  const toggle = (name: string) => {
    const next = new Set(selected);
    if (!next.delete(name)) next.add(name);
    setSelected(next);
  };
  const focusRow = (index: number) => {
    const i = Math.max(0, Math.min(entries.length - 1, index));
    setActive(i);
    virtualizer.scrollToIndex(i);
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-row="${i}"]`)?.focus());
  };
  const onRowKey = (e: KeyboardEvent, index: number, entry: BrowseEntry) => {
    if (e.target !== e.currentTarget) return;
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); focusRow(index + 1); break;
      case 'ArrowUp': e.preventDefault(); focusRow(index - 1); break;
      case 'Home': e.preventDefault(); focusRow(0); break;
      case 'End': e.preventDefault(); focusRow(entries.length - 1); break;
      case 'PageDown': e.preventDefault(); focusRow(index + 10); break;
      case 'PageUp': e.preventDefault(); focusRow(index - 10); break;
      case 'Enter': e.preventDefault(); open(entry); break;
      case ' ': e.preventDefault(); if (selectable(entry)) toggle(entry.name); break;
      case 'Backspace': {
        e.preventDefault();
        if (copy && browse.folder !== '') go(copy.id, parts(browse.folder).slice(0, -1).join('\\'));
        break;
      }
    }
  };

  const paths = () => (copy ? [...selected].map((name) => fullPath(copy.volume, browse.folder, name)) : []);
  const restoreHere = () => { if (copy) void planRestore({ shadowId: copy.id, paths: paths() }); };
  const restoreTo = () => {
    if (!copy || destination.trim() === '') return;
    setAskingTo(false);
    void planRestore({ shadowId: copy.id, paths: paths(), to: destination.trim() });
  };
  const statusText = (s: EntryStatus) => t(`browse.status.${s}`);
  const crumbs = parts(browse.folder);
  const activeIndex = Math.min(active, Math.max(0, entries.length - 1));

  return (
    <>
      <ViewHeader id="view-title" title={t('browse.title')} subtitle={t('browse.subtitle')}>
        <Button appearance="primary" icon={<ArrowUndo20Regular />} disabled={selected.size === 0} onClick={restoreHere}>
          {t('browse.restore')}
        </Button>
        <Button disabled={selected.size === 0} onClick={() => setAskingTo(true)}>{t('browse.restoreTo')}</Button>
      </ViewHeader>

      <div className={styles.bar}>
        <Field label={t('browse.copy')} className={styles.copy}>
          <Select value={browse.shadowId ?? ''} onChange={(_, d) => go(d.value, '')} disabled={copies.length === 0}>
            {copies.map((c) => <option key={c.id} value={c.id}>{`${c.volume} — ${f.dateTime(c.createdAt)}`}</option>)}
          </Select>
        </Field>
      </div>

      {copy && (
        <nav aria-label={t('browse.breadcrumb')}>
          <ol className={styles.crumbs}>
            <li>
              <Button appearance="subtle" size="small" onClick={() => go(copy.id, '')} aria-current={crumbs.length === 0 ? 'location' : undefined}>
                {copy.volume}
              </Button>
            </li>
            {crumbs.map((name, i) => (
              <li key={`${i}-${name}`}>
                <span className={styles.sep} aria-hidden="true">›</span>
                <Button appearance="subtle" size="small" onClick={() => go(copy.id, crumbs.slice(0, i + 1).join('\\'))} aria-current={i === crumbs.length - 1 ? 'location' : undefined}>
                  {name}
                </Button>
              </li>
            ))}
          </ol>
        </nav>
      )}

      {(shadows.error || browse.error) && (
        <div className={styles.errors}>
          {shadows.error && <ErrorBar error={shadows.error} title={t('browse.loadCopiesFailed')} onRetry={() => void loadShadows()} />}
          {browse.error && copy && <ErrorBar error={browse.error} title={t('browse.loadFailed')} onRetry={() => go(copy.id, browse.folder)} />}
        </div>
      )}

      {shadows.data === null && shadows.status !== 'error' && <LoadingState label={t('browse.loadingCopies')} />}
      {shadows.data !== null && copies.length === 0 && (
        <EmptyState icon={<FolderOpen24Regular />} title={t('browse.noCopiesTitle')} body={t('browse.noCopiesBody')} />
      )}

      {copy && (
        <div
          className={styles.grid}
          role="grid"
          aria-label={t('browse.listLabel', { folder: fullPath(copy.volume, browse.folder, '') })}
          aria-rowcount={browse.total + 1}
          aria-multiselectable="true"
          aria-busy={browse.status === 'loading'}
        >
          <div role="row" aria-rowindex={1} className={styles.header}>
            <span role="columnheader"><span className="visually-hidden">{t('browse.colSelect')}</span></span>
            <span role="columnheader">{t('browse.colName')}</span>
            <span role="columnheader" className={styles.num}>{t('browse.colSize')}</span>
            <span role="columnheader">{t('browse.colModified')}</span>
            <span role="columnheader">{t('browse.colStatus')}</span>
          </div>
          <div ref={scroller} className={styles.scroll} role="rowgroup">
            {entries.length === 0 && browse.status === 'loading' && <div role="row"><span role="gridcell"><LoadingState label={t('browse.loading')} /></span></div>}
            {entries.length === 0 && browse.status === 'ready' && <div role="row"><span role="gridcell"><EmptyState icon={<FolderOpen24Regular />} title={t('browse.emptyFolder')} /></span></div>}
            <div className={styles.inner} style={{ height: `${virtualizer.getTotalSize()}px` }}>
              {items.map((item) => {
                const entry = entries[item.index]!;
                const isSelected = selected.has(entry.name);
                return (
                  <div
                    key={item.key}
                    role="row"
                    data-row={item.index}
                    data-testid="browse-row"
                    aria-rowindex={item.index + 2}
                    aria-selected={selectable(entry) ? isSelected : undefined}
                    tabIndex={item.index === activeIndex ? 0 : -1}
                    className={mergeClasses(styles.row, isSelected && styles.selected)}
                    style={{ transform: `translateY(${item.start}px)` }}
                    onFocus={() => setActive(item.index)}
                    onDoubleClick={() => open(entry)}
                    onKeyDown={(e) => onRowKey(e, item.index, entry)}
                  >
                    <span role="gridcell">
                      <Checkbox
                        tabIndex={-1}
                        aria-label={t('browse.select', { name: entry.name })}
                        checked={isSelected}
                        disabled={!selectable(entry)}
                        onChange={() => toggle(entry.name)}
                      />
                    </span>
                    <span role="gridcell" className={styles.name}>
                      <span className={entry.kind === 'folder' ? styles.folderIcon : styles.icon} aria-hidden="true">
                        {entry.kind === 'folder' ? <Folder20Regular /> : <Document20Regular />}
                      </span>
                      <span className={styles.nameText} title={entry.name}>{entry.name}</span>
                    </span>
                    <span role="gridcell" className={mergeClasses(styles.num, styles.meta)}>{entry.kind === 'folder' ? '' : f.bytes(entry.size)}</span>
                    <span role="gridcell" className={styles.meta}>{f.dateTime(entry.modifiedAt)}</span>
                    <span role="gridcell">
                      <Badge appearance="tint" color={BADGE[entry.status]} shape="rounded">{statusText(entry.status)}</Badge>
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}

      {askingTo && (
        <Dialog open onOpenChange={(_, d) => { if (!d.open) setAskingTo(false); }}>
          <DialogSurface>
            <form onSubmit={(e) => { e.preventDefault(); restoreTo(); }}>
              <DialogBody>
                <DialogTitle>{t('browse.restoreToTitle', { count: selected.size })}</DialogTitle>
                <DialogContent className={styles.dialogContent}>
                  <Field label={t('browse.destination')} hint={t('browse.destinationHint')} required>
                    <Input value={destination} onChange={(_, d) => setDestination(d.value)} />
                  </Field>
                </DialogContent>
                <DialogActions>
                  <Button type="submit" appearance="primary" disabled={destination.trim() === ''}>{t('browse.continue')}</Button>
                  <Button onClick={() => setAskingTo(false)}>{t('common.cancel')}</Button>
                </DialogActions>
              </DialogBody>
            </form>
          </DialogSurface>
        </Dialog>
      )}
      {restoring && <RestoreDialog />}
    </>
  );
}
