import type { TFunction } from 'i18next';
import type { Lang } from '../../../../native/contract/errors';
import type { RetentionPolicy, ScheduleTrigger } from '../../api/contract-types';
import { describeRetention, describeTrigger } from '../../i18n/describe-schedule';
import type { AuditEntry } from '../../store/activity-slice';

/** The formatters audit lines need (a subset of useFormat's). */
export interface AuditFormat {
  lang: Lang;
  bytes(n: number): string;
  percent(ratio: number): string;
}

/** An audit line in words: what was done, to what, and the facts worth a glance. */
export interface AuditWords {
  action: string;
  target: string;
  facts: string[];
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function count(v: unknown): number | null {
  return Array.isArray(v) ? v.length : num(v);
}

/**
 * The log writes targets as short English phrases ("oldest of C:\", "C:\ on D:\"); the known
 * shapes are put into the user's language, anything else is shown as written.
 */
function targetWords(e: AuditEntry, t: TFunction): string {
  const x = e.target;
  if (e.action === 'delete') {
    const m = /^(shadow|set) (.+)$/.exec(x) ?? /^(oldest|all) of (.+)$/.exec(x);
    if (m) return m[1] === 'shadow' || m[1] === 'set' ? t(`activity.log.target.${m[1]}`, { id: m[2] }) : t(`activity.log.target.${m[1]}`, { volume: m[2] });
  }
  if (e.action === 'add-storage') {
    const m = /^(.+) on (.+)$/.exec(x);
    if (m) return t('activity.log.target.on', { volume: m[1], storage: m[2] });
  }
  if (e.action === 'undo-restore') return t('activity.log.target.restoreId', { id: x });
  if (e.action === 'schedule-add' || e.action === 'schedule-change' || e.action === 'schedule-remove') {
    return t('activity.log.target.schedule', { name: x });
  }
  return x;
}

function maxWords(max: unknown, t: TFunction, f: AuditFormat): string | null {
  if (!max || typeof max !== 'object') return null;
  const m = max as { kind?: unknown; bytes?: unknown; percent?: unknown };
  if (m.kind === 'unbounded') return t('activity.log.detail.maxUnbounded');
  const bytes = num(m.bytes);
  if (m.kind === 'bytes' && bytes !== null) return t('activity.log.detail.maxBytes', { size: f.bytes(bytes) });
  const percent = num(m.percent);
  if (m.kind === 'percent' && percent !== null) return t('activity.log.detail.maxPercent', { percent: f.percent(percent / 100) });
  return null;
}

/** A retention policy as the log keeps it, in words; null for anything not shaped like one. */
function retentionWords(v: unknown, t: TFunction, f: AuditFormat): string | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const fields = ['hours', 'days', 'weeks', 'months', 'minFreePercent'] as const;
  if (!fields.every((k) => num(r[k]) !== null)) return null;
  return t('activity.log.detail.retention', { summary: describeRetention(r as unknown as RetentionPolicy, t, f.lang) });
}

/** A trigger as the log keeps it, in words; null for anything not shaped like one. */
function triggerWords(v: unknown, t: TFunction, f: AuditFormat): string | null {
  if (!v || typeof v !== 'object') return null;
  const k = (v as { kind?: unknown }).kind;
  const known = k === 'weekly' || k === 'daily' || k === 'hourly' || k === 'logon' || k === 'idle';
  try {
    return known ? describeTrigger(v as ScheduleTrigger, t, f.lang) : null;
  } catch {
    // A line written by another version, shaped otherwise: shown without it rather than not at all.
    return null;
  }
}

function factsOf(e: AuditEntry, t: TFunction, f: AuditFormat): string[] {
  const d = e.detail ?? {};
  const facts: (string | null)[] = [];
  const add = (key: string, n: number | null, hideZero = true) => {
    if (n !== null && (n > 0 || !hideZero)) facts.push(t(`activity.log.detail.${key}`, { count: n }));
  };
  switch (e.action) {
    case 'create':
      add('created', count(d.shadowIds));
      add('madeRoom', count(d.deletedToMakeRoom));
      break;
    case 'delete':
      add('deleted', count(d.deletedIds), false);
      // A schedule's own deletes say why: its retention, or the free-space floor.
      if (d.reason === 'thinning') facts.push(t('activity.log.detail.reasonThinning'));
      if (d.reason === 'free-space') facts.push(t('activity.log.detail.reasonFreeSpace'));
      break;
    case 'resize-storage':
      facts.push(maxWords(d.max, t, f));
      add('deleted', count(d.deletedIds));
      break;
    case 'add-storage':
      facts.push(maxWords(d.max, t, f));
      break;
    case 'restore': {
      // The log counts files restored in place; kept-both copies only when it says so (keptBoth).
      // A zero is left out rather than shown: it would read "nothing restored" for a keep-both.
      const inPlace = num(d.restored);
      add('restored', inPlace === null ? null : inPlace + (num(d.keptBoth) ?? 0));
      add('replaced', num(d.replaced));
      add('failedFiles', num(d.failed));
      break;
    }
    case 'undo-restore':
      add('removed', num(d.removed), false);
      add('putBack', num(d.putBack));
      break;
    case 'schedule-add':
      if (Array.isArray(d.volumes)) facts.push(d.volumes.filter((v): v is string => typeof v === 'string').join(', '));
      facts.push(triggerWords(d.trigger, t, f));
      facts.push(retentionWords(d.retention, t, f));
      break;
    case 'schedule-change':
      if (d.paused === true) facts.push(t('activity.log.detail.paused'));
      if (d.paused === false) facts.push(t('activity.log.detail.resumed'));
      facts.push(triggerWords(d.trigger, t, f));
      facts.push(retentionWords(d.retention, t, f));
      if (Array.isArray(d.volumes)) facts.push(d.volumes.filter((v): v is string => typeof v === 'string').join(', '));
      break;
    case 'schedule-remove':
      add('keptCopies', num(d.keptCopies));
      break;
  }

  return facts.filter((x): x is string => x !== null);
}

/**
 * Describes one audit line for the Log tab. Only lines that did not fail carry facts worth showing;
 * every line a schedule wrote names it.
 */
export function auditWords(e: AuditEntry, t: TFunction, f: AuditFormat): AuditWords {
  return {
    action: t(`activity.log.action.${e.action}`, { defaultValue: e.action }),
    target: targetWords(e, t),
    facts: [
      ...(e.outcome === 'failed' ? [] : factsOf(e, t, f)),
      // A scheduled create, or its thinning's delete, failed or not: which schedule did it.
      ...(e.schedule ? [t('activity.log.bySchedule', { name: e.schedule })] : []),
    ],
  };
}
