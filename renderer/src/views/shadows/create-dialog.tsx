import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Switch, Text,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { OnComputerNote, useChosenComputer } from '../../components/on-computer';
import { useAppStore } from '../../store/store';
import { VolumeChoice } from '../../components/volume-choice';
import type { Volume } from '../../api/contract-types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  hint: { color: tokens.colorNeutralForeground3 },
});

/**
 * Creates one shadow copy set over the chosen volumes, with or without writers (explained in one
 * sentence, since the choice trades speed for application consistency).
 */
export function CreateDialog({ volumes, initial, onClose }: { volumes: Volume[]; initial: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const createShadows = useAppStore((s) => s.createShadows);
  const computer = useChosenComputer();
  // Volumes people keep files on: the partitions without a mount point stay out (the CLI can still copy them).
  const supported = volumes.filter((v) => v.shadowCopySupported && v.mountPoints.length > 0);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial.filter((n) => supported.some((v) => v.name === n))));
  const [withWriters, setWithWriters] = useState(false);
  const submit = () => {
    if (chosen.size === 0) return;
    onClose();
    void createShadows(supported.filter((v) => chosen.has(v.name)).map((v) => v.name), withWriters, computer.target);
  };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <DialogBody>
            <DialogTitle>{t('create.title', { on: computer.on })}</DialogTitle>
            <DialogContent className={styles.content}>
              <OnComputerNote computer={computer} />
              <VolumeChoice label={t('create.volumes')} volumes={supported} chosen={chosen} onChange={setChosen} pickOne={t('create.pickOne')} />
              <Switch checked={withWriters} onChange={(_, d) => setWithWriters(d.checked)} label={t('create.withWriters')} />
              <Text size={200} className={styles.hint}>{t('create.writersExplained')}</Text>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={chosen.size === 0}>{t('create.confirm')}</Button>
              <Button onClick={onClose}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
