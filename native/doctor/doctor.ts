/**
 * The health check ("doctor"): turns what VssClient reports (volumes, shadow copies, writers, shadow
 * storage) plus the local audit log into findings a helpdesk can act on — each with what it means
 * and the next step, in English or Italian — and into a ticket-ready Markdown report.
 *
 * Pure by design: no I/O and no clock unless `now` is omitted, so the host gathers the input once
 * and the same function serves the GUI, the CLI (`--json` included) and tests.
 */
import type { AuditEntry } from '../audit/audit-log.js';
import type { ScheduleStatus } from '../schedule/schedule-types.js';
import { checkSchedules } from './schedule-checks.js';
import type { Lang } from '../contract/errors.js';
import type { DoctorReport, Finding, Severity, VolumeStatus, WriterTrouble } from './doctor-types.js';

export type { DoctorReport, Finding, Severity, VolumeStatus, WriterTrouble } from './doctor-types.js';
import { describeHresult, hresultHex, hresultName } from '../ffi/hresult.js';
import { KNOWN_WRITERS, WRITER_STATE_CATALOG, type KnownWriter, type WriterStateEntry } from '../messages/hresult-catalog.js';
import type { ShadowCopy, StorageArea, Volume, Writer } from '../vss/types.js';
import type { ComInitStatus } from '../ffi/com-init-types.js';

/** What the host gathers for {@link diagnose}. */
export interface DoctorInput {
  volumes: Volume[];
  shadows: ShadowCopy[];
  writers: Writer[];
  storage: StorageArea[];
  /** Recent audit log entries (any order); copies VSS deleted to make room are found here. */
  audit?: AuditEntry[];
  /** The instant the check is made at; defaults to the current time. */
  now?: Date;
  /** Computer name, shown in the report heading. */
  machine?: string;
  /** This computer's schedules with their state (failed, overdue, copies gone). */
  schedules?: ScheduleStatus[];
  /** The VSS host's COM start-up results (null: COM could not be started; absent: not known). */
  com?: ComInitStatus | null;
}

/**
 * The thresholds behind each finding, exported so the UI can explain them and tests can aim at their
 * edges. `copyCap` is the per-volume limit on client-accessible shadow copies.
 */
export const DOCTOR_THRESHOLDS = {
  storageWarnRatio: 0.9,
  storageCriticalRatio: 0.98,
  lowFreeRatio: 0.1,
  copyCap: 64,
  copyCapWarn: 56,
  lostCopiesDays: 30,
  staleCopyInfoDays: 7,
  staleCopyWarnDays: 30,
} as const;

const DAY_MS = 86_400_000;
/** VSS_VOLSNAP_ATTR_CLIENT_ACCESSIBLE: the copies Previous Versions shows and the 64-copy cap counts. */
const ATTR_CLIENT_ACCESSIBLE = 0x4;
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

const EV_EN = 'Event Viewer → Windows Logs → Application';
const EV_IT = 'Visualizzatore eventi → Registri di Windows → Applicazione';

/** Italian display names of the services a failed writer most often sends people to; others keep the English name. */
const SERVICE_NAMES_IT: Readonly<Record<string, string>> = {
  VSS: 'Copia shadow del volume',
  Winmgmt: 'Strumentazione gestione Windows',
  CryptSvc: 'Servizi di crittografia',
  Schedule: 'Utilità di pianificazione',
  BITS: 'Servizio trasferimento intelligente in background',
};

const knownWriterById = new Map<string, KnownWriter>(KNOWN_WRITERS.map((w) => [w.writerId, w]));

interface Draft extends Finding {
  /** Volume the finding is about (lowercase GUID path or name), for the volume table's status column. */
  volumeKey?: string;
}

/**
 * Runs every check over `input` and returns the findings in `lang`, most severe first, with a short
 * status per volume and the writers in trouble. Never throws on odd data (missing GUIDs, unknown
 * states, a zero maximum): a health check must still report what it can.
 */
export function diagnose(input: DoctorInput, lang: Lang): DoctorReport {
  const now = input.now ?? new Date();
  const drafts: Draft[] = [];
  const writers = checkWriters(input.writers, lang, drafts);

  const shadowsByVolume = new Map<string, ShadowCopy[]>();
  for (const v of input.volumes) shadowsByVolume.set(volumeKey(v), input.shadows.filter((s) => shadowIsOn(s, v)));
  const storageByVolume = new Map<string, StorageArea>();
  for (const v of input.volumes) {
    const area = input.storage.find((a) => sameVolume(a.volumeGuidPath, a.volume, v));
    if (area) storageByVolume.set(volumeKey(v), area);
  }

  for (const area of input.storage) checkStorage(area, input, lang, drafts);
  for (const v of input.volumes) {
    if (!v.shadowCopySupported) continue;
    // No drive letter and no folder: the EFI or recovery partition, which Windows keeps for itself and
    // nobody keeps files on, so "create a copy" and "set up storage" would only be noise.
    if (v.mountPoints.length === 0) continue;
    checkVolume(v, shadowsByVolume.get(volumeKey(v)) ?? [], storageByVolume.has(volumeKey(v)), now, lang, drafts);
  }
  checkLostCopies(input.audit ?? [], input.volumes, now, lang, drafts);
  if (input.com) checkCom(input.com, lang, drafts);
  drafts.push(...checkSchedules(input.schedules ?? [], lang));

  const ordered = drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => SEVERITY_RANK[a.d.severity] - SEVERITY_RANK[b.d.severity] || a.i - b.i)
    .map((x) => x.d);

  const volumes: VolumeStatus[] = input.volumes.map((v) => {
    const key = volumeKey(v);
    const shadows = shadowsByVolume.get(key) ?? [];
    const times = shadows.map((s) => s.createdAt).filter((t) => !Number.isNaN(Date.parse(t))).sort((a, b) => Date.parse(a) - Date.parse(b));
    const area = storageByVolume.get(key);
    const worst = ordered.find((d) => d.volumeKey === key);
    return {
      name: v.name,
      guidPath: v.guidPath,
      label: v.label,
      fileSystem: v.fileSystem,
      capacityBytes: v.capacityBytes,
      freeBytes: v.freeBytes,
      shadowCopySupported: v.shadowCopySupported,
      copies: shadows.length,
      clientAccessibleCopies: shadows.filter(isClientAccessible).length,
      newestCopyAt: times.at(-1) ?? null,
      oldestCopyAt: times[0] ?? null,
      storage: area ? { storageVolume: area.storageVolume, usedBytes: area.usedBytes, allocatedBytes: area.allocatedBytes, maxBytes: area.maxBytes } : null,
      status: worst ? worst.severity : 'ok',
    };
  });

  // volumeKey is internal bookkeeping: everything else crosses the contract.
  const findings: Finding[] = ordered.map(({ volumeKey: _key, ...finding }) => finding);
  return {
    generatedAt: now.toISOString(),
    ...(input.machine ? { machine: input.machine } : {}),
    lang,
    summary: {
      critical: findings.filter((f) => f.severity === 'critical').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      info: findings.filter((f) => f.severity === 'info').length,
    },
    findings,
    volumes,
    writers,
  };
}

/** The one-line verdict for a summary, so every surface (report, GUI banner, CLI) says it the same way. */
export function doctorVerdict(summary: DoctorReport['summary'], lang: Lang): string {
  const { critical, warning, info } = summary;
  if (lang === 'it') {
    const c = plural(critical, 'problema critico', 'problemi critici');
    const w = plural(warning, 'avviso', 'avvisi');
    const n = plural(info, 'nota', 'note');
    if (critical > 0) return `Intervento necessario: ${c}${warning ? ` e ${w}` : ''}.`;
    if (warning > 0) return `Attenzione: ${w}, nessun problema critico.`;
    return `Tutto in ordine: nessun problema rilevato${info ? ` (${n})` : ''}.`;
  }
  const c = plural(critical, 'critical problem', 'critical problems');
  const w = plural(warning, 'warning', 'warnings');
  const n = plural(info, 'note', 'notes');
  if (critical > 0) return `Action needed: ${c}${warning ? ` and ${w}` : ''}.`;
  if (warning > 0) return `Attention: ${w}, nothing critical.`;
  return `Healthy: no problems found${info ? ` (${n})` : ''}.`;
}

/**
 * The report as Markdown to paste into a ticket: heading, verdict, volume table, findings grouped by
 * severity with their next steps, and the writers in trouble. Headings follow `lang`; findings keep
 * the language they were diagnosed in.
 */
export function renderDoctorMarkdown(report: DoctorReport, lang: Lang): string {
  const L = lang === 'it' ? MD_IT : MD_EN;
  const out: string[] = [];
  out.push(`# ${L.heading}${report.machine ? ` — ${report.machine}` : ''}`, '');
  out.push(`**${L.verdict}:** ${doctorVerdict(report.summary, lang)}`, '');
  out.push(`${L.generated}: ${formatDate(report.generatedAt, lang)}${report.machine ? ` · ${L.machine}: ${report.machine}` : ''}  `);
  out.push(`${L.summary}: ${L.critical} ${report.summary.critical} · ${L.warning} ${report.summary.warning} · ${L.info} ${report.summary.info}`, '');

  out.push(`## ${L.volumes}`, '');
  if (report.volumes.length === 0) {
    out.push(L.noVolumes, '');
  } else {
    out.push(`| ${L.colVolume} | ${L.colLabel} | ${L.colCapacity} | ${L.colFree} | ${L.colCopies} | ${L.colStorage} | ${L.colStatus} |`);
    out.push('|---|---|---:|---:|---:|---|---|');
    for (const v of report.volumes) {
      const free = v.freeBytes === null || v.capacityBytes === null ? '—' : `${formatBytes(v.freeBytes, lang)} (${percent(v.freeBytes, v.capacityBytes)})`;
      const copies = v.shadowCopySupported ? String(v.copies) : L.notSupported;
      let storage = '—';
      if (v.storage) {
        const max = v.storage.maxBytes === null ? L.unbounded : formatBytes(v.storage.maxBytes, lang);
        const ratio = v.storage.maxBytes ? ` (${percent(v.storage.usedBytes, v.storage.maxBytes)})` : '';
        storage = `${formatBytes(v.storage.usedBytes, lang)} / ${max}${ratio}`;
      }
      const status = v.status === 'ok' ? L.ok : L[`status_${v.status}`];
      out.push(`| ${code(v.name).replace(/\|/g, '\\|')} | ${cell(v.label || '—')} | ${v.capacityBytes === null ? '—' : formatBytes(v.capacityBytes, lang)} | ${free} | ${copies} | ${cell(storage)} | ${status} |`);
    }
    out.push('');
  }

  out.push(`## ${L.findings}`, '');
  if (report.findings.length === 0) out.push(L.noFindings, '');
  for (const severity of ['critical', 'warning', 'info'] as const) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`### ${L[severity]} (${group.length})`, '');
    for (const f of group) {
      out.push(`#### ${mdText(f.title)}`, '');
      out.push(`${L.subject}: ${mdText(f.subject)} · ${code(f.id)}`, '');
      out.push(mdText(f.detail), '');
      if (f.next) out.push(`**${L.next}:** ${mdText(f.next)}${f.command ? ` ${code(f.command)}` : ''}`, '');
    }
  }

  out.push(`## ${L.writers}`, '');
  if (report.writers.length === 0) {
    out.push(L.writersOk, '');
  } else {
    out.push(`| ${L.colWriter} | ${L.colState} | ${L.colLastError} | ${L.colService} |`);
    out.push('|---|---|---|---|');
    for (const w of report.writers) {
      const err = w.lastErrorCode ? `${w.lastError ?? hresultName(w.lastErrorCode)} (${hresultHex(w.lastErrorCode)})` : L.noError;
      const svc = w.service ? `${w.serviceDisplayName ?? w.service} (${w.service})` : L.unknownService;
      out.push(`| ${cell(w.name)} | [${w.stateCode}] ${cell(w.state)} | ${cell(err)} | ${cell(svc)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Checks

function checkWriters(writers: Writer[], lang: Lang, drafts: Draft[]): WriterTrouble[] {
  const idCounts = new Map<string, number>();
  for (const w of writers) idCounts.set(normId(w.writerId), (idCounts.get(normId(w.writerId)) ?? 0) + 1);
  const trouble: WriterTrouble[] = [];

  for (const w of writers) {
    const wid = normId(w.writerId);
    // Several instances of one writer (Hyper-V, SQL) share the writer id: the instance keeps ids unique.
    const suffix = (idCounts.get(wid) ?? 0) > 1 ? `${wid}:${normId(w.instanceId)}` : wid;
    const state = writerState(w);
    const known = knownWriterById.get(wid);
    const stateText = state ? state[lang] : undefined;
    const stateName = state?.name ?? w.state;
    const quoted = lang === 'it' ? `«${w.name}»` : `"${w.name}"`;
    const errorSentence = lastErrorSentence(w, lang);
    let severity: Severity | null = null;

    if (state?.severity === 'failed') {
      // A failure at the very end of a backup usually leaves the data fine (Microsoft's own wording), so it is a warning.
      severity = stateName === 'FAILED_AT_BACKUP_COMPLETE' || stateName === 'FAILED_AT_BACKUPSHUTDOWN' ? 'warning' : 'critical';
      const errNext = w.lastErrorCode ? describeHresult(w.lastErrorCode, lang).next : '';
      drafts.push({
        id: `writer-failed:${suffix}`,
        severity,
        subject: w.name,
        title: lang === 'it' ? `Writer ${quoted} in errore (${stateName})` : `Writer ${quoted} failed (${stateName})`,
        detail: join(stateText?.summary, errorSentence),
        next: join(
          `${restartAdvice(w.name, known, lang)} ${phaseTail(stateName, lang)}.`,
          lang === 'it' ? `Se non riesce di nuovo, cercarne gli errori in ${EV_IT}.` : `If it fails again, look in ${EV_EN} for its errors.`,
          errNext ? (lang === 'it' ? `Sull'ultimo errore: ${errNext}` : `About the last error: ${errNext}`) : '',
        ),
      });
    } else if (state?.severity === 'busy') {
      severity = 'warning';
      drafts.push({
        id: `writer-stuck:${suffix}`,
        severity,
        subject: w.name,
        title: lang === 'it' ? `Writer ${quoted} in attesa (${stateName})` : `Writer ${quoted} is waiting (${stateName})`,
        detail: join(
          stateText?.summary,
          lang === 'it'
            ? 'Se in questo momento non è in corso alcun backup né alcuna copia shadow, il writer è bloccato e i prossimi backup potrebbero non riuscire.'
            : 'If no backup or shadow copy is running right now, the writer is stuck and the next backups may fail.',
          errorSentence,
        ),
        next: lang === 'it'
          ? `Attendere il termine di eventuali backup in corso. Se non ce ne sono: ${lowerFirst(restartAdvice(w.name, known, lang))}.`
          : `Wait for any running backup to finish. If none is running: ${lowerFirst(restartAdvice(w.name, known, lang))}.`,
      });
    } else if (state?.severity === 'unknown' || !state) {
      severity = 'info';
      drafts.push({
        id: `writer-unknown:${suffix}`,
        severity,
        subject: w.name,
        title: lang === 'it' ? `Stato del writer ${quoted} sconosciuto` : `Writer ${quoted} state unknown`,
        detail: join(stateText?.summary ?? (lang === 'it' ? `Stato non riconosciuto: ${w.state} (${w.stateCode}).` : `Unrecognised state: ${w.state} (${w.stateCode}).`), errorSentence),
        next: stateText?.next || (lang === 'it' ? 'Ricontrollare tra qualche minuto.' : 'Check again in a few minutes.'),
      });
    } else if (w.lastErrorCode !== 0) {
      // Stable now, but the last backup hit an error: worth a note, as vssadmin's "Last error" line is what people ask about.
      severity = 'info';
      const err = describeHresult(w.lastErrorCode, lang);
      drafts.push({
        id: `writer-last-error:${suffix}`,
        severity,
        subject: w.name,
        title: lang === 'it' ? `Il writer ${quoted} ha registrato un errore` : `Writer ${quoted} reported an error`,
        detail: join(
          lang === 'it' ? 'Il writer ora è stabile, ma durante l\'ultimo backup o l\'ultima copia shadow ha avuto un errore.' : 'The writer is stable now, but it hit an error during the last backup or shadow copy.',
          errorSentence,
        ),
        next: err.next || (lang === 'it' ? 'Se il problema si ripete, riavviare il servizio che ospita il writer.' : 'If it happens again, restart the service that hosts the writer.'),
      });
    }

    if (severity) {
      trouble.push({
        name: w.name,
        writerId: w.writerId,
        instanceId: w.instanceId,
        state: stateName,
        stateCode: w.stateCode,
        lastError: w.lastError,
        lastErrorCode: w.lastErrorCode,
        service: known?.service ?? null,
        serviceDisplayName: known ? serviceDisplayName(known, lang) : null,
        severity,
      });
    }
  }
  return trouble;
}

function checkStorage(area: StorageArea, input: DoctorInput, lang: Lang, drafts: Draft[]): void {
  const vol = input.volumes.find((v) => sameVolume(area.volumeGuidPath, area.volume, v));
  const key = vol ? volumeKey(vol) : keyOf(area.volumeGuidPath, area.volume);
  const copies = input.shadows.filter((s) => (vol ? shadowIsOn(s, vol) : keyOf(s.volumeGuidPath, s.volume) === key)).length;
  const name = area.volume;
  const target = cliVolume(name);
  const it = lang === 'it';

  if (area.maxBytes !== null && area.maxBytes > 0) {
    const ratio = area.usedBytes / area.maxBytes;
    if (ratio < DOCTOR_THRESHOLDS.storageWarnRatio) return;
    const critical = ratio >= DOCTOR_THRESHOLDS.storageCriticalRatio;
    const used = formatBytes(area.usedBytes, lang);
    const max = formatBytes(area.maxBytes, lang);
    const pct = percent(area.usedBytes, area.maxBytes);
    drafts.push({
      id: `storage-near-max:${key}`,
      severity: critical ? 'critical' : 'warning',
      subject: name,
      volumeKey: key,
      title: it ? `Spazio copie shadow di ${name} pieno al ${pct}` : `Shadow storage for ${name} is ${pct} full`,
      detail: join(
        it
          ? `Usati ${used} su un massimo di ${max} (su ${area.storageVolume}); ${plural(copies, 'copia shadow', 'copie shadow')} su questo volume.`
          : `${used} used of a ${max} maximum (on ${area.storageVolume}); ${plural(copies, 'shadow copy', 'shadow copies')} on this volume.`,
        critical
          ? it
            ? 'Le copie più vecchie verranno eliminate a breve: quando lo spazio è esaurito, VSS elimina le copie più vecchie per fare posto alle nuove.'
            : 'Older copies will be deleted soon: when the space runs out, VSS deletes the oldest copies to make room for new ones.'
          : it
            ? 'Quando lo spazio sarà esaurito, VSS eliminerà le copie più vecchie per fare posto alle nuove.'
            : 'When it runs out, VSS will delete the oldest copies to make room for new ones.',
      ),
      next: it
        ? `Aumentare il massimo dello spazio per le copie shadow di ${name} (ad esempio al 20%) oppure eliminare le copie non più necessarie.`
        : `Raise the maximum shadow storage for ${name} (to 20%, for example), or delete copies you no longer need.`,
      command: `shadowdesk storage resize --volume ${target} --max 20%`,
      action: { kind: 'configure-storage', volume: target },
    });
    return;
  }

  if (area.maxBytes === null) {
    const host = input.volumes.find((v) => sameVolume(area.storageVolumeGuidPath, area.storageVolume, v));
    if (!host || host.capacityBytes === null || host.freeBytes === null || host.capacityBytes <= 0) return;
    if (host.freeBytes / host.capacityBytes >= DOCTOR_THRESHOLDS.lowFreeRatio) return;
    const free = formatBytes(host.freeBytes, lang);
    const cap = formatBytes(host.capacityBytes, lang);
    const pct = percent(host.freeBytes, host.capacityBytes);
    drafts.push({
      id: `storage-unbounded:${key}`,
      severity: 'warning',
      subject: name,
      volumeKey: key,
      title: it
        ? `Spazio copie shadow di ${name} senza limite e ${host.name} quasi pieno`
        : `Shadow storage for ${name} has no limit and ${host.name} is nearly full`,
      detail: it
        ? `${host.name} ha ${free} liberi su ${cap} (${pct}). Senza un massimo, le copie shadow di ${name} (usati ${formatBytes(area.usedBytes, lang)}) possono continuare a crescere nello spazio rimasto.`
        : `${host.name} has ${free} free of ${cap} (${pct}). With no maximum, the shadow copies of ${name} (${formatBytes(area.usedBytes, lang)} used) can keep growing into the space that is left.`,
      next: it
        ? `Impostare un massimo per lo spazio delle copie shadow (ad esempio il 15%) oppure liberare spazio su ${host.name}.`
        : `Set a maximum for shadow storage (15%, for example), or free up space on ${host.name}.`,
      command: `shadowdesk storage resize --volume ${target} --max 15%`,
      action: { kind: 'configure-storage', volume: target },
    });
  }
}

function checkVolume(v: Volume, shadows: ShadowCopy[], hasStorage: boolean, now: Date, lang: Lang, drafts: Draft[]): void {
  const key = volumeKey(v);
  const name = v.name;
  const target = cliVolume(name);
  const it = lang === 'it';

  if (shadows.length === 0) {
    drafts.push({
      id: `volume-unprotected:${key}`,
      severity: 'warning',
      subject: name,
      volumeKey: key,
      title: it ? `${name} non ha copie shadow` : `${name} has no shadow copies`,
      detail: it
        ? `${name} supporta le copie shadow ma non ne ha nessuna: file sovrascritti o eliminati su questo volume non possono essere recuperati da una versione precedente.`
        : `${name} supports shadow copies but has none: files overwritten or deleted on this volume cannot be recovered from a previous version.`,
      next: it
        ? `Creare una copia shadow ora e pianificarne di regolari se il volume contiene dati da proteggere.`
        : `Create a shadow copy now, and schedule regular ones if the volume holds data worth protecting.`,
      command: `shadowdesk create --volume ${target}`,
      action: { kind: 'create-copy', volume: target },
    });
  }

  if (!hasStorage) {
    drafts.push({
      id: `volume-no-storage:${key}`,
      severity: 'info',
      subject: name,
      volumeKey: key,
      title: it ? `${name} non ha spazio configurato per le copie shadow` : `${name} has no shadow storage set up`,
      detail: it
        ? `Non esiste un'associazione di spazio per le copie shadow di ${name}: alla prima copia Windows ne crea una con una dimensione predefinita, che può non essere quella desiderata.`
        : `There is no shadow storage association for ${name}: Windows creates one with a default size at the first shadow copy, which may not be the size you want.`,
      next: it
        ? `Scegliere dove tenere lo spazio per le copie shadow e quanto può crescere (ad esempio il 10% del volume stesso).`
        : `Choose where to keep shadow storage and how large it may grow (10% of the volume itself, for example).`,
      command: `shadowdesk storage add --volume ${target} --on ${target} --max 10%`,
      action: { kind: 'configure-storage', volume: target },
    });
  }

  const accessible = shadows.filter(isClientAccessible).length;
  if (accessible >= DOCTOR_THRESHOLDS.copyCapWarn) {
    const full = accessible >= DOCTOR_THRESHOLDS.copyCap;
    const cap = DOCTOR_THRESHOLDS.copyCap;
    drafts.push({
      id: `copy-cap:${key}`,
      severity: full ? 'critical' : 'warning',
      subject: name,
      volumeKey: key,
      title: it ? `${name}: ${accessible} copie su ${cap} consentite` : `${name}: ${accessible} of ${cap} copies allowed`,
      detail: join(
        it
          ? `${name} ha ${accessible} delle ${cap} copie shadow accessibili ai client che Windows consente per volume.`
          : `${name} has ${accessible} of the ${cap} client-accessible shadow copies Windows allows per volume.`,
        full
          ? it ? 'Le nuove copie shadow di questo volume non verranno create finché non se ne elimina qualcuna.' : 'New shadow copies of this volume will fail until some are deleted.'
          : it ? `Ne mancano ${cap - accessible} al limite, dopo il quale le nuove copie non verranno create.` : `${cap - accessible} more and new copies will fail.`,
      ),
      next: it
        ? `Eliminare le copie più vecchie non più necessarie.`
        : `Delete the oldest copies you no longer need.`,
      command: `shadowdesk delete --oldest --volume ${target}`,
      action: { kind: 'delete-oldest', volume: target },
    });
  }

  const newest = shadows.map((s) => Date.parse(s.createdAt)).filter((t) => !Number.isNaN(t)).reduce((a, b) => Math.max(a, b), -Infinity);
  if (Number.isFinite(newest)) {
    const days = Math.floor((now.getTime() - newest) / DAY_MS);
    if (days >= DOCTOR_THRESHOLDS.staleCopyInfoDays) {
      const iso = new Date(newest).toISOString();
      drafts.push({
        id: `no-recent-copy:${key}`,
        severity: days > DOCTOR_THRESHOLDS.staleCopyWarnDays ? 'warning' : 'info',
        subject: name,
        volumeKey: key,
        title: it ? `Nessun punto di ripristino recente su ${name}` : `No recent restore points on ${name}`,
        detail: it
          ? `La copia shadow più recente di ${name} risale a ${plural(days, 'giorno', 'giorni')} fa, ${formatDate(iso, lang)}: le modifiche successive non si possono recuperare da una copia shadow.`
          : `The newest shadow copy of ${name} is ${plural(days, 'day', 'days')} old, from ${formatDate(iso, lang)}: changes made since then cannot be recovered from a shadow copy.`,
        next: it
          ? `Creare una copia shadow ora e verificare che ciò che normalmente le crea (un'attività pianificata, Protezione sistema, il software di backup) sia ancora attivo.`
          : `Create a shadow copy now, and check that whatever normally creates them (a scheduled task, System Protection, backup software) is still running.`,
        command: `shadowdesk create --volume ${target}`,
        action: { kind: 'create-copy', volume: target },
      });
    }
  }
}

function checkLostCopies(audit: AuditEntry[], volumes: Volume[], now: Date, lang: Lang, drafts: Draft[]): void {
  const from = now.getTime() - DOCTOR_THRESHOLDS.lostCopiesDays * DAY_MS;
  const byTarget = new Map<string, { at: string; ids: string[] }[]>();
  for (const e of audit) {
    if (e.action !== 'create') continue;
    const at = Date.parse(e.at);
    if (Number.isNaN(at) || at < from || at > now.getTime() + DAY_MS) continue;
    const raw = e.detail?.deletedToMakeRoom;
    const ids = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
    if (ids.length === 0) continue;
    const list = byTarget.get(e.target) ?? [];
    list.push({ at: new Date(at).toISOString(), ids });
    byTarget.set(e.target, list);
  }
  const it = lang === 'it';
  for (const [target, events] of byTarget) {
    events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const count = new Set(events.flatMap((ev) => ev.ids)).size;
    const when = events.map((ev) => (it ? `${plural(ev.ids.length, 'copia', 'copie')} il ${formatDate(ev.at, lang)}` : `${ev.ids.length} on ${formatDate(ev.at, lang)}`)).join('; ');
    const vol = volumes.find((v) => sameVolume('', target, v));
    drafts.push({
      id: `copies-lost:${target.toLowerCase()}`,
      severity: 'warning',
      subject: target,
      ...(vol ? { volumeKey: volumeKey(vol) } : {}),
      // Shadow storage is copy-on-write: it fills as files change, and Windows deletes the oldest
      // copies whenever it runs out, not only while a copy is made. ShadowDesk sees only the ones
      // gone around its own creates, so the count is "so far", never the whole story.
      title: it
        ? `${plural(count, 'copia shadow eliminata', 'copie shadow eliminate')} per fare spazio, finora (${target})`
        : `${plural(count, 'shadow copy', 'shadow copies')} deleted to make room so far (${target})`,
      detail: it
        ? `Negli ultimi ${DOCTOR_THRESHOLDS.lostCopiesDays} giorni VSS ha eliminato copie più vecchie di ${target} perché lo spazio per le copie shadow era esaurito; queste sono quelle sparite mentre ShadowDesk creava copie: ${when}. Lo spazio si riempie man mano che i file cambiano, quindi Windows può averne eliminate altre in altri momenti.`
        : `In the last ${DOCTOR_THRESHOLDS.lostCopiesDays} days VSS deleted older copies of ${target} because shadow storage was full; these are the ones gone while ShadowDesk made copies: ${when}. Storage fills as files change, so Windows may have deleted others at other times.`,
      next: it
        ? `Aumentare il massimo dello spazio per le copie shadow di ${target}, così le nuove copie non cancellano quelle vecchie.`
        : `Raise the maximum shadow storage for ${target}, so new copies stop pushing out older ones.`,
      command: `shadowdesk storage resize --volume ${target} --max 20%`,
      action: { kind: 'configure-storage', volume: target },
    });
  }
}

/**
 * The host's COM start-up. RPC_E_TOO_LATE from CoInitializeSecurity means other code in the process
 * set COM security first (or COM did it implicitly), so ShadowDesk's NULL-descriptor setting, which
 * lets writers and the VSS service call back into the requester, is not in force ("Security
 * Considerations for Requesters"): those callbacks may be refused. Failing to turn off COM's
 * exception handling, and an STA thread, are worth knowing but change nothing the user sees.
 */
function checkCom(com: ComInitStatus, lang: Lang, drafts: Draft[]): void {
  const it = lang === 'it';
  const hr = (r: { hresult: number; hresultName: string }) => `${r.hresultName} (${hresultHex(r.hresult)})`;
  if (!com.securityOurs) {
    drafts.push({
      id: 'com-security-preset',
      severity: 'warning',
      subject: 'COM',
      title: it ? 'La sicurezza COM era già stata impostata da altro codice' : 'COM security was already set by someone else',
      detail: it
        ? `CoInitializeSecurity ha risposto ${hr(com.coInitializeSecurity)}: in questo processo la sicurezza COM era già stata fissata prima di ShadowDesk, quindi non vale l'impostazione di ShadowDesk che permette ai writer e al servizio VSS di richiamarlo. Durante una copia con writer quelle richiamate possono essere rifiutate, e la copia può fallire o restare in attesa dei writer. Elenchi e copie senza writer non ne risentono.`
        : `CoInitializeSecurity answered ${hr(com.coInitializeSecurity)}: this process's COM security had been fixed before ShadowDesk's, so ShadowDesk's setting, which lets writers and the VSS service call back into it, is not in force. During a copy with writers those callbacks may be refused, and the copy may fail or wait on the writers. Listings and copies without writers are not affected.`,
      next: it
        ? "Chiudere e riaprire ShadowDesk; se si ripete, inviare l'autotest a chi fornisce assistenza (Impostazioni → Informazioni → Copia l'autotest)."
        : 'Close and reopen ShadowDesk; if it happens again, send the self-test report to whoever supports you (Settings → About → Copy self-test report).',
      command: 'shadowdesk selftest --markdown',
    });
  }
  if (!com.exceptionHandling.set) {
    drafts.push({
      id: 'com-exception-handling',
      severity: 'info',
      subject: 'COM',
      title: it ? 'La gestione delle eccezioni COM non è stata disattivata' : 'COM exception handling could not be turned off',
      detail: it
        ? `${com.exceptionHandling.step === 'Set' ? 'IGlobalOptions::Set' : 'CoCreateInstance(CLSID_GlobalOptions)'} ha risposto ${hr(com.exceptionHandling)}. Microsoft chiede ai programmi di backup di disattivarla perché può nascondere errori gravi; ShadowDesk funziona lo stesso.`
        : `${com.exceptionHandling.step === 'Set' ? 'IGlobalOptions::Set' : 'CoCreateInstance(CLSID_GlobalOptions)'} answered ${hr(com.exceptionHandling)}. Microsoft asks backup programs to turn it off because it can mask fatal errors; ShadowDesk works regardless.`,
      next: it ? 'Nessuna azione necessaria; segnalarlo se compare insieme ad arresti imprevisti.' : 'Nothing to do; report it if it comes with unexpected crashes.',
    });
  }
  if (com.apartment === 'sta') {
    drafts.push({
      id: 'com-apartment-sta',
      severity: 'info',
      subject: 'COM',
      title: it ? 'COM è in modalità a thread singolo (STA)' : 'COM runs single-threaded (STA)',
      detail: it
        ? `CoInitializeEx ha risposto ${hr(com.coInitializeEx)}: il thread era già in un apartment a thread singolo. VSS funziona anche così, come nell'esempio vshadow di Microsoft.`
        : `CoInitializeEx answered ${hr(com.coInitializeEx)}: the thread was already in a single-threaded apartment. VSS works this way too, as in Microsoft's vshadow sample.`,
      next: it ? 'Nessuna azione necessaria.' : 'Nothing to do.',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function writerState(w: Writer): WriterStateEntry | undefined {
  return WRITER_STATE_CATALOG.find((s) => s.code === w.stateCode) ?? WRITER_STATE_CATALOG.find((s) => s.name === w.state);
}

function lastErrorSentence(w: Writer, lang: Lang): string {
  if (!w.lastErrorCode) return '';
  const name = w.lastError ?? hresultName(w.lastErrorCode);
  const text = describeHresult(w.lastErrorCode, lang);
  return lang === 'it'
    ? `Ultimo errore: ${name} (${hresultHex(w.lastErrorCode)}): ${text.summary}`
    : `Last error: ${name} (${hresultHex(w.lastErrorCode)}): ${text.summary}`;
}

function serviceDisplayName(known: KnownWriter, lang: Lang): string {
  return (lang === 'it' ? SERVICE_NAMES_IT[known.service] : undefined) ?? known.serviceDisplayName;
}

/** "Restart the X service (x), then check …", naming the hosting service when we know it. */
function restartAdvice(writerName: string, known: KnownWriter | undefined, lang: Lang): string {
  const it = lang === 'it';
  if (!known) {
    return it
      ? `Riavviare l'applicazione a cui appartiene il writer «${writerName}» (o il servizio con cui viene eseguita), quindi verificare che il writer torni stabile`
      : `Restart the application that owns the writer "${writerName}" (or the service it runs as), then check that the writer is Stable again`;
  }
  const display = serviceDisplayName(known, lang);
  if (known.service === 'Schedule') {
    // Windows does not let administrators stop Task Scheduler, so restarting the computer is the reset.
    return it
      ? `Riavviare il computer (Windows non consente di riavviare da solo il servizio «${display}» (${known.service})), quindi verificare che il writer torni stabile`
      : `Restart the computer (Windows does not let you restart the ${display} service (${known.service}) on its own), then check that the writer is Stable again`;
  }
  return it
    ? `Riavviare il servizio «${display}» (${known.service}), quindi verificare che il writer torni stabile`
    : `Restart the ${display} service (${known.service}), then check that the writer is Stable again`;
}

/** What to redo after the restart, by the phase the writer failed in. */
function phaseTail(stateName: string, lang: Lang): string {
  const it = lang === 'it';
  if (/^FAILED_AT_(PREPARE_SNAPSHOT|FREEZE|THAW|POST_SNAPSHOT)$/.test(stateName)) return it ? 'e creare una nuova copia shadow' : 'and create a new shadow copy';
  if (/^FAILED_AT_(PRE|POST)_RESTORE$/.test(stateName)) return it ? 'e ripetere il ripristino' : 'and run the restore again';
  return it ? 'e ripetere il backup' : 'and run the backup again';
}

function isClientAccessible(s: ShadowCopy): boolean {
  return (s.attributesCode & ATTR_CLIENT_ACCESSIBLE) !== 0 || s.attributes.includes('CLIENT_ACCESSIBLE');
}

function normId(id: string): string {
  return id.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

/** A volume's stable key for finding ids: the GUID of its GUID path (drive letters can change), else its name. */
function keyOf(guidPath: string, name: string): string {
  const guid = /\{[0-9a-f-]{36}\}/i.exec(guidPath);
  return (guid ? guid[0] : guidPath || name).trim().toLowerCase();
}

function volumeKey(v: Volume): string {
  return keyOf(v.guidPath, v.name);
}

/** Matches by GUID path when both sides have one, else by name (`C:\` and `C:` alike). */
function sameVolume(guidPath: string, name: string, v: Volume): boolean {
  if (guidPath && v.guidPath) return guidPath.toLowerCase() === v.guidPath.toLowerCase();
  const n = normName(name);
  return n !== '' && (n === normName(v.name) || v.mountPoints.some((m) => normName(m) === n));
}

function normName(name: string): string {
  return name.trim().toLowerCase().replace(/\\+$/, '');
}

function shadowIsOn(s: ShadowCopy, v: Volume): boolean {
  return sameVolume(s.volumeGuidPath, s.volume, v);
}

/** `C:\` → `C:` for the CLI examples; other names stay as they are. */
function cliVolume(name: string): string {
  return /^[a-z]:\\?$/i.test(name) ? name.slice(0, 2).toUpperCase() : name;
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p && p.trim() !== '').join(' ');
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Whole percent, rounded down so a value never looks past a threshold it has not reached. */
function percent(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  return `${Math.floor((part / whole) * 100)}%`;
}

/** Binary units with one decimal, as Explorer shows sizes; Italian uses the decimal comma. */
export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = Math.max(0, bytes);
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  const text = u === 0 ? String(Math.round(value)) : value.toFixed(value >= 100 ? 0 : 1).replace(/\.0$/, '');
  return `${lang === 'it' ? text.replace('.', ',') : text} ${units[u]}`;
}

/**
 * A date both ways, readable first: "2 May 2024, 08:15 UTC (2024-05-02T08:15:00.000Z)". UTC keeps the
 * report unambiguous when a ticket crosses time zones; the ISO form is for searching logs.
 */
export function formatDate(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  const readable = new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d);
  return `${readable} UTC (${d.toISOString()})`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/**
 * Prose as Markdown: only a backslash that would escape the next character is doubled, so `C:\` stays
 * as typed while `\\?\Volume{…}\` paths survive rendering; line breaks become spaces.
 */
function mdText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\');
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return mdText(text).replace(/\|/g, '\\|');
}

const MD_EN = {
  heading: 'ShadowDesk health check',
  verdict: 'Verdict',
  generated: 'Generated',
  machine: 'Computer',
  summary: 'Summary',
  volumes: 'Volumes',
  noVolumes: 'No volumes were reported.',
  colVolume: 'Volume',
  colLabel: 'Label',
  colCapacity: 'Capacity',
  colFree: 'Free',
  colCopies: 'Copies',
  colStorage: 'Shadow storage used / max',
  colStatus: 'Status',
  notSupported: 'not supported',
  unbounded: 'unbounded',
  ok: 'OK',
  status_critical: 'Critical',
  status_warning: 'Warning',
  status_info: 'Note',
  findings: 'Findings',
  noFindings: 'No problems found.',
  critical: 'Critical',
  warning: 'Warnings',
  info: 'Notes',
  subject: 'About',
  next: 'Next step',
  writers: 'Writers in trouble',
  writersOk: 'All writers are stable with no recent errors.',
  colWriter: 'Writer',
  colState: 'State',
  colLastError: 'Last error',
  colService: 'Hosting service',
  noError: 'No error',
  unknownService: 'unknown (the owning application)',
} as const;

const MD_IT: Record<keyof typeof MD_EN, string> = {
  heading: 'Controllo integrità ShadowDesk',
  verdict: 'Esito',
  generated: 'Generato',
  machine: 'Computer',
  summary: 'Riepilogo',
  volumes: 'Volumi',
  noVolumes: 'Nessun volume rilevato.',
  colVolume: 'Volume',
  colLabel: 'Etichetta',
  colCapacity: 'Capacità',
  colFree: 'Libero',
  colCopies: 'Copie',
  colStorage: 'Spazio copie shadow usato / massimo',
  colStatus: 'Stato',
  notSupported: 'non supportate',
  unbounded: 'illimitato',
  ok: 'OK',
  status_critical: 'Critico',
  status_warning: 'Avviso',
  status_info: 'Nota',
  findings: 'Problemi rilevati',
  noFindings: 'Nessun problema rilevato.',
  critical: 'Critici',
  warning: 'Avvisi',
  info: 'Note',
  subject: 'Oggetto',
  next: 'Prossimo passo',
  writers: 'Writer con problemi',
  writersOk: 'Tutti i writer sono stabili e senza errori recenti.',
  colWriter: 'Writer',
  colState: 'Stato',
  colLastError: 'Ultimo errore',
  colService: 'Servizio che lo ospita',
  noError: 'Nessun errore',
  unknownService: "sconosciuto (l'applicazione proprietaria)",
};
