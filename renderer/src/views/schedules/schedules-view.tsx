import { useEffect } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, ArrowClockwise20Regular, CalendarClock24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { selectImageOpen } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { NewScheduleDialogHost } from './new-schedule-dialog';
import { ScheduleCard } from './schedule-card';

const useStyles = makeStyles({
  scroll: { flexGrow: 1, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '1100px' },
  clock: { color: tokens.colorNeutralForeground2 },
});

/**
 * Schedules: shadow copies made on a schedule and thinned as they age, Time Machine-like (Windows
 * 10 and 11 have no schedule of their own). One card per schedule with its next and last run, the
 * copies it keeps and its retention; New schedule, Run now, Pause, Edit retention and Remove.
 */
export function SchedulesView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const schedules = useAppStore((s) => s.schedules);
  const loadSchedules = useAppStore((s) => s.loadSchedules);
  const loadVolumes = useAppStore((s) => s.loadVolumes);
  const showDialog = useAppStore((s) => s.showScheduleDialog);
  const imageOpen = useAppStore(selectImageOpen);

  useEffect(() => {
    void loadSchedules();
    // The New schedule dialog offers the volumes VSS can copy.
    void loadVolumes();
  }, [loadSchedules, loadVolumes]);

  const list = schedules.data;
  const unsupported = list !== null && !list.supported;
  // A disk image is opened read-only; elsewhere the host says why schedules cannot be registered.
  const readOnly = imageOpen ? t('image.readOnly') : unsupported ? list.unsupportedReason ?? t('schedules.unsupported') : undefined;

  return (
    <>
      <ViewHeader id="view-title" title={t('schedules.title')} subtitle={t('schedules.subtitle')}>
        <Button appearance="primary" icon={<Add20Regular />} disabledFocusable={readOnly !== undefined} onClick={() => showDialog()}>
          {t('schedules.new')}
        </Button>
        <Button icon={<ArrowClockwise20Regular />} onClick={() => void loadSchedules()} disabledFocusable={schedules.status === 'loading'}>
          {t('common.refresh')}
        </Button>
      </ViewHeader>
      <div className={styles.scroll}>
        <div className={styles.list}>
          {schedules.error && <ErrorBar error={schedules.error} title={t('schedules.loadFailed')} onRetry={() => void loadSchedules()} />}
          {list?.clock === 'simulated' && (
            <Text className={styles.clock} data-testid="schedule-clock">
              {t('schedules.clockSimulated', { now: f.dateTimeLong(list.now) })}
            </Text>
          )}
          {readOnly && (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t('schedules.unsupportedTitle')}</MessageBarTitle>
                {readOnly}
              </MessageBarBody>
            </MessageBar>
          )}
          {list === null && schedules.status !== 'error' && <LoadingState label={t('schedules.loading')} />}
          {list !== null && list.schedules.length === 0 && (
            <EmptyState
              icon={<CalendarClock24Regular />}
              title={t('schedules.emptyTitle')}
              body={t('schedules.emptyBody')}
              action={readOnly ? undefined : <Button appearance="primary" icon={<Add20Regular />} onClick={() => showDialog()}>{t('schedules.new')}</Button>}
            />
          )}
          {list?.schedules.map((s) => <ScheduleCard key={s.name} schedule={s} now={list.now} readOnly={readOnly} />)}
        </div>
      </div>
      <NewScheduleDialogHost />
    </>
  );
}
