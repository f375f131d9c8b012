import type { Lang } from '../contract/errors.js';
import type { ScheduleStatus } from '../schedule/schedule-types.js';
import type { Finding } from './doctor-types.js';

const q = (s: string): string => JSON.stringify(s);

/**
 * The doctor's findings about schedules: one whose last run failed, one that missed a due run (the
 * computer was off, or the task did not start), and one whose copies disappeared without ShadowDesk
 * deleting them (VSS made room for newer copies, or someone deleted them), which means the schedule
 * keeps fewer copies than its policy says.
 */
export function checkSchedules(schedules: readonly ScheduleStatus[], lang: Lang): Finding[] {
  const it = lang === 'it';
  const out: Finding[] = [];
  for (const s of schedules) {
    const subject = s.name;
    if (s.lastRun?.outcome === 'failed') {
      const why = s.lastRun.error?.message ?? '';
      out.push({
        id: `schedule-failed:${s.name.toLowerCase()}`,
        severity: 'warning',
        subject,
        title: it ? `L'ultima esecuzione della pianificazione ${q(s.name)} non è riuscita` : `The last run of the schedule ${q(s.name)} failed`,
        detail: it
          ? `Il ${new Date(s.lastRun.at).toLocaleString('it-IT')} la copia di ${s.volumes.join(', ')} non è stata fatta per intero: ${why}`
          : `On ${new Date(s.lastRun.at).toLocaleString('en-GB')} the copy of ${s.volumes.join(', ')} did not complete: ${why}`,
        next: it ? 'Rimediare alla causa indicata, poi eseguirla di nuovo.' : 'Fix the cause above, then run it again.',
        command: `shadowdesk schedule run ${q(s.name)}`,
      });
    }
    if (s.overdue) {
      out.push({
        id: `schedule-overdue:${s.name.toLowerCase()}`,
        severity: 'warning',
        subject,
        title: it ? `La pianificazione ${q(s.name)} è in ritardo` : `The schedule ${q(s.name)} is overdue`,
        detail: it
          ? `Un'esecuzione prevista non c'è stata (${s.lastRun ? `l'ultima è del ${new Date(s.lastRun.at).toLocaleString('it-IT')}` : 'non è mai stata eseguita'}): il computer era spento o l'attività non è partita.`
          : `A due run did not happen (${s.lastRun ? `the last was on ${new Date(s.lastRun.at).toLocaleString('en-GB')}` : 'it has never run'}): the computer was off, or the task did not start.`,
        next: it ? "Eseguirla ora; se succede di nuovo, controllare l'attività in Utilità di pianificazione." : 'Run it now; if it happens again, look at its task in Task Scheduler.',
        command: `shadowdesk schedule run ${q(s.name)}`,
      });
    }
    if (s.vanishedIds.length > 0) {
      const n = s.vanishedIds.length;
      out.push({
        id: `schedule-vanished:${s.name.toLowerCase()}`,
        severity: 'warning',
        subject,
        title: it
          ? `${n === 1 ? '1 copia' : `${n} copie`} della pianificazione ${q(s.name)} ${n === 1 ? 'è sparita' : 'sono sparite'}`
          : `${n === 1 ? '1 copy' : `${n} copies`} of the schedule ${q(s.name)} disappeared`,
        detail: it
          ? `ShadowDesk non le ha eliminate: VSS le ha tolte per fare spazio a copie nuove (o qualcuno le ha eliminate), quindi ne restano meno di quante la regola ne tiene.`
          : 'ShadowDesk did not delete them: VSS removed them to make room for newer copies (or someone deleted them), so fewer are left than the policy keeps.',
        next: it ? `Aumentare il massimo dello spazio per le copie shadow di ${s.volumes.join(', ')}, o tenere meno copie.` : `Raise the shadow storage maximum of ${s.volumes.join(', ')}, or keep fewer copies.`,
        command: `shadowdesk storage resize --volume ${s.volumes[0] ?? 'C:'} --max 20%`,
        ...(s.volumes[0] ? { action: { kind: 'configure-storage' as const, volume: s.volumes[0] } } : {}),
      });
    }
  }
  return out;
}
