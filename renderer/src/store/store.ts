import { create } from 'zustand';
import { bindComputer } from '../api/call-api';
import { createActivitySlice } from './activity-slice';
import type { AppState } from './app-state';
import { createBrowseSlice } from './browse-slice';
import { createComputersSlice } from './computers-slice';
import { createImageSlice } from './image-slice';
import { createRestoreSlice } from './restore-slice';
import { createSchedulesSlice } from './schedules-slice';
import { createSearchSlice } from './search-slice';
import { createSettingsSlice } from './settings-slice';
import { createShadowsSlice } from './shadows-slice';
import { createUiSlice } from './ui-slice';
import { createVolumesSlice } from './volumes-slice';
import { createWritersSlice } from './writers-slice';

/**
 * The one store of the window. Components read it through selectors (`useAppStore(s => s.x)`)
 * and change the machine only through its actions, which are the only callers of the contract.
 */
export const useAppStore = create<AppState>()((...a) => ({
  ...createVolumesSlice(...a),
  ...createShadowsSlice(...a),
  ...createWritersSlice(...a),
  ...createUiSlice(...a),
  ...createActivitySlice(...a),
  ...createBrowseSlice(...a),
  ...createRestoreSlice(...a),
  ...createSearchSlice(...a),
  ...createSettingsSlice(...a),
  ...createImageSlice(...a),
  ...createSchedulesSlice(...a),
  ...createComputersSlice(...a),
}));

// Every call goes to the chosen computer unless its action names one (see callApi).
bindComputer({
  chosen: () => useAppStore.getState().computer,
  failed: (computer, error) => useAppStore.getState().noteComputerError(computer, error),
});
