import { useAppStore } from '../store/store';
import { SettingsView } from '../views/settings/settings-view';
import { ShadowsView } from '../views/shadows/shadows-view';
import { VolumesView } from '../views/volumes/volumes-view';
import { WritersView } from '../views/writers/writers-view';

/** Renders the view the navigation selected; each view loads its own data on mount. */
export function CurrentView() {
  const view = useAppStore((s) => s.view);
  switch (view) {
    case 'volumes': return <VolumesView />;
    case 'shadows': return <ShadowsView />;
    case 'writers': return <WritersView />;
    case 'settings': return <SettingsView />;
  }
}
