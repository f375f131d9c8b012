import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Spinner, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { selectCanChooseImageFile } from '../../store/selectors';
import { useAppStore } from '../../store/store';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  input: { flexGrow: 1 },
  // Level with the input, below the Field's label.
  browse: { marginTop: '26px' },
});

/** Props of {@link OpenImageDialog}. */
export interface OpenImageDialogProps {
  /** The path the field starts with ('' from the button; a launch's `--image=PATH`). */
  initialPath: string;
  onClose(): void;
}

/**
 * Asks which disk image to open: a path typed or pasted (always: a helpdesk has it in a ticket, and
 * the browser cannot pick files of this computer), Browse… where the app has an Open dialog. A failure
 * stays in the dialog, plain sentence first, so the path can be corrected in place.
 */
export function OpenImageDialog({ initialPath, onClose }: OpenImageDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [path, setPath] = useState(initialPath);
  const canChoose = useAppStore(selectCanChooseImageFile);
  const chooseImageFile = useAppStore((s) => s.chooseImageFile);
  const openImage = useAppStore((s) => s.openImage);
  const state = useAppStore((s) => s.imageOpen);
  const clearImageError = useAppStore((s) => s.clearImageError);
  const opening = state.status === 'opening';
  const close = () => {
    if (opening) return;
    clearImageError();
    onClose();
  };
  const browse = async () => {
    const picked = await chooseImageFile(t('image.dialogTitle'));
    if (picked) setPath(picked);
  };
  const submit = async () => {
    if (path.trim() === '' || opening) return;
    if (await openImage(path.trim())) onClose();
  };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) close(); }}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <DialogBody>
            <DialogTitle>{t('image.dialogTitle')}</DialogTitle>
            <DialogContent className={styles.content}>
              <Text>{t('image.dialogIntro')}</Text>
              {/* The button sits beside the Field, not in it: Field labels its one child control. */}
              <div className={styles.row}>
                <Field className={styles.input} label={t('image.path')} hint={t('image.pathHint')} required>
                  <Input
                    value={path}
                    onChange={(_, d) => { setPath(d.value); if (state.error) clearImageError(); }}
                    placeholder={placeholder()}
                    disabled={opening}
                    autoFocus
                  />
                </Field>
                {canChoose && (
                  <Button className={styles.browse} icon={<FolderOpen20Regular />} disabled={opening} onClick={() => void browse()}>
                    {t('image.browse')}
                  </Button>
                )}
              </div>
              {state.error && <ErrorBar error={state.error} title={t('image.openFailed')} />}
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={path.trim() === '' || opening}
                icon={opening ? <Spinner size="extra-tiny" aria-hidden="true" /> : undefined}
              >
                {opening ? t('image.opening') : t('image.openButton')}
              </Button>
              <Button onClick={close} disabled={opening}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** An example path in this computer's own style: where cases live on a Windows or a Linux desk. */
function placeholder(): string {
  return /Windows/i.test(navigator.userAgent) ? 'D:\\images\\pc-042.vhdx' : '/srv/cases/pc-042.E01';
}
