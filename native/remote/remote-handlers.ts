import type { AboutInfo } from '../about/about-types.js';
import type { InputOf } from '../contract/operations.js';
import type { Lang } from '../contract/errors.js';
import { RemoteError } from '../contract/remote-error.js';
import type { ElevationInfo } from '../elevation/elevation-types.js';
import type { Handlers } from '../host/dispatcher.js';
import type { HostSession } from '../host/host-session.js';
import { toErrorData } from '../host/error-data.js';
import { addComputer, readComputers, recordCheck, removeComputer } from './computer-list.js';
import { sshErrorIn } from './ssh-host.js';
import type { ComputerPool } from './computer-pool.js';
import type { ComputerCheck } from './computer-types.js';

/** What the computers' operations work with. */
export interface RemoteDeps {
  /** The connections to other computers; absent where this host reaches none (a remote host itself, some tests). */
  pool?: ComputerPool;
  dataDir: string;
  session: HostSession;
}

type RemoteOps = 'listComputers' | 'addComputer' | 'removeComputer' | 'checkComputer' | 'fleetDoctor' | 'treeList' | 'treeStat' | 'treeRead' | 'planRestoreHere' | 'restoreHere';

const fleetLib = (): Promise<typeof import('./fleet-doctor.js')> => import('./fleet-doctor.js');
const treeLib = (): Promise<typeof import('./tree-ops.js')> => import('./tree-ops.js');
const restoreHereLib = (): Promise<typeof import('./restore-here.js')> => import('./restore-here.js');

/** The pool, or why there is none, in words. */
export function requirePool(pool: ComputerPool | undefined, lang: Lang): ComputerPool {
  if (pool) return pool;
  throw new RemoteError({
    code: 'NOT_AVAILABLE_HERE',
    message: lang === 'it' ? 'Questo ShadowDesk non raggiunge altri computer.' : 'This ShadowDesk does not reach other computers.',
  });
}

/** A session on the other computer that cannot change shadow copies: what it means and what to do. */
export function notAdminNotice(target: string, lang: Lang): NonNullable<ComputerCheck['notice']> {
  return lang === 'it'
    ? {
        code: 'REMOTE_NOT_ADMIN',
        message: `Su ${target} ShadowDesk funziona senza diritti di amministratore: può mostrare le copie ma non crearle, eliminarle o ripristinare sopra i file.`,
        next: 'Collegarsi con un account amministratore (la sua chiave in C:\\ProgramData\\ssh\\administrators_authorized_keys).',
      }
    : {
        code: 'REMOTE_NOT_ADMIN',
        message: `ShadowDesk on ${target} runs without administrator rights: it can show copies but not create, delete or restore over files.`,
        next: 'Connect with an administrator\'s account (its key in C:\\ProgramData\\ssh\\administrators_authorized_keys).',
      };
}

/**
 * Connects to a computer (through the pool, so the connection stays for the calls that follow) and
 * says who answers there, or why nobody does, in one sentence. Never throws: a failure is the check's
 * finding.
 */
export async function checkComputer(pool: ComputerPool, target: string, lang: Lang, signal?: AbortSignal): Promise<ComputerCheck> {
  const at = new Date().toISOString();
  const started = performance.now();
  try {
    const opts = { lang, ...(signal ? { signal } : {}) };
    const about = (await pool.call(target, 'about', {}, opts)) as AboutInfo;
    const connectMs = Math.round(performance.now() - started);
    const elevation = (await pool.call(target, 'elevation', {}, opts)) as ElevationInfo;
    const elevated = elevation.applies ? elevation.elevated : null;
    return {
      target, at, ok: true,
      hostname: about.computerName, version: about.version, backend: about.backend, elevated, connectMs,
      ...(elevated === false ? { notice: notAdminNotice(target, lang) } : {}),
    };
  } catch (err) {
    return { target, at, ok: false, error: err instanceof RemoteError ? err.data : toErrorData(err, lang) };
  }
}

/**
 * The operations about other computers: the list (kept in the data folder), connecting, the fleet
 * doctor, and bringing files here; plus the tree operations another computer's ShadowDesk calls on
 * this one to read a copy's files for "Restore to… this computer".
 */
export function createRemoteHandlers({ pool, dataDir, session }: RemoteDeps): Pick<Handlers, RemoteOps> {
  return {
    // A check kept from another day may be in another language: said again in this call's.
    listComputers: (_i, ctx) => {
      const list = readComputers(dataDir);
      for (const c of list.computers) {
        const check = c.lastCheck;
        if (check?.error) check.error = sshErrorIn(c.target, check.error, ctx.lang);
        if (check?.notice) check.notice = notAdminNotice(c.target, ctx.lang);
      }
      return list;
    },
    addComputer: (i: InputOf<'addComputer'>) => addComputer(dataDir, i.target, i.label),
    removeComputer: async (i: InputOf<'removeComputer'>) => {
      const removed = removeComputer(dataDir, i.target);
      await pool?.close(i.target);
      return { removed };
    },
    checkComputer: async (i: InputOf<'checkComputer'>, ctx) => {
      const check = await checkComputer(requirePool(pool, ctx.lang), i.target, ctx.lang, ctx.signal);
      recordCheck(dataDir, check);
      return check;
    },
    fleetDoctor: async (i: InputOf<'fleetDoctor'>, ctx) => (await fleetLib()).fleetDoctor(requirePool(pool, ctx.lang), i, ctx),
    treeList: async (i: InputOf<'treeList'>) => (await treeLib()).treeList(session, i),
    treeStat: async (i: InputOf<'treeStat'>) => (await treeLib()).treeStat(session, i),
    treeRead: async (i: InputOf<'treeRead'>) => (await treeLib()).treeRead(session, i),
    planRestoreHere: async (i: InputOf<'planRestoreHere'>, ctx) => (await restoreHereLib()).planRestoreHere(requirePool(pool, ctx.lang), i, ctx),
    restoreHere: async (i: InputOf<'restoreHere'>, ctx) => (await restoreHereLib()).restoreHere(requirePool(pool, ctx.lang), dataDir, i, ctx),
  };
}
