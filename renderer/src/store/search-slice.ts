import type { SliceCreator } from './app-state';

/** Search across every shadow copy (placeholder until the search view lands). */
export type SearchSlice = Record<never, never>;

/** Creates the search slice. */
export const createSearchSlice: SliceCreator<SearchSlice> = () => ({});
