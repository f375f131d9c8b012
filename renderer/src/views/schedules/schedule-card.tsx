import { useId, useState } from 'react';
import { Badge, Button, Card, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CalendarClock24Regular, Delete20Regular, Edit20Regular, Pause20Regular, Play20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { describeRetention, describeTrigger } from '../../i18n/describe-schedule';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import { VOLUME_CARD_STYLES } from '../volumes/volume-card-styles';
import type { ScheduleRun, ScheduleStatus } from '../../api/contract-types';
import { nextRunWords } from './next-run';
import { RemoveScheduleDialog } from './remove-schedule-dialog';
import { RetentionDialog } from './retention-dialog';

const useStyles = makeStyles({
  ...VOLUME_CARD_STYLES,
  warning: { color: tokens.colorPaletteDarkOrangeForeground2 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  warnings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** Props of {@link ScheduleCard}. */
export interface ScheduleCardProps {
  schedule: ScheduleStatus;
  /** The machine's now (ISO): next and last runs are said relative to it. */
  now: string;
  /** Why nothing may change here (a disk image is open), or undefined. */
  readOnly?: string;
}

/**
 * One schedule at a glance: when it runs and when next, how its last run went, the copies it keeps
 * (and any Windows deleted for space), what its retention keeps, its warnings; and its actions. A
 * named region, so tests and screen readers can find "the Weekdays C card" and its buttons.
 */
export function ScheduleCard({ schedule: s, now, readOnly }: ScheduleCardProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const titleId = useId();
  const reasonId = useId();
  const running = useAppStore((st) => st.schedulesRunning.includes(s.name));
  const runSchedule = useAppStore((st) => st.runSchedule);
  const updateSchedule = useAppStore((st) => st.updateSchedule);
  // The computer this card is of: Run now and Pause act there even if another is chosen meanwhile.
  const computer = useAppStore((st) => st.computer);
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);

  const sub = [
    f.list(s.volumes),
    ...(s.withWriters ? [t('schedules.card.withWriters')] : []),
    ...(s.registration.kind === 'task' ? [t('schedules.card.task', { path: s.registration.taskPath })] : []),
  ].join(' · ');

  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId} data-testid="schedule-card">
      <div className={styles.head}>
        <span className={styles.icon} aria-hidden="true"><CalendarClock24Regular /></span>
        <div className={styles.titles}>
          <Text as="h2" id={titleId} size={500} weight="semibold">{s.name}</Text>
          <Text className={styles.sub} size={200}>{sub}</Text>
        </div>
        <StateBadge schedule={s} />
      </div>

      <div className={styles.facts}>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('schedules.card.when')}</Text>
          <Text size={300} weight="semibold">{describeTrigger(s.trigger, t, f.lang)}</Text>
        </div>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('schedules.card.next')}</Text>
          <Text size={300} data-testid="schedule-next">{nextRunWords(s, now, t, f)}</Text>
          {s.overdue && <Text size={200} className={styles.warning}>{t('schedules.card.overdue')}</Text>}
        </div>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('schedules.card.last')}</Text>
          <LastRun run={s.lastRun} now={now} running={running} />
        </div>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('schedules.card.copies')}</Text>
          <Text size={300} data-testid="schedule-copies">{t('schedules.card.copiesKept', { count: s.copies.length })}</Text>
          <Text size={200}>{t('schedules.card.keeps', { retention: describeRetention(s.retention, t, f.lang) })}</Text>
          {s.vanishedIds.length > 0 && (
            <Text size={200} className={styles.warning}>{t('schedules.card.vanished', { count: s.vanishedIds.length })}</Text>
          )}
        </div>
      </div>

      {s.warnings.length > 0 && (
        <div className={styles.warnings}>
          {s.warnings.map((w, i) => (
            <MessageBar key={`${w.kind}-${w.volume}-${i}`} intent="warning" layout="multiline">
              <MessageBarBody>{w.message}</MessageBarBody>
            </MessageBar>
          ))}
        </div>
      )}

      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<Play20Regular />}
          disabledFocusable={running || readOnly !== undefined}
          aria-describedby={readOnly ? reasonId : undefined}
          onClick={() => void runSchedule(s.name, computer)}
        >
          {running ? t('schedules.card.running') : t('schedules.card.runNow')}
        </Button>
        <Button
          icon={s.paused ? <Play20Regular /> : <Pause20Regular />}
          disabledFocusable={readOnly !== undefined}
          aria-describedby={readOnly ? reasonId : undefined}
          onClick={() => void updateSchedule({ name: s.name, paused: !s.paused }, computer)}
        >
          {s.paused ? t('schedules.card.resume') : t('schedules.card.pause')}
        </Button>
        <Button icon={<Edit20Regular />} disabledFocusable={readOnly !== undefined} aria-describedby={readOnly ? reasonId : undefined} onClick={() => setEditing(true)}>
          {t('schedules.card.editRetention')}
        </Button>
        <Button appearance="subtle" icon={<Delete20Regular />} disabledFocusable={readOnly !== undefined} aria-describedby={readOnly ? reasonId : undefined} onClick={() => setRemoving(true)}>
          {t('schedules.card.remove')}
        </Button>
        {readOnly && <Text id={reasonId} size={200} className={styles.sub}>{readOnly}</Text>}
      </div>

      {editing && <RetentionDialog schedule={s} now={now} onClose={() => setEditing(false)} />}
      {removing && <RemoveScheduleDialog schedule={s} onClose={() => setRemoving(false)} />}
    </Card>
  );
}

function StateBadge({ schedule: s }: { schedule: ScheduleStatus }) {
  const { t } = useTranslation();
  if (s.paused) return <Badge appearance="tint" color="informative">{t('schedules.badge.paused')}</Badge>;
  if (s.lastRun?.outcome === 'failed') return <Badge appearance="tint" color="danger">{t('schedules.badge.failed')}</Badge>;
  if (s.overdue || s.warnings.length > 0 || s.vanishedIds.length > 0) return <Badge appearance="tint" color="warning">{t('schedules.badge.attention')}</Badge>;
  return <Badge appearance="tint" color="success">{t('schedules.badge.active')}</Badge>;
}

/** The last run: when, how it started, and what it made and deleted, or its failure in a plain sentence. */
function LastRun({ run, now, running }: { run: ScheduleRun | null; now: string; running: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  if (running) return <Text size={300}>{t('schedules.card.runningNow')}</Text>;
  if (!run) return <Text size={300}>{t('schedules.card.neverRun')}</Text>;
  const when = t('schedules.card.lastWhen', { date: f.dateTime(run.at), relative: f.relative(run.at, now), cause: t(`schedules.cause.${run.cause}`) });
  if (run.outcome === 'failed') {
    return (
      <>
        <Text size={300}>{when}</Text>
        <Text size={200} className={styles.failed}>{t('schedules.card.lastFailed', { message: run.error?.message ?? '' })}</Text>
      </>
    );
  }
  const made = [
    t('schedules.card.made', { count: run.createdIds.length }),
    ...(run.deletedIds.length > 0 ? [t('schedules.card.thinned', { count: run.deletedIds.length })] : []),
  ].join(', ');
  return (
    <>
      <Text size={300}>{when}</Text>
      <Text size={200} data-testid="schedule-last-result">{made}</Text>
      {run.deletedByVss.length > 0 && (
        <Text size={200} className={styles.warning}>{t('schedules.card.madeRoom', { count: run.deletedByVss.length })}</Text>
      )}
    </>
  );
}
