import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldKeyhole20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../native/contract/errors';
import { useAppStore } from '../store/store';

/** E_ACCESSDENIED, as VSS answers a caller that is not an elevated administrator or a backup operator. */
const E_ACCESSDENIED = 0x80070005;

/**
 * True when VSS refused the caller's rights ("Security Considerations for Requesters": any COM call
 * from another account "is automatically rejected with E_ACCESSDENIED"), so the view can say what
 * it needs instead of showing a failure.
 */
export function isAccessDenied(error: ErrorData | null | undefined): boolean {
  return !!error && error.hresult !== undefined && error.hresult >>> 0 === E_ACCESSDENIED;
}

const useStyles = makeStyles({
  line: { display: 'block', marginTop: tokens.spacingVerticalXS },
});

/** Props of {@link AdminRequiredBar}. */
export interface AdminRequiredBarProps {
  /** What could not be done, e.g. "Could not list the shadow copies"; defaults to "This needs administrator rights". */
  title?: string;
  /** The title already says that administrator rights are needed (no second sentence saying it again). */
  titleSaysWhy?: boolean;
}

/**
 * What a view shows when VSS refuses it for lack of rights: it says plainly that administrator rights
 * are needed and why, and either offers "Restart as administrator" (the app on Windows, where the host
 * can start it again through Windows' prompt) or says how to get the rights (a browser window, the CLI).
 */
export function AdminRequiredBar({ title, titleSaysWhy = false }: AdminRequiredBarProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const canRestart = useAppStore((s) => s.elevation.data?.canRestart ?? false);
  const restart = useAppStore((s) => s.restartElevated);
  return (
    <MessageBar intent="warning" layout="multiline" icon={<ShieldKeyhole20Regular />} data-testid="admin-required">
      <MessageBarBody>
        <MessageBarTitle>{title ?? t('access.title')}</MessageBarTitle>
        {title && !titleSaysWhy ? `${t('access.title')}. ` : ''}
        {t('access.why')}
        {!canRestart && <span className={styles.line}>{t('access.howTo')}</span>}
      </MessageBarBody>
      {canRestart && (
        <MessageBarActions>
          <Button onClick={() => void restart()}>{t('access.restart')}</Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
