import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyList } from '../../components/copy-list';
import { DangerButton } from '../../components/danger-button';
import { useAppStore } from '../../store/store';
import { volumeTitle } from './volume-facts';
import type { ShadowCopy, Volume } from '../../api/contract-types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * Confirms deleting every shadow copy of a volume, listing each copy (date, oldest first) so the
 * user sees exactly which previous versions will be gone.
 */
export function DeleteAllDialog({ volume, copies, onClose }: { volume: Volume; copies: ShadowCopy[]; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const deleteShadows = useAppStore((s) => s.deleteShadows);
  const confirm = () => {
    onClose();
    void deleteShadows({ kind: 'all', volume: volume.name });
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('deleteAll.title', { count: copies.length, volume: volumeTitle(volume, t('volumes.untitled')) })}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>{t('deleteAll.body', { count: copies.length })}</Text>
            <CopyList copies={copies} label={t('deleteAll.listLabel')} testId="delete-casualties" />
            <Text weight="semibold">{t('common.cannotUndo')}</Text>
          </DialogContent>
          <DialogActions>
            <DangerButton onClick={confirm}>{t('deleteAll.confirm', { count: copies.length })}</DangerButton>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
