import {
  Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, ProgressBar, Text, makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../components/error-bar';
import type { Activity } from '../store/activity-slice';
import { useAppStore } from '../store/store';
import { usePhrase } from '../views/activity/use-phrase';

const useStyles = makeStyles({
  strip: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}`,
    maxHeight: '40%',
    overflowY: 'auto',
    flexShrink: 0,
  },
  empty: { padding: 0 },
  progress: { marginTop: tokens.spacingVerticalXS },
  detail: { display: 'block', color: tokens.colorNeutralForeground2 },
  notes: { margin: `${tokens.spacingVerticalXXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

const SHOWN = 3;

/**
 * The last few operations at the foot of the window: running ones with a progress bar, finished
 * ones with what happened (or the error). A live region, so the outcome is announced without moving
 * focus. On the Activity view, which lists them all, it stands aside.
 */
export function ActivityStrip() {
  const { t } = useTranslation();
  const styles = useStyles();
  const activities = useAppStore((s) => s.activities);
  const onActivityView = useAppStore((s) => s.view === 'activity');
  const shown = onActivityView ? [] : activities.filter((a) => !a.dismissed).slice(0, SHOWN);
  return (
    // Always in the page (a live region must exist before what it announces); unnamed while empty,
    // so it is not an empty landmark.
    <section
      className={mergeClasses(styles.strip, shown.length === 0 && styles.empty)}
      aria-label={shown.length > 0 ? t('activity.label') : undefined}
      aria-live="polite"
    >
      {shown.map((a) => <ActivityBar key={a.id} activity={a} />)}
    </section>
  );
}

function ActivityBar({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const phrase = usePhrase();
  const dismiss = useAppStore((s) => s.dismissActivity);
  const cancel = useAppStore((s) => s.cancelActivity);
  const title = phrase(a.title);
  if (a.state === 'failed' && a.error) {
    return <ErrorBar error={a.error} title={phrase(a.failedTitle)} onDismiss={() => dismiss(a.id)} />;
  }
  const intent = a.state === 'running' ? 'info' : a.attention ? 'warning' : a.state === 'succeeded' ? 'success' : 'warning';
  return (
    <MessageBar intent={intent} layout="multiline" data-testid="activity">
      <MessageBarBody>
        {a.state !== 'succeeded' && <MessageBarTitle>{title}</MessageBarTitle>}
        {a.state === 'running' && (a.progressText ? phrase(a.progressText) : t('activity.running'))}
        {a.state !== 'running' && (a.outcome ? phrase(a.outcome) : t('activity.cancelled'))}
        {a.state !== 'running' && a.notes.length > 0 && (
          <ul className={styles.notes}>
            {a.notes.map((n, i) => <li key={i}><Text size={200} className={styles.detail}>{phrase(n)}</Text></li>)}
          </ul>
        )}
        {a.state === 'running' && (
          <ProgressBar
            className={styles.progress}
            value={a.progress ?? undefined}
            thickness="medium"
            aria-label={title}
          />
        )}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          a.state !== 'running' ? (
            <Button appearance="transparent" icon={<DismissRegular />} aria-label={t('activity.dismiss', { title })} onClick={() => dismiss(a.id)} />
          ) : undefined
        }
      >
        {a.state === 'running' && a.cancellable && <Button size="small" onClick={() => cancel(a.id)}>{t('common.cancel')}</Button>}
      </MessageBarActions>
    </MessageBar>
  );
}
