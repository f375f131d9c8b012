import type { TFunction } from 'i18next';
import type { Lang } from '../../../native/contract/errors';
import type { RetentionPolicy, ScheduleTrigger, Weekday } from '../api/contract-types';
import { dateTimeFormat, formatList, formatPercent } from './format';

/** Monday first, as schedule-types' WEEKDAYS (a value the renderer may not import from native/). */
export const WEEKDAY_ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const WORKWEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const WEEKEND: readonly Weekday[] = ['sat', 'sun'];

/** A weekday's name in the language ("Monday", "lunedì"), from Intl: 1 January 2024 was a Monday. */
export function weekdayName(day: Weekday, lang: Lang, width: 'long' | 'short' = 'long'): string {
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAY_ORDER.indexOf(day)));
  return dateTimeFormat(lang, { weekday: width, timeZone: 'UTC' }).format(date);
}

function sameDays(days: readonly Weekday[], set: readonly Weekday[]): boolean {
  return days.length === set.length && set.every((d) => days.includes(d));
}

/**
 * A trigger in words ("Weekdays at 07:00 and 12:00", "Every hour from 00:00", "At log-on"). Times
 * stay `HH:MM` as Task Scheduler and the Server dialog write them. The host has its own describer in
 * native/, which the renderer may not import; this one follows the window's language.
 */
export function describeTrigger(trigger: ScheduleTrigger, t: TFunction, lang: Lang): string {
  switch (trigger.kind) {
    case 'weekly': {
      const times = formatList(trigger.times, lang);
      if (sameDays(trigger.days, WEEKDAY_ORDER)) return t('schedules.trigger.everyDay', { times });
      if (sameDays(trigger.days, WORKWEEK)) return t('schedules.trigger.weekdays', { times });
      if (sameDays(trigger.days, WEEKEND)) return t('schedules.trigger.weekends', { times });
      const days = WEEKDAY_ORDER.filter((d) => trigger.days.includes(d)).map((d) => weekdayName(d, lang));
      return t('schedules.trigger.days', { days: formatList(days, lang), times });
    }
    case 'daily': return t('schedules.trigger.everyDay', { times: formatList(trigger.times, lang) });
    case 'hourly': return t('schedules.trigger.hourly', { count: trigger.everyHours, start: trigger.startTime });
    case 'logon': return t('schedules.trigger.logon');
    case 'idle': return t('schedules.trigger.idle', { count: trigger.idleMinutes });
  }
}

/** A retention policy in words: "24 hours, 7 days, 4 weeks, 12 months; keeps 5% free". */
export function describeRetention(policy: RetentionPolicy, t: TFunction, lang: Lang): string {
  const parts = (['hours', 'days', 'weeks', 'months'] as const)
    .filter((unit) => policy[unit] > 0)
    .map((unit) => t(`schedules.retention.${unit}`, { count: policy[unit] }));
  const kept = parts.length > 0 ? parts.join(', ') : t('schedules.retention.newestOnly');
  return policy.minFreePercent > 0
    ? t('schedules.retention.withFloor', { kept, percent: formatPercent(policy.minFreePercent / 100, lang) })
    : kept;
}
