import type { InputOf } from '../contract/operations.js';
import type { HandlerContext } from '../host/dispatcher.js';
import { AppError } from '../vss/app-error.js';
import type { ComputerPool } from './computer-pool.js';
import type { FleetReport } from './computer-types.js';

/** Placeholder until the fleet doctor lands (issue 12): refuses in words. */
export async function fleetDoctor(_pool: ComputerPool, _input: InputOf<'fleetDoctor'>, _ctx: HandlerContext): Promise<FleetReport> {
  throw new AppError('NOT_AVAILABLE_HERE', { en: 'The fleet doctor is not built yet.', it: 'Il controllo del parco macchine non è ancora pronto.' });
}
