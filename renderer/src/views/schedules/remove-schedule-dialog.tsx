import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { OnComputerNote, useChosenComputer } from '../../components/on-computer';
import { useAppStore } from '../../store/store';
import type { ScheduleStatus } from '../../api/contract-types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * Confirms removing a schedule, naming it and saying that the copies it made stay: removing stops
 * future copies and thinning, it deletes nothing.
 */
export function RemoveScheduleDialog({ schedule, onClose }: { schedule: ScheduleStatus; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const removeSchedule = useAppStore((s) => s.removeSchedule);
  const computer = useChosenComputer();
  const confirm = () => {
    onClose();
    void removeSchedule(schedule.name, computer.target);
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('schedules.removeDialog.title', { name: schedule.name, on: computer.on })}</DialogTitle>
          <DialogContent className={styles.content}>
            <OnComputerNote computer={computer} />
            <Text>{t('schedules.removeDialog.body')}</Text>
            <Text weight="semibold">{t('schedules.removeDialog.copiesStay', { count: schedule.copies.length })}</Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={confirm}>{t('schedules.removeDialog.confirm')}</Button>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
