import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { PlugDisconnected20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/store';

const useStyles = makeStyles({
  bar: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} 0` },
  next: { display: 'block' },
});

/**
 * Says, above every view, that the chosen computer stopped answering (a dropped link, an unreachable
 * host), in its one sentence with the next step; Reconnect checks it again, and any next call
 * reconnects too (the host opens a new connection).
 */
export function ComputerBanner() {
  const { t } = useTranslation();
  const styles = useStyles();
  const error = useAppStore((s) => s.connectionError);
  const computer = useAppStore((s) => s.computer);
  const name = useAppStore((s) => s.computers.data?.find((c) => c.target === s.computer)?.label ?? s.computer);
  const checking = useAppStore((s) => (s.computer ? s.checks[s.computer]?.status === 'checking' : false));
  const reconnect = useAppStore((s) => s.reconnect);
  if (!error || computer === null) return null;
  return (
    <div className={styles.bar}>
      <MessageBar intent="error" layout="multiline" icon={<PlugDisconnected20Regular />} data-testid="connection-banner">
        <MessageBarBody>
          <MessageBarTitle>{t('computers.linkLost', { name })}</MessageBarTitle>
          {error.message}
          {error.next && <span className={styles.next}>{error.next}</span>}
        </MessageBarBody>
        <MessageBarActions>
          <Button disabled={checking} onClick={() => void reconnect()}>{t('computers.reconnect')}</Button>
        </MessageBarActions>
      </MessageBar>
    </div>
  );
}
