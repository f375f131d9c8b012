import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, ArrowClockwise20Regular, History24Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { selectImageOpen } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { CreateDialog } from './create-dialog';
import { DeleteCopiesDialog, type DeleteRequest } from './delete-copies-dialog';
import { TimelineRowView } from './timeline-row';
import { timelineRows } from './timeline-rows';
import { volumeTitle } from '../volumes/volume-facts';
import type { ShadowCopy } from '../../api/contract-types';

const ALL = '*';

const useStyles = makeStyles({
  filters: { padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalS}` },
  readOnly: { color: tokens.colorNeutralForeground2 },
  errors: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: `0 ${tokens.spacingHorizontalXXL}` },
  scroll: { flexGrow: 1, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}`, minHeight: 0 },
  inner: { position: 'relative', maxWidth: '1100px' },
  row: { position: 'absolute', top: 0, left: 0, right: 0 },
});

/**
 * Shadow copies per volume, as a timeline of snapshot sets (newest first). Virtualized: a volume
 * can hold 64 copies and a server many volumes. Create and delete go through dialogs that say
 * what will happen.
 */
export function ShadowsView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const shadows = useAppStore((s) => s.shadows);
  const volumes = useAppStore((s) => s.volumes);
  const providers = useAppStore((s) => s.providers);
  const selected = useAppStore((s) => s.shadowsVolume);
  const setSelected = useAppStore((s) => s.setShadowsVolume);
  const loadShadows = useAppStore((s) => s.loadShadows);
  const loadVolumes = useAppStore((s) => s.loadVolumes);
  const loadProviders = useAppStore((s) => s.loadProviders);
  // A disk image is opened read-only: create and delete stay visible, disabled, with the reason.
  const readOnly = useAppStore(selectImageOpen) ? t('image.readOnly') : undefined;
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<DeleteRequest | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void loadShadows();
    void loadVolumes();
    void loadProviders();
  }, [loadShadows, loadVolumes, loadProviders]);

  const refresh = () => {
    void loadShadows();
    void loadProviders();
  };

  const all = useMemo(() => shadows.data ?? [], [shadows.data]);
  const volumeList = useMemo(() => volumes.data ?? [], [volumes.data]);
  const tabs = useMemo(() => {
    const names = new Map<string, number>();
    // A tab for every volume that can have copies; the EFI and recovery partitions (no mount point) only once they have some.
    for (const v of volumeList) if (v.shadowCopySupported && v.mountPoints.length > 0) names.set(v.name, 0);
    for (const c of all) names.set(c.volume, (names.get(c.volume) ?? 0) + 1);
    return [...names.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [all, volumeList]);
  const rows = useMemo(() => timelineRows(all, selected), [all, selected]);
  const volumeTitles = useMemo(
    () => new Map(volumeList.map((v) => [v.name, volumeTitle(v, t('volumes.untitled'))] as const)),
    [volumeList, t],
  );
  const providerNames = useMemo(
    () => new Map((providers.data ?? []).map((p) => [p.id.toLowerCase(), p.name] as const)),
    [providers.data],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === 'set' ? 64 : 96),
    getItemKey: (i) => rows[i]!.key,
    overscan: 6,
  });

  const onDeleteCopy = (copy: ShadowCopy) => setDeleting({ kind: 'shadow', copy });
  const onDeleteSet = (setId: string, copies: ShadowCopy[]) => setDeleting({ kind: 'set', setId, copies });
  const onToggleDetails = (id: string) => {
    const next = new Set(expanded);
    if (!next.delete(id)) next.add(id);
    setExpanded(next);
  };
  const selectedCount = selected ? tabs.find(([n]) => n === selected)?.[1] ?? 0 : all.length;

  return (
    <>
      <ViewHeader id="view-title" title={t('shadows.title')} subtitle={t('shadows.subtitle')}>
        <Button
          appearance="primary"
          icon={<Add20Regular />}
          onClick={() => setCreating(true)}
          disabled={volumeList.length === 0 && !readOnly}
          disabledFocusable={readOnly !== undefined}
          aria-describedby={readOnly ? 'shadows-read-only' : undefined}
        >
          {t('shadows.create')}
        </Button>
        <Button icon={<ArrowClockwise20Regular />} onClick={refresh} disabledFocusable={shadows.status === 'loading'}>{t('common.refresh')}</Button>
      </ViewHeader>

      {tabs.length > 0 && (
        <div className={styles.filters}>
          <TabList
            selectedValue={selected ?? ALL}
            onTabSelect={(_, d) => setSelected(d.value === ALL ? null : String(d.value))}
            aria-label={t('shadows.volumeFilter')}
          >
            <Tab value={ALL}>{t('shadows.allVolumes', { count: all.length })}</Tab>
            {tabs.map(([name, count]) => (
              <Tab key={name} value={name}>{t('shadows.volumeTab', { volume: name, count })}</Tab>
            ))}
          </TabList>
        </div>
      )}

      <div className={styles.errors}>
        {readOnly && <Text id="shadows-read-only" className={styles.readOnly}>{t('image.readOnlyActions')}</Text>}
        {shadows.error && <ErrorBar error={shadows.error} title={t('shadows.loadFailed')} onRetry={refresh} />}
        {providers.error && <ErrorBar error={providers.error} title={t('shadows.providersFailed')} onRetry={refresh} />}
      </div>

      <div ref={scroller} className={styles.scroll} role="region" aria-label={t('shadows.timeline')} tabIndex={-1}>
        {shadows.data === null && shadows.status !== 'error' && <LoadingState label={t('shadows.loading')} />}
        {shadows.data !== null && selectedCount === 0 && (
          <EmptyState
            icon={<History24Regular />}
            title={selected ? t('shadows.emptyVolumeTitle', { volume: selected }) : t('shadows.emptyTitle')}
            body={t('shadows.emptyBody')}
            action={readOnly ? undefined : <Button appearance="primary" onClick={() => setCreating(true)}>{t('shadows.create')}</Button>}
          />
        )}
        {rows.length > 0 && (
          <div className={styles.inner} style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {virtualizer.getVirtualItems().map((item) => (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={styles.row}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <TimelineRowView row={rows[item.index]!} providerNames={providerNames} volumeTitles={volumeTitles} onDeleteCopy={onDeleteCopy} onDeleteSet={onDeleteSet} readOnly={readOnly} expanded={expanded} onToggleDetails={onToggleDetails} />
              </div>
            ))}
          </div>
        )}
      </div>

      {creating && <CreateDialog volumes={volumeList} initial={selected ? [selected] : volumeList.filter((v) => v.shadowCopySupported).slice(0, 1).map((v) => v.name)} onClose={() => setCreating(false)} />}
      {deleting && <DeleteCopiesDialog request={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}
