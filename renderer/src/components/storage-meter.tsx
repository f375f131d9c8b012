import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  track: {
    position: 'relative',
    height: '8px',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground5,
    overflow: 'hidden',
    // Windows high contrast: keep the track visible.
    '@media (forced-colors: active)': { border: '1px solid CanvasText' },
  },
  fill: { position: 'absolute', top: 0, bottom: 0, left: 0, borderRadius: tokens.borderRadiusMedium },
  allocated: { backgroundColor: tokens.colorBrandBackground2Pressed },
  used: { backgroundColor: tokens.colorBrandBackground, '@media (forced-colors: active)': { backgroundColor: 'Highlight' } },
  warning: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3 },
  danger: { backgroundColor: tokens.colorPaletteRedBackground3 },
});

/** Props of {@link StorageMeter}. */
export interface StorageMeterProps {
  /** Accessible name, e.g. "Shadow storage of C:\". */
  label: string;
  /** Spoken value, e.g. "24 KB used of 25 GB maximum". */
  valueText: string;
  used: number;
  allocated?: number;
  /** The scale: the maximum, or the disk's capacity when storage is unbounded. */
  max: number;
  /** Colour the used part by how full it is (storage near its limit: warning at 90%, danger at 98%). */
  bySeverity?: boolean;
}

/**
 * A meter (ARIA role "meter") for used / allocated / maximum: one bar, used solid over allocated
 * tinted, with the numbers as its spoken value. A custom element because Fluent's ProgressBar is a
 * progress indicator, and a fill level is not progress.
 */
export function StorageMeter({ label, valueText, used, allocated, max, bySeverity }: StorageMeterProps) {
  const styles = useStyles();
  const scale = max > 0 ? max : 1;
  const pct = (n: number) => `${Math.min(100, Math.max(0, (n / scale) * 100))}%`;
  const ratio = used / scale;
  const usedClass = mergeClasses(styles.fill, styles.used, bySeverity && ratio >= 0.98 ? styles.danger : bySeverity && ratio >= 0.9 ? styles.warning : undefined);
  // Keep a visible sliver for any non-zero use, so "a little" does not look like "nothing".
  const usedWidth = used > 0 ? `max(3px, ${pct(used)})` : '0';
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={scale}
      aria-valuenow={Math.min(used, scale)}
      aria-valuetext={valueText}
      className={styles.track}
    >
      {allocated !== undefined && allocated > used && <div className={mergeClasses(styles.fill, styles.allocated)} style={{ width: pct(allocated) }} />}
      <div className={usedClass} style={{ width: usedWidth }} />
    </div>
  );
}
