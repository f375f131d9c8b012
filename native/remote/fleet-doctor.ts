import type { AboutInfo } from '../about/about-types.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import type { InputOf } from '../contract/operations.js';
import { RemoteError } from '../contract/remote-error.js';
import type { DoctorReport } from '../doctor/doctor-types.js';
import type { ElevationInfo } from '../elevation/elevation-types.js';
import type { HandlerContext } from '../host/dispatcher.js';
import { toErrorData } from '../host/error-data.js';
import type { ComputerPool } from './computer-pool.js';
import type { FleetProgress, FleetReport, FleetRow, FleetStatus } from './computer-types.js';
import { sshErrorIn } from './ssh-host.js';
import { renderFleetCsv, renderFleetMarkdown } from './fleet-render.js';

/** Connections open at once unless asked: enough to finish a floor of PCs quickly, few enough for any network. */
export const FLEET_CONCURRENCY = 5;
/** Seconds one computer may take unless asked: ssh's own connect timeout (15 s) plus a slow doctor. */
export const FLEET_TIMEOUT_SECONDS = 60;

/**
 * Each target once, in the order first given, blanks dropped: a pasted list often names a PC twice,
 * and checking it twice would only open two sessions on it. Host names are case-insensitive, so
 * `PC-042` and `pc-042` are one computer.
 */
export function uniqueTargets(targets: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of targets) {
    const t = raw.trim();
    const key = t.toLowerCase();
    if (!t || seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

function timeoutError(target: string, seconds: number, lang: Lang): ErrorData {
  return lang === 'it'
    ? {
        code: 'FLEET_TIMEOUT',
        message: `${target} non ha risposto entro ${seconds} secondi.`,
        next: `Controllare che ${target} sia acceso e che il suo servizio OpenSSH Server risponda (provare "ssh ${target}"), o aumentare --timeout.`,
      }
    : {
        code: 'FLEET_TIMEOUT',
        message: `${target} did not answer within ${seconds} seconds.`,
        next: `Check that ${target} is on and that its OpenSSH Server service answers (try "ssh ${target}"), or raise --timeout.`,
      };
}

function cancelledError(lang: Lang): ErrorData {
  return lang === 'it'
    ? { code: 'CANCELLED', message: 'Controllo annullato prima che questo computer rispondesse.' }
    : { code: 'CANCELLED', message: 'The check was cancelled before this computer answered.' };
}

/** Which status a failure is: a computer nobody could reach is not the same problem as one that answered with an error. */
function statusOf(error: ErrorData): FleetStatus {
  return error.code === 'SSH_UNREACHABLE' ? 'unreachable' : 'error';
}

const WRITER_FAILED = /fail/i;

/** What a computer said, as its row (everything but the timing). */
export function rowFromAnswers(
  target: string,
  about: AboutInfo | undefined,
  elevation: ElevationInfo | undefined,
  report: DoctorReport | undefined,
): Omit<FleetRow, 'status' | 'durationMs'> {
  const volumes = (report?.volumes ?? []).map((v) => ({
    volume: v.name,
    copies: v.copies,
    newestAt: v.newestCopyAt,
    storageUsedBytes: v.storage ? v.storage.usedBytes : null,
    storageMaxBytes: v.storage ? v.storage.maxBytes : null,
  }));
  const newest = volumes.map((v) => v.newestAt).filter((t): t is string => t !== null).map((t) => Date.parse(t)).filter(Number.isFinite);
  // Against the computer's own clock at the time of its report: its copies and its "now" agree.
  const now = report ? Date.parse(report.generatedAt) : Date.now();
  const newestCopyAgeHours = newest.length ? Math.max(0, Math.round(((now - Math.max(...newest)) / 3_600_000) * 10) / 10) : null;
  const first = report?.findings[0];
  return {
    target,
    ...(about ? { hostname: about.computerName, version: about.version } : {}),
    elevated: elevation ? (elevation.applies ? elevation.elevated : null) : null,
    volumes,
    newestCopyAgeHours,
    failedWriters: (report?.writers ?? []).filter((w) => WRITER_FAILED.test(w.state)).map((w) => w.name),
    findings: { critical: report?.summary.critical ?? 0, warning: report?.summary.warning ?? 0, info: report?.summary.info ?? 0 },
    worst: first ? { severity: first.severity, title: first.title } : null,
  };
}

/**
 * Checks one computer: who answers (about), with which rights (elevation), and the doctor's report,
 * which already holds its volumes, copies, shadow storage and troubled writers. The three calls go
 * one after another on one connection of the fleet's own (the pool's session, not the window's
 * shared ones), with one deadline: at `timeoutMs` the connection is closed and the row says the
 * computer did not answer. Never throws.
 */
async function checkTarget(pool: ComputerPool, target: string, timeoutMs: number, lang: Lang, outer: AbortSignal): Promise<FleetRow> {
  const started = performance.now();
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, timeoutMs);
  const onOuter = (): void => ac.abort();
  outer.addEventListener('abort', onOuter, { once: true });
  let about: AboutInfo | undefined;
  let elevation: ElevationInfo | undefined;
  let report: DoctorReport | undefined;
  const finish = (status: FleetStatus, error?: ErrorData): FleetRow => ({
    ...rowFromAnswers(target, about, elevation, report),
    status,
    ...(error ? { error } : {}),
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const opts = { lang, signal: ac.signal };
    await pool.session(target, async (call) => {
      about = (await call('about', {})) as AboutInfo;
      elevation = (await call('elevation', {})) as ElevationInfo;
      report = ((await call('doctor', {})) as { report: DoctorReport }).report;
    }, opts);
    return finish('ok');
  } catch (err) {
    if (timedOut) return finish('timeout', timeoutError(target, Math.round(timeoutMs / 1000), lang));
    if (outer.aborted) return finish('error', cancelledError(lang));
    const data = err instanceof RemoteError ? sshErrorIn(target, err.data, lang) : toErrorData(err, lang);
    return finish(statusOf(data), data);
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', onOuter);
  }
}

/**
 * The doctor on every computer of a fleet: at most `concurrency` connections at once (a fleet of 200
 * never opens 200 sessions), each computer within its own timeout, so one that does not answer costs
 * its own row and nobody else's time. Each row is a progress event the moment it is ready; the report
 * keeps the order the targets were given and carries its CSV and Markdown. Cancelling starts no new
 * computer and closes the connections in use; their rows (and those never started) say so.
 */
export async function fleetDoctor(pool: ComputerPool, input: InputOf<'fleetDoctor'>, ctx: HandlerContext): Promise<FleetReport> {
  const startedAt = new Date().toISOString();
  const targets = uniqueTargets(input.targets);
  const concurrency = input.concurrency ?? FLEET_CONCURRENCY;
  const timeoutSeconds = input.timeoutSeconds ?? FLEET_TIMEOUT_SECONDS;
  const rows: (FleetRow | undefined)[] = new Array<FleetRow | undefined>(targets.length).fill(undefined);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (!ctx.signal.aborted && next < targets.length) {
      const i = next++;
      const row = await checkTarget(pool, targets[i]!, timeoutSeconds * 1000, ctx.lang, ctx.signal);
      rows[i] = row;
      done++;
      ctx.progress({ row, done, total: targets.length } satisfies FleetProgress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  const all = rows.map((r, i): FleetRow => r ?? {
    ...rowFromAnswers(targets[i]!, undefined, undefined, undefined),
    status: 'error',
    error: cancelledError(ctx.lang),
    durationMs: 0,
  });
  const finishedAt = new Date().toISOString();
  return {
    startedAt,
    finishedAt,
    concurrency,
    timeoutSeconds,
    rows: all,
    csv: renderFleetCsv(all, ctx.lang),
    markdown: renderFleetMarkdown(all, ctx.lang, finishedAt),
  };
}
