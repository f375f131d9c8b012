import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useChosenComputer } from '../../components/on-computer';
import { selectImageOpen } from '../../store/selectors';
import { useAppStore } from '../../store/store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  input: { flexGrow: 1 },
  note: { margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} 0` },
});

/**
 * Says, in Browse on another computer, why Open and drag out are gone: they hand files to this
 * computer's shell, and these are the other computer's (Restore to… this computer brings them here).
 * Only where the window has those operations at all (the app on Windows).
 */
export function RemoteFilesNote() {
  const { t } = useTranslation();
  const styles = useStyles();
  const show = useAppStore((s) => s.computer !== null && (s.about.data?.windowOperations ?? false));
  if (!show) return null;
  return (
    <MessageBar className={styles.note} intent="info" data-testid="remote-files-note">
      <MessageBarBody>{t('computers.remoteFiles')}</MessageBarBody>
    </MessageBar>
  );
}

/** Props of {@link RestoreToDialog}. */
export interface RestoreToDialogProps {
  count: number;
  /** `here`: the destination is a folder of this computer, the copy another computer's (Restore to… this computer). */
  onContinue(destination: string, here: boolean): void;
  onCancel(): void;
}

/**
 * Asks where "Restore to…" should put the items; the restore plan dialog follows, nothing is written
 * yet. On another computer it also offers a folder of this computer (Restore to… this computer).
 */
export function RestoreToDialog({ count, onContinue, onCancel }: RestoreToDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const computer = useChosenComputer();
  const [where, setWhere] = useState<'there' | 'here'>('there');
  const here = computer.target !== null && where === 'here';
  // With a disk image open the destination is a folder of this computer, whose style (D:\… or
  // /home/…) the window cannot guess: the user types it.
  const imageOpen = useAppStore(selectImageOpen);
  const [destination, setDestination] = useState(imageOpen ? '' : 'C:\\Restored');
  // The app's folder dialog, where there is one (the Electron app on Windows); elsewhere, typing.
  const canChoose = useAppStore((s) => s.about.data?.windowOperations ?? false);
  const chooseFolder = useAppStore((s) => s.chooseFolder);
  const browse = async () => {
    const picked = await chooseFolder(t('browse.destination'), destination.trim() || undefined);
    if (picked) setDestination(picked);
  };
  const submit = () => { if (destination.trim() !== '') onContinue(destination.trim(), here); };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onCancel(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <DialogBody>
            <DialogTitle>{t('browse.restoreToTitle', { count })}</DialogTitle>
            <DialogContent className={styles.content}>
              {computer.target !== null && (
                <RadioGroup
                  value={where}
                  onChange={(_, d) => {
                    setWhere(d.value as 'there' | 'here');
                    // The example path is the other computer's style; this computer's may differ (/home/…).
                    if (destination === 'C:\\Restored') setDestination('');
                  }} aria-label={t('computers.restoreWhere')}>
                  <Radio value="there" label={t('computers.restoreThere', { name: computer.name })} />
                  <Radio value="here" label={t('computers.restoreHere')} />
                </RadioGroup>
              )}
              {/* The button sits beside the Field, not in it: Field labels its one child control. */}
              <div className={styles.row}>
                <Field className={styles.input} label={t('browse.destination')} hint={t(here ? 'computers.restoreHereHint' : imageOpen ? 'image.destinationHint' : 'browse.destinationHint')} required>
                  <Input value={destination} onChange={(_, d) => setDestination(d.value)} autoFocus={imageOpen} />
                </Field>
                {canChoose && (here || computer.target === null) && <Button icon={<FolderOpen20Regular />} onClick={() => void browse()}>{t('browse.chooseFolder')}</Button>}
              </div>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={destination.trim() === ''}>{t('browse.continue')}</Button>
              <Button onClick={onCancel}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
