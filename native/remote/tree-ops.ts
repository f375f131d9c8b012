import type { InputOf } from '../contract/operations.js';
import type { HostSession } from '../host/host-session.js';
import { AppError } from '../vss/app-error.js';
import type { TreeListResult, TreeReadResult, TreeStatResult } from './computer-types.js';

const notYet = (): never => {
  throw new AppError('NOT_AVAILABLE_HERE', { en: 'Reading another computer\'s copies here is not built yet.', it: 'La lettura qui delle copie di un altro computer non è ancora pronta.' });
};

/** Placeholder until "Restore to… this computer" lands (issue 12). */
export async function treeList(_session: HostSession, _i: InputOf<'treeList'>): Promise<TreeListResult> {
  return notYet();
}
/** Placeholder until "Restore to… this computer" lands (issue 12). */
export async function treeStat(_session: HostSession, _i: InputOf<'treeStat'>): Promise<TreeStatResult> {
  return notYet();
}
/** Placeholder until "Restore to… this computer" lands (issue 12). */
export async function treeRead(_session: HostSession, _i: InputOf<'treeRead'>): Promise<TreeReadResult> {
  return notYet();
}
