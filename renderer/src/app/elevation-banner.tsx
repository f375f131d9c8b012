import { useEffect } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldKeyhole20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../components/error-bar';
import { selectImageOpen } from '../store/selectors';
import { useAppStore } from '../store/store';

const useStyles = makeStyles({
  bar: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} 0` },
});

/**
 * Says up front when ShadowDesk runs without administrator rights, instead of letting the first
 * create or delete fail with E_ACCESSDENIED; offers "Restart as administrator" where the app can
 * (Windows' prompt), and says what still works: browsing, previous versions and restoring your own files.
 */
export function ElevationBanner() {
  const { t } = useTranslation();
  const styles = useStyles();
  const elevation = useAppStore((s) => s.elevation.data);
  const loadElevation = useAppStore((s) => s.loadElevation);
  const restart = useAppStore((s) => s.restartElevated);
  const restartError = useAppStore((s) => s.restartError);
  useEffect(() => {
    void loadElevation();
  }, [loadElevation]);
  // An open disk image is read without VSS, so this computer's rights do not matter meanwhile.
  const image = useAppStore(selectImageOpen);
  if (image || !elevation?.applies || elevation.elevated !== false) return null;
  return (
    <div className={styles.bar}>
      <MessageBar intent="warning" layout="multiline" icon={<ShieldKeyhole20Regular />} data-testid="elevation-banner">
        <MessageBarBody>
          <MessageBarTitle>{t('elevation.title')}</MessageBarTitle>
          {elevation.canRestart ? t('elevation.body') : t('elevation.bodyNoRestart')}
        </MessageBarBody>
        {elevation.canRestart && (
          <MessageBarActions>
            <Button onClick={() => void restart()}>{t('elevation.restart')}</Button>
          </MessageBarActions>
        )}
      </MessageBar>
      {restartError && <ErrorBar error={restartError} title={t('elevation.restartFailed')} />}
    </div>
  );
}
