import { useId, useState } from 'react';
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Label, Switch, Text,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { Warning12Filled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/store';
import { volumeTitle } from '../volumes/volume-facts';
import type { Volume } from '../../api/contract-types';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  volumes: { display: 'flex', flexDirection: 'column' },
  hint: { color: tokens.colorNeutralForeground3 },
  pickOne: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorPaletteDarkOrangeForeground1 },
});

/**
 * Creates one shadow copy set over the chosen volumes, with or without writers (explained in one
 * sentence, since the choice trades speed for application consistency).
 */
export function CreateDialog({ volumes, initial, onClose }: { volumes: Volume[]; initial: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const createShadows = useAppStore((s) => s.createShadows);
  // Volumes people keep files on: the partitions without a mount point stay out (the CLI can still copy them).
  const supported = volumes.filter((v) => v.shadowCopySupported && v.mountPoints.length > 0);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial.filter((n) => supported.some((v) => v.name === n))));
  const [withWriters, setWithWriters] = useState(false);
  const volumesLabel = useId();
  const pickOneId = useId();
  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(name);
    else next.delete(name);
    setChosen(next);
  };
  const submit = () => {
    if (chosen.size === 0) return;
    onClose();
    void createShadows(supported.filter((v) => chosen.has(v.name)).map((v) => v.name), withWriters);
  };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <DialogBody>
            <DialogTitle>{t('create.title')}</DialogTitle>
            <DialogContent className={styles.content}>
              {/* One group of checkboxes, not a Field: a Field gives its one control an id, and every
                  checkbox inside would share it, so a click on "Data (D:)" would toggle the first box. */}
              <div className={styles.volumes} role="group" aria-labelledby={volumesLabel} aria-describedby={chosen.size === 0 ? pickOneId : undefined}>
                <Label id={volumesLabel}>{t('create.volumes')}</Label>
                {supported.map((v) => (
                  <Checkbox
                    key={v.guidPath}
                    label={volumeTitle(v, t('volumes.untitled'))}
                    checked={chosen.has(v.name)}
                    onChange={(_, d) => toggle(v.name, d.checked === true)}
                  />
                ))}
                {chosen.size === 0 && (
                  <Text id={pickOneId} size={200} className={styles.pickOne}>
                    <Warning12Filled aria-hidden />
                    {t('create.pickOne')}
                  </Text>
                )}
              </div>
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
