/**
 * `shadowdesk selftest`: a read-only check of everything ShadowDesk needs from a Windows machine
 * (OS build, elevation, COM start-up, each DLL's path, each VSS listing), for the first person to run
 * it on a real machine and send the result back. Each check is a pass or fail with the HRESULT.
 *
 * Read-only by construction: it is given only listing functions ({@link SelftestProbes}) and never
 * creates, deletes or changes a shadow copy, shadow storage, a file or the audit log.
 */
import { hresultHex, hresultName, VssError } from '../ffi/hresult.js';
import type { ComInitStatus } from '../ffi/com-init-types.js';
import type { Lang } from '../contract/errors.js';
import { AppError } from '../vss/app-error.js';
import type { Provider, ShadowCopy, StorageArea, Volume, Writer, WriterDetail } from '../vss/types.js';
import type { SelftestCheck, SelftestReport, SelftestStatus } from './selftest-types.js';

export type { SelftestCheck, SelftestReport, SelftestStatus } from './selftest-types.js';

/** Where each library came from, as the self-test reports it. */
export interface LibraryFacts {
  backend: 'windows' | 'sim';
  packaged: boolean;
  /** Library short name → absolute path it was (or would be) loaded from. */
  paths: Record<string, string>;
  ignoredEnv: string[];
}

/**
 * The read-only facts and listings the self-test runs. Each may throw; a thrown VssError's HRESULT
 * becomes the check's. Injected so the test can run anywhere and cannot reach a writing operation.
 */
export interface SelftestProbes {
  version: string;
  machine: string;
  osVersion(): { text: string; source: string };
  elevation(): boolean | undefined;
  backupPrivilege(): boolean | undefined;
  comStartup(): ComInitStatus;
  libraries(): LibraryFacts;
  /** Loads (or checks) one library by its path; throws when it cannot be loaded. */
  loadLibrary(name: string, file: string): void;
  listVolumes(): Volume[];
  listShadows(): ShadowCopy[];
  listProviders(): Provider[];
  listWriters(): Writer[];
  writerDetails(): WriterDetail[];
  listStorage(): StorageArea[];
}

type Text = { en: string; it: string };
const T = (en: string, it: string): Text => ({ en, it });

const FAILED_STATES = new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

/** Runs every check in order and returns the report in `lang`. Never throws for a failing check. */
export function runSelftest(p: SelftestProbes, lang: Lang, now: () => Date = () => new Date()): SelftestReport {
  const checks: SelftestCheck[] = [];
  const L = (t: Text) => t[lang];
  const it = lang === 'it';

  function attempt(id: string, group: SelftestCheck['group'], name: Text, body: () => Omit<SelftestCheck, 'id' | 'group' | 'name' | 'ms'>): void {
    const t0 = performance.now();
    let outcome: Omit<SelftestCheck, 'id' | 'group' | 'name' | 'ms'>;
    try {
      outcome = body();
    } catch (err) {
      outcome = failure(err, lang);
    }
    checks.push({ id, group, name: L(name), ...outcome, ms: Math.round((performance.now() - t0) * 10) / 10 });
  }

  // --- the system
  attempt('system.os', 'system', T('Operating system', 'Sistema operativo'), () => {
    const v = p.osVersion();
    return { status: 'pass', detail: `${v.text} (${v.source})` };
  });
  attempt('system.elevation', 'system', T('Elevated administrator', 'Amministratore con privilegi elevati'), () => {
    const e = p.elevation();
    if (e === undefined) return { status: 'skip', detail: L(T('not Windows: elevation does not apply', 'non è Windows: l\'elevazione non si applica')) };
    return e
      ? { status: 'pass', detail: L(T('yes', 'sì')) }
      : { status: 'fail', detail: L(T('no: VSS answers E_ACCESSDENIED to requesters that are not elevated administrators, Backup Operators or LocalSystem', 'no: VSS risponde E_ACCESSDENIED ai richiedenti che non sono amministratori con privilegi elevati, Backup Operators o LocalSystem')) };
  });
  attempt('system.backup-privilege', 'system', T('SeBackupPrivilege enabled', 'SeBackupPrivilege attivato'), () => {
    const b = p.backupPrivilege();
    if (b === undefined) return { status: 'skip', detail: L(T('not Windows', 'non è Windows')) };
    return b
      ? { status: 'pass', detail: L(T('yes: files of a copy can be read whatever their ACLs', 'sì: i file di una copia si leggono qualunque sia il loro ACL')) }
      : { status: 'warn', detail: L(T('no: files whose ACLs refuse you cannot be read from a copy', 'no: i file il cui ACL nega l\'accesso non si possono leggere da una copia')) };
  });

  // --- the libraries, before COM: COM needs ole32
  let libs: LibraryFacts | undefined;
  attempt('dll.backend', 'dll', T('VSS implementation', 'Implementazione VSS'), () => {
    libs = p.libraries();
    const what = libs.backend === 'windows' ? L(T("this computer's VSS (System32)", 'il VSS di questo computer (System32)')) : L(T('the simulated machine (stand-in)', 'la macchina simulata (stand-in)'));
    const ignored = libs.ignoredEnv.length ? `; ${libs.ignoredEnv.join(', ')} ${L(T('ignored: installed app', 'ignorate: app installata'))}` : '';
    return { status: 'pass', detail: `${what}${libs.packaged ? L(T(', installed app', ', app installata')) : ''}${ignored}` };
  });
  for (const [name, file] of Object.entries(libs?.paths ?? {})) {
    attempt(`dll.${name}`, 'dll', T(`${name}.dll loaded from`, `${name}.dll caricata da`), () => {
      p.loadLibrary(name, file);
      return { status: 'pass', detail: file };
    });
  }

  // --- COM
  let com: ComInitStatus | undefined;
  attempt('com.initialize', 'com', T('CoInitializeEx (multithreaded)', 'CoInitializeEx (multithread)'), () => {
    com = p.comStartup();
    const r = com.coInitializeEx;
    return com.apartment === 'mta'
      ? { status: 'pass', ...hr(r.hresult), detail: L(T('joined the multithreaded apartment', 'entrato nell\'apartment multithread')) }
      : { status: 'warn', ...hr(r.hresult), detail: L(T('the thread was already single-threaded (STA); VSS works in it too', 'il thread era già a thread singolo (STA); VSS funziona anche così')) };
  });
  if (com) {
    const c = com;
    attempt('com.security', 'com', T('CoInitializeSecurity', 'CoInitializeSecurity'), () =>
      c.securityOurs
        ? { status: 'pass', ...hr(c.coInitializeSecurity.hresult), detail: L(T('set by ShadowDesk: writers and VSS may call back', 'impostata da ShadowDesk: writer e VSS possono richiamarlo')) }
        : { status: 'warn', ...hr(c.coInitializeSecurity.hresult), detail: L(T("already set by someone else: writers' callbacks may be refused", 'già impostata da altro codice: le richiamate dei writer possono essere rifiutate')) },
    );
    attempt('com.exceptions', 'com', T('COM exception handling off (IGlobalOptions)', 'Gestione eccezioni COM disattivata (IGlobalOptions)'), () =>
      c.exceptionHandling.set
        ? { status: 'pass', ...hr(c.exceptionHandling.hresult), detail: 'COMGLB_EXCEPTION_DONOT_HANDLE' }
        : { status: 'warn', ...hr(c.exceptionHandling.hresult), detail: `${c.exceptionHandling.step === 'Set' ? 'IGlobalOptions::Set' : 'CoCreateInstance(CLSID_GlobalOptions)'} ${L(T('failed', 'non riuscita'))}` },
    );
  }

  // --- each VSS listing, one session each
  attempt('vss.volumes', 'vss', T('List volumes', 'Elenco volumi'), () => {
    const v = p.listVolumes();
    const supported = v.filter((x) => x.shadowCopySupported).length;
    return { status: 'pass', ...hr(0), detail: it ? `${v.length} volumi, ${supported} con copie shadow` : `${v.length} volumes, ${supported} can be shadow-copied` };
  });
  attempt('vss.shadows', 'vss', T('List shadow copies (every context)', 'Elenco copie shadow (ogni contesto)'), () => {
    const s = p.listShadows();
    const sets = new Set(s.map((x) => x.setId)).size;
    return { status: 'pass', ...hr(0), detail: it ? `${s.length} copie in ${sets} set` : `${s.length} copies in ${sets} sets` };
  });
  attempt('vss.providers', 'vss', T('List providers', 'Elenco provider'), () => {
    const pr = p.listProviders();
    return { status: pr.length ? 'pass' : 'warn', ...hr(0), detail: pr.length ? pr.map((x) => `${x.name} ${x.version}`).join('; ') : L(T('no provider registered', 'nessun provider registrato')) };
  });
  attempt('vss.writers', 'vss', T('Writer status (GatherWriterStatus)', 'Stato dei writer (GatherWriterStatus)'), () => {
    const w = p.listWriters();
    const failed = w.filter((x) => FAILED_STATES.has(x.stateCode));
    const tail = failed.length ? (it ? `; in errore: ${failed.map((x) => x.name).join(', ')}` : `; failed: ${failed.map((x) => x.name).join(', ')}`) : '';
    return { status: 'pass', ...hr(0), detail: `${w.length} ${it ? 'writer' : 'writers'}${tail}` };
  });
  attempt('vss.writer-metadata', 'vss', T('Writer metadata (GatherWriterMetadata)', 'Metadati dei writer (GatherWriterMetadata)'), () => {
    const d = p.writerDetails();
    const components = d.reduce((n, x) => n + x.components.length, 0);
    return { status: 'pass', ...hr(0), detail: it ? `${d.length} writer, ${components} componenti` : `${d.length} writers, ${components} components` };
  });
  attempt('vss.storage', 'vss', T('List shadow storage', 'Elenco spazio per le copie shadow'), () => {
    const s = p.listStorage();
    return { status: 'pass', ...hr(0), detail: it ? `${s.length} associazioni` : `${s.length} associations` };
  });

  const summary = { pass: 0, fail: 0, warn: 0, skip: 0 } as Record<SelftestStatus, number>;
  for (const c of checks) summary[c.status]++;
  return {
    generatedAt: now().toISOString(),
    lang,
    version: p.version,
    backend: libs?.backend ?? 'windows',
    platform: process.platform,
    arch: process.arch,
    machine: p.machine,
    summary,
    passed: summary.fail === 0,
    checks,
  };
}

function hr(value: number): { hresult: number; hresultName: string } {
  return { hresult: value >>> 0, hresultName: hresultName(value) };
}

/** A thrown error as a failed check: the HRESULT and operation when VSS or COM gave them. */
function failure(err: unknown, lang: Lang): Omit<SelftestCheck, 'id' | 'group' | 'name' | 'ms'> {
  if (err instanceof VssError) {
    const data = err.toData(lang);
    return { status: 'fail', ...hr(err.hresult), detail: `${err.operation}: ${err.hresultName} (${hresultHex(err.hresult)}): ${data.message}` };
  }
  if (err instanceof AppError) return { status: 'fail', detail: `${err.code}: ${err.text[lang]}` };
  return { status: 'fail', detail: err instanceof Error ? err.message : String(err) };
}
