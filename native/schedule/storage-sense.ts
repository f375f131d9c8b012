import type { Lang } from '../contract/errors.js';
import type { ShadowCopy, StorageArea, Volume } from '../vss/types.js';
import { maxKeptPerVolume } from './retention.js';
import type { RetentionPolicy, ScheduleTrigger, ScheduleWarning } from './schedule-types.js';

/** VSS keeps at most 64 client-accessible shadow copies per volume (Microsoft Learn, "Shadow Copies and Shadow Copy Sets"). */
export const COPY_CAP = 64;

/** What storage sense looks at: the machine as it is now. */
export interface SenseInput {
  volumes: readonly Volume[];
  shadows: readonly ShadowCopy[];
  storage: readonly StorageArea[];
  /** Copies any schedule made (they will be thinned, so they do not add to what others keep). */
  scheduled: ReadonlySet<string>;
}

function gib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1024 ** 2))} MB`;
}

/**
 * What a schedule will run into, said when it is made (and by the doctor): more copies than VSS's
 * 64-copy cap with what else lives on the volume, or more shadow storage than the maximum allows, in
 * which case VSS deletes the oldest copies, whoever made them. The storage estimate uses the
 * volume's change rate as the copies already there show it (used storage per copy); with fewer than
 * two copies there is no rate to go on, and only the cap arithmetic is said.
 */
export function senseSchedule(
  def: { volumes: readonly string[]; trigger: ScheduleTrigger; retention: RetentionPolicy },
  input: SenseInput,
  lang: Lang,
  own: ReadonlySet<string> = new Set(),
): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = [];
  const kept = maxKeptPerVolume(def.trigger, def.retention);
  for (const volume of def.volumes) {
    const copies = input.shadows.filter((s) => s.volume.toLowerCase() === volume.toLowerCase());
    const others = copies.filter((s) => !input.scheduled.has(s.id) && !own.has(s.id)).length;
    if (others + kept > COPY_CAP) {
      warnings.push({
        kind: 'copy-cap',
        volume,
        expected: others + kept,
        limit: COPY_CAP,
        message: lang === 'it'
          ? `${volume}: questa pianificazione può tenere fino a ${kept} copie e ce ne sono già ${others} di altri, oltre il limite di ${COPY_CAP} di VSS: Windows eliminerà le più vecchie, di chiunque siano. Ridurre le ore, i giorni, le settimane o i mesi da tenere.`
          : `${volume}: this schedule can keep up to ${kept} copies and ${others} others are there already, past VSS's cap of ${COPY_CAP}: Windows will delete the oldest, whoever made them. Keep fewer hours, days, weeks or months.`,
      });
    }
    const area = input.storage.find((a) => a.volume.toLowerCase() === volume.toLowerCase());
    if (!area) {
      warnings.push({
        kind: 'no-storage',
        volume,
        message: lang === 'it'
          ? `${volume} non ha ancora spazio per le copie shadow: Windows lo crea alla prima copia con il massimo predefinito. Controllarlo in Volumi dopo la prima esecuzione.`
          : `${volume} has no shadow storage yet: Windows makes it at the first copy, with its default maximum. Check it on Volumes after the first run.`,
      });
      continue;
    }
    if (area.maxBytes === null || copies.length < 2 || area.usedBytes <= 0) continue;
    const perCopy = area.usedBytes / copies.length;
    const expected = Math.round(perCopy * Math.min(kept + others, COPY_CAP));
    if (expected > area.maxBytes) {
      warnings.push({
        kind: 'storage',
        volume,
        expected,
        limit: area.maxBytes,
        message: lang === 'it'
          ? `${volume}: con le modifiche viste finora le copie occuperebbero circa ${gib(expected)}, oltre il massimo di ${gib(area.maxBytes)}: Windows eliminerà le copie più vecchie per fare spazio, quindi ne resteranno meno di quante la regola ne tiene. Aumentare il massimo in Volumi.`
          : `${volume}: at the rate files changed so far the copies would take about ${gib(expected)}, past the ${gib(area.maxBytes)} maximum: Windows will delete the oldest copies to make room, so fewer will exist than the policy keeps. Raise the maximum on Volumes.`,
      });
    }
  }
  return warnings;
}
