import type { InputOf } from '../contract/operations.js';
import type { HandlerContext } from '../host/dispatcher.js';
import type { RestorePlan, RestoreResult } from '../restore/types.js';
import { AppError } from '../vss/app-error.js';
import type { ComputerPool } from './computer-pool.js';

const notYet = (): never => {
  throw new AppError('NOT_AVAILABLE_HERE', { en: 'Restore to this computer is not built yet.', it: 'Il ripristino su questo computer non è ancora pronto.' });
};

/** Placeholder until "Restore to… this computer" lands (issue 12). */
export async function planRestoreHere(_pool: ComputerPool, _i: InputOf<'planRestoreHere'>, _ctx: HandlerContext): Promise<RestorePlan> {
  return notYet();
}
/** Placeholder until "Restore to… this computer" lands (issue 12). */
export async function restoreHere(_pool: ComputerPool, _dataDir: string, _i: InputOf<'restoreHere'>, _ctx: HandlerContext): Promise<RestoreResult> {
  return notYet();
}
