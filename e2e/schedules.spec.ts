import { expect, test, type Page } from '@playwright/test';
import { startShadowDesk, screenshotPath, type ShadowDeskServer } from './support/shadowdesk-server.js';
import { expectNoSeriousA11yViolations } from './support/axe.js';
import type { ScheduleList, ThinPlan, TickResult } from '../native/schedule/schedule-types.js';

// One story on one machine, step by step: a later step needs the schedule and copies an earlier one made.
test.describe.configure({ mode: 'serial' });

let app: ShadowDeskServer;
test.beforeAll(async () => {
  app = await startShadowDesk();
});
test.afterAll(async () => {
  await app.stop();
});

const NAME = 'Hourly C';
/** How the window says a time less than an hour away ("in 42 minutes"; "in 10 seconds" just before the hour). */
const SOON = String.raw`(in \d+ (seconds?|minutes?|hours?)|now)`;
/** Stricter than the default: nothing by the hour, one copy a day for a day, nothing by week or month. */
const STRICT = { hours: 0, days: 1, weeks: 0, months: 0, minFreePercent: 5 };

async function open(page: Page): Promise<void> {
  await page.goto(app.url);
  await expect(page.getByRole('navigation', { name: 'ShadowDesk' })).toBeVisible();
}

async function goTo(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: view, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
}

/** What the host says now, asked through the page's own window.shadowdesk (the contract). */
async function listSchedules(page: Page): Promise<ScheduleList> {
  return page.evaluate(() => (window as unknown as { shadowdesk: { listSchedules(i: object): Promise<ScheduleList> } }).shadowdesk.listSchedules({}));
}

async function shadowIdsOfC(page: Page): Promise<{ id: string; createdAt: string; volume: string }[]> {
  return page.evaluate(() =>
    (window as unknown as { shadowdesk: { listShadows(i: object): Promise<{ id: string; createdAt: string; volume: string }[]> } }).shadowdesk
      .listShadows({ volume: 'C:\\' }));
}

/** A date as the window writes it in English (medium date, short time), in the page's own time zone. */
async function enDateTime(page: Page, iso: string): Promise<string> {
  return page.evaluate((d) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d)), iso);
}

async function copiesOfCInShadowsView(page: Page): Promise<number> {
  await goTo(page, 'Shadow copies');
  await page.getByRole('tab', { name: /^C:\\ \(\d+\)$/ }).click();
  await expect(page.getByTestId('shadow-copy').first()).toBeVisible();
  return page.getByTestId('shadow-copy').count();
}

/** Run now on the schedule's card, waiting for the outcome the activity strip announces. */
async function runNow(page: Page): Promise<void> {
  const card = page.getByRole('region', { name: NAME });
  const before = (await listSchedules(page)).schedules.find((s) => s.name === NAME)!.copies.length;
  await card.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText(`Schedule “${NAME}”: 1 copy made`);
  await expect(card.getByTestId('schedule-copies')).toHaveText(`${before + 1} copies kept`.replace(/^1 copies/, '1 copy'));
  await expect(card.getByRole('button', { name: 'Run now' })).toBeEnabled();
}

test('schedules: #/schedules opens the view; with none yet, it says why Windows needs one and offers New schedule', async ({ page }) => {
  await page.goto(`${app.url}#/schedules`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Schedules');
  await expect(page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Schedules' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'No schedules yet' })).toBeVisible();
  const empty = page.getByRole('status').filter({ hasText: 'No schedules yet' });
  await expect(empty).toContainText('Windows 10 and 11 make no shadow copies of data drives by themselves');
  await expect(empty.getByRole('button', { name: 'New schedule' })).toBeEnabled();
  // The simulated machine's clock is said as such, with its time.
  await expect(page.getByTestId('schedule-clock')).toContainText('Simulated clock: now is');
  await expectNoSeriousA11yViolations(page, 'Schedules, empty');
});

test('schedules: Schedule… on the C: card makes an hourly schedule, checked before it is added; its next run shows on the card and in Schedules', async ({ page }) => {
  await open(page);
  const c = page.getByRole('region', { name: 'Windows (C:)' });
  await expect(c.getByTestId('volume-next-scheduled'), 'no schedule covers C: yet').toHaveCount(0);
  await c.getByRole('button', { name: 'Schedule…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New schedule' });
  await expect(dialog.getByRole('checkbox', { name: 'Windows (C:)' })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Data (D:)' })).not.toBeChecked();
  // Only volumes VSS can copy are offered: not the FAT32 USB stick.
  await expect(dialog.getByRole('checkbox', { name: /USB STICK/ })).toHaveCount(0);
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue('Weekdays C');
  await dialog.getByRole('combobox', { name: 'When' }).selectOption({ label: 'Every hour' });
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue(NAME);
  await expect(dialog.getByTestId('schedule-check')).toContainText(new RegExp(`First copy ${SOON} \\(`));
  await expect(dialog).toContainText('24 hours, 7 days, 4 weeks, 12 months; keeps 5% free');
  // The name is a task name: Task Scheduler refuses a colon, and the dialog says so before asking.
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Hourly C:');
  await expect(dialog).toContainText('without \\ / : * ? " < > |');
  await expect(dialog.getByRole('button', { name: 'Add schedule' })).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Name' }).fill(NAME);
  await expect(dialog.getByRole('button', { name: 'Add schedule' })).toBeEnabled();
  await expect(dialog.getByTestId('schedule-check')).toContainText('First copy ');
  await page.screenshot({ path: screenshotPath('new-schedule-dialog'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'New schedule dialog');

  await dialog.getByRole('button', { name: 'Add schedule' }).click();
  // Added with warnings, the dialog shows them until closed; without, it closes.
  const added = page.getByRole('dialog', { name: `Schedule “${NAME}” added` });
  await expect(dialog, 'the form is gone once the schedule is added').toBeHidden();
  if (await added.isVisible()) {
    const { schedules } = await listSchedules(page);
    for (const w of schedules[0]!.warnings) await expect(added).toContainText(w.message);
    await added.getByRole('button', { name: 'Close' }).click();
  }
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const list = await listSchedules(page);
  expect(list.schedules.map((s) => s.name)).toEqual([NAME]);
  const schedule = list.schedules[0]!;
  expect(schedule.volumes).toEqual(['C:\\']);
  expect(schedule.trigger).toEqual({ kind: 'hourly', everyHours: 1, startTime: '00:00' });
  expect(schedule.nextRunAt, 'an hourly schedule has a next run').not.toBeNull();

  await expect(c.getByTestId('volume-next-scheduled')).toHaveText(new RegExp(`^Next scheduled copy: ${SOON} \\(Every hour from 00:00\\)$`));
  await expect(page.getByRole('region', { name: 'Data (D:)' }).getByTestId('volume-next-scheduled'), 'D: is not covered').toHaveCount(0);

  await goTo(page, 'Schedules');
  const card = page.getByRole('region', { name: NAME });
  await expect(card).toContainText('Every hour from 00:00');
  await expect(card.getByTestId('schedule-next')).toHaveText(new RegExp(`^${SOON} \\(${escape(await enDateTime(page, schedule.nextRunAt!))}\\)$`));
  await expect(card).toContainText('Not run yet');
  await expect(card).toContainText('Keeps 24 hours, 7 days, 4 weeks, 12 months; keeps 5% free');
});

test('schedules: Run now makes a copy that Shadow copies lists and Activity names the schedule for', async ({ page }) => {
  await open(page);
  const before = await copiesOfCInShadowsView(page);
  await goTo(page, 'Schedules');
  await runNow(page);
  const card = page.getByRole('region', { name: NAME });
  await expect(card.getByTestId('schedule-last-result')).toHaveText('1 copy made');
  await expect(card).toContainText('started by hand');

  const { schedules } = await listSchedules(page);
  const made = schedules[0]!.lastRun!.createdIds;
  expect(made).toHaveLength(1);
  const copy = (await shadowIdsOfC(page)).find((s) => s.id === made[0]);
  expect(copy, 'the copy the run made is one of C:\'s').toBeTruthy();

  expect(await copiesOfCInShadowsView(page)).toBe(before + 1);
  await expect(page.getByRole('article', { name: `Shadow copy of C:\\ from ${await enDateTime(page, copy!.createdAt)}` }).first()).toBeVisible();

  await goTo(page, 'Activity');
  await page.getByRole('tab', { name: 'Log' }).click();
  const log = page.getByRole('region', { name: 'Audit log, newest first' });
  const created = log.getByTestId('audit-entry').filter({ hasText: 'Create shadow copy' }).first();
  await expect(created).toContainText(`by schedule “${NAME}”`);
  await expect(created).toContainText('Done');
  await expect(log.getByTestId('audit-entry').filter({ hasText: 'Add schedule' })).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('activity-log-schedule'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Activity log with a scheduled copy');
});

test('schedules: Edit retention names the copies a stricter policy would delete, and Cancel deletes none', async ({ page }) => {
  await open(page);
  await goTo(page, 'Schedules');
  // Three copies by hand, then three hours on the simulated clock: the runs at the next three whole hours.
  await runNow(page);
  await runNow(page);
  const card = page.getByRole('region', { name: NAME });
  await expect(card.getByTestId('schedule-copies')).toHaveText('3 copies kept');
  const until = new Date(Date.parse((await listSchedules(page)).now) + 3 * 3600_000).toISOString();
  const tick = await page.evaluate(
    (u) => (window as unknown as { shadowdesk: { scheduleTick(i: object): Promise<TickResult> } }).shadowdesk.scheduleTick({ until: u }),
    until,
  );
  expect(tick.runs.map((r) => [r.schedule, r.cause, r.outcome])).toEqual(Array(3).fill([NAME, 'schedule', 'ok']));
  await page.reload();
  await goTo(page, 'Schedules');
  await expect(card.getByTestId('schedule-copies')).toHaveText('6 copies kept');
  await expect(card).toContainText('on schedule');
  // The view says the machine's clock, now three hours ahead of this one (its day, at least).
  const tickDay = await page.evaluate((iso) => new Intl.DateTimeFormat('en', { dateStyle: 'full' }).format(new Date(iso)), tick.now);
  await expect(page.getByTestId('schedule-clock')).toContainText(`Simulated clock: now is ${tickDay}`);
  await page.screenshot({ path: screenshotPath('schedules'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Schedules');
  const shadowsBefore = await shadowIdsOfC(page);

  await card.getByRole('button', { name: 'Edit retention…' }).click();
  const dialog = page.getByRole('dialog', { name: `Retention of “${NAME}”` });
  const preview = dialog.getByTestId('retention-preview');
  // The policy it has keeps all six.
  await expect(preview).toContainText('would delete none of its copies; all 6 stay');
  await dialog.getByRole('spinbutton', { name: 'Every copy of the last (hours)' }).fill(String(STRICT.hours));
  await dialog.getByRole('spinbutton', { name: 'One a day for (days)' }).fill(String(STRICT.days));
  await dialog.getByRole('spinbutton', { name: 'One a week for (weeks)' }).fill(String(STRICT.weeks));
  await dialog.getByRole('spinbutton', { name: 'One a month for (months)' }).fill(String(STRICT.months));

  // What the host says this policy would delete now: the dialog names exactly those, by date, volume and id.
  const plan = await page.evaluate(
    ([name, retention]) =>
      (window as unknown as { shadowdesk: { previewRetention(i: object): Promise<ThinPlan> } }).shadowdesk.previewRetention({ name, retention }),
    [NAME, STRICT] as const,
  );
  expect(plan.delete.length, 'a stricter policy deletes some of six copies made within hours').toBeGreaterThan(0);
  expect(plan.keep.length + plan.delete.length).toBe(6);
  const items = dialog.getByTestId('retention-casualties').getByRole('listitem');
  await expect(items).toHaveCount(plan.delete.length);
  await expect(dialog).toContainText(`${plan.delete.length} ${plan.delete.length === 1 ? 'copy' : 'copies'} would be deleted`);
  const doomed = [...plan.delete].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const [i, d] of doomed.entries()) {
    const shadow = shadowsBefore.find((s) => s.id === d.id);
    expect(shadow, `${d.id} is a copy on C:`).toBeTruthy();
    expect(shadow!.createdAt).toBe(d.createdAt);
    await expect(items.nth(i)).toContainText(`${await enDateTime(page, d.createdAt)} — C:\\ — ${d.id.replace(/^\{/, '').slice(0, 8)}`);
  }
  // One a day for a day keeps the machine's today's first copy; the run makes a newer one, so every other goes.
  const { now, schedules } = await listSchedules(page);
  const ownToday = await page.evaluate(([copies, nowIso]) => {
    const day = (iso: string) => new Date(iso).toDateString();
    return copies.filter((c) => day(c.createdAt) === day(nowIso)).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((c) => c.id);
  }, [shadowsBefore.filter((c) => schedules[0]!.copies.includes(c.id)), now] as const);
  expect(plan.keep.map((k) => k.id)).toEqual(ownToday.slice(0, 1));
  await expect(dialog.getByRole('button', { name: plan.delete.length === 1 ? 'Save: delete it at the next run' : 'Save: delete them at the next run' })).toBeEnabled();
  await page.screenshot({ path: screenshotPath('retention-preview'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Edit retention dialog');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('schedule-copies')).toHaveText('6 copies kept');
  expect((await shadowIdsOfC(page)).map((s) => s.id).sort(), 'Cancel deleted nothing').toEqual(shadowsBefore.map((s) => s.id).sort());
  expect((await listSchedules(page)).schedules[0]!.retention, 'and changed nothing').toEqual({ hours: 24, days: 7, weeks: 4, months: 12, minFreePercent: 5 });
});

test('schedules: Pause says so on its card and the volume\'s, and Resume brings the next run back', async ({ page }) => {
  await open(page);
  await goTo(page, 'Schedules');
  const card = page.getByRole('region', { name: NAME });
  await card.getByRole('button', { name: 'Pause' }).click();
  await expect(card.getByTestId('schedule-next')).toHaveText('Paused');
  await expect(card.getByRole('button', { name: 'Resume' })).toBeVisible();
  expect((await listSchedules(page)).schedules[0]!.paused).toBe(true);
  await goTo(page, 'Volumes');
  await expect(page.getByRole('region', { name: 'Windows (C:)' }).getByTestId('volume-next-scheduled')).toHaveText(`Scheduled copies paused (“${NAME}”)`);
  await goTo(page, 'Schedules');
  await card.getByRole('button', { name: 'Resume' }).click();
  await expect(card.getByTestId('schedule-next')).toHaveText(new RegExp(`^${SOON} \\(`));
  expect((await listSchedules(page)).schedules[0]!.paused).toBe(false);
});

test('schedules: in Italian, the view and its card speak Italian', async ({ page }) => {
  await open(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Italiano' }).check();
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Pianificazioni' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pianificazioni' })).toBeVisible();
  const card = page.getByRole('region', { name: NAME });
  await expect(card).toContainText('Quando');
  await expect(card).toContainText('Prossima esecuzione');
  await expect(card).toContainText('Ultima esecuzione');
  await expect(card).toContainText('Ogni ora dalle 00:00');
  await expect(card.getByTestId('schedule-copies')).toHaveText('6 copie conservate');
  await expect(card.getByRole('button', { name: 'Esegui ora' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nuova pianificazione' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('schedules-italian'), animations: 'disabled' });
  await expectNoSeriousA11yViolations(page, 'Pianificazioni (Italian)');
  await page.getByRole('navigation', { name: 'ShadowDesk' }).getByRole('button', { name: 'Impostazioni' }).click();
  await page.getByRole('radio', { name: 'English', exact: true }).check();
});

test('schedules: Remove asks first, naming the schedule and saying its copies stay; they do', async ({ page }) => {
  await open(page);
  await goTo(page, 'Schedules');
  const shadowsBefore = await shadowIdsOfC(page);
  const card = page.getByRole('region', { name: NAME });
  await card.getByRole('button', { name: 'Remove…' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Remove schedule “${NAME}”?` });
  await expect(dialog).toContainText('The 6 copies it made stay');
  await expectNoSeriousA11yViolations(page, 'Remove schedule dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toBeVisible();

  await card.getByRole('button', { name: 'Remove…' }).click();
  await dialog.getByRole('button', { name: 'Remove schedule' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText(`Schedule “${NAME}” removed; its 6 copies stay.`);
  await expect(card).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'No schedules yet' })).toBeVisible();
  expect((await listSchedules(page)).schedules).toEqual([]);
  expect((await shadowIdsOfC(page)).map((s) => s.id).sort(), 'the copies it made stay').toEqual(shadowsBefore.map((s) => s.id).sort());

  await goTo(page, 'Volumes');
  await expect(page.getByRole('region', { name: 'Windows (C:)' }).getByTestId('volume-next-scheduled')).toHaveCount(0);
});

/** A string as a literal inside a RegExp. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('schedules: a stricter retention saved from its preview, then Run now: exactly the copies it named are gone, by the schedule, and every other copy stays', async ({ page }) => {
  await open(page);
  type Api = { shadowdesk: { addSchedule(i: object): Promise<unknown>; runSchedule(i: object): Promise<{ createdIds: string[] }>; previewRetention(i: object): Promise<ThinPlan> } };
  const made = await page.evaluate(async () => {
    const api = (window as unknown as Api).shadowdesk;
    await api.addSchedule({ name: 'Data', volumes: ['D:'], trigger: { kind: 'daily', times: ['12:00'] } });
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) ids.push(...(await api.runSchedule({ name: 'Data' })).createdIds);
    return ids;
  });
  const everyCopy = async () => (await page.evaluate(() => (window as unknown as { shadowdesk: { listShadows(i: object): Promise<{ id: string }[]> } }).shadowdesk.listShadows({}))).map((s) => s.id);
  const before = await everyCopy();
  await goTo(page, 'Schedules');
  const card = page.getByRole('region', { name: 'Data' });
  await expect(card.getByTestId('schedule-copies')).toHaveText('3 copies kept');
  await card.getByRole('button', { name: 'Edit retention…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retention of “Data”' });
  await dialog.getByRole('spinbutton', { name: 'Every copy of the last (hours)' }).fill('0');
  await dialog.getByRole('spinbutton', { name: 'One a day for (days)' }).fill('1');
  await dialog.getByRole('spinbutton', { name: 'One a week for (weeks)' }).fill('0');
  await dialog.getByRole('spinbutton', { name: 'One a month for (months)' }).fill('0');
  // One a day keeps today's first copy; the next run makes a newer one, so the other two go.
  const items = dialog.getByTestId('retention-casualties').getByRole('listitem');
  await expect(items).toHaveCount(2);
  for (const [i, id] of made.slice(1).entries()) await expect(items.nth(i)).toContainText(id.replace(/^\{/, '').slice(0, 8));
  await dialog.getByRole('button', { name: 'Save: delete them at the next run' }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText('Keeps 1 day; keeps 5% free');
  expect(await everyCopy(), 'saving deletes nothing by itself').toEqual(before);

  await card.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText('Schedule “Data”: 1 copy made');
  await expect(card.getByTestId('schedule-copies')).toHaveText('2 copies kept');
  const after = await everyCopy();
  expect(before.filter((id) => !after.includes(id)).sort(), 'the two it named, and nothing else').toEqual(made.slice(1).sort());
  await goTo(page, 'Activity');
  await page.getByRole('tab', { name: 'Log' }).click();
  const deletes = page.getByRole('region', { name: 'Audit log, newest first' }).getByTestId('audit-entry').filter({ hasText: 'by schedule “Data”' }).filter({ hasText: /Delete/ });
  await expect(deletes).toHaveCount(2);
});
