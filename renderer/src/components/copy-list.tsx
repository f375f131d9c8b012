import { useRef } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useFormat } from '../i18n/use-format';
import type { ShadowCopy } from '../api/contract-types';

const ROW = 28;

const useStyles = makeStyles({
  scroller: {
    maxHeight: `${ROW * 7}px`,
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  list: { position: 'relative', margin: 0, padding: 0, listStyle: 'none' },
  item: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: `${ROW}px`,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalM}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  index: { color: tokens.colorNeutralForeground3, minWidth: '2.5ch', textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  relative: { color: tokens.colorNeutralForeground3 },
});

/** What a list item needs of a copy: a shadow copy, or a copy a retention preview names. */
export type CopyListItem = Pick<ShadowCopy, 'id' | 'createdAt' | 'volume'>;

/** "{3f2a1b2c-…}" → "3f2a1b2c": enough of an id to tell copies of the same minute apart. */
export function shortId(id: string): string {
  return id.replace(/^\{/, '').slice(0, 8);
}

/** Props of {@link CopyList}. */
export interface CopyListProps {
  copies: CopyListItem[];
  /** Accessible name of the list, e.g. "Shadow copies that will be deleted". */
  label: string;
  /** Show the volume next to each date (for lists spanning volumes). */
  showVolume?: boolean;
  /** Show the start of each copy's id (copies of one schedule can share a minute). */
  showId?: boolean;
  /** The machine's now (ISO) when it is not this computer's clock (a simulated machine run ahead). */
  now?: string;
  /** Number of the first item (a list that continues another one). */
  start?: number;
  testId?: string;
}

/**
 * A numbered list of shadow copies by date, for confirmations ("these will be lost"). Virtualized,
 * since a volume can hold 64 copies and a machine several hundred; each item keeps its position
 * (aria-posinset) so a screen reader still says "3 of 64".
 */
export function CopyList({ copies, label, showVolume, showId, now, start = 1, testId }: CopyListProps) {
  const styles = useStyles();
  const f = useFormat();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design.
  const virtualizer = useVirtualizer({ count: copies.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 8 });
  return (
    <div ref={scroller} className={styles.scroller} tabIndex={0} role="group" aria-label={label}>
      <ol className={styles.list} style={{ height: `${virtualizer.getTotalSize()}px` }} data-testid={testId}>
        {virtualizer.getVirtualItems().map((row) => {
          const c = copies[row.index]!;
          return (
            <li
              key={c.id}
              className={styles.item}
              style={{ transform: `translateY(${row.start}px)` }}
              aria-setsize={copies.length}
              aria-posinset={row.index + 1}
            >
              <span className={styles.index} aria-hidden="true">{row.index + start}.</span>
              <span>{f.dateTime(c.createdAt)}{showVolume ? ` — ${c.volume}` : ''}{showId ? ` — ${shortId(c.id)}` : ''}</span>
              <span className={styles.relative}>({f.relative(c.createdAt, now)})</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
