// Placeholder until the tested module from the schedule-core branch lands.
import type { ScheduleTrigger, SchedulePreset, Weekday } from './schedule-types.js';
const WD: Weekday[] = ['sun','mon','tue','wed','thu','fri','sat'];
function times(t: ScheduleTrigger): string[] | null {
  if (t.kind === 'weekly' || t.kind === 'daily') return t.times;
  if (t.kind === 'hourly') { const [h, m] = t.startTime.split(':').map(Number); const out = []; for (let x = h!; x < 24; x += t.everyHours) out.push(`${String(x).padStart(2,'0')}:${String(m).padStart(2,'0')}`); return out; }
  return null;
}
export function dueRunsBetween(t: ScheduleTrigger, from: Date, to: Date): Date[] {
  const ts = times(t); if (!ts) return [];
  const out: Date[] = []; const d = new Date(from); d.setHours(0,0,0,0);
  while (d.getTime() <= to.getTime()) {
    if (t.kind !== 'weekly' || t.days.includes(WD[d.getDay()]!)) for (const s of ts) { const [h, m] = s.split(':').map(Number); const x = new Date(d); x.setHours(h!, m!, 0, 0); if (x > from && x <= to) out.push(x); }
    d.setDate(d.getDate() + 1);
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}
export function nextRunAfter(t: ScheduleTrigger, after: Date): Date | null {
  return dueRunsBetween(t, after, new Date(after.getTime() + 8 * 86400000))[0] ?? null;
}
export function presetTrigger(p: SchedulePreset): ScheduleTrigger {
  switch (p) { case 'server-default': return { kind: 'weekly', days: ['mon','tue','wed','thu','fri'], times: ['07:00','12:00'] }; case 'hourly': return { kind: 'hourly', everyHours: 1, startTime: '00:00' }; case 'daily': return { kind: 'daily', times: ['12:00'] }; case 'logon': return { kind: 'logon' }; case 'idle': return { kind: 'idle', idleMinutes: 10 }; }
}
export function describeTrigger(t: ScheduleTrigger, _lang: 'en'|'it'): string { return JSON.stringify(t); }
export function runsPerDayUpperBound(t: ScheduleTrigger): number { return times(t)?.length ?? 24; }
