import { useAppStore } from '../store/store';
import { BrowseView } from '../views/browse/browse-view';
import { VersionsView } from '../views/versions/versions-view';
import { SettingsView } from '../views/settings/settings-view';
import { ShadowsView } from '../views/shadows/shadows-view';
import { VolumesView } from '../views/volumes/volumes-view';
import { WritersView } from '../views/writers/writers-view';
import { SearchView } from '../views/search/search-view';
import { ActivityView } from '../views/activity/activity-view';
import { SchedulesView } from '../views/schedules/schedules-view';
import { ComputersView } from '../views/computers/computers-view';
import { FleetView } from '../views/computers/fleet-view';

/** Renders the view the navigation selected; each view loads its own data on mount. */
export function CurrentView() {
  const view = useAppStore((s) => s.view);
  switch (view) {
    case 'volumes': return <VolumesView />;
    case 'shadows': return <ShadowsView />;
    case 'schedules': return <SchedulesView />;
    case 'browse': return <BrowseView />;
    case 'versions': return <VersionsView />;
    case 'search': return <SearchView />;
    case 'writers': return <WritersView />;
    case 'activity': return <ActivityView />;
    case 'computers': return <ComputersView />;
    case 'fleet': return <FleetView />;
    case 'settings': return <SettingsView />;
  }
}
