import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Fails on any serious or critical accessibility violation in the current view, naming them. */
export async function expectNoSeriousA11yViolations(page: Page, view: string): Promise<void> {
  // Fluent UI's focus management (tabster) adds invisible focus guards, <i data-tabster-dummy
  // aria-hidden tabindex=0>, around drawers, tab lists and dialogs. axe flags them as
  // aria-hidden-focus; they are a known false positive by design, so only they are excluded.
  // Colours are judged as a user sees them once the view has settled: a dialog's backdrop that is
  // still fading in leaves the page behind it at an in-between contrast no one reads.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const results = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
  expect(summary, `accessibility violations in ${view}`).toEqual([]);
}
