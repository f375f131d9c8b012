import { NavDrawer, NavDrawerBody, NavItem, makeStyles, tokens } from '@fluentui/react-components';
import {
  CalendarClock20Filled, CalendarClock20Regular, DocumentBulletListClock20Filled, Pulse20Filled, Pulse20Regular, Search20Filled, Search20Regular, DocumentBulletListClock20Regular, FolderOpen20Filled, FolderOpen20Regular, HardDrive20Filled, HardDrive20Regular, History20Filled, History20Regular, PlugConnected20Filled, PlugConnected20Regular,
  Settings20Filled, Settings20Regular, Laptop20Filled, Laptop20Regular, HeartPulse20Filled, HeartPulse20Regular, bundleIcon,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/store';
import type { ViewName } from '../store/ui-slice';

const VolumesIcon = bundleIcon(HardDrive20Filled, HardDrive20Regular);
const ShadowsIcon = bundleIcon(History20Filled, History20Regular);
const SchedulesIcon = bundleIcon(CalendarClock20Filled, CalendarClock20Regular);
const BrowseIcon = bundleIcon(FolderOpen20Filled, FolderOpen20Regular);
const VersionsIcon = bundleIcon(DocumentBulletListClock20Filled, DocumentBulletListClock20Regular);
const SearchIcon = bundleIcon(Search20Filled, Search20Regular);
const ActivityIcon = bundleIcon(Pulse20Filled, Pulse20Regular);
const WritersIcon = bundleIcon(PlugConnected20Filled, PlugConnected20Regular);
const SettingsIcon = bundleIcon(Settings20Filled, Settings20Regular);
const ComputersIcon = bundleIcon(Laptop20Filled, Laptop20Regular);
const FleetIcon = bundleIcon(HeartPulse20Filled, HeartPulse20Regular);

const useStyles = makeStyles({
  drawer: {
    backgroundColor: 'transparent',
    width: '240px',
    borderRight: 'none',
    paddingTop: tokens.spacingVerticalS,
  },
  spacer: { flexGrow: 1 },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

const MAIN_ITEMS: { value: ViewName; icon: typeof VolumesIcon }[] = [
  { value: 'volumes', icon: VolumesIcon },
  { value: 'shadows', icon: ShadowsIcon },
  { value: 'schedules', icon: SchedulesIcon },
  { value: 'browse', icon: BrowseIcon },
  { value: 'versions', icon: VersionsIcon },
  { value: 'search', icon: SearchIcon },
  { value: 'writers', icon: WritersIcon },
  { value: 'activity', icon: ActivityIcon },
  { value: 'computers', icon: ComputersIcon },
  { value: 'fleet', icon: FleetIcon },
];

/**
 * The left navigation, as in Windows 11 Settings. Items are buttons (Tab reaches them, Enter or
 * Space selects), the selected one is marked aria-current="page".
 */
export function AppNav() {
  const { t } = useTranslation();
  const styles = useStyles();
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const select = (value: ViewName) => {
    setView(value);
    // Move focus to the new view so keyboard and screen-reader users land on its title.
    requestAnimationFrame(() => document.getElementById('main')?.focus());
  };
  return (
    <NavDrawer
      open
      type="inline"
      className={styles.drawer}
      selectedValue={view}
      onNavItemSelect={(_, data) => select(data.value as ViewName)}
      aria-label={t('nav.label')}
    >
      <NavDrawerBody className={styles.body}>
        {MAIN_ITEMS.map(({ value, icon: Icon }) => (
          <NavItem key={value} value={value} icon={<Icon />}>
            {t(`nav.${value}`)}
          </NavItem>
        ))}
        <div className={styles.spacer} />
        <NavItem value="settings" icon={<SettingsIcon />}>
          {t('nav.settings')}
        </NavItem>
      </NavDrawerBody>
    </NavDrawer>
  );
}
