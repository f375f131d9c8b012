import { appendAudit } from '../audit/audit-log.js';
import type { InputOf } from '../contract/operations.js';
import type { HandlerContext } from '../host/dispatcher.js';
import { toErrorData } from '../host/error-data.js';
import { planRestore } from '../restore/restore-plan.js';
import { runRestore } from '../restore/restore-run.js';
import type { RestorePlan, RestoreResult } from '../restore/types.js';
import { AppError } from '../vss/app-error.js';
import type { ComputerPool } from './computer-pool.js';
import { RemoteShadowSource } from './remote-shadow-source.js';

/*
 * "Restore to… this computer": files of a shadow copy on another computer, brought into a folder of
 * this one by this computer's own restore engine, reading the copy through the tree operations over
 * the pooled ssh connection (remote-shadow-source.ts).
 *
 * What is verified, and how. The engine (restore-run.ts copyVerified) hashes every byte as it
 * arrives from the other computer, writes it to a temp file beside the target, reads each chunk of
 * the temp back from this computer's file system and compares it byte for byte with what arrived,
 * and flushes it before the temp is renamed into place: what is placed is exactly what was read from
 * the link, and a file whose bytes were damaged on the way to the disk is never placed
 * (VERIFY_FAILED, the temp removed). The engine does not read
 * the source a second time, so between the other computer's disk and this process the guarantee is
 * the transport's: ssh checks every packet's MAC and ends the connection on a bad one (the restore
 * then stops with CONNECTION_LOST and keeps nothing of that file), and each file's byte count is
 * checked against the size its stat gave (TRANSFER_MISMATCH). An end-to-end hash computed there would
 * need the contract to carry one (see the report of issue 12).
 */

/** How a dropped link is told for a restore to here: nothing is "finished there", it was this computer's restore. */
function lostHere(from: string, to: string, restoreId: string | null, detail: string | undefined): AppError {
  const kept = restoreId
    ? {
        en: ` Files brought before the drop stay, and "undo ${restoreId}" removes them; try again to bring the rest.`,
        it: ` I file portati prima dell'interruzione restano, e "undo ${restoreId}" li rimuove; riprovare per portare il resto.`,
      }
    : { en: ' Try again: the next attempt reconnects.', it: ' Riprovare: il prossimo tentativo si ricollega.' };
  return new AppError('CONNECTION_LOST', {
    en: `The connection to ${from} was lost while bringing files into ${to}; nothing half-written was left there.${kept.en}`,
    it: `La connessione a ${from} si è interrotta mentre i file venivano portati in ${to}; lì non è rimasto nulla di scritto a metà.${kept.it}`,
  }, detail);
}

/** The failure as the caller sees it: a dropped link in this restore's words, anything else unchanged. */
function asHere(err: unknown, source: RemoteShadowSource | undefined, i: { from: string; to: string }, restoreId: string | null): unknown {
  const lost = source?.lostError ?? (err instanceof Error && (err as { data?: { code?: string } }).data?.code === 'CONNECTION_LOST' ? err : undefined);
  if (!lost) return err;
  return lostHere(i.from, i.to, restoreId, (lost as { data?: { detail?: string } }).data?.detail);
}

/**
 * What bringing files from a copy on `from` into the folder `to` of this computer would do: every
 * file, its target under `to`, and the files already in the way (compared by size, then SHA-256 of
 * both, the remote one read over the link). Nothing is written.
 */
export async function planRestoreHere(pool: ComputerPool, i: InputOf<'planRestoreHere'>, ctx: HandlerContext): Promise<RestorePlan> {
  let source: RemoteShadowSource | undefined;
  try {
    source = await RemoteShadowSource.open(pool, i.from, ctx.lang, ctx.signal);
    return await planRestore(source, { shadowId: i.shadowId, paths: i.paths, to: i.to });
  } catch (err) {
    throw asHere(err, source, i, null);
  }
}

/**
 * Brings files from a copy on `from` into the folder `to` of this computer with this computer's
 * restore engine: each file written to a temp, verified (see above), given the copy's times and
 * renamed into place; a file in the way replaced (kept aside for undo), kept beside (keep-both) or
 * skipped; journaled in this computer's data folder, so `undoRestore` here puts things back and this
 * computer's next host start recovers a restore its own crash cut. Audited in this computer's log
 * like any restore, the target naming the computer (`C:\Users\ana\report.docx from ana-laptop`).
 *
 * A dropped link stops the restore after the file it was on (whose temp is removed): the call fails
 * with CONNECTION_LOST in one sentence, files placed before it stay and are undoable.
 */
export async function restoreHere(pool: ComputerPool, dataDir: string, i: InputOf<'restoreHere'>, ctx: HandlerContext): Promise<RestoreResult> {
  const auditTarget = `${i.paths.join(', ')} from ${i.from}`;
  const detailOf = (r: RestoreResult): Record<string, unknown> => ({
    restoreId: r.restoreId, shadowId: i.shadowId, from: i.from, to: i.to,
    restored: r.restored.length, keptBoth: r.keptBoth.length, replaced: r.replaced, failed: r.failed.length,
  });
  let source: RemoteShadowSource | undefined;
  let result: RestoreResult | undefined;
  try {
    source = await RemoteShadowSource.open(pool, i.from, ctx.lang, ctx.signal);
    const plan = await planRestore(source, { shadowId: i.shadowId, paths: i.paths, to: i.to });
    result = await runRestore(source, plan, {
      onConflict: i.onConflict,
      ...(i.perItem ? { perItem: i.perItem } : {}),
      dataDir,
      // The user's cancel, or the link dropping: either stops the restore between files.
      signal: AbortSignal.any([ctx.signal, source.linkLost]),
      onProgress: ctx.progress,
    });
    if (source.lostError) throw source.lostError;
    const outcome = result.state === 'cancelled' ? 'cancelled' : result.state === 'failed' ? 'failed' : 'ok';
    appendAudit(dataDir, { at: new Date().toISOString(), action: 'restore', target: auditTarget, outcome, detail: detailOf(result) });
    return result;
  } catch (err) {
    const shown = asHere(err, source, i, result?.restoreId ?? null);
    const e = toErrorData(shown, ctx.lang);
    appendAudit(dataDir, {
      at: new Date().toISOString(), action: 'restore', target: auditTarget, outcome: 'failed',
      error: { code: e.code, message: toErrorData(shown, 'en').message },
      ...(result ? { detail: detailOf(result) } : {}),
    });
    throw shown;
  }
}
