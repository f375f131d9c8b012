import { Badge, Button, Dropdown, Option, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Desktop16Regular, History24Filled, Laptop16Regular } from '@fluentui/react-icons';
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
    borderBottom: '3px solid transparent',
  },
  // Another computer: a band of colour under the title bar, as remote-desktop tools do.
  remote: { borderBottomColor: tokens.colorPaletteDarkOrangeBorder2 },
  logo: { color: tokens.colorBrandForeground1, display: 'flex' },
  machine: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
  },
  picker: { minWidth: '240px', maxWidth: '420px' },
  spacer: { flexGrow: 1 },
});

/** "ana-laptop — ANA-PC": a computer's name in the list, with its own host name when a check told us. */
function withHost(name: string, hostname: string | null | undefined): string {
  return hostname && hostname.toLowerCase() !== name.toLowerCase() ? `${name} — ${hostname}` : name;
}

/**
 * The title bar: app name, the computer every view works on (always shown: "This computer" or the
 * other computer's name and host name, in a coloured badge, so nobody deletes copies on the wrong
 * machine) with a picker to switch, and a busy indicator that opens Activity.
 */
export function AppHeader() {
  const { t } = useTranslation();
  const styles = useStyles();
  const localName = useAppStore((s) => (s.computer === null ? selectMachineName(s) : null));
  const chosen = useAppStore((s) => s.computer);
  const computers = useAppStore((s) => s.computers.data);
  const checks = useAppStore((s) => s.checks);
  const chooseComputer = useAppStore((s) => s.chooseComputer);
  const running = useAppStore(selectRunningCount);
  const openActivity = useAppStore((s) => s.openActivity);
  const showActivity = () => {
    openActivity();
    // As the navigation does: land keyboard and screen-reader users on the view's title.
    requestAnimationFrame(() => document.getElementById('main')?.focus());
  };
  const entries = computers ?? [];
  const hostOf = (target: string) => checks[target]?.check?.hostname ?? entries.find((c) => c.target === target)?.lastCheck?.hostname;
  const nameOf = (target: string) => entries.find((c) => c.target === target)?.label ?? target;
  const thisText = localName ? `${t('computers.thisComputer')} — ${localName}` : t('computers.thisComputer');
  const chosenText = chosen === null ? thisText : withHost(nameOf(chosen), hostOf(chosen));
  // A chosen computer that is not (or no longer) listed still shows, so the header never lies.
  const listed = chosen === null || entries.some((c) => c.target === chosen);
  return (
    <header className={mergeClasses(styles.header, chosen !== null && styles.remote)} data-testid="app-header">
      <span className={styles.logo} aria-hidden="true"><History24Filled /></span>
      <Text weight="semibold" size={400}>ShadowDesk</Text>
      <span className={styles.machine} data-testid="machine-name" data-computer={chosen ?? ''}>
        {chosen === null
          ? <Desktop16Regular aria-hidden="true" />
          : <Badge appearance="filled" color="severe" icon={<Laptop16Regular />} data-testid="other-computer-badge">{t('computers.otherComputer')}</Badge>}
        <Dropdown
          className={styles.picker}
          appearance="underline"
          aria-label={t('header.machine')}
          value={chosenText}
          selectedOptions={[chosen ?? '']}
          onOptionSelect={(_, d) => void chooseComputer(d.optionValue ? d.optionValue : null)}
        >
          <Option value="" text={thisText}>{thisText}</Option>
          {entries.map((c) => {
            const text = withHost(c.label ?? c.target, hostOf(c.target));
            return <Option key={c.target} value={c.target} text={text}>{text}</Option>;
          })}
          {!listed && chosen !== null && <Option value={chosen} text={chosenText}>{chosenText}</Option>}
        </Dropdown>
      </span>
      <span className={styles.spacer} />
      {running > 0 && (
        <Button appearance="subtle" size="small" icon={<Spinner size="extra-tiny" aria-hidden="true" />} iconPosition="after" onClick={showActivity}>
          {t('header.running', { count: running })}
        </Button>
      )}
    </header>
  );
}
