import { Badge, Button, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, DismissCircle20Regular, ErrorCircle20Filled, Warning20Filled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { useFormat } from '../../i18n/use-format';
import type { Activity } from '../../store/activity-slice';
import { useAppStore } from '../../store/store';
import { usePhrase } from './use-phrase';

const useStyles = makeStyles({
  card: {
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    boxShadow: tokens.shadow2,
  },
  row: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalM },
  grow: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, flexGrow: 1, minWidth: 0 },
  icon: { display: 'flex', paddingTop: '2px', flexShrink: 0 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  neutral: { color: tokens.colorNeutralForeground3 },
  meta: { color: tokens.colorNeutralForeground3 },
  notes: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  note: { overflowWrap: 'anywhere' },
  badge: { flexShrink: 0 },
});

/** One operation still running: what it does, how far it got, and Cancel when it can stop. */
export function RunningActivity({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const phrase = usePhrase();
  const cancel = useAppStore((s) => s.cancelActivity);
  const title = phrase(a.title);
  return (
    <li className={styles.card} data-testid="running-activity">
      <div className={styles.row}>
        <div className={styles.grow}>
          <Text weight="semibold">{title}</Text>
          <Text size={200} className={styles.meta}>
            {`${a.progressText ? phrase(a.progressText) : t('activity.running')} · ${t('activity.view.startedAt', { time: f.dateTime(a.startedAt) })}`}
          </Text>
        </div>
        {a.cancellable && (
          <Button size="small" onClick={() => cancel(a.id)} aria-label={t('activity.view.cancelOne', { title })}>
            {t('common.cancel')}
          </Button>
        )}
      </div>
      <ProgressBar value={a.progress ?? undefined} thickness="large" aria-label={title} />
    </li>
  );
}

/** One finished operation: what happened in words (or the error, plain sentence first) and when. */
export function FinishedActivity({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const phrase = usePhrase();
  const when = a.finishedAt ? t('activity.view.finishedAt', { time: f.dateTime(a.finishedAt) }) : '';
  if (a.state === 'failed' && a.error) {
    return (
      <li className={styles.card} data-testid="finished-activity">
        <ErrorBar error={a.error} title={phrase(a.failedTitle)} />
        <Text size={200} className={styles.meta}>{`${phrase(a.title)} · ${when}`}</Text>
      </li>
    );
  }
  const look = a.state === 'cancelled' ? 'cancelled' : a.attention ? 'attention' : a.state === 'failed' ? 'failed' : 'succeeded';
  const icon = {
    succeeded: <CheckmarkCircle20Filled className={styles.ok} />,
    attention: <Warning20Filled className={styles.warn} />,
    failed: <ErrorCircle20Filled className={styles.bad} />,
    cancelled: <DismissCircle20Regular className={styles.neutral} />,
  }[look];
  const color = ({ succeeded: 'success', attention: 'warning', failed: 'danger', cancelled: 'informative' } as const)[look];
  return (
    <li className={styles.card} data-testid="finished-activity">
      <div className={styles.row}>
        <span className={styles.icon} aria-hidden="true">{icon}</span>
        <div className={styles.grow}>
          <Text weight="semibold">{a.outcome ? phrase(a.outcome) : t('activity.cancelled')}</Text>
          {a.notes.length > 0 && (
            <ul className={styles.notes}>
              {a.notes.map((n, i) => <li key={i} className={styles.note}><Text size={300}>{phrase(n)}</Text></li>)}
            </ul>
          )}
          <Text size={200} className={styles.meta}>{`${phrase(a.title)} · ${when}`}</Text>
        </div>
        <Badge className={styles.badge} appearance="tint" color={color}>{t(`activity.view.state.${look}`)}</Badge>
      </div>
    </li>
  );
}
