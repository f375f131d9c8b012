import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { LoadingState } from '../../components/states';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import type { ShadowCopy } from '../../api/contract-types';
import { DiffView } from '../versions/diff-view';

const useStyles = makeStyles({
  surface: { maxWidth: 'min(1100px, calc(100vw - 48px))', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxHeight: '65vh', minHeight: 0 },
  sub: { color: tokens.colorNeutralForeground3 },
});

/** Props of {@link CompareDialog}. */
export interface CompareDialogProps {
  copy: ShadowCopy;
  /** Full path of the item compared. */
  path: string;
  name: string;
  onClose(): void;
}

/**
 * "Compare with current" from Browse: the item in this copy against the volume now, in the same
 * diff view as Previous versions (text diff, facts and SHA-256, or a folder's changes).
 */
export function CompareDialog({ copy, path, name, onClose }: CompareDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const comparison = useAppStore((s) => s.comparison);
  const compareWithCurrent = useAppStore((s) => s.compareWithCurrent);
  const mine = comparison.shadowId === copy.id && comparison.path === path;
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('browse.compareTitle', { name })}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text className={styles.sub}>{t('browse.compareSub', { path, date: f.dateTime(copy.createdAt) })}</Text>
            {(!mine || comparison.status === 'loading') && <LoadingState label={t('versions.comparing')} />}
            {mine && comparison.error && (
              <ErrorBar error={comparison.error} title={t('versions.compareFailed')} onRetry={() => void compareWithCurrent(path, copy.id)} />
            )}
            {mine && comparison.status === 'ready' && comparison.data && <DiffView comparison={comparison.data} fill />}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>{t('browse.close')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
