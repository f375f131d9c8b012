import { useId, type ReactElement } from 'react';
import { Button, Text, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ChevronDown16Regular, ChevronRight16Regular, Delete16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import { copyProperties } from './copy-properties';
import { ShadowDetails } from './shadow-details';
import type { TimelineRow } from './timeline-rows';
import type { ShadowCopy } from '../../api/contract-types';

const useStyles = makeStyles({
  set: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalL} 0 ${tokens.spacingVerticalXS}`,
  },
  dot: {
    width: '12px',
    height: '12px',
    borderRadius: '50%',
    backgroundColor: tokens.colorBrandBackground,
    flexShrink: 0,
    marginLeft: '10px',
    boxShadow: `0 0 0 3px ${tokens.colorNeutralBackground4}`,
  },
  setText: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  setMeta: { color: tokens.colorNeutralForeground3 },
  copyWrap: { display: 'flex', gap: tokens.spacingHorizontalM, paddingLeft: '15px' },
  rail: { width: '2px', backgroundColor: tokens.colorNeutralStroke2, flexShrink: 0, marginRight: '17px' },
  railLast: { background: `linear-gradient(${tokens.colorNeutralStroke2} 50%, transparent 50%)` },
  card: {
    flexGrow: 1,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: `${tokens.spacingVerticalXXS} 0`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  copyHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  copyTitle: { flexGrow: 1, minWidth: 0 },
  props: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: 0, color: tokens.colorNeutralForeground3 },
  sep: { color: tokens.colorNeutralStroke1 },
});

/** Props of {@link TimelineRowView}. */
export interface TimelineRowViewProps {
  row: TimelineRow;
  providerNames: Map<string, string>;
  /** "Windows (C:)" by volume name, when the volume is known. */
  volumeTitles: Map<string, string>;
  onDeleteCopy(copy: ShadowCopy): void;
  onDeleteSet(setId: string, copies: ShadowCopy[]): void;
  /** Why nothing can be deleted (a disk image is open read-only), or undefined when it can. */
  readOnly?: string;
  /** Ids of copies whose Details are open (kept by the view: rows unmount as they scroll away). */
  expanded: ReadonlySet<string>;
  onToggleDetails(id: string): void;
}

/** One row of the timeline: a set's heading (date, volumes, delete set) or a copy card. */
export function TimelineRowView({ row, providerNames, volumeTitles, onDeleteCopy, onDeleteSet, readOnly, expanded, onToggleDetails }: TimelineRowViewProps) {
  return row.kind === 'set'
    ? <SetHeading row={row} onDeleteSet={onDeleteSet} readOnly={readOnly} />
    : (
      <CopyCard
        copy={row.copy}
        title={volumeTitles.get(row.copy.volume) ?? row.copy.volume}
        last={row.last}
        providerName={providerNames.get(row.copy.providerId.toLowerCase())}
        onDelete={onDeleteCopy}
        readOnly={readOnly}
        open={expanded.has(row.copy.id)}
        onToggle={() => onToggleDetails(row.copy.id)}
      />
    );
}

function SetHeading({ row, onDeleteSet, readOnly }: { row: Extract<TimelineRow, { kind: 'set' }>; onDeleteSet: TimelineRowViewProps['onDeleteSet']; readOnly?: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const date = f.dateTime(row.createdAt);
  return (
    <div className={styles.set}>
      <span className={styles.dot} aria-hidden="true" />
      <div className={styles.setText}>
        <Tooltip content={f.dateTimeLong(row.createdAt)} relationship="description">
          <Text as="h2" size={400} weight="semibold">{date} · {f.relative(row.createdAt)}</Text>
        </Tooltip>
        <Text size={200} className={styles.setMeta}>
          {t('shadows.setOf', { count: row.totalInSet, volumes: f.list([...new Set(row.copies.map((c) => c.volume))]) })}
        </Text>
      </div>
      {row.totalInSet > 1 && (
        <ReadOnlyTip reason={readOnly}>
          <Button
            size="small"
            appearance="subtle"
            icon={<Delete16Regular />}
            aria-label={t('shadows.deleteSetNamed', { date })}
            disabledFocusable={readOnly !== undefined}
            onClick={() => onDeleteSet(row.setId, row.copies)}
          >
            {t('shadows.deleteSet')}
          </Button>
        </ReadOnlyTip>
      )}
    </div>
  );
}

interface CopyCardProps {
  copy: ShadowCopy;
  title: string;
  last: boolean;
  providerName: string | undefined;
  onDelete(copy: ShadowCopy): void;
  readOnly?: string;
  open: boolean;
  onToggle(): void;
}

function CopyCard({ copy, title, last, providerName, onDelete, readOnly, open, onToggle }: CopyCardProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const detailsId = useId();
  const date = f.dateTime(copy.createdAt);
  return (
    <div className={styles.copyWrap}>
      <span className={mergeClasses(styles.rail, last && styles.railLast)} aria-hidden="true" />
      <article className={styles.card} aria-label={t('shadows.copyNamed', { volume: copy.volume, date })} data-testid="shadow-copy">
        <div className={styles.copyHead}>
          <Text weight="semibold" className={styles.copyTitle}>{title}</Text>
          <Button
            size="small"
            appearance="subtle"
            icon={open ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            aria-label={t('shadows.detailsNamed', { volume: copy.volume, date })}
            onClick={onToggle}
          >
            {t('shadows.details')}
          </Button>
          <ReadOnlyTip reason={readOnly}>
            <Button
              size="small"
              appearance="subtle"
              icon={<Delete16Regular />}
              aria-label={t('shadows.deleteCopyNamed', { volume: copy.volume, date })}
              disabledFocusable={readOnly !== undefined}
              onClick={() => onDelete(copy)}
            >
              {t('shadows.delete')}
            </Button>
          </ReadOnlyTip>
        </div>
        <div className={styles.props}>
          {copyProperties(copy, providerName).map((p, i) => (
            <Text key={p.key} size={200}>
              {i > 0 && <span className={styles.sep} aria-hidden="true">·&nbsp;&nbsp;</span>}
              {p.hint ? (
                <Tooltip content={t(p.hint)} relationship="description">
                  <span>{t(p.key, p.values)}</span>
                </Tooltip>
              ) : t(p.key, p.values)}
            </Text>
          ))}
        </div>
        {open && <ShadowDetails copy={copy} id={detailsId} />}
      </article>
    </div>
  );
}

/** Says on hover and focus why a disabled command is disabled; nothing when it is not. */
function ReadOnlyTip({ reason, children }: { reason: string | undefined; children: ReactElement }) {
  return reason === undefined ? children : <Tooltip content={reason} relationship="description" withArrow>{children}</Tooltip>;
}
