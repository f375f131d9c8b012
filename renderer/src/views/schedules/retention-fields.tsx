import { Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { RetentionPolicy } from '../../api/contract-types';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
});

/** The retention policy as typed: strings, so a field can be empty while the user edits it. */
export type RetentionDraft = Record<keyof RetentionPolicy, string>;

/** The contract's bounds for each number (native/contract/operations.ts, retentionPolicy). */
const MAX: RetentionPolicy = { hours: 24 * 14, days: 366, weeks: 520, months: 1200, minFreePercent: 90 };
const FIELDS = ['hours', 'days', 'weeks', 'months', 'minFreePercent'] as const;

/** A policy as the fields show it. */
export function toDraft(p: RetentionPolicy): RetentionDraft {
  return { hours: String(p.hours), days: String(p.days), weeks: String(p.weeks), months: String(p.months), minFreePercent: String(p.minFreePercent) };
}

function parseField(field: keyof RetentionPolicy, text: string): number | null {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > MAX[field]) return null;
  // Counts are whole numbers; the free-space floor may be a fraction of a percent.
  if (field !== 'minFreePercent' && !Number.isInteger(n)) return null;
  return n;
}

/** The policy the fields say, or null while any of them is not a number the contract accepts. */
export function fromDraft(d: RetentionDraft): RetentionPolicy | null {
  const p: Partial<RetentionPolicy> = {};
  for (const field of FIELDS) {
    const n = parseField(field, d[field]);
    if (n === null) return null;
    p[field] = n;
  }
  return p as RetentionPolicy;
}

/**
 * The four counts of a Time Machine-like retention (every copy of the last hours, one a day, one a
 * week, one a month) and the free-space floor, each a labelled number field that says what is wrong
 * with what was typed.
 */
export function RetentionFields({ draft, onChange }: { draft: RetentionDraft; onChange(d: RetentionDraft): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.grid}>
      {FIELDS.map((field) => {
        const bad = parseField(field, draft[field]) === null;
        return (
          <Field
            key={field}
            label={t(`schedules.retention.field.${field}`)}
            validationState={bad ? 'error' : 'none'}
            validationMessage={bad ? t(field === 'minFreePercent' ? 'schedules.retention.invalidPercent' : 'schedules.retention.invalidCount', { max: MAX[field] }) : undefined}
          >
            <Input
              type="number"
              inputMode={field === 'minFreePercent' ? 'decimal' : 'numeric'}
              min={0}
              max={MAX[field]}
              step={field === 'minFreePercent' ? 'any' : 1}
              value={draft[field]}
              onChange={(_, d) => onChange({ ...draft, [field]: d.value })}
              contentAfter={field === 'minFreePercent' ? '%' : undefined}
            />
          </Field>
        );
      })}
    </div>
  );
}
