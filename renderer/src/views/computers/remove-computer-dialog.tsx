import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../../native/contract/errors';
import { DangerButton } from '../../components/danger-button';
import { ErrorBar } from '../../components/error-bar';
import { useAppStore } from '../../store/store';
import type { ComputerEntry } from '../../api/contract-types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * Confirms taking a computer off the list, naming it and saying what it does not do: nothing on
 * that computer changes (its copies, schedules and restores stay); only its connection closes.
 */
export function RemoveComputerDialog({ computer, onClose }: { computer: ComputerEntry; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const removeComputer = useAppStore((s) => s.removeComputer);
  const chosen = useAppStore((s) => s.computer === computer.target);
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const name = computer.label ?? computer.target;
  const confirm = async () => {
    setBusy(true);
    const failed = await removeComputer(computer.target);
    setBusy(false);
    if (failed) setError(failed);
    else onClose();
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('computers.removeTitle', { name })}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>{t('computers.removeBody', { target: computer.target })}</Text>
            {chosen && <Text weight="semibold">{t('computers.removeChosen')}</Text>}
            {error && <ErrorBar error={error} title={t('computers.removeFailed', { name })} />}
          </DialogContent>
          <DialogActions>
            <DangerButton disabled={busy} onClick={() => void confirm()}>{t('computers.removeConfirm')}</DangerButton>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
