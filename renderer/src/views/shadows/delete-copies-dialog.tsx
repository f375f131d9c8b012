import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyList } from '../../components/copy-list';
import { DangerButton } from '../../components/danger-button';
import { OnComputerNote, useChosenComputer } from '../../components/on-computer';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import type { ShadowCopy } from '../../api/contract-types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** What the user asked to delete: one copy, or a whole set. */
export type DeleteRequest = { kind: 'shadow'; copy: ShadowCopy } | { kind: 'set'; setId: string; copies: ShadowCopy[] };

/**
 * Confirms deleting a copy or a set, saying what will be lost in the user's terms: the date and
 * the volume(s) whose previous versions from that moment disappear.
 */
export function DeleteCopiesDialog({ request, onClose }: { request: DeleteRequest; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const deleteShadows = useAppStore((s) => s.deleteShadows);
  const computer = useChosenComputer();
  const confirm = () => {
    onClose();
    void deleteShadows(request.kind === 'shadow' ? { kind: 'shadow', id: request.copy.id } : { kind: 'set', id: request.setId }, computer.target);
  };
  const copies = request.kind === 'shadow' ? [request.copy] : request.copies;
  const date = f.dateTime(copies[0]?.createdAt ?? '');
  const volumes = f.list([...new Set(copies.map((c) => c.volume))]);
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>
            {request.kind === 'shadow'
              ? t('deleteCopy.title', { volume: request.copy.volume, date, on: computer.on })
              : t('deleteSet.title', { date, on: computer.on })}
          </DialogTitle>
          <DialogContent className={styles.content}>
            <OnComputerNote computer={computer} />
            <Text>
              {request.kind === 'shadow'
                ? t('deleteCopy.body', { volume: request.copy.volume, date, relative: f.relative(request.copy.createdAt) })
                : t('deleteSet.body', { count: copies.length, volumes, date })}
            </Text>
            {request.kind === 'set' && <CopyList copies={copies} label={t('deleteSet.listLabel')} showVolume testId="delete-casualties" />}
            <Text weight="semibold">{t('common.cannotUndo')}</Text>
          </DialogContent>
          <DialogActions>
            <DangerButton onClick={confirm}>
              {request.kind === 'shadow' ? t('deleteCopy.confirm') : t('deleteSet.confirm', { count: copies.length })}
            </DangerButton>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
