import { useEffect, useRef } from 'react';
import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ClipboardTaskListLtr24Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { useFormat } from '../../i18n/use-format';
import { AUDIT_LIMIT, type AuditEntry } from '../../store/activity-slice';
import { MeasuredList } from './measured-list';
import { useAppStore } from '../../store/store';
import { auditWords } from './audit-words';

const useStyles = makeStyles({
  panel: { flexGrow: 1, minHeight: 0, display: 'flex', flexDirection: 'column' },
  top: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalS}`, maxWidth: '1100px' },
  intro: { color: tokens.colorNeutralForeground2 },
  scroll: { flexGrow: 1, overflowY: 'auto', minHeight: 0, padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  row: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  when: { color: tokens.colorNeutralForeground3, flexShrink: 0, width: '22ch' },
  grow: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, flexGrow: 1, minWidth: 0 },
  target: { overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

const OUTCOME_COLOR = { ok: 'success', failed: 'danger', cancelled: 'warning' } as const;

/**
 * The audit log: every create, delete, storage change, restore and undo on this computer, newest
 * first, in words. Virtualized: the log only grows.
 */
export function LogPanel({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const log = useAppStore((s) => s.auditLog);
  const loadAudit = useAppStore((s) => s.loadAudit);
  const scroller = useRef<HTMLDivElement>(null);
  const entries = log.data ?? [];

  useEffect(() => {
    void loadAudit();
  }, [loadAudit]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 64,
    overscan: 8,
  });

  return (
    <div role="tabpanel" aria-labelledby={labelledBy} className={styles.panel}>
      <div className={styles.top}>
        <Text className={styles.intro}>{t('activity.log.intro')}</Text>
        {log.error && <ErrorBar error={log.error} title={t('activity.log.loadFailed')} onRetry={() => void loadAudit()} />}
      </div>
      {/* Focusable, so the keyboard can scroll a log that has nothing else to focus. */}
      <div ref={scroller} className={styles.scroll} role="region" aria-label={t('activity.log.label')} tabIndex={0}>
        {log.data === null && log.status !== 'error' && <LoadingState label={t('activity.log.loading')} />}
        {log.data !== null && entries.length === 0 && (
          <EmptyState icon={<ClipboardTaskListLtr24Regular />} title={t('activity.log.emptyTitle')} body={t('activity.log.emptyBody')} />
        )}
        {entries.length > 0 && (
          <MeasuredList virtualizer={virtualizer} gap="XS" render={(i) => <LogRow entry={entries[i]!} />} />
        )}
        {entries.length >= AUDIT_LIMIT && <Text size={200} className={styles.meta}>{t('activity.log.shown', { count: entries.length })}</Text>}
      </div>
    </div>
  );
}

function LogRow({ entry: e }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const words = auditWords(e, t, f);
  const meta = [...words.facts, e.user ? t('activity.log.by', { user: e.user }) : null].filter(Boolean).join(' · ');
  return (
    <div className={styles.row} data-testid="audit-entry">
      <Text size={200} className={styles.when}>{f.dateTime(e.at)}</Text>
      <div className={styles.grow}>
        <Text>
          <Text weight="semibold">{words.action}</Text>
          {' · '}
          <span className={styles.target}>{words.target}</span>
        </Text>
        {meta && <Text size={200} className={styles.meta}>{meta}</Text>}
        {e.error && <Text size={200} className={styles.error}>{e.error.message}</Text>}
      </div>
      <Badge appearance="tint" color={OUTCOME_COLOR[e.outcome]}>{t(`activity.log.outcome.${e.outcome}`)}</Badge>
    </div>
  );
}
