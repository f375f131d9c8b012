import { useEffect, useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody,
  MessageBarTitle, Spinner, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyList } from '../../components/copy-list';
import { DangerButton } from '../../components/danger-button';
import { ErrorBar } from '../../components/error-bar';
import { OnComputerNote, useChosenComputer } from '../../components/on-computer';
import { useAppStore } from '../../store/store';
import type { ScheduleStatus } from '../../api/contract-types';
import { RetentionFields, fromDraft, toDraft, type RetentionDraft } from './retention-fields';

const useStyles = makeStyles({
  // Wide enough for the preview's lines (date, volume, id, how long ago) and a plain-worded Save.
  surface: { maxWidth: '680px' },
  nowrap: { whiteSpace: 'nowrap' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  intro: { color: tokens.colorNeutralForeground2 },
  preview: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: '64px' },
  warnBody: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
});

/** How long typing may pause before the preview is asked again. */
const PREVIEW_DELAY_MS = 250;

/**
 * Edits a schedule's retention. As the numbers change it asks the host which of the schedule's copies
 * the new policy would delete if it ran now, and names them (date, volume, start of the id), so
 * nobody saves a stricter policy without seeing what goes. Saving deletes nothing at once: thinning
 * happens at the schedule's next run.
 */
export function RetentionDialog({ schedule, now, onClose }: { schedule: ScheduleStatus; now: string; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const preview = useAppStore((s) => s.retentionPreview);
  const previewRetention = useAppStore((s) => s.previewRetention);
  const clearPreview = useAppStore((s) => s.clearRetentionPreview);
  const updateSchedule = useAppStore((s) => s.updateSchedule);
  const computer = useChosenComputer();
  const [draft, setDraft] = useState<RetentionDraft>(() => toDraft(schedule.retention));
  const policy = fromDraft(draft);
  const policyKey = policy ? JSON.stringify({ name: schedule.name, retention: policy }) : null;

  useEffect(() => {
    if (!policyKey) return;
    const { name, retention } = JSON.parse(policyKey) as { name: string; retention: NonNullable<typeof policy> };
    const timer = setTimeout(() => void previewRetention(name, retention), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [policyKey, previewRetention]);
  useEffect(() => clearPreview, [clearPreview]);

  // Only an answer for the policy now in the fields is shown: never an older one's list.
  const plan = preview.key === policyKey && preview.status === 'ready' ? preview.data : null;
  const working = policyKey !== null && !plan && !(preview.key === policyKey && preview.status === 'error');
  const doomed = plan?.delete ?? [];
  const unchanged = policy !== null && JSON.stringify(policy) === JSON.stringify(schedule.retention);

  const save = () => {
    if (!policy) return;
    onClose();
    void updateSchedule({ name: schedule.name, retention: policy }, computer.target);
  };

  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface className={styles.surface}>
        <form onSubmit={(e) => { e.preventDefault(); save(); }}>
          <DialogBody>
            <DialogTitle>{t('schedules.retentionDialog.title', { name: schedule.name, on: computer.on })}</DialogTitle>
            <DialogContent className={styles.content}>
              <OnComputerNote computer={computer} />
              <Text className={styles.intro}>{t('schedules.retentionDialog.intro')}</Text>
              <RetentionFields draft={draft} onChange={setDraft} />
              <div className={styles.preview} aria-live="polite" aria-busy={working} data-testid="retention-preview">
                {working && <Spinner size="tiny" label={t('schedules.retentionDialog.previewing')} />}
                {preview.key === policyKey && preview.error && (
                  <ErrorBar error={preview.error} title={t('schedules.retentionDialog.previewFailed')} />
                )}
                {plan && doomed.length === 0 && (
                  <Text>{t('schedules.retentionDialog.deleteNone', { count: plan.keep.length })}</Text>
                )}
                {plan && doomed.length > 0 && (
                  <MessageBar intent="warning" layout="multiline">
                    <MessageBarBody className={styles.warnBody}>
                      <MessageBarTitle>{t('schedules.retentionDialog.deleteTitle', { count: doomed.length })}</MessageBarTitle>
                      <Text>{t('schedules.retentionDialog.deleteBody', { count: plan.keep.length })}</Text>
                      <CopyList
                        copies={doomed}
                        label={t('schedules.retentionDialog.deleteListLabel')}
                        showVolume
                        showId
                        now={now}
                        testId="retention-casualties"
                      />
                    </MessageBarBody>
                  </MessageBar>
                )}
              </div>
            </DialogContent>
            <DialogActions>
              {doomed.length > 0 ? (
                <DangerButton type="submit" className={styles.nowrap} disabled={!policy || unchanged}>{t('schedules.retentionDialog.saveDeletes', { count: doomed.length })}</DangerButton>
              ) : (
                <Button type="submit" appearance="primary" disabled={!policy || unchanged}>{t('schedules.retentionDialog.save')}</Button>
              )}
              <Button onClick={onClose}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
