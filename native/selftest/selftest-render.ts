import type { SelftestCheck, SelftestReport } from './selftest-types.js';

const WORD = {
  en: { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP', heading: 'ShadowDesk self-test', check: 'Check', result: 'Result', hresult: 'HRESULT', detail: 'Detail', time: 'Time', passed: 'Passed: nothing failed.', failed: 'Failed', of: 'of', checks: 'checks' },
  it: { pass: 'OK', fail: 'ERRORE', warn: 'AVVISO', skip: 'SALTATO', heading: 'Autotest di ShadowDesk', check: 'Verifica', result: 'Esito', hresult: 'HRESULT', detail: 'Dettaglio', time: 'Tempo', passed: 'Superato: nessuna verifica fallita.', failed: 'Fallite', of: 'su', checks: 'verifiche' },
} as const;

/** `0x80070005`, or empty when the check has no HRESULT. */
export function checkHresult(c: SelftestCheck): string {
  if (c.hresult === undefined) return '';
  return `${c.hresultName} (0x${c.hresult.toString(16).toUpperCase().padStart(8, '0')})`;
}

/** PASS / FAIL / WARN / SKIP in the report's language. */
export function statusWord(c: SelftestCheck, lang: SelftestReport['lang']): string {
  return WORD[lang][c.status];
}

/** The verdict line every surface prints. */
export function selftestVerdict(r: SelftestReport): string {
  const w = WORD[r.lang];
  return r.passed ? w.passed : `${w.failed}: ${r.summary.fail} ${w.of} ${r.checks.length} ${w.checks}.`;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * The report as Markdown to paste into an issue or a ticket: what was tested on which machine and
 * build, then one row per check with its result, HRESULT, detail and time.
 */
export function renderSelftestMarkdown(r: SelftestReport): string {
  const w = WORD[r.lang];
  const os = r.checks.find((c) => c.id === 'system.os')?.detail ?? r.platform;
  const out = [
    `# ${w.heading}: ${r.machine}`,
    '',
    `**${selftestVerdict(r)}** ${w.pass} ${r.summary.pass} · ${w.fail} ${r.summary.fail} · ${w.warn} ${r.summary.warn} · ${w.skip} ${r.summary.skip}`,
    '',
    `ShadowDesk ${r.version} · ${r.backend} · ${r.platform}-${r.arch} · ${cell(os)} · ${r.generatedAt}`,
    '',
    `| ${w.check} | ${w.result} | ${w.hresult} | ${w.detail} | ${w.time} |`,
    '|---|---|---|---|---:|',
    ...r.checks.map((c) => `| ${cell(c.name)} \`${c.id}\` | **${statusWord(c, r.lang)}** | ${cell(checkHresult(c))} | ${cell(c.detail)} | ${c.ms} ms |`),
  ];
  return `${out.join('\n')}\n`;
}
