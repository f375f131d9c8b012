import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FleetProgress, FleetReport } from '../remote/computer-types.js';
import { fleetRowLine, statusWord } from '../remote/fleet-render.js';
import { AppError } from '../vss/app-error.js';
import { usage, type CliContext } from './cli-context.js';

/** Exit code when some computer could not be checked (unreachable, no answer, an error there). */
export const FLEET_EXIT_NOT_CHECKED = 4;
/** Exit code when every computer was checked and one has a critical finding (as `doctor`). */
export const FLEET_EXIT_CRITICAL = 3;

/**
 * Targets from a hosts file's text: one a line, blank lines and `#` comments (whole lines or after a
 * target) ignored, so the list a helpdesk keeps for other tools works as it is.
 */
export function parseHostsList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

async function readAllStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw usage(`${name} takes a whole number from ${min} to ${max}.`, `${name} richiede un numero intero da ${min} a ${max}.`);
  }
  return n;
}

/** The targets of `fleet doctor`: --hosts FILE (or `-`, standard input), then every --computer. */
async function fleetTargets(ctx: CliContext): Promise<string[]> {
  const targets: string[] = [];
  const hosts = ctx.flags.hosts;
  if (hosts !== undefined) {
    let text: string;
    if (hosts === '-') {
      text = await (ctx.io.readStdin ?? readAllStdin)();
    } else {
      try {
        text = await readFile(path.resolve(hosts), 'utf8');
      } catch (err) {
        throw new AppError('HOSTS_FILE_UNREADABLE', {
          en: `The hosts file "${hosts}" cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): give a text file with one computer a line, or - for standard input.`,
          it: `Il file dei computer "${hosts}" non si può leggere (${(err as NodeJS.ErrnoException).code ?? 'errore'}): indicare un file di testo con un computer per riga, o - per lo standard input.`,
        });
      }
    }
    targets.push(...parseHostsList(text));
  }
  targets.push(...ctx.flags.computers.map((c) => c.trim()).filter(Boolean));
  if (targets.length === 0) {
    throw usage(
      'fleet doctor needs its computers: --hosts FILE (one a line, - for standard input) or --computer PC, as many as needed.',
      'fleet doctor richiede i computer: --hosts FILE (uno per riga, - per lo standard input) o --computer PC, quanti servono.',
    );
  }
  return targets;
}

/** The closing lines: how many answered, and each computer not checked with its sentence and next step. */
function summary(report: FleetReport, it: boolean): string {
  const rows = report.rows;
  const n = (s: string) => rows.filter((r) => r.status === s).length;
  const critical = rows.filter((r) => r.status === 'ok' && r.findings.critical > 0).length;
  const lines = [
    it
      ? `${rows.length} computer: ${n('ok')} controllati, ${n('unreachable')} irraggiungibili, ${n('timeout')} senza risposta, ${n('error')} in errore; ${critical} con problemi critici.`
      : `${rows.length} computers: ${n('ok')} checked, ${n('unreachable')} unreachable, ${n('timeout')} did not answer, ${n('error')} failed; ${critical} with critical findings.`,
  ];
  for (const r of rows.filter((x) => x.status !== 'ok')) {
    lines.push(`  ${r.target} (${statusWord(r.status, it ? 'it' : 'en')}): ${r.error?.message ?? ''}${r.error?.next ? `\n    → ${r.error.next}` : ''}`);
  }
  return lines.join('\n');
}

/**
 * `fleet doctor`: the doctor on many computers, from this one. Each computer's line is printed the
 * moment it has answered (on standard error with --csv, --markdown or --json, so standard output
 * holds only the export), then the summary. Exit 4 when a computer could not be checked, else 3
 * when one has a critical finding, else 0: a script can tell "go and look" from "fix something".
 */
export async function fleetCommand(ctx: CliContext): Promise<number> {
  const [sub, ...rest] = ctx.args;
  if (sub !== 'doctor' || rest.length > 0) {
    throw usage('Usage: shadowdesk fleet doctor --hosts FILE|- | --computer PC… [--concurrency N] [--timeout SECONDS] [--csv|--markdown|--json]',
      'Uso: shadowdesk fleet doctor --hosts FILE|- | --computer PC… [--concurrency N] [--timeout SECONDI] [--csv|--markdown|--json]');
  }
  const concurrency = intOption(ctx.flags.concurrency, '--concurrency', 1, 32);
  const timeoutSeconds = intOption(ctx.flags.timeout, '--timeout', 1, 600);
  const targets = await fleetTargets(ctx);
  const exporting = ctx.flags.csv || ctx.flags.markdown || ctx.flags.json;
  const stream = exporting ? ctx.io.err : ctx.io.out;
  const width = String(new Set(targets.map((t) => t.toLowerCase())).size).length;
  const report = await ctx.api.fleetDoctor(
    { targets, ...(concurrency !== undefined ? { concurrency } : {}), ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) },
    { onProgress: (p: FleetProgress) => stream(`[${String(p.done).padStart(width)}/${p.total}] ${fleetRowLine(p.row, ctx.lang)}`) },
  );
  const it = ctx.lang === 'it';
  if (ctx.flags.json) {
    const { csv: _csv, markdown: _markdown, ...plain } = report;
    ctx.io.out(JSON.stringify(plain, null, 2));
  } else if (ctx.flags.csv) {
    ctx.io.out(report.csv.replace(/\r\n$/, ''));
  } else if (ctx.flags.markdown) {
    ctx.io.out(report.markdown.replace(/\n$/, ''));
  }
  (exporting ? ctx.io.err : ctx.io.out)(`\n${summary(report, it)}`);
  if (report.rows.some((r) => r.status !== 'ok')) return FLEET_EXIT_NOT_CHECKED;
  return report.rows.some((r) => r.findings.critical > 0) ? FLEET_EXIT_CRITICAL : 0;
}
