import type { StateCreator } from 'zustand';
import type { ActivitySlice } from './activity-slice';
import type { BrowseSlice } from './browse-slice';
import type { ComputersSlice } from './computers-slice';
import type { ImageSlice } from './image-slice';
import type { RestoreSlice } from './restore-slice';
import type { SchedulesSlice } from './schedules-slice';
import type { SearchSlice } from './search-slice';
import type { SettingsSlice } from './settings-slice';
import type { ShadowsSlice } from './shadows-slice';
import type { UiSlice } from './ui-slice';
import type { VolumesSlice } from './volumes-slice';
import type { WritersSlice } from './writers-slice';

/** The whole store: one object built from the feature slices, so actions can reach each other. */
export type AppState = VolumesSlice & ShadowsSlice & WritersSlice & UiSlice & ActivitySlice & BrowseSlice & RestoreSlice & SearchSlice & SettingsSlice & ImageSlice & SchedulesSlice & ComputersSlice;

/** How a slice is declared: it sees (and may call) the whole state. */
export type SliceCreator<S> = StateCreator<AppState, [], [], S>;
