import { useEffect, useMemo, useRef } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { DocumentArrowLeft24Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { useAppStore } from '../../store/store';
import { MeasuredList } from './measured-list';
import { HistoryRow } from './history-row';

const useStyles = makeStyles({
  panel: { flexGrow: 1, minHeight: 0, display: 'flex', flexDirection: 'column' },
  errors: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: `0 ${tokens.spacingHorizontalXXL}`, maxWidth: '1100px' },
  scroll: { flexGrow: 1, overflowY: 'auto', minHeight: 0, padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
});

/**
 * Every restore ShadowDesk has done on this computer (kept in its data folder across runs), newest
 * first, each with Undo while it can still do something. Virtualized: the history only grows.
 */
export function HistoryPanel({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const history = useAppStore((s) => s.restoreHistory);
  const shadows = useAppStore((s) => s.shadows);
  const loadHistory = useAppStore((s) => s.loadRestoreHistory);
  const loadShadows = useAppStore((s) => s.loadShadows);
  const askUndo = useAppStore((s) => s.askUndo);
  const scroller = useRef<HTMLDivElement>(null);
  const records = useMemo(() => history.data ?? [], [history.data]);

  useEffect(() => {
    void loadHistory();
    // The copies' dates say "from the copy of Tuesday"; fetched once, reused by other views.
    if (useAppStore.getState().shadows.status === 'idle') void loadShadows();
  }, [loadHistory, loadShadows]);

  const copyDates = useMemo(() => new Map((shadows.data ?? []).map((c) => [c.id.toLowerCase(), c.createdAt] as const)), [shadows.data]);
  const copyDate = (id: string) => (shadows.data === null ? undefined : copyDates.get(id.toLowerCase()) ?? null);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 84,
    getItemKey: (i) => records[i]!.restoreId,
    overscan: 6,
  });

  return (
    <div role="tabpanel" aria-labelledby={labelledBy} className={styles.panel}>
      {history.error && (
        <div className={styles.errors}>
          <ErrorBar error={history.error} title={t('activity.history.loadFailed')} onRetry={() => void loadHistory()} />
        </div>
      )}
      <div ref={scroller} className={styles.scroll}>
        {history.data === null && history.status !== 'error' && <LoadingState label={t('activity.history.loading')} />}
        {history.data !== null && records.length === 0 && (
          <EmptyState icon={<DocumentArrowLeft24Regular />} title={t('activity.history.emptyTitle')} body={t('activity.history.emptyBody')} />
        )}
        {records.length > 0 && (
          <MeasuredList
            virtualizer={virtualizer}
            gap="S"
            label={t('activity.history.label')}
            render={(i) => <HistoryRow record={records[i]!} copyDate={copyDate(records[i]!.shadowId)} onUndo={askUndo} />}
          />
        )}
      </div>
    </div>
  );
}
