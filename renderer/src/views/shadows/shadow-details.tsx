import { Fragment } from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/copy-button';
import { formatHresult } from '../../i18n/format';
import { useFormat } from '../../i18n/use-format';
import type { ShadowCopy } from '../../api/contract-types';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: {
    margin: 0,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    minHeight: '24px',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
});

/**
 * Everything VSS knows about a copy, for the helpdesk: ids and device path (each with a copy
 * button), the raw flags. One click away from the timeline, never in the way of the dates.
 */
export function ShadowDetails({ copy, id }: { copy: ShadowCopy; id: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const rows: { term: string; value: string; copy?: string }[] = [
    { term: t('details.id'), value: copy.id, copy: t('details.copyId') },
    { term: t('details.setId'), value: copy.setId, copy: t('details.copySetId') },
    { term: t('details.device'), value: copy.deviceObject, copy: t('details.copyDevice') },
    { term: t('details.volume'), value: `${copy.volume}  ${copy.volumeGuidPath}` },
    { term: t('details.created'), value: f.dateTimeLong(copy.createdAt) },
    { term: t('details.attributes'), value: `${copy.attributes.join(', ') || '—'} (${formatHresult(copy.attributesCode)})` },
    { term: t('details.context'), value: `${copy.context} (${formatHresult(copy.contextCode)})` },
    { term: t('details.provider'), value: copy.providerId },
    { term: t('details.machines'), value: `${copy.originatingMachine || '—'} / ${copy.serviceMachine || '—'}` },
    { term: t('details.state'), value: copy.state },
  ];
  if (copy.exposedName) rows.push({ term: t('details.exposed'), value: `${copy.exposedName}${copy.exposedPath ? ` (${copy.exposedPath})` : ''}` });
  return (
    <dl id={id} className={styles.grid} aria-label={t('details.label')}>
      {rows.map((r) => (
        <Fragment key={r.term}>
          <dt className={styles.term}><Text size={200}>{r.term}</Text></dt>
          <dd className={styles.value}>
            <span>{r.value}</span>
            {r.copy && <CopyButton value={r.value} label={r.copy} />}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}
