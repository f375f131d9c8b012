import { useEffect } from 'react';
import { FluentProvider, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../i18n/i18n';
import { useAppStore } from '../store/store';
import { ActivityStrip } from './activity-strip';
import { AppHeader } from './app-header';
import { AppNav } from './app-nav';
import { ComputerBanner } from './computer-banner';
import { CurrentView } from './current-view';
import { ElevationBanner } from './elevation-banner';
import { ImageBanner } from './image-banner';
import { useSystemDark } from './use-system-dark';

const useStyles = makeStyles({
  shell: {
    display: 'grid',
    gridTemplateRows: 'auto 1fr',
    height: '100%',
    // The window's "Mica" layer (the same token as the navigation items); content sits on cards
    // (Background1) above it, as in Windows 11.
    backgroundColor: tokens.colorNeutralBackground4,
  },
  body: { display: 'grid', gridTemplateColumns: 'auto 1fr', minHeight: 0 },
  main: { display: 'flex', flexDirection: 'column', minHeight: 0, minWidth: 0, outline: 'none' },
});

/**
 * The window: Fluent's light or dark theme (the Settings choice, else the system's, live), a header
 * with the machine's name, the navigation on the left and the current view beside it.
 */
export function App() {
  const styles = useStyles();
  // No className on FluentProvider: Fluent copies it onto its portal nodes (tooltips, dialogs)
  // under <body>, where a size or background would cover the window. global.css sizes it instead.
  const themePref = useAppStore((s) => s.themePref);
  const loadAbout = useAppStore((s) => s.loadAbout);
  const loadCurrentImage = useAppStore((s) => s.loadCurrentImage);
  const loadComputers = useAppStore((s) => s.loadComputers);
  // What this window can offer (folder dialog, Explorer) depends on where it runs: asked once.
  // So is whether a disk image is open already (`serve --image`, the app's command line), and the
  // computers the header's picker offers.
  useEffect(() => {
    void loadAbout();
    void loadCurrentImage();
    void loadComputers();
  }, [loadAbout, loadCurrentImage, loadComputers]);
  const systemDark = useSystemDark();
  const dark = themePref === 'dark' || (themePref === 'system' && systemDark);
  return (
    <I18nextProvider i18n={i18n}>
      <FluentProvider theme={dark ? webDarkTheme : webLightTheme} data-theme={dark ? 'dark' : 'light'}>
        <div className={styles.shell}>
          <AppHeader />
          <div className={styles.body}>
            <AppNav />
            <main className={styles.main} aria-labelledby="view-title" id="main" tabIndex={-1}>
              <ComputerBanner />
              <ImageBanner />
              <ElevationBanner />
              <CurrentView />
              <ActivityStrip />
            </main>
          </div>
        </div>
      </FluentProvider>
    </I18nextProvider>
  );
}
