import { renderTable } from './table.js';
import { localDate, type CliContext } from './cli-context.js';
import { formatBytes } from '../vss/size-spec.js';
import type { AboutInfo } from '../about/about-types.js';
import { hresultHex } from '../ffi/hresult.js';

/** `doctor [--markdown]`: the health check, as a summary or as a ticket-ready Markdown report. */
export async function doctorCommand(ctx: CliContext): Promise<number> {
  const { report, markdown } = await ctx.api.doctor({});
  if (ctx.flags.json) {
    ctx.print(report, () => '');
  } else if (ctx.flags.markdown) {
    ctx.io.out(markdown);
  } else {
    const icon = { critical: '✖', warning: '!', info: 'i' } as const;
    ctx.io.out(
      report.findings.length === 0
        ? ctx.lang === 'it' ? 'Nessun problema trovato.' : 'No problems found.'
        : report.findings.map((f) => `${icon[f.severity]} ${f.title}\n    ${f.detail}\n    → ${f.next}${f.command ? `\n      ${f.command}` : ''}`).join('\n'),
    );
  }
  return report.summary.critical > 0 ? 3 : 0;
}

/** `audit [--since ISO] [--limit N]`: what was created, deleted, resized and restored, newest first. */
export async function auditCommand(ctx: CliContext): Promise<number> {
  const entries = await ctx.api.audit({ ...(ctx.flags.since ? { since: new Date(ctx.flags.since).toISOString() } : {}), ...(ctx.flags.limit ? { limit: Number(ctx.flags.limit) } : {}) });
  ctx.print(entries, () =>
    entries.length === 0
      ? ctx.lang === 'it' ? 'Registro vuoto.' : 'The log is empty.'
      : renderTable(
        ['When', 'Action', 'Target', 'Outcome', 'By'],
        entries.map((e) => [localDate(e.at), e.action, e.target, e.outcome === 'failed' && e.error ? `failed: ${e.error.code}` : e.outcome, e.schedule ? `schedule "${e.schedule}"` : '']),
      ),
  );
  return 0;
}

/** `about`: which VSS this is (the machine's or the simulated one) and where ShadowDesk keeps its data. */
export async function aboutCommand(ctx: CliContext): Promise<number> {
  const a = await ctx.api.about({});
  const it = ctx.lang === 'it';
  ctx.print(a, () =>
    renderTable(
      [it ? 'Voce' : 'Item', it ? 'Valore' : 'Value'],
      [
        [it ? 'Versione' : 'Version', `ShadowDesk ${a.version}`],
        ['VSS', a.backend === 'windows' ? (it ? 'Windows (questo computer)' : 'Windows (this computer)') : (it ? 'macchina simulata' : 'simulated machine')],
        [it ? 'Cartella dati' : 'Data folder', a.dataDir],
        [it ? 'Registro' : 'Audit log', a.auditLog],
        [it ? 'Ripristini registrati' : 'Restores on record', String(a.restores)],
        [it ? 'Spazio usato' : 'Space used', formatBytes(a.dataBytes)],
        ...comRows(a.com, it),
      ],
    ),
  );
  return 0;
}

/** The host's COM start-up as `about` rows: each call's HRESULT, and what a preset security means. */
function comRows(com: AboutInfo['com'], it: boolean): string[][] {
  if (!com) return [['COM', it ? 'non avviato' : 'could not be started']];
  const hr = (r: { hresult: number; hresultName: string }) => `${r.hresultName} (${hresultHex(r.hresult)})`;
  const apartment = com.apartment === 'mta' ? (it ? 'multithread (MTA)' : 'multithreaded (MTA)') : (it ? 'a thread singolo (STA)' : 'single-threaded (STA)');
  const security = com.securityOurs
    ? (it ? 'impostata da ShadowDesk' : 'set by ShadowDesk')
    : (it ? "già impostata da altro codice: le richiamate dei writer possono essere rifiutate" : "already set by someone else: writers' callbacks may be refused");
  const exceptions = com.exceptionHandling.set
    ? (it ? 'disattivata (COMGLB_EXCEPTION_DONOT_HANDLE)' : 'off (COMGLB_EXCEPTION_DONOT_HANDLE)')
    : (it ? 'non disattivata' : 'could not be turned off');
  return [
    ['CoInitializeEx', `${hr(com.coInitializeEx)}, ${apartment}`],
    ['CoInitializeSecurity', `${hr(com.coInitializeSecurity)}, ${security}`],
    [it ? 'Eccezioni COM' : 'COM exceptions', `${hr(com.exceptionHandling)}, ${exceptions}`],
  ];
}
