import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Desktop16Regular, History24Filled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { selectMachineName, selectRunningCount } from '../store/selectors';
import { useAppStore } from '../store/store';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    height: '48px',
    padding: `0 ${tokens.spacingHorizontalL}`,
  },
  logo: { color: tokens.colorBrandForeground1, display: 'flex' },
  machine: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground3,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  spacer: { flexGrow: 1 },
});

/** The title bar: app name, the machine being managed (when known) and a busy indicator that opens Activity. */
export function AppHeader() {
  const { t } = useTranslation();
  const styles = useStyles();
  const machine = useAppStore(selectMachineName);
  const running = useAppStore(selectRunningCount);
  const openActivity = useAppStore((s) => s.openActivity);
  const showActivity = () => {
    openActivity();
    // As the navigation does: land keyboard and screen-reader users on the view's title.
    requestAnimationFrame(() => document.getElementById('main')?.focus());
  };
  return (
    <header className={styles.header}>
      <span className={styles.logo} aria-hidden="true"><History24Filled /></span>
      <Text weight="semibold" size={400}>ShadowDesk</Text>
      {machine && (
        <span className={styles.machine} data-testid="machine-name">
          <Desktop16Regular aria-hidden="true" />
          <Text size={300}>
            <span className="visually-hidden">{t('header.machine')} </span>
            {machine}
          </Text>
        </span>
      )}
      <span className={styles.spacer} />
      {running > 0 && (
        <Button appearance="subtle" size="small" icon={<Spinner size="extra-tiny" aria-hidden="true" />} iconPosition="after" onClick={showActivity}>
          {t('header.running', { count: running })}
        </Button>
      )}
    </header>
  );
}
