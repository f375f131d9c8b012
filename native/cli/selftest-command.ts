import { renderTable } from './table.js';
import type { CliContext } from './cli-context.js';
import { checkHresult, selftestVerdict, statusWord } from '../selftest/selftest-render.js';

/**
 * `selftest [--markdown|--json]`: the read-only self-test, as a table, a Markdown report to send
 * back, or JSON. Exit 1 when a check failed, so a script can tell.
 */
export async function selftestCommand(ctx: CliContext): Promise<number> {
  const { report, markdown } = await ctx.api.selftest({});
  if (ctx.flags.json) {
    ctx.print(report, () => '');
  } else if (ctx.flags.markdown) {
    ctx.io.out(markdown);
  } else {
    const it = ctx.lang === 'it';
    ctx.io.out(
      `${renderTable(
        [it ? 'Verifica' : 'Check', it ? 'Esito' : 'Result', 'HRESULT', it ? 'Dettaglio' : 'Detail'],
        report.checks.map((c) => [c.name, statusWord(c, report.lang), checkHresult(c), c.detail]),
      )}\n${selftestVerdict(report)}`,
    );
  }
  return report.passed ? 0 : 1;
}
