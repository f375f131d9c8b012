import { Badge, Button, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowUndo20Regular, DocumentArrowLeft20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/copy-button';
import { useFormat } from '../../i18n/use-format';
import { canUndo, type RestoreRecord } from '../../store/restore-slice';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
  },
  icon: { display: 'flex', color: tokens.colorBrandForeground1, flexShrink: 0 },
  undone: { color: tokens.colorNeutralForeground3 },
  grow: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, flexGrow: 1, minWidth: 0 },
  what: { overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3, display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalXS },
  id: { fontFamily: tokens.fontFamilyMonospace },
  side: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexShrink: 0 },
});

const STATE_COLOR = {
  running: 'informative',
  completed: 'success',
  cancelled: 'warning',
  failed: 'danger',
  interrupted: 'warning',
  undone: 'subtle',
  'partly-undone': 'warning',
} as const satisfies Record<RestoreRecord['state'], string>;

/** Props of {@link HistoryRow}. */
export interface HistoryRowProps {
  record: RestoreRecord;
  /** When the copy it came from was made; null when that copy is gone; undefined while unknown. */
  copyDate: string | null | undefined;
  onUndo(record: RestoreRecord): void;
}

/**
 * One restore of the history: what it wrote and where, when, from which copy, how it ended, and
 * Undo while undo can still do something. The id is one click away for `shadowdesk undo`.
 */
export function HistoryRow({ record: r, copyDate, onUndo }: HistoryRowProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const time = f.dateTime(r.startedAt);
  const what = r.files > 0
    ? t('activity.history.what', { count: r.files, bytes: f.bytes(r.bytes), folder: r.destination })
    : t('activity.history.whatNothing', { folder: r.destination });
  const from = copyDate === undefined ? null : copyDate === null ? t('activity.history.fromCopyGone') : t('activity.history.fromCopy', { date: f.dateTime(copyDate) });
  return (
    <div className={styles.row} data-testid="restore-record">
      <span className={mergeClasses(styles.icon, r.state === 'undone' && styles.undone)} aria-hidden="true">
        {r.state === 'undone' ? <ArrowUndo20Regular /> : <DocumentArrowLeft20Regular />}
      </span>
      <div className={styles.grow}>
        <Text weight="semibold" className={styles.what}>{what}</Text>
        <Text size={200} className={styles.meta}>
          <span>{[t('activity.history.when', { time }), from].filter(Boolean).join(' ')}</span>
          <span aria-hidden="true">·</span>
          <span className={styles.id}>{t('activity.history.id', { id: r.restoreId })}</span>
          <CopyButton value={r.restoreId} label={t('activity.history.copyId')} />
        </Text>
      </div>
      <div className={styles.side}>
        <Badge appearance="tint" color={STATE_COLOR[r.state]}>{t(`activity.history.state.${r.state}`)}</Badge>
        {canUndo(r) && (
          <Button icon={<ArrowUndo20Regular />} onClick={() => onUndo(r)} aria-label={t('activity.history.undoLabel', { time, folder: r.destination })}>
            {t('activity.history.undo')}
          </Button>
        )}
      </div>
    </div>
  );
}
