import { useState } from 'react';
import { Button, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ViewHeader } from '../../components/view-header';
import type { Activity, ActivityTab } from '../../store/activity-slice';
import { useAppStore } from '../../store/store';
import { HistoryPanel } from './history-panel';
import { LogPanel } from './log-panel';
import { SessionPanel } from './session-panel';
import { UndoDialog } from './undo-dialog';
import { usePhrase } from './use-phrase';

const useStyles = makeStyles({
  tabs: { padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}` },
});

const TAB_ID: Record<ActivityTab, string> = { session: 'activity-tab-session', history: 'activity-tab-history', log: 'activity-tab-log' };

/**
 * Activity: this session's work (running with progress and Cancel, finished with what happened),
 * the restore history kept across runs with Undo, and the audit log for the helpdesk.
 */
export function ActivityView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const tab = useAppStore((s) => s.activityTab);
  const setTab = useAppStore((s) => s.setActivityTab);
  const loadHistory = useAppStore((s) => s.loadRestoreHistory);
  const loadAudit = useAppStore((s) => s.loadAudit);
  const busy = useAppStore((s) => s.restoreHistory.status === 'loading' || s.auditLog.status === 'loading');

  const refresh = () => {
    void loadHistory();
    if (tab === 'log' || useAppStore.getState().auditLog.status !== 'idle') void loadAudit();
  };

  return (
    <>
      <ViewHeader id="view-title" title={t('nav.activity')} subtitle={t('activity.view.subtitle')}>
        <Button icon={<ArrowClockwise20Regular />} onClick={refresh} disabledFocusable={busy}>{t('common.refresh')}</Button>
      </ViewHeader>
      <div className={styles.tabs}>
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as ActivityTab)} aria-label={t('activity.view.tabs')}>
          <Tab id={TAB_ID.session} value="session">{t('activity.view.tabSession')}</Tab>
          <Tab id={TAB_ID.history} value="history">{t('activity.view.tabHistory')}</Tab>
          <Tab id={TAB_ID.log} value="log">{t('activity.view.tabLog')}</Tab>
        </TabList>
      </div>
      {tab === 'session' && <SessionPanel labelledBy={TAB_ID.session} />}
      {tab === 'history' && <HistoryPanel labelledBy={TAB_ID.history} />}
      {tab === 'log' && <LogPanel labelledBy={TAB_ID.log} />}
      <OutcomeAnnouncer />
      <UndoDialog />
    </>
  );
}

/** The most recently finished activity, if it finished after `since`. */
function latestFinishedSince(activities: Activity[], since: string): Activity | null {
  let latest: Activity | null = null;
  for (const a of activities) {
    if (a.finishedAt && a.finishedAt >= since && (!latest || a.finishedAt > latest.finishedAt!)) latest = a;
  }
  return latest;
}

/**
 * While this view shows, the strip at the foot of the window (which announces outcomes elsewhere)
 * is hidden, so this live region says what finished: only what finishes from now on, never the
 * whole history again on arrival.
 */
function OutcomeAnnouncer() {
  const { t } = useTranslation();
  const phrase = usePhrase();
  const [since] = useState(() => new Date().toISOString());
  const activities = useAppStore((s) => s.activities);
  const a = latestFinishedSince(activities, since);
  let text = '';
  if (a) {
    if (a.state === 'failed' && a.error) text = t('activity.announce', { title: phrase(a.failedTitle), outcome: a.error.message });
    else text = t('activity.announce', { title: phrase(a.title), outcome: a.outcome ? phrase(a.outcome) : t('activity.cancelled') });
  }
  return <div role="status" className="visually-hidden">{text}</div>;
}
