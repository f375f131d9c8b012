import { type DragEvent, useEffect, useRef, useState } from 'react';
import { Badge, Button, Field, Input, Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss20Regular, DocumentBulletListClock24Regular, DocumentLock20Regular, FolderArrowRight20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { selectFileWindowOperations, selectImageOpen } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { RestoreToDialog } from '../browse/restore-to-dialog';
import { RestoreDialog } from '../restore/restore-dialog';
import type { Version } from '../../api/contract-types';
import { previewKey } from '../../store/browse-slice';
import { FilePreview } from '../browse/file-preview';
import { DiffView } from './diff-view';

/** A rest of the pointer makes a drag's read-only copy only up to this size; pressing the button makes any. */
const HOVER_PREPARE_BYTES = 64 * 1024 * 1024;

const useStyles = makeStyles({
  form: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}`,
  },
  path: { flexGrow: 1, maxWidth: '640px' },
  body: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}`,
  },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '1100px' },
  card: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  cardText: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: '240px' },
  meta: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  current: { color: tokens.colorNeutralForeground2 },
  opened: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    maxWidth: '1100px',
    height: '480px',
    flexShrink: 0,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    boxSizing: 'border-box',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  openedHead: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
});

/**
 * Previous versions of one path (also a deleted one): the distinct versions, newest first, each
 * with Open (a file in the same preview as Browse; a folder opens in Browse, in that copy), Restore
 * (through the restore plan dialog) and Compare with current; in the app on Windows a file's version
 * also opens read-only in its default application, or is dragged out of the window as a read-only copy.
 */
export function VersionsView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const versionsPath = useAppStore((s) => s.versionsPath);
  const list = useAppStore((s) => s.versionList);
  const comparison = useAppStore((s) => s.comparison);
  const loadVersions = useAppStore((s) => s.loadVersions);
  const compareWithCurrent = useAppStore((s) => s.compareWithCurrent);
  const planRestore = useAppStore((s) => s.planRestore);
  const restoring = useAppStore((s) => s.restore !== null);
  // An open disk image is read-only: a version goes to a folder of this computer instead.
  const imageOpen = useAppStore(selectImageOpen);
  const [restoreToFrom, setRestoreToFrom] = useState<string | null>(null);
  const [path, setPath] = useState(versionsPath);
  // A path opened from elsewhere (Search, a link, Explorer's menu) replaces what the box holds.
  const [shownPath, setShownPath] = useState(versionsPath);
  if (shownPath !== versionsPath) {
    setShownPath(versionsPath);
    setPath(versionsPath);
  }
  const submit = () => { if (path.trim()) void loadVersions(path.trim()); };
  const [dropHint, setDropHint] = useState(false);
  /** A path dragged in as text (from an address bar, a ticket, a terminal) is shown at once. */
  const onDrop = (e: DragEvent) => {
    const text = e.dataTransfer.getData('text/plain').trim().split(/\r?\n/)[0]?.replace(/^"|"$/g, '') ?? '';
    e.preventDefault();
    if (text) {
      setDropHint(false);
      setPath(text);
      void loadVersions(text);
    } else if (e.dataTransfer.files.length > 0) {
      // A page is never told where a dropped file lives: say what works instead.
      setDropHint(true);
    }
  };
  const data = list.data;
  const holder = (v: Version) => v.shadowIds[v.shadowIds.length - 1]!;
  const preview = useAppStore((s) => s.preview);
  const loadPreview = useAppStore((s) => s.loadPreview);
  const openFolder = useAppStore((s) => s.openFolder);
  const setView = useAppStore((s) => s.setView);
  // Open read-only and dragging out hand files to Windows: only the app on Windows can, and only
  // this computer's files (another computer's come here by Restore to… this computer).
  const windowOperations = useAppStore(selectFileWindowOperations);
  const openReadOnly = useAppStore((s) => s.openReadOnly);
  const dragOut = useAppStore((s) => s.dragOut);
  const prepareDragOut = useAppStore((s) => s.prepareDragOut);
  const shellError = useAppStore((s) => s.shellError);
  const clearShellError = useAppStore((s) => s.clearShellError);
  /** What the panel under the list shows: the opened version, or the diff. */
  const [shown, setShown] = useState<{ kind: 'preview'; shadowId: string; date: string } | { kind: 'diff' } | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shown) requestAnimationFrame(() => panel.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
  }, [shown]);
  const open = (v: Version) => {
    if (!data) return;
    if (v.kind === 'folder') {
      void openFolder(holder(v), data.relative);
      setView('browse');
      return;
    }
    void loadPreview(data.path, { shadowId: holder(v) });
    setShown({ kind: 'preview', shadowId: holder(v), date: f.dateTime(v.lastSeen) });
  };
  const previewShown = shown?.kind === 'preview' && data && preview.key === previewKey(data.path, { shadowId: shown.shadowId }) ? shown : null;
  const diffShown = shown?.kind === 'diff' && data && comparison.path === data.path;

  return (
    <>
      <ViewHeader id="view-title" title={t('versions.title')} subtitle={t('versions.subtitle')} />
      <form className={styles.form} onSubmit={(e) => { e.preventDefault(); submit(); }} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <Field label={t('versions.path')} className={styles.path} hint={dropHint ? t('versions.dropFileHint') : t('versions.pathHint')}>
          <Input value={path} onChange={(_, d) => setPath(d.value)} placeholder="C:\Users\ana\Documents\report.txt" />
        </Field>
        <Button type="submit" appearance="primary" disabled={path.trim() === ''}>{t('versions.show')}</Button>
      </form>
      <div className={styles.body}>
        {list.error && <ErrorBar error={list.error} title={t('versions.loadFailed')} onRetry={submit} />}
        {shellError && (
          <ErrorBar error={shellError.error} title={t(shellError.what === 'open' ? 'browse.openReadOnlyFailed' : 'browse.dragFailed')} onDismiss={clearShellError} />
        )}
        {list.status === 'loading' && <LoadingState label={t('versions.loading')} />}
        {list.status === 'idle' && (
          <EmptyState icon={<DocumentBulletListClock24Regular />} title={t('versions.startTitle')} body={t('versions.startBody')} />
        )}
        {data && list.status === 'ready' && (
          <>
            <Text className={styles.current} role="status">
              {data.current
                ? t('versions.currentIs', { path: data.path, size: f.bytes(data.current.size), modified: f.dateTime(data.current.modifiedAt) })
                : t('versions.currentMissing', { path: data.path })}
            </Text>
            {data.versions.length === 0 && (
              <EmptyState icon={<DocumentBulletListClock24Regular />} title={t('versions.noneTitle')} body={t('versions.noneBody')} />
            )}
            {data.versions.length > 0 && (
              <ul className={styles.list} aria-label={t('versions.listLabel', { count: data.versions.length })}>
                {data.versions.map((v) => {
                  const date = f.dateTime(v.lastSeen);
                  const handOver = windowOperations && v.kind === 'file';
                  return (
                    <li
                      key={holder(v)}
                      className={styles.card}
                      data-testid="version"
                      draggable={handOver || undefined}
                      onDragStart={handOver ? (e) => { e.preventDefault(); void dragOut(holder(v), [data.path]); } : undefined}
                      // The drag must start inside its dragstart: its read-only copy is made before, on a rest of the pointer or a press.
                      onPointerEnter={handOver && v.size <= HOVER_PREPARE_BYTES ? () => prepareDragOut(holder(v), [data.path]) : undefined}
                      onPointerDown={handOver ? (e) => { if (e.button === 0) prepareDragOut(holder(v), [data.path]); } : undefined}
                    >
                      <div className={styles.cardText}>
                        <Text weight="semibold">{t('versions.fromCopy', { date })}</Text>
                        <Text size={200} className={styles.meta}>
                          {`${v.kind === 'file' ? `${f.bytes(v.size)} · ` : ''}${t('versions.modifiedAt', { date: f.dateTime(v.modifiedAt) })} · ${t('versions.inCopies', { count: v.shadowIds.length })}`}
                        </Text>
                      </div>
                      <Badge appearance="tint" color={v.sameAsCurrent ? 'informative' : 'warning'} shape="rounded">
                        {v.sameAsCurrent ? t('versions.same') : t('versions.different')}
                      </Badge>
                      <div className={styles.actions}>
                        <Button onClick={() => open(v)} aria-label={t(v.kind === 'folder' ? 'versions.openFolderAria' : 'versions.openAria', { date })}>
                          {t('versions.open')}
                        </Button>
                        {handOver && (
                          <Button icon={<DocumentLock20Regular />} onClick={() => void openReadOnly(holder(v), data.path)} aria-label={t('versions.openReadOnlyAria', { date })}>
                            {t('browse.openReadOnly')}
                          </Button>
                        )}
                        {imageOpen ? (
                          <>
                            <Tooltip content={t('image.restoreInPlace')} relationship="description" withArrow>
                              <Button disabledFocusable aria-label={t('versions.restoreAria', { date })}>{t('versions.restore')}</Button>
                            </Tooltip>
                            <Button icon={<FolderArrowRight20Regular />} onClick={() => setRestoreToFrom(holder(v))} aria-label={t('image.restoreToAria', { date })}>
                              {t('image.restoreTo')}
                            </Button>
                          </>
                        ) : (
                          <Button onClick={() => void planRestore({ shadowId: holder(v), paths: [data.path] })} aria-label={t('versions.restoreAria', { date })}>
                            {t('versions.restore')}
                          </Button>
                        )}
                        {data.current && v.kind === 'file' && (
                          <Button onClick={() => { setShown({ kind: 'diff' }); void compareWithCurrent(data.path, holder(v)); }} aria-label={t('versions.compareAria', { date })}>
                            {t('versions.compare')}
                          </Button>
                        )}
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
            {diffShown && (
              <div ref={panel}>
                {comparison.status === 'loading' && <LoadingState label={t('versions.comparing')} />}
                {comparison.error && <ErrorBar error={comparison.error} title={t('versions.compareFailed')} />}
                {comparison.data && comparison.status === 'ready' && <DiffView comparison={comparison.data} />}
              </div>
            )}
            {previewShown && (
              <section ref={panel} className={styles.opened} aria-label={t('versions.previewLabel', { date: previewShown.date })}>
                <div className={styles.openedHead}>
                  <Text as="h2" weight="semibold" size={400}>{t('versions.previewLabel', { date: previewShown.date })}</Text>
                  <Button appearance="subtle" icon={<Dismiss20Regular />} aria-label={t('versions.closePreview')} onClick={() => setShown(null)} />
                </div>
                <FilePreview
                  state={preview}
                  name={data.path.split('\\').at(-1) ?? data.path}
                  onRetry={() => void loadPreview(data.path, { shadowId: previewShown.shadowId })}
                />
              </section>
            )}
          </>
        )}
      </div>
      {restoreToFrom && data && (
        <RestoreToDialog
          count={1}
          onCancel={() => setRestoreToFrom(null)}
          onContinue={(to, here) => {
            setRestoreToFrom(null);
            void planRestore({ shadowId: restoreToFrom, paths: [data.path], to }, { here });
          }}
        />
      )}
      {restoring && <RestoreDialog />}
    </>
  );
}
