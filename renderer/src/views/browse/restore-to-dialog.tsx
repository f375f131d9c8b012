import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { selectImageOpen } from '../../store/selectors';
import { useAppStore } from '../../store/store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  input: { flexGrow: 1 },
});

/** Props of {@link RestoreToDialog}. */
export interface RestoreToDialogProps {
  count: number;
  onContinue(destination: string): void;
  onCancel(): void;
}

/** Asks where "Restore to…" should put the items; the restore plan dialog follows, nothing is written yet. */
export function RestoreToDialog({ count, onContinue, onCancel }: RestoreToDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
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
  const submit = () => { if (destination.trim() !== '') onContinue(destination.trim()); };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onCancel(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <DialogBody>
            <DialogTitle>{t('browse.restoreToTitle', { count })}</DialogTitle>
            <DialogContent className={styles.content}>
              {/* The button sits beside the Field, not in it: Field labels its one child control. */}
              <div className={styles.row}>
                <Field className={styles.input} label={t('browse.destination')} hint={t(imageOpen ? 'image.destinationHint' : 'browse.destinationHint')} required>
                  <Input value={destination} onChange={(_, d) => setDestination(d.value)} autoFocus={imageOpen} />
                </Field>
                {canChoose && <Button icon={<FolderOpen20Regular />} onClick={() => void browse()}>{t('browse.chooseFolder')}</Button>}
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
