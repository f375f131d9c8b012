import { useId } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Pulse24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/states';
import { useAppStore } from '../../store/store';
import { FinishedActivity, RunningActivity } from './activity-item';

const useStyles = makeStyles({
  scroll: { flexGrow: 1, overflowY: 'auto', minHeight: 0, padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  sections: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '1100px' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, minHeight: '32px' },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  none: { color: tokens.colorNeutralForeground3 },
});

/**
 * This session's work: what runs now (progress, Cancel) and what finished (what happened, or the
 * error with its plain sentence first), newest first.
 */
export function SessionPanel({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const activities = useAppStore((s) => s.activities);
  const clearFinished = useAppStore((s) => s.clearFinishedActivities);
  const runningId = useId();
  const finishedId = useId();
  const running = activities.filter((a) => a.state === 'running');
  const finished = activities.filter((a) => a.state !== 'running');

  return (
    <div role="tabpanel" aria-labelledby={labelledBy} className={styles.scroll} tabIndex={0}>
      {activities.length === 0 ? (
        <EmptyState icon={<Pulse24Regular />} title={t('activity.view.emptyTitle')} body={t('activity.view.emptyBody')} />
      ) : (
        <div className={styles.sections}>
          <section className={styles.section} aria-labelledby={runningId}>
            <div className={styles.heading}>
              <Text as="h2" id={runningId} size={500} weight="semibold">{t('activity.view.runningNow')}</Text>
            </div>
            {running.length === 0
              ? <Text className={styles.none}>{t('activity.view.nothingRunning')}</Text>
              : <ul className={styles.list} aria-label={t('activity.view.runningLabel')}>{running.map((a) => <RunningActivity key={a.id} activity={a} />)}</ul>}
          </section>
          <section className={styles.section} aria-labelledby={finishedId}>
            <div className={styles.heading}>
              <Text as="h2" id={finishedId} size={500} weight="semibold">{t('activity.view.finished')}</Text>
              {finished.length > 0 && <Button appearance="subtle" onClick={clearFinished}>{t('activity.view.clearFinished')}</Button>}
            </div>
            {finished.length === 0
              ? <Text className={styles.none}>{t('activity.view.nothingFinished')}</Text>
              : <ul className={styles.list} aria-label={t('activity.view.finishedLabel')}>{finished.map((a) => <FinishedActivity key={a.id} activity={a} />)}</ul>}
          </section>
        </div>
      )}
    </div>
  );
}
