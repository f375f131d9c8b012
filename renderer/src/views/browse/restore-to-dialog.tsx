import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
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
  const [destination, setDestination] = useState('C:\\Restored');
  const submit = () => { if (destination.trim() !== '') onContinue(destination.trim()); };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onCancel(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <DialogBody>
            <DialogTitle>{t('browse.restoreToTitle', { count })}</DialogTitle>
            <DialogContent className={styles.content}>
              <Field label={t('browse.destination')} hint={t('browse.destinationHint')} required>
                <Input value={destination} onChange={(_, d) => setDestination(d.value)} />
              </Field>
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
