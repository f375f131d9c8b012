import type { Lang } from '../contract/errors.js';
import type { InputOf } from '../contract/operations.js';
import type { RetentionPolicy, ScheduleRun, ScheduleStatus, ScheduleTrigger, ScheduleWarning, ThinPlan, Weekday } from '../schedule/schedule-types.js';
import { DEFAULT_RETENTION, WEEKDAYS } from '../schedule/schedule-types.js';
import { describeTrigger, presetTrigger } from '../schedule/triggers.js';
import { renderTable } from './table.js';
import { confirmOrRefuse, localDate, usage, type CliContext } from './cli-context.js';

const PRESETS = ['server-default', 'hourly', 'daily', 'logon', 'idle'] as const;

function it(ctx: CliContext): boolean {
  return ctx.lang === 'it';
}

function nameArg(ctx: CliContext, sub: string): string {
  const name = ctx.args[1];
  if (!name) throw usage(`Name the schedule: shadowdesk schedule ${sub} NAME`, `Indicare la pianificazione: shadowdesk schedule ${sub} NOME`);
  return name;
}

function count(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0) throw usage(`${flag} takes a number, not "${text}".`, `${flag} vuole un numero, non "${text}".`);
  return n;
}

/** The retention flags over a base policy (the defaults for a new schedule, its own when changing one). */
function retentionOf(ctx: CliContext, base: RetentionPolicy): RetentionPolicy {
  const f = ctx.flags;
  return {
    hours: count(f.keepHours, '--keep-hours', base.hours),
    days: count(f.keepDays, '--keep-days', base.days),
    weeks: count(f.keepWeeks, '--keep-weeks', base.weeks),
    months: count(f.keepMonths, '--keep-months', base.months),
    minFreePercent: count(f.minFree, '--min-free', base.minFreePercent),
  };
}

function timesOf(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter(Boolean).map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t));
}

/** The trigger the flags describe: a preset, times (with days), an interval, log-on or idle. */
function triggerOf(ctx: CliContext): ScheduleTrigger {
  const f = ctx.flags;
  const chosen = [f.preset, f.at, f.every, f.logon || undefined, f.idle || undefined].filter((x) => x !== undefined).length;
  if (chosen !== 1) {
    throw usage(
      'Say when, once: --preset server-default|hourly|daily|logon|idle, --at 07:00,12:00 [--days mon,tue,…], --every 3h [--from 06:00], --logon or --idle [--idle-minutes 10].',
      'Indicare quando, una volta: --preset server-default|hourly|daily|logon|idle, --at 07:00,12:00 [--days mon,tue,…], --every 3h [--from 06:00], --logon o --idle [--idle-minutes 10].',
    );
  }
  if (f.preset !== undefined) {
    if (!(PRESETS as readonly string[]).includes(f.preset)) throw usage(`Unknown preset "${f.preset}": ${PRESETS.join(', ')}.`, `Preset sconosciuto "${f.preset}": ${PRESETS.join(', ')}.`);
    return presetTrigger(f.preset as (typeof PRESETS)[number]);
  }
  if (f.at !== undefined) {
    const times = timesOf(f.at);
    if (f.days === undefined) return { kind: 'daily', times };
    const names = f.days.toLowerCase().split(',').map((d) => d.trim().slice(0, 3));
    const days = names.map((d) => {
      const day = d === 'weekdays' ? undefined : WEEKDAYS.find((w) => w === d);
      if (!day) throw usage(`Unknown day "${d}": mon, tue, wed, thu, fri, sat, sun.`, `Giorno sconosciuto "${d}": mon, tue, wed, thu, fri, sat, sun.`);
      return day;
    });
    return { kind: 'weekly', days: WEEKDAYS.filter((w): w is Weekday => days.includes(w)), times };
  }
  if (f.every !== undefined) {
    const m = /^(\d+)\s*h?$/i.exec(f.every.trim());
    if (!m) throw usage(`--every takes hours, like 3h, not "${f.every}".`, `--every vuole ore, come 3h, non "${f.every}".`);
    return { kind: 'hourly', everyHours: Number(m[1]), startTime: timesOf(f.from ?? '00:00')[0] ?? '00:00' };
  }
  if (f.logon) return { kind: 'logon' };
  return { kind: 'idle', idleMinutes: count(f.idleMinutes, '--idle-minutes', 10) };
}

function retentionText(r: RetentionPolicy, lang: Lang): string {
  return lang === 'it'
    ? `tutte le copie delle ultime ${r.hours} ore, una al giorno per ${r.days} giorni, una a settimana per ${r.weeks} settimane, una al mese per ${r.months} mesi; almeno ${r.minFreePercent}% libero`
    : `every copy of the last ${r.hours} hours, one a day for ${r.days} days, one a week for ${r.weeks} weeks, one a month for ${r.months} months; at least ${r.minFreePercent}% free`;
}

function nextText(s: ScheduleStatus, lang: Lang): string {
  if (s.paused) return lang === 'it' ? 'in pausa' : 'paused';
  if (s.nextRunAt) return localDate(s.nextRunAt);
  return s.trigger.kind === 'logon' ? (lang === 'it' ? 'al prossimo accesso' : 'at the next log-on') : lang === 'it' ? 'quando inattivo' : 'when idle';
}

function lastText(run: ScheduleRun | null, lang: Lang): string {
  if (!run) return lang === 'it' ? 'mai' : 'never';
  const when = localDate(run.at);
  return run.outcome === 'ok' ? `${when} ok` : `${when} ${lang === 'it' ? 'non riuscita' : 'FAILED'}: ${run.error?.message ?? ''}`;
}

function warningsText(warnings: readonly ScheduleWarning[]): string {
  return warnings.map((w) => `  ! ${w.message}`).join('\n');
}

function copiesText(plan: ThinPlan['delete'], lang: Lang): string {
  return plan.map((c) => `  ${localDate(c.createdAt)}  ${c.volume}  ${c.id}`).join('\n') || (lang === 'it' ? '  (nessuna)' : '  (none)');
}

/** `schedule list` */
async function listCommand(ctx: CliContext): Promise<number> {
  const list = await ctx.api.listSchedules({});
  ctx.print(list, () => {
    const lang = ctx.lang;
    const clock = list.clock === 'simulated' ? `\n${it(ctx) ? 'Orologio simulato' : 'Simulated clock'}: ${localDate(list.now)}` : '';
    if (list.schedules.length === 0) {
      return (it(ctx)
        ? 'Nessuna pianificazione. Windows 10 e 11 non fanno copie shadow dei dischi dati da soli: per esempio\n  shadowdesk schedule add "Giorni feriali" --volume C: --preset server-default'
        : 'No schedules. Windows 10 and 11 make no shadow copies of data drives by themselves: for example\n  shadowdesk schedule add "Weekdays" --volume C: --preset server-default') + clock;
    }
    const table = renderTable(
      it(ctx) ? ['Nome', 'Volumi', 'Quando', 'Prossima', 'Ultima', 'Copie', 'Stato'] : ['Name', 'Volumes', 'When', 'Next run', 'Last run', 'Copies', 'State'],
      list.schedules.map((s) => [
        s.name,
        s.volumes.join(' '),
        describeTrigger(s.trigger, lang),
        nextText(s, lang),
        lastText(s.lastRun, lang),
        s.copies.length,
        [s.overdue ? (it(ctx) ? 'in ritardo' : 'overdue') : '', s.vanishedIds.length ? `${s.vanishedIds.length} ${it(ctx) ? 'sparite' : 'vanished'}` : ''].filter(Boolean).join(', ') || 'ok',
      ]),
    );
    const warnings = list.schedules.flatMap((s) => s.warnings);
    return [table, warnings.length ? warningsText(warnings) : '', clock.trim()].filter(Boolean).join('\n');
  });
  return 0;
}

/** `schedule add NAME --volume C: …` */
async function addCommand(ctx: CliContext): Promise<number> {
  const name = nameArg(ctx, 'add');
  if (ctx.flags.volume.length === 0) throw usage('Give at least one --volume.', 'Indicare almeno un --volume.');
  const input: InputOf<'addSchedule'> = {
    name,
    volumes: ctx.flags.volume,
    trigger: triggerOf(ctx),
    retention: retentionOf(ctx, DEFAULT_RETENTION),
    withWriters: ctx.flags.withWriters,
    ...(ctx.flags.account ? { account: ctx.flags.account } : {}),
  };
  const { schedule, warnings } = await ctx.api.addSchedule(input);
  ctx.print({ schedule, warnings }, () => {
    const where = schedule.registration.kind === 'task'
      ? (it(ctx) ? `Attività ${schedule.registration.taskPath} registrata (account ${schedule.account}).` : `Task ${schedule.registration.taskPath} registered (account ${schedule.account}).`)
      : (it(ctx) ? 'Sulla macchina simulata: la esegue "shadowdesk schedule tick --until DATA".' : 'On the simulated machine: "shadowdesk schedule tick --until DATE" runs it.');
    return [
      `${it(ctx) ? 'Pianificazione' : 'Schedule'} "${schedule.name}": ${schedule.volumes.join(', ')}, ${describeTrigger(schedule.trigger, ctx.lang)}.`,
      `${it(ctx) ? 'Prossima esecuzione' : 'Next run'}: ${nextText(schedule, ctx.lang)}.`,
      `${it(ctx) ? 'Tiene' : 'Keeps'} ${retentionText(schedule.retention, ctx.lang)}.`,
      where,
      warningsText(warnings),
    ].filter(Boolean).join('\n');
  });
  return 0;
}

/** `schedule remove NAME` */
async function removeCommand(ctx: CliContext): Promise<number> {
  const name = nameArg(ctx, 'remove');
  const ok = await confirmOrRefuse(ctx, {
    en: `Remove the schedule "${name}"? The copies it made stay; no more are made.`,
    it: `Rimuovere la pianificazione "${name}"? Le copie già fatte restano; non ne verranno fatte altre.`,
  });
  if (!ok) return 1;
  const r = await ctx.api.removeSchedule({ name });
  const n = r.keptCopies;
  ctx.print(r, () => it(ctx)
    ? n === 1 ? 'Rimossa. La copia che aveva fatto resta.' : `Rimossa. Le ${n} copie che aveva fatto restano.`
    : n === 1 ? 'Removed. The copy it made stays.' : `Removed. The ${n} copies it made stay.`);
  return 0;
}

/** `schedule pause|resume NAME` */
async function pauseCommand(ctx: CliContext, paused: boolean): Promise<number> {
  const name = nameArg(ctx, paused ? 'pause' : 'resume');
  const { schedule } = await ctx.api.updateSchedule({ name, paused });
  ctx.print(schedule, () => `"${schedule.name}": ${nextText(schedule, ctx.lang)}.`);
  return 0;
}

function runText(run: ScheduleRun, lang: Lang): string {
  if (run.outcome === 'failed' && run.createdIds.length === 0) return `${lang === 'it' ? 'Non riuscita' : 'Failed'}: ${run.error?.message ?? ''}`;
  const lines = [
    lang === 'it' ? `Creata: ${run.createdIds.join(', ')}` : `Made: ${run.createdIds.join(', ')}`,
    run.deletedIds.length ? (lang === 'it' ? `Sfoltite (copie di questa pianificazione): ${run.deletedIds.join(', ')}` : `Thinned (this schedule's own copies): ${run.deletedIds.join(', ')}`) : '',
    run.deletedByVss.length ? (lang === 'it' ? `VSS ha eliminato per fare spazio: ${run.deletedByVss.join(', ')}` : `VSS deleted to make room: ${run.deletedByVss.join(', ')}`) : '',
    run.outcome === 'failed' ? `${lang === 'it' ? 'Sfoltimento non riuscito' : 'Thinning failed'}: ${run.error?.message ?? ''}` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

/**
 * `schedule run NAME`, and `--schedule NAME`, which is what the Task Scheduler task runs (no
 * question asked: registering the task was the consent).
 */
export async function runScheduleCommand(ctx: CliContext, name: string, cause: 'now' | 'schedule'): Promise<number> {
  if (cause === 'now') {
    const ok = await confirmOrRefuse(ctx, {
      en: `Run the schedule "${name}" now: a shadow copy of its volumes, then thinning of its own older copies by its policy?`,
      it: `Eseguire ora la pianificazione "${name}": una copia shadow dei suoi volumi, poi lo sfoltimento delle sue copie più vecchie secondo la sua regola?`,
    });
    if (!ok) return 1;
  }
  const run = await ctx.api.runSchedule({ name, cause });
  ctx.print(run, () => runText(run, ctx.lang));
  return run.outcome === 'ok' ? 0 : 1;
}

/** `schedule retention NAME --keep-…`: shows which copies the new policy deletes at once, then changes it. */
async function retentionCommand(ctx: CliContext): Promise<number> {
  const name = nameArg(ctx, 'retention');
  const current = (await ctx.api.listSchedules({})).schedules.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!current) throw usage(`There is no schedule named "${name}".`, `Non esiste una pianificazione chiamata "${name}".`);
  const retention = retentionOf(ctx, current.retention);
  const plan = await ctx.api.previewRetention({ name, retention });
  if (ctx.flags.plan) {
    ctx.print(plan, () => `${it(ctx) ? 'Con questa regola verrebbero eliminate ora' : 'With this policy these would be deleted now'}:\n${copiesText(plan.delete, ctx.lang)}`);
    return 0;
  }
  if (plan.delete.length > 0) {
    const ok = await confirmOrRefuse(ctx, {
      en: `With ${retentionText(retention, 'en')}, the next run of "${current.name}" deletes these ${plan.delete.length} of its copies:\n${copiesText(plan.delete, 'en')}`,
      it: `Con ${retentionText(retention, 'it')}, la prossima esecuzione di "${current.name}" elimina queste ${plan.delete.length} sue copie:\n${copiesText(plan.delete, 'it')}`,
    });
    if (!ok) return 1;
  }
  const { schedule } = await ctx.api.updateSchedule({ name, retention });
  ctx.print(schedule, () => `"${schedule.name}": ${retentionText(schedule.retention, ctx.lang)}.`);
  return 0;
}

/** `schedule tick --until ISO [--logon] [--idle]`: the simulated machine's clock, moved forward. */
async function tickCommand(ctx: CliContext): Promise<number> {
  const until = ctx.flags.until;
  if (!until) throw usage('Say until when: --until 2027-01-31T12:00:00Z (or a date, 2027-01-31).', 'Indicare fino a quando: --until 2027-01-31T12:00:00Z (o una data, 2027-01-31).');
  const at = /^\d{4}-\d\d-\d\d$/.test(until) ? new Date(`${until}T00:00:00`) : new Date(until);
  if (Number.isNaN(at.getTime())) throw usage(`"${until}" is not a date.`, `"${until}" non è una data.`);
  const result = await ctx.api.scheduleTick(
    { until: at.toISOString(), ...(ctx.flags.logon ? { logon: true } : {}), ...(ctx.flags.idle ? { idle: true } : {}) },
    { onProgress: (p) => ctx.io.progress?.(p.done / p.total, `${p.done}/${p.total}  ${localDate(p.at)}`) },
  );
  ctx.print(result, () => {
    const made = result.runs.reduce((n, r) => n + r.createdIds.length, 0);
    const thinned = result.runs.reduce((n, r) => n + r.deletedIds.length, 0);
    const failed = result.runs.filter((r) => r.outcome === 'failed').length;
    return it(ctx)
      ? `${result.runs.length} esecuzioni: ${made} copie create, ${thinned} sfoltite${failed ? `, ${failed} non riuscite` : ''}. Ora sulla macchina simulata: ${localDate(result.now)}.`
      : `${result.runs.length} runs: ${made} copies made, ${thinned} thinned${failed ? `, ${failed} failed` : ''}. The simulated machine's now: ${localDate(result.now)}.`;
  });
  return result.runs.some((r) => r.outcome === 'failed') ? 1 : 0;
}

/** `schedule list|add|remove|pause|resume|run|retention|tick` */
export async function scheduleCommand(ctx: CliContext): Promise<number> {
  const sub = ctx.args[0] ?? 'list';
  switch (sub) {
    case 'list': return listCommand(ctx);
    case 'add': return addCommand(ctx);
    case 'remove': return removeCommand(ctx);
    case 'pause': return pauseCommand(ctx, true);
    case 'resume': return pauseCommand(ctx, false);
    case 'run': return runScheduleCommand(ctx, nameArg(ctx, 'run'), 'now');
    case 'retention': return retentionCommand(ctx);
    case 'tick': return tickCommand(ctx);
    default:
      throw usage(
        `Unknown "schedule ${sub}": list, add, remove, pause, resume, run, retention or tick.`,
        `"schedule ${sub}" sconosciuto: list, add, remove, pause, resume, run, retention o tick.`,
      );
  }
}
