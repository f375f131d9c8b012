import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyList } from '../../components/copy-list';
import { DangerButton } from '../../components/danger-button';
import { OnComputerNote, useChosenComputer } from '../../components/on-computer';
import { useAppStore } from '../../store/store';
import { volumeTitle } from './volume-facts';
import type { ShadowCopy, Volume } from '../../api/contract-types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Which copies of a volume to delete: the oldest one (as `vssadmin delete shadows /oldest`), or all. */
export type DeleteVolumeMode = 'oldest' | 'all';

/**
 * Confirms deleting the oldest or every shadow copy of a volume, listing each copy that will go
 * (date, oldest first) so the user sees exactly which previous versions will be gone.
 */
export function DeleteVolumeCopiesDialog({ volume, copies, mode, onClose }: { volume: Volume; copies: ShadowCopy[]; mode: DeleteVolumeMode; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const deleteShadows = useAppStore((s) => s.deleteShadows);
  const computer = useChosenComputer();
  // Copies come oldest first: the oldest is the one VSS deletes for kind 'oldest'.
  const casualties = mode === 'oldest' ? copies.slice(0, 1) : copies;
  const key = mode === 'oldest' ? 'deleteOldest' : 'deleteAll';
  const confirm = () => {
    onClose();
    void deleteShadows({ kind: mode, volume: volume.name }, computer.target);
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t(`${key}.title`, { count: casualties.length, volume: volumeTitle(volume, t('volumes.untitled')), on: computer.on })}</DialogTitle>
          <DialogContent className={styles.content}>
            <OnComputerNote computer={computer} />
            {/* Deleting the oldest: the sentence counts what stays; deleting all: what goes. */}
            <Text>{t(`${key}.body`, { count: mode === 'oldest' ? copies.length - 1 : casualties.length })}</Text>
            <CopyList copies={casualties} label={t('deleteAll.listLabel')} testId="delete-casualties" />
            <Text weight="semibold">{t('common.cannotUndo')}</Text>
          </DialogContent>
          <DialogActions>
            <DangerButton onClick={confirm}>{t(`${key}.confirm`, { count: casualties.length })}</DangerButton>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
