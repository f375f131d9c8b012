import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import {
  Button, Text, Toolbar, ToolbarButton, ToolbarDivider, ToolbarGroup, ToolbarToggleButton, Tooltip, makeStyles, tokens,
} from '@fluentui/react-components';
import {
  ArrowUndo20Regular, Copy20Regular, DocumentBulletListClock20Regular, DocumentLock20Regular, FolderArrowRight20Regular, FolderOpen24Regular, PanelRight20Regular,
  TextBulletListSquareSearch20Regular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useLang } from '../../i18n/use-format';
import { selectFileWindowOperations, selectImageOpen } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { RestoreDialog } from '../restore/restore-dialog';
import type { BrowseEntry } from '../../api/contract-types';
import { childOf, fullPath, parentOf, parts } from './browse-paths';
import { CompareDialog } from './compare-dialog';
import { CopyPicker } from './copy-picker';
import { EntryMenu, type MenuAnchor } from './entry-menu';
import { comparable, exportable, restoreNames, type EntryCommands } from './entry-commands';
import { FileList } from './file-list';
import { FolderTree } from './folder-tree';
import { PreviewPane } from './preview-pane';
import { RemoteFilesNote, RestoreToDialog } from './restore-to-dialog';

const PREVIEW_KEY = 'shadowdesk.browse.preview';
/** Narrower than this (panes' width), the folder tree is hidden so the list keeps ~440 px. */
const TREE_BESIDE_PREVIEW = 960;
const TREE_ALONE = 660;
/** Arrowing through a list should not fetch every file it passes: wait this long on a row first. */
const PREVIEW_DELAY_MS = 150;
/** A rest of the pointer makes a drag's read-only copies only up to this much; pressing the button makes any. */
const HOVER_PREPARE_BYTES = 64 * 1024 * 1024;

/** Visually hidden, still read: the same rule as global.css's .visually-hidden. */
const HIDDEN = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

const useStyles = makeStyles({
  toolbar: { justifyContent: 'space-between', padding: `0 ${tokens.spacingHorizontalXXL}`, containerType: 'inline-size' },
  // When the toolbar runs out of room (a narrow window, or Italian's longer words), the commands that
  // act on one item keep their icon, their accessible name and a tooltip, and lose the visible label.
  narrowEn: { '@container (max-width: 900px)': { minWidth: 'auto' } },
  narrowIt: { '@container (max-width: 1100px)': { minWidth: 'auto' } },
  labelEn: { '@container (max-width: 900px)': HIDDEN },
  labelIt: { '@container (max-width: 1100px)': HIDDEN },
  // With Open read-only (the app on Windows) there is one command more: the labels give way sooner.
  narrowEnMore: { '@container (max-width: 1160px)': { minWidth: 'auto' } },
  narrowItMore: { '@container (max-width: 1380px)': { minWidth: 'auto' } },
  labelEnMore: { '@container (max-width: 1160px)': HIDDEN },
  labelItMore: { '@container (max-width: 1380px)': HIDDEN },
  group: { display: 'flex', alignItems: 'center', flexWrap: 'wrap' },
  where: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, paddingRight: tokens.spacingHorizontalXXL },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', marginLeft: 'auto', maxWidth: '50%' },
  crumbs: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    listStyle: 'none',
    margin: 0,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXXL}`,
  },
  sep: { color: tokens.colorNeutralForeground3, padding: `0 ${tokens.spacingHorizontalXXS}` },
  errors: { padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalS}` },
  panes: {
    flexGrow: 1,
    minWidth: 0,
    minHeight: 0,
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}`,
  },
  tree: {
    width: '200px',
    flexShrink: 0,
    minHeight: 0,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
});

/** A toolbar command on the current item; its label gives way to a tooltip when space runs out. */
function ItemCommand({ icon, label, disabled, more, onClick }: { icon: ReactElement; label: string; disabled: boolean; more: boolean; onClick(): void }) {
  const styles = useStyles();
  const lang = useLang();
  const narrow = more ? (lang === 'it' ? styles.narrowItMore : styles.narrowEnMore) : lang === 'it' ? styles.narrowIt : styles.narrowEn;
  const labelled = more ? (lang === 'it' ? styles.labelItMore : styles.labelEnMore) : lang === 'it' ? styles.labelIt : styles.labelEn;
  return (
    <Tooltip content={label} relationship="inaccessible" withArrow>
      <ToolbarButton icon={icon} disabledFocusable={disabled} onClick={onClick} className={narrow}>
        <span className={labelled}>{label}</span>
      </ToolbarButton>
    </Tooltip>
  );
}

function readPreviewPref(): boolean {
  try {
    return localStorage.getItem(PREVIEW_KEY) !== 'hidden';
  } catch {
    return true;
  }
}

function storePreviewPref(shown: boolean): void {
  try {
    if (shown) localStorage.removeItem(PREVIEW_KEY);
    else localStorage.setItem(PREVIEW_KEY, 'hidden');
  } catch {
    // Storage can be unavailable; the choice still holds for this run.
  }
}

/**
 * Browse a shadow copy: pick the copy on a timeline, walk its folders (tree, breadcrumb, list), see
 * the current file in the preview pane, and act on it from the toolbar or the context menu: Restore,
 * Restore to… (through the restore plan dialog, for one item, a selection or whole folders), Compare
 * with current, Previous versions, Copy path; in the app on Windows also Open read-only, and rows
 * dragged out to Explorer or another program (as read-only copies, never the copy's own files).
 */
export function BrowseView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const shadows = useAppStore((s) => s.shadows);
  const loadShadows = useAppStore((s) => s.loadShadows);
  // Only what this view shows: pages arriving while the list scrolls re-render the list, not the view.
  const shadowId = useAppStore((s) => s.browse.shadowId);
  const folder = useAppStore((s) => s.browse.folder);
  const browseError = useAppStore((s) => s.browse.error);
  const openFolder = useAppStore((s) => s.openFolder);
  const planRestore = useAppStore((s) => s.planRestore);
  const loadVersions = useAppStore((s) => s.loadVersions);
  const setView = useAppStore((s) => s.setView);
  const compareWithCurrent = useAppStore((s) => s.compareWithCurrent);
  const loadPreview = useAppStore((s) => s.loadPreview);
  const restoring = useAppStore((s) => s.restore !== null);
  const imageOpen = useAppStore(selectImageOpen);
  // Open read-only and dragging out hand files to Windows: only the app on Windows can, and only
  // this computer's files (another computer's come here by Restore to… this computer).
  const windowOperations = useAppStore(selectFileWindowOperations);
  const openReadOnly = useAppStore((s) => s.openReadOnly);
  const dragOut = useAppStore((s) => s.dragOut);
  const prepareDragOut = useAppStore((s) => s.prepareDragOut);
  const shellError = useAppStore((s) => s.shellError);
  const clearShellError = useAppStore((s) => s.clearShellError);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  // The entries picked, by name: the list keeps only the pages near where it is, so a selection made
  // further up may no longer be loaded when it is dragged out.
  const [picked, setPicked] = useState<ReadonlyMap<string, BrowseEntry>>(() => new Map());
  const [active, setActive] = useState(-1);
  const [askingTo, setAskingTo] = useState<string[] | null>(null);
  const [comparing, setComparing] = useState<BrowseEntry | null>(null);
  const [menu, setMenu] = useState<{ index: number; anchor: MenuAnchor } | null>(null);
  const current = useAppStore((s) => (active >= 0 ? s.browse.entries[active] ?? null : null));
  const menuEntry = useAppStore((s) => (menu ? s.browse.entries[menu.index] ?? null : null));
  const [showPreview, setShowPreview] = useState(readPreviewPref);
  const [copied, setCopied] = useState<{ text: string; ok: boolean; n: number } | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ index: number; n: number } | null>(null);

  // The copies are read again on showing Browse; when they are known already, after the open folder's
  // first page, so that page (what the user waits for) is not queued behind the list of copies.
  const firstPageIn = useAppStore((s) => s.browse.status !== 'loading');
  const refreshed = useRef(false);
  const copiesKnown = shadows.data !== null;
  useEffect(() => {
    if (refreshed.current || (copiesKnown && !firstPageIn)) return;
    refreshed.current = true;
    void loadShadows();
  }, [loadShadows, copiesKnown, firstPageIn]);
  // In a narrow window the list keeps its room: the tree gives way first (the breadcrumb remains).
  const [panesWidth, setPanesWidth] = useState(Number.POSITIVE_INFINITY);
  const observer = useRef<ResizeObserver | null>(null);
  const panes = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    observer.current = new ResizeObserver(([e]) => setPanesWidth(e?.contentRect.width ?? Number.POSITIVE_INFINITY));
    observer.current.observe(el);
  }, []);
  const showTree = panesWidth >= (showPreview ? TREE_BESIDE_PREVIEW : TREE_ALONE);
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
  const copy = copies.find((c) => c.id === shadowId) ?? null;

  // Open the newest copy when nothing is open yet (or the open one was deleted).
  useEffect(() => {
    if (copies.length > 0 && !copies.some((c) => c.id === shadowId)) void openFolder(copies[0]!.id, '');
  }, [copies, shadowId, openFolder]);

  const pathOf = (entry: BrowseEntry) => (copy ? fullPath(copy.volume, folder, entry.name) : '');

  const go = (id: string, to: string) => {
    // Keep the keyboard in the list when a folder is opened from it.
    const fromList = document.activeElement?.closest('[role="grid"]') != null;
    setSelected(new Set());
    setPicked(new Map());
    setActive(fromList ? 0 : -1);
    setMenu(null);
    void openFolder(id, to);
  };
  // Another copy of the same volume keeps the folder: the same place, earlier or later.
  const pickCopy = (id: string) => {
    const next = copies.find((c) => c.id === id);
    go(id, next && copy && next.volume === copy.volume ? folder : '');
  };
  const togglePreview = (shown: boolean) => {
    setShowPreview(shown);
    storePreviewPref(shown);
  };
  // Enter or a double-click: a folder opens in the list; a file shows the preview pane if it was folded.
  const openEntry = (entry: BrowseEntry) => {
    if (!copy) return;
    if (entry.kind === 'folder') go(copy.id, childOf(folder, entry.name));
    else if (!showPreview) togglePreview(true);
  };

  // The preview follows the current row, after a short pause so arrowing through rows stays light.
  const copyId = copy?.id ?? null;
  const previewPath = copy && current && current.kind === 'file' && current.status !== 'new' ? fullPath(copy.volume, folder, current.name) : null;
  useEffect(() => {
    if (!showPreview || !previewPath || !copyId) return;
    const timer = setTimeout(() => void loadPreview(previewPath, { shadowId: copyId }), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [showPreview, previewPath, copyId, loadPreview]);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const refocusRow = () => { if (active >= 0) setFocusRequest({ index: active, n: (focusRequest?.n ?? 0) + 1 }); };
  const commands: EntryCommands = {
    open: openEntry,
    restoreCount: (entry) => restoreNames(entry, selected).length,
    restore: (entry) => {
      const names = restoreNames(entry, selected);
      if (copy && names.length > 0) void planRestore({ shadowId: copy.id, paths: names.map((n) => fullPath(copy.volume, folder, n)) });
    },
    restoreInPlaceBlocked: imageOpen ? t('image.restoreInPlace') : null,
    restoreTo: (entry) => {
      const names = restoreNames(entry, selected);
      if (names.length > 0) setAskingTo(names);
    },
    canCompare: comparable,
    compare: (entry) => {
      if (!copy || !comparable(entry)) return;
      setComparing(entry);
      void compareWithCurrent(pathOf(entry), copy.id);
    },
    canVersions: (entry) => entry !== null && entry.kind !== 'link',
    versions: (entry) => {
      if (!copy || entry.kind === 'link') return;
      void loadVersions(pathOf(entry));
      setView('versions');
    },
    copyPath: (entry) => {
      const text = pathOf(entry);
      const done = (ok: boolean) => setCopied({ text, ok, n: (copied?.n ?? 0) + 1 });
      if (!navigator.clipboard) done(false);
      else void navigator.clipboard.writeText(text).then(() => done(true), () => done(false));
    },
    openReadOnly: windowOperations
      ? (entry) => { if (copy && exportable(entry)) void openReadOnly(copy.id, pathOf(entry)); }
      : null,
  };
  // A drag takes the selection when the row is part of it (its files; folders cannot be handed over), else the row.
  const dragFiles = (entry: BrowseEntry) => {
    if (!selected.has(entry.name)) return exportable(entry) ? [entry] : [];
    return [...selected].map((name) => picked.get(name)).filter((e): e is BrowseEntry => e !== undefined && exportable(e));
  };
  const dragFrom = (entry: BrowseEntry) => {
    if (!copy || !exportable(entry)) return;
    void dragOut(copy.id, dragFiles(entry).map((e) => pathOf(e)));
  };
  // The drag must start inside its dragstart, so its read-only copies are made before: when the
  // button goes down on the row, and already when the pointer rests on it (small files only: a
  // rest over a large video must not copy gigabytes).
  const prepareDragFrom = (entry: BrowseEntry, how: 'hover' | 'press') => {
    if (!copy || !exportable(entry)) return;
    const files = dragFiles(entry);
    if (how === 'hover' && files.reduce((sum, e) => sum + e.size, 0) > HOVER_PREPARE_BYTES) return;
    prepareDragOut(copy.id, files.map((e) => pathOf(e)));
  };

  const toolbarRestore = selected.size > 0 ? null : current;
  const restoreCount = commands.restoreCount(toolbarRestore);
  const restoreTip = commands.restoreInPlaceBlocked ?? (restoreCount === 0
    ? t('browse.tips.restoreNone')
    : selected.size > 0 ? t('browse.tips.restoreSelected', { count: restoreCount }) : t('browse.tips.restoreOne', { name: current?.name ?? '' }));
  const crumbs = parts(folder);

  return (
    <>
      <ViewHeader id="view-title" title={t('browse.title')} subtitle={t('browse.subtitle')}>
        <CopyPicker copies={copies} value={shadowId} onChange={pickCopy} />
      </ViewHeader>
      <RemoteFilesNote />

      <Toolbar
        aria-label={t('browse.commands')}
        className={styles.toolbar}
        checkedValues={{ panes: showPreview ? ['preview'] : [] }}
        onCheckedValueChange={(_, d) => { if (d.name === 'panes') togglePreview(d.checkedItems.includes('preview')); }}
      >
        <ToolbarGroup className={styles.group}>
          <Tooltip content={restoreTip} relationship="description" withArrow>
            <ToolbarButton appearance="primary" icon={<ArrowUndo20Regular />} disabledFocusable={restoreCount === 0 || imageOpen} onClick={() => commands.restore(toolbarRestore)}>
              {t('browse.restore')}
            </ToolbarButton>
          </Tooltip>
          <ToolbarButton icon={<FolderArrowRight20Regular />} disabledFocusable={restoreCount === 0} onClick={() => commands.restoreTo(toolbarRestore)}>
            {t('browse.restoreTo')}
          </ToolbarButton>
          <ToolbarDivider />
          <ItemCommand icon={<TextBulletListSquareSearch20Regular />} label={t('browse.compare')} more={windowOperations} disabled={!comparable(current)} onClick={() => { if (current) commands.compare(current); }} />
          <ItemCommand icon={<DocumentBulletListClock20Regular />} label={t('browse.versions')} more={windowOperations} disabled={!commands.canVersions(current)} onClick={() => { if (current) commands.versions(current); }} />
          {commands.openReadOnly && (
            <ItemCommand icon={<DocumentLock20Regular />} label={t('browse.openReadOnly')} more={windowOperations} disabled={!exportable(current)} onClick={() => { if (current) commands.openReadOnly?.(current); }} />
          )}
          <ItemCommand icon={<Copy20Regular />} label={t('browse.copyPath')} more={windowOperations} disabled={!current} onClick={() => { if (current) commands.copyPath(current); }} />
        </ToolbarGroup>
        <ToolbarGroup>
          <Tooltip content={t('browse.previewPane')} relationship="label" withArrow>
            <ToolbarToggleButton name="panes" value="preview" icon={<PanelRight20Regular />} appearance="subtle" />
          </Tooltip>
        </ToolbarGroup>
      </Toolbar>

      <div className={styles.where}>
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
        <Text role="status" className={styles.status} title={copied?.text}>
          {copied ? (copied.ok ? t('browse.pathCopied', { path: copied.text }) : t('browse.copyFailed')) : ''}
        </Text>
      </div>

      {(shadows.error || browseError || shellError) && (
        <div className={styles.errors}>
          {shellError && (
            <ErrorBar error={shellError.error} title={t(shellError.what === 'open' ? 'browse.openReadOnlyFailed' : 'browse.dragFailed')} onDismiss={clearShellError} />
          )}
          {shadows.error && <ErrorBar error={shadows.error} title={t('browse.loadCopiesFailed')} onRetry={() => void loadShadows()} />}
          {browseError && copy && <ErrorBar error={browseError} title={t('browse.loadFailed')} onRetry={() => go(copy.id, folder)} />}
        </div>
      )}

      {shadows.data === null && shadows.status !== 'error' && <LoadingState label={t('browse.loadingCopies')} />}
      {shadows.data !== null && copies.length === 0 && (
        <EmptyState icon={<FolderOpen24Regular />} title={t('browse.noCopiesTitle')} body={t('browse.noCopiesBody')} />
      )}

      {copy && (
        <div className={styles.panes} ref={panes}>
          {showTree && (
            <div className={styles.tree}>
              <FolderTree shadowId={copy.id} volume={copy.volume} folder={folder} onOpenFolder={(f) => go(copy.id, f)} />
            </div>
          )}
          <FileList
            label={t('browse.listLabel', { folder: fullPath(copy.volume, folder) })}
            selected={selected}
            active={active}
            onActiveChange={setActive}
            onToggle={(entry) => {
              const next = new Set(selected);
              if (!next.delete(entry.name)) {
                next.add(entry.name);
                setPicked(new Map(picked).set(entry.name, entry));
              }
              setSelected(next);
            }}
            onOpen={openEntry}
            onUp={() => { if (folder !== '') go(copy.id, parentOf(folder)); }}
            onMenu={(index, anchor) => setMenu({ index, anchor })}
            onDragOut={windowOperations ? dragFrom : undefined}
            onPrepareDragOut={windowOperations ? prepareDragFrom : undefined}
            focusRequest={focusRequest}
          />
          {showPreview && <PreviewPane copy={copy} folder={folder} entry={current} onOpenFolder={openEntry} />}
        </div>
      )}

      <EntryMenu
        entry={menuEntry}
        anchor={menu?.anchor ?? null}
        commands={commands}
        onClose={() => {
          const index = menu?.index ?? active;
          setMenu(null);
          // Back to the row, unless a command opened a dialog (which takes the focus itself).
          requestAnimationFrame(() => {
            if (!document.querySelector('[role="dialog"], [role="alertdialog"]')) setFocusRequest({ index, n: (focusRequest?.n ?? 0) + 1 });
          });
        }}
      />
      {askingTo && (
        <RestoreToDialog
          count={askingTo.length}
          onCancel={() => { setAskingTo(null); refocusRow(); }}
          onContinue={(to, here) => {
            const names = askingTo;
            setAskingTo(null);
            if (copy) void planRestore({ shadowId: copy.id, paths: names.map((n) => fullPath(copy.volume, folder, n)), to }, { here });
          }}
        />
      )}
      {comparing && copy && (
        <CompareDialog copy={copy} path={pathOf(comparing)} name={comparing.name} onClose={() => { setComparing(null); refocusRow(); }} />
      )}
      {restoring && <RestoreDialog />}
    </>
  );
}
