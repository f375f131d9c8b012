import { useId } from 'react';
import { Badge, Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ChevronDown16Regular, ChevronRight16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { formatHresult } from '../../i18n/format';
import type { Loadable } from '../../store/loadable';
import { WriterComponents } from './writer-components';
import { badgeColor, type WriterSeverity } from './writer-health';
import type { Finding, Writer, WriterDetail } from '../../api/contract-types';

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  name: { flexGrow: 1, minWidth: '12ch' },
  error: { color: tokens.colorNeutralForeground2 },
  finding: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderLeft: `3px solid ${tokens.colorStatusDangerBorder2}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  findingWarning: { borderLeftColor: tokens.colorStatusWarningBorder2 },
  nextLabel: { fontWeight: tokens.fontWeightSemibold },
});

/** Props of {@link WriterRow}. */
export interface WriterRowProps {
  writer: Writer;
  severity: WriterSeverity;
  findings: Finding[];
  details: Loadable<WriterDetail[]>;
  open: boolean;
  onToggle(): void;
  onRetryDetails(): void;
}

/**
 * One writer: name, state coloured by severity, last error; for a failed or stuck one, the doctor's
 * plain explanation and next step; its components and files behind a disclosure.
 */
export function WriterRow({ writer, severity, findings, details, open, onToggle, onRetryDetails }: WriterRowProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const panelId = useId();
  const titleId = useId();
  const detail = details.data?.find((d) => d.instanceId.toLowerCase() === writer.instanceId.toLowerCase())
    ?? details.data?.find((d) => d.writerId.toLowerCase() === writer.writerId.toLowerCase());
  const stateText = t(`writers.state.${writer.state}`, { defaultValue: writer.state });
  return (
    <article className={styles.card} aria-labelledby={titleId} data-testid="writer">
      <div className={styles.head}>
        <Text as="h2" id={titleId} weight="semibold" size={400} className={styles.name}>{writer.name}</Text>
        <Badge appearance="filled" color={badgeColor(severity)} aria-label={t('writers.stateLabel', { state: stateText })}>
          {stateText}
        </Badge>
      </div>
      <Text size={200} className={styles.error}>
        {writer.lastErrorCode === 0 || !writer.lastError
          ? t('writers.noError')
          : t('writers.lastError', { error: `${writer.lastError} (${formatHresult(writer.lastErrorCode)})` })}
      </Text>
      {findings.map((f) => (
        <div key={f.id} className={f.severity === 'critical' ? styles.finding : `${styles.finding} ${styles.findingWarning}`} data-testid="writer-explanation">
          <Text>{f.detail}</Text>
          <Text><span className={styles.nextLabel}>{t('writers.next')} </span>{f.next}</Text>
        </div>
      ))}
      <div>
        <Button
          size="small"
          appearance="subtle"
          icon={open ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={onToggle}
          aria-label={t('writers.componentsToggle', { writer: writer.name })}
        >
          {t('writers.components')}
        </Button>
      </div>
      {open && (
        details.data ? <WriterComponents detail={detail} id={panelId} />
          : details.error ? <ErrorBar error={details.error} title={t('writers.detailsFailed')} onRetry={onRetryDetails} />
            : <Spinner id={panelId} size="tiny" label={t('writers.detailsLoading')} />
      )}
    </article>
  );
}
