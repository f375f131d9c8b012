import type { Lang } from '../contract/errors.js';
import type { Severity } from '../doctor/doctor-types.js';
import type { FleetRow, FleetStatus } from './computer-types.js';

/* The fleet doctor's rows as people and spreadsheets read them: one terminal line, CSV, Markdown. */

const STATUS: Record<FleetStatus, { en: string; it: string }> = {
  ok: { en: 'ok', it: 'ok' },
  unreachable: { en: 'unreachable', it: 'irraggiungibile' },
  timeout: { en: 'no answer', it: 'nessuna risposta' },
  error: { en: 'error', it: 'errore' },
};

const SEVERITY: Record<Severity, { en: string; it: string }> = {
  critical: { en: 'critical', it: 'critico' },
  warning: { en: 'warning', it: 'avviso' },
  info: { en: 'info', it: 'info' },
};

/** A status in words, in `lang` (the code stays in `--json`). */
export function statusWord(status: FleetStatus, lang: Lang): string {
  return STATUS[status][lang];
}

/** Whether a row needs attention: the computer could not be checked, or it has a critical finding. */
export function rowFailed(row: FleetRow): boolean {
  return row.status !== 'ok';
}

/**
 * Orders rows worst first (not checked, then most critical, then most warnings), keeping the given
 * order among equals: the Markdown a helpdesk pastes into a ticket starts with what to act on.
 */
export function worstFirst(rows: readonly FleetRow[]): FleetRow[] {
  const rank = (r: FleetRow): number[] => [r.status === 'ok' ? 1 : 0, -r.findings.critical, -r.findings.warning];
  return rows
    .map((row, i) => ({ row, i, key: rank(row) }))
    .sort((a, b) => {
      for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k]! - b.key[k]!;
      return a.i - b.i;
    })
    .map((x) => x.row);
}

function yesNo(v: boolean | null, lang: Lang): string {
  if (v === null) return lang === 'it' ? 'n/d' : 'n/a';
  return v ? (lang === 'it' ? 'sì' : 'yes') : 'no';
}

/** Copies per volume, compactly: `C:\ 3, D:\ 0`. */
function copiesText(row: FleetRow): string {
  return row.volumes.map((v) => `${v.volume} ${v.copies}`).join(', ');
}

function ageText(hours: number | null, lang: Lang): string {
  if (hours === null) return lang === 'it' ? 'nessuna copia' : 'no copy';
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return lang === 'it' ? `${(hours / 24).toFixed(1)} giorni` : `${(hours / 24).toFixed(1)} days`;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** Storage used over the maximum, summed over the row's volumes; empty when no volume has an area. */
function storageText(row: FleetRow, lang: Lang): string {
  const withArea = row.volumes.filter((v) => v.storageUsedBytes !== null);
  if (withArea.length === 0) return '';
  const used = withArea.reduce((s, v) => s + (v.storageUsedBytes ?? 0), 0);
  const unbounded = withArea.some((v) => v.storageMaxBytes === null);
  const max = withArea.reduce((s, v) => s + (v.storageMaxBytes ?? 0), 0);
  return `${gib(used)} / ${unbounded ? (lang === 'it' ? 'illimitato' : 'unbounded') : gib(max)}`;
}

function worstText(row: FleetRow, lang: Lang): string {
  if (row.status !== 'ok') return row.error?.message ?? '';
  return row.worst ? `${SEVERITY[row.worst.severity][lang]}: ${row.worst.title}` : (lang === 'it' ? 'nessun problema' : 'no problems');
}

/**
 * One row as the terminal line the CLI prints the moment that computer has answered: target,
 * status, elevation, copies, newest copy's age, worst finding (or why it was not checked).
 */
export function fleetRowLine(row: FleetRow, lang: Lang): string {
  const it = lang === 'it';
  const mark = row.status !== 'ok' ? '✖' : row.findings.critical > 0 ? '✖' : row.findings.warning > 0 ? '!' : '✔';
  const parts = [`${mark} ${row.target}`, statusWord(row.status, lang)];
  if (row.status === 'ok') {
    parts.push(`${it ? 'admin' : 'admin'} ${yesNo(row.elevated, lang)}`);
    parts.push(`${it ? 'copie' : 'copies'} ${copiesText(row) || '-'}`);
    parts.push(`${it ? 'più recente' : 'newest'} ${ageText(row.newestCopyAgeHours, lang)}`);
  }
  parts.push(worstText(row, lang));
  return parts.join(' · ');
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled. A text
 * cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: finding titles and writer names come from the other computer, which is not trusted.
 */
export function csvField(value: string | number | null | undefined, text = true): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_HEADER = {
  en: ['Computer', 'Status', 'Name', 'Version', 'Administrator', 'Copies per volume', 'Newest copy', 'Newest copy age (hours)', 'Storage used (bytes)', 'Storage maximum (bytes)', 'Failed writers', 'Critical', 'Warnings', 'Info', 'Worst finding', 'Error code', 'Error', 'Duration (ms)'],
  it: ['Computer', 'Stato', 'Nome', 'Versione', 'Amministratore', 'Copie per volume', 'Copia più recente', 'Età copia più recente (ore)', 'Archiviazione usata (byte)', 'Archiviazione massima (byte)', 'Writer in errore', 'Critici', 'Avvisi', 'Info', 'Problema più grave', 'Codice errore', 'Errore', 'Durata (ms)'],
} as const;

/**
 * The rows as CSV (RFC 4180: a header row, CRLF line ends, quoting where needed), in the order given,
 * for a spreadsheet or a ticket: every figure of the table, bytes and hours unformatted.
 */
export function renderFleetCsv(rows: readonly FleetRow[], lang: Lang): string {
  const lines = [CSV_HEADER[lang].map((h) => csvField(h)).join(',')];
  for (const r of rows) {
    const newest = r.volumes.map((v) => v.newestAt).filter((t): t is string => t !== null).sort().at(-1) ?? '';
    const areas = r.volumes.filter((v) => v.storageUsedBytes !== null);
    const used = areas.length ? areas.reduce((s, v) => s + (v.storageUsedBytes ?? 0), 0) : null;
    const max = areas.length && !areas.some((v) => v.storageMaxBytes === null) ? areas.reduce((s, v) => s + (v.storageMaxBytes ?? 0), 0) : null;
    lines.push([
      csvField(r.target), csvField(statusWord(r.status, lang)), csvField(r.hostname), csvField(r.version),
      csvField(r.status === 'ok' ? yesNo(r.elevated, lang) : ''), csvField(copiesText(r)), csvField(newest, false),
      csvField(r.newestCopyAgeHours === null ? '' : r.newestCopyAgeHours.toFixed(1), false), csvField(used, false), csvField(max, false),
      csvField(r.failedWriters.join('; ')), csvField(r.findings.critical, false), csvField(r.findings.warning, false), csvField(r.findings.info, false),
      csvField(r.worst ? `${SEVERITY[r.worst.severity][lang]}: ${r.worst.title}` : ''), csvField(r.error?.code), csvField(r.error?.message), csvField(r.durationMs, false),
    ].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A Markdown table cell: no pipe, line break or HTML from the other computer can break the table. */
function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The fleet as a ticket-ready Markdown report, worst first: a summary line, one table row per
 * computer, and a line per computer that could not be checked with its sentence and next step.
 */
export function renderFleetMarkdown(rows: readonly FleetRow[], lang: Lang, generatedAt: string): string {
  const it = lang === 'it';
  const count = (s: FleetRow['status']) => rows.filter((r) => r.status === s).length;
  const critical = rows.filter((r) => r.findings.critical > 0).length;
  const out: string[] = [];
  out.push(`# ${it ? 'Controllo del parco macchine' : 'Fleet doctor'}`, '');
  out.push(it
    ? `${rows.length} computer, ${generatedAt}: ${count('ok')} controllati, ${count('unreachable')} irraggiungibili, ${count('timeout')} senza risposta, ${count('error')} in errore; ${critical} con problemi critici.`
    : `${rows.length} computers, ${generatedAt}: ${count('ok')} checked, ${count('unreachable')} unreachable, ${count('timeout')} did not answer, ${count('error')} failed; ${critical} with critical findings.`);
  out.push('');
  const head = it
    ? ['Computer', 'Stato', 'Admin', 'Copie', 'Più recente', 'Archiviazione', 'Writer in errore', 'Problemi (C/A/I)', 'Più grave']
    : ['Computer', 'Status', 'Admin', 'Copies', 'Newest', 'Storage', 'Failed writers', 'Findings (C/W/I)', 'Worst'];
  out.push(`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`);
  for (const r of worstFirst(rows)) {
    const ok = r.status === 'ok';
    const cells = [
      r.hostname && r.hostname !== r.target ? `${r.target} (${r.hostname})` : r.target,
      statusWord(r.status, lang),
      ok ? yesNo(r.elevated, lang) : '',
      ok ? copiesText(r) : '',
      ok ? ageText(r.newestCopyAgeHours, lang) : '',
      ok ? storageText(r, lang) : '',
      r.failedWriters.join(', '),
      ok ? `${r.findings.critical}/${r.findings.warning}/${r.findings.info}` : '',
      ok ? (r.worst ? `${SEVERITY[r.worst.severity][lang]}: ${r.worst.title}` : (it ? 'nessun problema' : 'no problems')) : '',
    ];
    out.push(`| ${cells.map(mdCell).join(' | ')} |`);
  }
  const failing = rows.filter(rowFailed);
  if (failing.length > 0) {
    out.push('', `## ${it ? 'Non controllati' : 'Not checked'}`, '');
    for (const r of failing) {
      const e = r.error;
      out.push(`- **${mdCell(r.target)}** (${statusWord(r.status, lang)}): ${mdCell(e?.message ?? '')}${e?.next ? ` ${mdCell(e.next)}` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
