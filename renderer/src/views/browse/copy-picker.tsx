import { useMemo } from 'react';
import { Button, Dropdown, Field, Option, OptionGroup, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ChevronLeft20Regular, ChevronRight20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { ShadowCopy } from '../../api/contract-types';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalXS },
  field: { minWidth: '340px' },
  dropdown: { minWidth: '340px' },
  listbox: { maxHeight: '60vh' },
  option: { alignItems: 'center', paddingTop: 0, paddingBottom: 0 },
  point: { position: 'relative', width: '14px', flexShrink: 0, display: 'flex', justifyContent: 'center', alignSelf: 'stretch' },
  // The rail runs past the option's edges so the dots read as one line through the listbox's gaps.
  rail: { position: 'absolute', top: '-3px', bottom: '-3px', width: '2px', backgroundColor: tokens.colorNeutralStroke2 },
  railFirst: { top: '50%' },
  railLast: { bottom: '50%' },
  dot: {
    alignSelf: 'center',
    position: 'relative',
    width: '8px',
    height: '8px',
    borderRadius: '50%',
    backgroundColor: tokens.colorNeutralStrokeAccessible,
    boxShadow: `0 0 0 2px ${tokens.colorNeutralBackground1}`,
  },
  dotNewest: { backgroundColor: tokens.colorBrandBackground },
  when: { display: 'flex', flexDirection: 'column', padding: `${tokens.spacingVerticalXS} 0`, minWidth: 0 },
  relative: { fontWeight: tokens.fontWeightSemibold },
  absolute: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** Props of {@link CopyPicker}. */
export interface CopyPickerProps {
  /** Every copy; the picker groups and orders them. */
  copies: readonly ShadowCopy[];
  value: string | null;
  onChange(shadowId: string): void;
}

/** Copies of each volume, newest first, volumes in name order. */
function byVolume(copies: readonly ShadowCopy[]): [string, ShadowCopy[]][] {
  const groups = new Map<string, ShadowCopy[]>();
  for (const c of copies) groups.set(c.volume, [...(groups.get(c.volume) ?? []), c]);
  for (const list of groups.values()) list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The copy to browse, picked on a timeline: grouped by volume, newest first, each copy by when it was
 * made ("3 days ago") with the exact date beside it, as people remember "the copy from Tuesday".
 * Older / Newer step through one volume's copies and keep the folder, to watch a folder go back in time.
 * A Fluent Dropdown: arrows, Home/End and typing work; 64 copies render at once without trouble.
 */
export function CopyPicker({ copies, value, onChange }: CopyPickerProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const groups = useMemo(() => byVolume(copies), [copies]);
  const current = copies.find((c) => c.id === value) ?? null;
  const siblings = groups.find(([v]) => v === current?.volume)?.[1] ?? [];
  const at = current ? siblings.indexOf(current) : -1;
  const older = at >= 0 ? siblings[at + 1] : undefined;
  const newer = at > 0 ? siblings[at - 1] : undefined;
  const label = (c: ShadowCopy) => t('browse.picker.value', { volume: c.volume, relative: f.relative(c.createdAt), date: f.dateTime(c.createdAt) });

  return (
    <div className={styles.root}>
      <Field label={t('browse.copy')} className={styles.field}>
        <Dropdown
          className={styles.dropdown}
          value={current ? label(current) : ''}
          selectedOptions={value ? [value] : []}
          onOptionSelect={(_, d) => { if (d.optionValue && d.optionValue !== value) onChange(d.optionValue); }}
          disabled={copies.length === 0}
          listbox={{ className: styles.listbox }}
        >
          {groups.map(([volume, list]) => (
            <OptionGroup key={volume} label={t('browse.picker.group', { volume, count: list.length })}>
              {list.map((c, i) => (
                <Option key={c.id} value={c.id} text={label(c)} className={styles.option}>
                  <span className={styles.point} aria-hidden="true">
                    <span className={mergeClasses(styles.rail, i === 0 && styles.railFirst, i === list.length - 1 && styles.railLast)} />
                    <span className={mergeClasses(styles.dot, i === 0 && styles.dotNewest)} />
                  </span>
                  <span className={styles.when}>
                    <span className={styles.relative}>{f.relative(c.createdAt)}</span>
                    <span className={styles.absolute}>{f.dateTime(c.createdAt)}</span>
                  </span>
                </Option>
              ))}
            </OptionGroup>
          ))}
        </Dropdown>
      </Field>
      <Tooltip content={older ? t('browse.picker.olderTip', { date: f.dateTime(older.createdAt) }) : t('browse.picker.noOlder')} relationship="description" withArrow>
        <Button
          appearance="subtle"
          icon={<ChevronLeft20Regular />}
          aria-label={t('browse.picker.older')}
          disabledFocusable={!older}
          onClick={() => { if (older) onChange(older.id); }}
        />
      </Tooltip>
      <Tooltip content={newer ? t('browse.picker.newerTip', { date: f.dateTime(newer.createdAt) }) : t('browse.picker.noNewer')} relationship="description" withArrow>
        <Button
          appearance="subtle"
          icon={<ChevronRight20Regular />}
          aria-label={t('browse.picker.newer')}
          disabledFocusable={!newer}
          onClick={() => { if (newer) onChange(newer.id); }}
        />
      </Tooltip>
    </div>
  );
}
