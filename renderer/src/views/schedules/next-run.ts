import type { TFunction } from 'i18next';
import type { ScheduleStatus } from '../../api/contract-types';

/** The formatters next-run words need (a subset of useFormat's). */
interface RunFormat {
  dateTime(iso: string): string;
  relative(iso: string, now?: string): string;
}

/**
 * When a schedule makes its next copy, in words: "in 3 hours (Dec 3, 2026, 12:00 PM)", "At the next
 * log-on", "When the computer is next idle", "Paused". Relative to the machine's clock (`now`), which
 * on the simulated machine runs ahead of this one.
 */
export function nextRunWords(s: ScheduleStatus, now: string, t: TFunction, f: RunFormat): string {
  if (s.paused) return t('schedules.next.paused');
  if (s.nextRunAt) return t('schedules.next.at', { relative: f.relative(s.nextRunAt, now), date: f.dateTime(s.nextRunAt) });
  if (s.trigger.kind === 'logon') return t('schedules.next.logon');
  if (s.trigger.kind === 'idle') return t('schedules.next.idle');
  return t('schedules.next.unknown');
}

/** Volume names compare case-insensitively, with or without the trailing backslash. */
export function sameVolumeName(a: string, b: string): boolean {
  const norm = (v: string) => v.toUpperCase().replace(/\\?$/, '\\');
  return norm(a) === norm(b);
}

/**
 * The schedule a volume card names: of those covering the volume, the active one that runs soonest
 * (a timed run before an event), else a paused one; undefined when none covers it.
 */
export function scheduleForVolume(volume: string, schedules: readonly ScheduleStatus[]): ScheduleStatus | undefined {
  const covering = schedules.filter((s) => s.volumes.some((v) => sameVolumeName(v, volume)));
  const active = covering.filter((s) => !s.paused);
  const timed = active.filter((s) => s.nextRunAt !== null).sort((a, b) => a.nextRunAt!.localeCompare(b.nextRunAt!));
  return timed[0] ?? active[0] ?? covering[0];
}
