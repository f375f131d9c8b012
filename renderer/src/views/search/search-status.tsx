import { MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}`,
  },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, maxWidth: '560px' },
  line: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  summary: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: tokens.spacingHorizontalM },
  scanned: { color: tokens.colorNeutralForeground3 },
});

/**
 * Where the search is: a progress bar with "searched N of M copies, K entries looked at" while it
 * runs, a one-line summary when done, and the truncated, stopped and failed notices. Not a live
 * region itself (it changes many times a second); {@link SearchAnnouncer} speaks the outcomes.
 */
export function SearchStatus() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const run = useAppStore((s) => s.search);
  const runSearch = useAppStore((s) => s.runSearch);
  const n = run.hits.length;
  const total = run.shadowsTotal;
  const running = run.status === 'running' || run.status === 'stopping';
  if (run.status === 'idle') return null;

  const progressText = total === null
    ? t('search.progressStarting')
    : t('search.progress', { count: total, done: f.number(run.shadowsDone), total: f.number(total), entries: f.number(run.entriesScanned) });

  return (
    <div className={styles.box}>
      {running && (
        <div className={styles.progress}>
          <ProgressBar
            thickness="large"
            value={total ? run.shadowsDone / total : undefined}
            max={1}
            aria-label={t('search.progressLabel')}
            aria-valuetext={progressText}
          />
          <Text size={200} className={styles.line} data-testid="search-progress">
            {progressText}
            {n > 0 && ` · ${t('search.foundSoFar', { count: n, n: f.number(n) })}`}
          </Text>
        </div>
      )}
      {run.status === 'done' && (
        <div className={styles.summary} data-testid="search-summary">
          <Text weight="semibold">{t('search.summary', { count: n, n: f.number(n), pattern: run.pattern })}</Text>
          <Text size={200} className={styles.scanned}>
            {t('search.summaryScanned', { count: run.shadowsDone, done: f.number(run.shadowsDone), entries: f.number(run.entriesScanned) })}
          </Text>
        </div>
      )}
      {run.status === 'done' && run.truncated && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('search.truncatedTitle')}</MessageBarTitle>
            <span>{t('search.truncatedBody', { n: f.number(n) })}</span>
          </MessageBarBody>
        </MessageBar>
      )}
      {run.status === 'stopped' && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('search.stoppedTitle')}</MessageBarTitle>
            <span>{t('search.stoppedBody', { count: total ?? run.shadowsDone, done: f.number(run.shadowsDone), total: f.number(total ?? run.shadowsDone) })}</span>
          </MessageBarBody>
        </MessageBar>
      )}
      {run.status === 'error' && run.error && <ErrorBar error={run.error} title={t('search.failed')} onRetry={() => void runSearch()} />}
    </div>
  );
}

/**
 * A polite live region that says how a search ended ("8 results found", "Search stopped: 3 results
 * so far"), once, so screen-reader users hear the outcome without the progress chatter.
 */
export function SearchAnnouncer() {
  const { t } = useTranslation();
  const f = useFormat();
  const run = useAppStore((s) => s.search);
  const n = run.hits.length;
  let text = '';
  if (run.status === 'running') text = t('search.searching');
  else if (run.status === 'done') text = run.truncated ? t('search.announceTruncated', { n: f.number(n) }) : t('search.announceDone', { count: n, n: f.number(n) });
  else if (run.status === 'stopped') text = t('search.announceStopped', { count: n, n: f.number(n) });
  else if (run.status === 'error') text = t('search.announceFailed');
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="search-announcer">
      {text}
    </div>
  );
}
