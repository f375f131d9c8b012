import type { ScheduleTrigger, Weekday } from '../../api/contract-types';

/** The choices of the New schedule dialog: the contract's presets, and any other days and times. */
export type PresetChoice = 'server-default' | 'hourly' | 'daily' | 'logon' | 'idle' | 'custom';

/** In the order the dialog offers them, the Server dialog's default first. */
export const PRESET_CHOICES: readonly PresetChoice[] = ['server-default', 'hourly', 'daily', 'logon', 'idle', 'custom'];

/** Task Scheduler's own default for an idle trigger: ten minutes without input. */
const IDLE_MINUTES = 10;

/** The trigger a preset stands for (the same ones the CLI's presets make). */
export function presetTrigger(preset: Exclude<PresetChoice, 'custom'>): ScheduleTrigger {
  switch (preset) {
    case 'server-default': return { kind: 'weekly', days: ['mon', 'tue', 'wed', 'thu', 'fri'], times: ['07:00', '12:00'] };
    case 'hourly': return { kind: 'hourly', everyHours: 1, startTime: '00:00' };
    case 'daily': return { kind: 'daily', times: ['12:00'] };
    case 'logon': return { kind: 'logon' };
    case 'idle': return { kind: 'idle', idleMinutes: IDLE_MINUTES };
  }
}

/**
 * A custom trigger from the chosen days and times: every day is a daily trigger, as Task Scheduler
 * would write it. Null while the days or times are not valid.
 */
export function customTrigger(days: readonly Weekday[], times: string[] | null): ScheduleTrigger | null {
  if (!times || times.length === 0 || days.length === 0) return null;
  return days.length === 7 ? { kind: 'daily', times } : { kind: 'weekly', days: [...days], times };
}

const CLOCK = /^([01]?[0-9]|2[0-3]):([0-5][0-9])$/;

/**
 * "7:00, 12:30" → ["07:00", "12:30"], sorted, without repeats; null when any is not a time of day.
 * The contract takes at most 24 times.
 */
export function parseTimes(text: string): string[] | null {
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '');
  const times: string[] = [];
  for (const p of parts) {
    const m = CLOCK.exec(p);
    if (!m) return null;
    times.push(`${m[1]!.padStart(2, '0')}:${m[2]}`);
  }
  const unique = [...new Set(times)].sort();
  return unique.length > 0 && unique.length <= 24 ? unique : null;
}

/**
 * Whether Task Scheduler accepts a schedule's name (the contract's rule): 1 to 64 characters, none of
 * \ / : * ? " < > | or a control character, not ending in a dot or a space.
 */
export function validScheduleName(name: string): boolean {
  const n = name.trim();
  return n.length >= 1 && n.length <= 64 && /^[^\\/:*?"<>|\p{Cc}]+$/u.test(n) && !/[. ]$/.test(n);
}

/**
 * "C:\" → "C", so a default name such as "Weekdays C" stays a valid task name (no colon, no
 * backslash); a mount folder or GUID path gives no letter.
 */
export function driveLetters(volumes: readonly string[]): string {
  return volumes.map((v) => /^([A-Za-z]):\\?$/.exec(v)?.[1]?.toUpperCase()).filter(Boolean).join(' ');
}
