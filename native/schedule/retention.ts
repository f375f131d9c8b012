// Placeholder until the tested module from the schedule-core branch lands.
import type { RetentionPolicy, ScheduleTrigger, ThinPlan, RetainedCopy } from './schedule-types.js';
import { runsPerDayUpperBound } from './triggers.js';
function pad(n: number) { return String(n).padStart(2, '0'); }
export function planThinning(copies: ReadonlyArray<{ id: string; volume: string; createdAt: string }>, owned: ReadonlySet<string>, p: RetentionPolicy, now: Date): ThinPlan {
  const mine = copies.filter((c) => owned.has(c.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const reasons = new Map<string, string[]>(mine.map((c) => [c.id, []]));
  const byVol = new Map<string, typeof mine>();
  for (const c of mine) byVol.set(c.volume, [...(byVol.get(c.volume) ?? []), c]);
  for (const list of byVol.values()) {
    reasons.get(list[list.length - 1]!.id)!.push('newest');
    const seen = new Set<string>();
    for (const c of list) {
      const d = new Date(c.createdAt);
      if (d > now) reasons.get(c.id)!.push('future');
      if (now.getTime() - d.getTime() < p.hours * 3600000) reasons.get(c.id)!.push('hour');
      const today = new Date(now); today.setHours(0,0,0,0);
      const dayStart = new Date(d); dayStart.setHours(0,0,0,0);
      const ageDays = Math.round((today.getTime() - dayStart.getTime()) / 86400000);
      const key = `day ${d.getFullYear()}-${pad(d.getMonth()+1)}-${pad(d.getDate())}`;
      if (ageDays < p.days && !seen.has(key)) { seen.add(key); reasons.get(c.id)!.push(key); }
      const mAge = (now.getFullYear() - d.getFullYear()) * 12 + now.getMonth() - d.getMonth();
      const mk = `month ${d.getFullYear()}-${pad(d.getMonth()+1)}`;
      if (mAge < p.months && !seen.has(mk)) { seen.add(mk); reasons.get(c.id)!.push(mk); }
      const wAge = Math.floor((today.getTime() - dayStart.getTime()) / (7 * 86400000));
      const wk = `week ${Math.floor((dayStart.getTime() - ((dayStart.getDay()+6)%7)*86400000) / 604800000)}`;
      if (wAge < p.weeks && !seen.has(wk)) { seen.add(wk); reasons.get(c.id)!.push(wk); }
    }
  }
  const keep: RetainedCopy[] = []; const del: RetainedCopy[] = [];
  for (const c of mine) { const r = reasons.get(c.id)!; (r.length ? keep : del).push({ ...c, reasons: r }); }
  return { keep, delete: del };
}
export function maxKeptPerVolume(t: ScheduleTrigger, p: RetentionPolicy): number {
  return Math.min(p.hours, Math.ceil(runsPerDayUpperBound(t) * p.hours / 24)) + p.days + p.weeks + p.months + 1;
}
