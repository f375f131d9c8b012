import type { ReactNode } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { Virtualizer } from '@tanstack/react-virtual';

const useStyles = makeStyles({
  inner: { position: 'relative', maxWidth: '1100px' },
  slot: { position: 'absolute', top: 0, left: 0, right: 0 },
  gapS: { paddingBottom: tokens.spacingVerticalS },
  gapXS: { paddingBottom: tokens.spacingVerticalXS },
});

/** Props of {@link MeasuredList}. */
export interface MeasuredListProps {
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** Space under each item. */
  gap: 'S' | 'XS';
  label?: string;
  render(index: number): ReactNode;
}

/**
 * A virtualized list of cards whose heights vary (a restore's facts, a log line that wraps): each
 * item is measured once drawn, so only what is on screen exists however long the history grows.
 */
export function MeasuredList({ virtualizer, gap, label, render }: MeasuredListProps) {
  const styles = useStyles();
  return (
    <div className={styles.inner} style={{ height: `${virtualizer.getTotalSize()}px` }} role="list" aria-label={label}>
      {virtualizer.getVirtualItems().map((item) => (
        <div
          key={item.key}
          data-index={item.index}
          ref={virtualizer.measureElement}
          className={mergeClasses(styles.slot, gap === 'S' ? styles.gapS : styles.gapXS)}
          style={{ transform: `translateY(${item.start}px)` }}
          role="listitem"
        >
          {render(item.index)}
        </div>
      ))}
    </div>
  );
}
