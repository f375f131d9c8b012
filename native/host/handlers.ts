import { hostname } from 'node:os';
import { undoRestore, listRestores } from '../restore/restore-undo.js';
import { describeApp } from '../about/about.js';
import { appendAudit, readAudit, type AuditEntry } from '../audit/audit-log.js';
import type { RestoreResult } from '../restore/types.js';
import type { Handlers, HandlerContext } from './dispatcher.js';
import type { HostSession, SessionView } from './host-session.js';
import { toErrorData } from './error-data.js';
import type { InputOf } from '../contract/operations.js';
import { currentElevation, describeElevation, restartElevated } from '../elevation/elevation.js';
import { notInThisFrontEnd } from './window-operations.js';
import { comStartupForReport } from '../ffi/com-init.js';
import { runSelftest } from '../selftest/selftest.js';
import { hostProbes } from '../selftest/host-probes.js';
import { renderSelftestMarkdown } from '../selftest/selftest-render.js';
import type { ComputerPool } from '../remote/computer-pool.js';
import { createRemoteHandlers } from '../remote/remote-handlers.js';

/** A module loaded on first use, once; `now()` is the module if it is loaded already. */
function lazy<T>(load: () => Promise<T>): { get: () => Promise<T>; now: () => T | undefined } {
  let promise: Promise<T> | undefined;
  let loaded: T | undefined;
  return {
    get: () => (promise ??= load().then((m) => (loaded = m))),
    now: () => loaded,
  };
}

// The restore engine, diff, search and the doctor load when first asked for, not when the host
// starts: `shadowdesk volumes` (and the window's first view) is answered sooner.
const browseLib = lazy(() => import('../restore/browse.js'));
const versionsLib = lazy(() => import('../restore/versions.js'));
const compareLib = lazy(() => import('../restore/compare.js'));
const previewLib = lazy(() => import('../restore/preview.js'));
const exportLib = lazy(() => import('../restore/export-version.js'));
const searchLib = lazy(() => import('../restore/search.js'));
const planLib = lazy(() => import('../restore/restore-plan.js'));
const runLib = lazy(() => import('../restore/restore-run.js'));
const doctorLib = lazy(() => import('../doctor/doctor.js'));
const scheduleLib = lazy(() => import('../schedule/schedule-service.js'));

/** What the handlers work on. */
export interface HandlerDeps {
  /** This computer, or the disk image opened now: each operation works on what is current when it starts. */
  session: HostSession;
  dataDir: string;
  /** Connections to other computers (the window's computers, the fleet); absent where none are reached. */
  pool?: ComputerPool;
}

/**
 * The one implementation of every contract operation. Everything that changes the machine is
 * appended to the audit log, success or failure, and drops the cached shadow list.
 */
export function createHandlers({ session, dataDir, pool }: HandlerDeps): Handlers {
  const on = <T>(work: (view: SessionView) => T | Promise<T>): Promise<T> => session.use(work);
  // The health check, about and the self-test describe this computer, whatever image is open.
  const client = session.client;
  async function audited<T>(action: AuditEntry['action'], target: string, ctx: HandlerContext, work: (view: SessionView) => T | Promise<T>, detail?: (r: T) => Record<string, unknown>): Promise<T> {
    return on((view) => auditedOn(view, action, target, ctx, () => work(view), detail));
  }
  async function auditedOn<T>(view: SessionView, action: AuditEntry['action'], target: string, ctx: HandlerContext, work: () => T | Promise<T>, detail?: (r: T) => Record<string, unknown>): Promise<T> {
    const { source } = view;
    // On an image the log names it, so a restore from its C: is never taken for this computer's C:.
    if (view.image) target = `${target} (image ${view.image.summary.path})`;
    try {
      const result = await work();
      // Copies came or went, or live files changed: cached listings and statuses are stale now.
      source.invalidate();
      browseLib.now()?.clearBrowseCache();
      const outcome = action === 'restore' && (result as RestoreResult).state === 'cancelled' ? 'cancelled' : (result as RestoreResult).state === 'failed' ? 'failed' : 'ok';
      appendAudit(dataDir, { at: new Date().toISOString(), action, target, outcome, ...(detail ? { detail: detail(result) } : {}) });
      return result;
    } catch (err) {
      source.invalidate();
      browseLib.now()?.clearBrowseCache();
      const e = toErrorData(err, ctx.lang);
      appendAudit(dataDir, { at: new Date().toISOString(), action, target, outcome: 'failed', error: { code: e.code, message: toErrorData(err, 'en').message } });
      throw err;
    }
  }

  // Schedules are this computer's, whatever image is open: they run here, on its VSS.
  const scheduleChanged = (): void => {
    session.computer.source.invalidate();
    browseLib.now()?.clearBrowseCache();
  };
  const schedules = async () => {
    const lib = await scheduleLib.get();
    return lib.createScheduleService(lib.defaultScheduleDeps(session.computer.machine, client.backend, scheduleChanged));
  };
  /** The user's audit log merged with the machine-wide log of schedule changes and scheduled runs. */
  const auditAll = async (options: { since?: string; limit?: number }): Promise<AuditEntry[]> => {
    const own = readAudit(dataDir, options);
    const scheduled = (await schedules()).auditDir;
    const merged = [...own, ...readAudit(scheduled, options)].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return options.limit !== undefined ? merged.slice(0, options.limit) : merged;
  };

  return {
    ...createRemoteHandlers({ session, dataDir, ...(pool ? { pool } : {}) }),
    listSchedules: async (_i, ctx) => (await schedules()).list(ctx.lang),
    addSchedule: async (i: InputOf<'addSchedule'>, ctx) => (await schedules()).add(i, ctx.lang),
    checkSchedule: async (i: InputOf<'checkSchedule'>, ctx) => (await schedules()).check(i, ctx.lang),
    updateSchedule: async (i: InputOf<'updateSchedule'>, ctx) => (await schedules()).update(i, ctx.lang),
    removeSchedule: async (i: InputOf<'removeSchedule'>) => (await schedules()).remove(i),
    runSchedule: async (i: InputOf<'runSchedule'>) => (await schedules()).run(i),
    previewRetention: async (i: InputOf<'previewRetention'>) => (await schedules()).preview(i),
    scheduleTick: async (i: InputOf<'scheduleTick'>, ctx) => (await schedules()).tick(i, ctx.progress, ctx.signal),
    listVolumes: () => on(({ machine }) => machine.listVolumes()),
    listShadows: (i: InputOf<'listShadows'>) => on(({ machine }) => machine.listShadows(i)),
    listShadowSets: (i: InputOf<'listShadowSets'>) => on(({ machine }) => machine.listShadowSets(i)),
    listWriters: () => on(({ machine }) => machine.listWriters()),
    writerDetails: () => on(({ machine }) => machine.writerDetails()),
    listProviders: () => on(({ machine }) => machine.listProviders()),
    listStorage: () => on(({ machine }) => machine.listStorage()),
    storageMinimum: () => on(({ machine }) => ({ minBytes: machine.storageMinimumBytes() })),
    createShadows: (i: InputOf<'createShadows'>, ctx) =>
      audited('create', i.volumes.join(', '), ctx, async ({ machine, image }) => {
        // On the simulated machine after a tick, a copy is stamped with the machine's clock, which runs ahead.
        if (image || client.backend !== 'sim') return machine.createShadows(i);
        const lib = await scheduleLib.get();
        return lib.defaultScheduleDeps(machine, 'sim', scheduleChanged).clock.during(() => machine.createShadows(i));
      }, (r) => ({
        setId: r.setId,
        shadowIds: r.shadows.map((s) => s.id),
        withWriters: r.withWriters,
        deletedToMakeRoom: r.deletedToMakeRoom,
        writerWarnings: r.warnings.map((w) => `${w.name}: ${w.state}${w.lastError ? ` ${w.lastError}` : ''}`),
      })),
    deleteShadows: (i: InputOf<'deleteShadows'>, ctx) =>
      audited('delete', 'id' in i ? `${i.kind} ${i.id}` : `${i.kind} of ${i.volume}`, ctx, ({ machine }) => machine.deleteShadows(i), (r) => ({ deletedIds: r.deletedIds })),
    resizeStorage: (i: InputOf<'resizeStorage'>, ctx) =>
      audited('resize-storage', i.volume, ctx, ({ machine }) => machine.resizeStorage(i.volume, i.max, i.storageVolume), (r) => ({ max: i.max, deletedIds: r.deletedIds })),
    addStorage: (i: InputOf<'addStorage'>, ctx) =>
      audited('add-storage', `${i.volume} on ${i.storageVolume}`, ctx, ({ machine }) => machine.addStorage(i.volume, i.storageVolume, i.max), () => ({ max: i.max })),
    browse: (i: InputOf<'browse'>) => on(async ({ source }) => (await browseLib.get()).browse(source, { shadowId: i.shadowId, folder: i.folder ?? '', cursor: i.cursor ?? undefined, offset: i.offset, pageSize: i.pageSize })),
    versions: (i: InputOf<'versions'>) => on(async ({ source }) => (await versionsLib.get()).listVersions(source, i.path, { hash: i.hash ?? false })),
    compare: (i: InputOf<'compare'>) => on(async ({ source }) => (await compareLib.get()).compare(source, i)),
    preview: (i: InputOf<'preview'>) => on(async ({ source }) => (await previewLib.get()).preview(source, i)),
    search: (i: InputOf<'search'>, ctx) => on(async ({ source }) => (await searchLib.get()).search(source, i, ctx.progress, ctx.signal)),
    planRestore: (i: InputOf<'planRestore'>) => on(async ({ source }) => (await planLib.get()).planRestore(source, i)),
    runRestore: (i: InputOf<'runRestore'>, ctx) =>
      audited('restore', i.paths.join(', '), ctx, async ({ source }) => {
        const plan = await (await planLib.get()).planRestore(source, i);
        return (await runLib.get()).runRestore(source, plan, { onConflict: i.onConflict, perItem: i.perItem, dataDir, signal: ctx.signal, onProgress: ctx.progress });
      }, (r) => ({ restoreId: r.restoreId, shadowId: i.shadowId, to: i.to ?? null, restored: r.restored.length, keptBoth: r.keptBoth.length, replaced: r.replaced, failed: r.failed.length })),
    undoRestore: (i: InputOf<'undoRestore'>, ctx) =>
      // Undo writes only into folders of this computer, which the computer's source maps for both kinds
      // of journal (a volume's `C:\`, or the folder a restore from an image went to), image open or not.
      auditedOn(session.computer, 'undo-restore', i.restoreId, ctx, () => undoRestore(session.computer.source, i.restoreId, { dataDir }), (r) => ({ putBack: r.putBack.length, removed: r.removed.length, refused: r.refused.length })),
    listRestores: () => listRestores(dataDir),
    doctor: async (_i: InputOf<'doctor'>, ctx) => {
      const { diagnose, renderDoctorMarkdown } = await doctorLib.get();
      const shadows = client.listShadows();
      const since = new Date(Date.now() - 30 * 24 * 3600 * 1000);
      const report = diagnose(
        {
          volumes: client.listVolumes(),
          shadows,
          writers: client.listWriters(),
          storage: client.listStorage(),
          audit: await auditAll({ since: since.toISOString() }),
          schedules: (await schedules()).list(ctx.lang).schedules,
          machine: shadows[0]?.originatingMachine || hostname(),
          com: comStartupForReport(),
        },
        ctx.lang,
      );
      return { report, markdown: renderDoctorMarkdown(report, ctx.lang) };
    },
    about: () => describeApp(dataDir, client.backend, process.env, comStartupForReport()),
    audit: (i: InputOf<'audit'>) => auditAll({ ...(i.since ? { since: i.since } : {}), ...(i.limit ? { limit: i.limit } : {}) }),
    elevation: () => describeElevation(process.env, currentElevation(process.env)),
    restartElevated: (i: InputOf<'restartElevated'>) => restartElevated(process.env, undefined, undefined, i),
    chooseFolder: () => notInThisFrontEnd('chooseFolder'),
    showInFolder: () => notInThisFrontEnd('showInFolder'),
    exportVersion: (i: InputOf<'exportVersion'>) => on(async ({ source }) => (await exportLib.get()).exportVersion(source, dataDir, i)),
    openVersion: () => notInThisFrontEnd('openVersion'),
    dragOut: () => notInThisFrontEnd('dragOut'),
    prepareDragOut: () => notInThisFrontEnd('dragOut'),
    // Read-only: never audited, because it changes nothing (the selftest test proves it byte for byte).
    // Opening reads only: nothing to audit, and browse listings cached from the previous machine go.
    openImage: async (i: InputOf<'openImage'>) => {
      const summary = await session.openImage(i.path);
      browseLib.now()?.clearBrowseCache();
      return summary;
    },
    closeImage: () => {
      session.closeImage();
      browseLib.now()?.clearBrowseCache();
      return { closed: true as const };
    },
    currentImage: () => ({ image: session.image }),
    chooseImageFile: () => notInThisFrontEnd('chooseImageFile'),
    selftest: (_i: InputOf<'selftest'>, ctx) => {
      const report = runSelftest(hostProbes(client), ctx.lang);
      return { report, markdown: renderSelftestMarkdown(report) };
    },
  };
}
