import { Text, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { CalendarClock16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { describeTrigger } from '../../i18n/describe-schedule';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import { scheduleForVolume } from '../schedules/next-run';

const useStyles = makeStyles({
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorNeutralForeground2 },
  icon: { display: 'flex', flexShrink: 0 },
});

/**
 * "Next scheduled copy: in 2 hours (Weekdays at 07:00 and 12:00)" on a volume card a schedule covers,
 * so how the volume stays protected is seen where its copies are; nothing when none covers it.
 */
export function NextScheduled({ volume }: { volume: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const list = useAppStore((s) => s.schedules.data);
  const s = list ? scheduleForVolume(volume, list.schedules) : undefined;
  if (!list || !s) return null;
  const trigger = describeTrigger(s.trigger, t, f.lang);
  const text = s.paused
    ? t('volumes.scheduledPaused', { name: s.name })
    : s.nextRunAt
      ? t('volumes.nextScheduled', { when: f.relative(s.nextRunAt, list.now), trigger })
      : t(s.trigger.kind === 'idle' ? 'volumes.nextScheduledIdle' : 'volumes.nextScheduledLogon', { trigger });
  return (
    <Text size={200} className={styles.line} data-testid="volume-next-scheduled">
      <span className={styles.icon} aria-hidden="true"><CalendarClock16Regular /></span>
      {s.nextRunAt && !s.paused ? (
        <Tooltip content={f.dateTimeLong(s.nextRunAt)} relationship="description"><span>{text}</span></Tooltip>
      ) : text}
    </Text>
  );
}
