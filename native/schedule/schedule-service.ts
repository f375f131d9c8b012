import type { InputOf, ResultOf } from '../contract/operations.js';
import { AppError } from '../vss/app-error.js';

/** The schedule operations of the contract (being built: issue 11). */
export interface ScheduleService {
  list(): Promise<ResultOf<'listSchedules'>>;
  add(i: InputOf<'addSchedule'>): Promise<ResultOf<'addSchedule'>>;
  check(i: InputOf<'checkSchedule'>): Promise<ResultOf<'checkSchedule'>>;
  update(i: InputOf<'updateSchedule'>): Promise<ResultOf<'updateSchedule'>>;
  remove(i: InputOf<'removeSchedule'>): Promise<ResultOf<'removeSchedule'>>;
  run(i: InputOf<'runSchedule'>): Promise<ResultOf<'runSchedule'>>;
  preview(i: InputOf<'previewRetention'>): Promise<ResultOf<'previewRetention'>>;
  tick(i: InputOf<'scheduleTick'>): Promise<ResultOf<'scheduleTick'>>;
}

const notYet = (): never => {
  throw new AppError('NOT_IMPLEMENTED', { en: 'Schedules are not built yet.', it: 'Le pianificazioni non sono ancora pronte.' });
};

/** Placeholder until the service lands. */
export function createScheduleService(): ScheduleService {
  return { list: notYet, add: notYet, check: notYet, update: notYet, remove: notYet, run: notYet, preview: notYet, tick: notYet };
}
