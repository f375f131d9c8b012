import { useId } from 'react';
import { Card, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import { copiesOf } from './volume-facts';
import type { ShadowCopy, Volume } from '../../api/contract-types';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalS },
  hint: { color: tokens.colorNeutralForeground2, maxWidth: '90ch' },
  table: { borderCollapse: 'collapse', width: '100%', fontSize: tokens.fontSizeBase200 },
  th: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXS} 0`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  td: { padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalXS} 0`, verticalAlign: 'top' },
  num: { textAlign: 'right', whiteSpace: 'nowrap' },
  rowHead: { fontWeight: tokens.fontWeightRegular, textAlign: 'left' },
  guid: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

/**
 * The volumes Windows keeps without a drive letter or folder (the EFI system partition, the recovery
 * partition): listed as FindFirstVolumeW gives them, named by label and volume GUID path, in a compact
 * table rather than as cards, because nobody keeps files there.
 */
export function SystemPartitions({ volumes, shadows }: { volumes: Volume[]; shadows: readonly ShadowCopy[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const titleId = useId();
  const protection = (v: Volume) => {
    if (v.shadowCopySupported === null) return t('access.unknown');
    if (!v.shadowCopySupported) return t('access.notSupported');
    const n = copiesOf(v, shadows).length;
    return n > 0 ? t('volumes.copies', { count: n }) : t('access.supported');
  };
  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId} data-testid="system-partitions">
      <Text as="h2" id={titleId} size={400} weight="semibold">{t('access.systemPartitions')}</Text>
      <Text size={200} className={styles.hint}>{t('access.systemPartitionsHint')}</Text>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col" className={styles.th}>{t('access.colPartition')}</th>
            <th scope="col" className={styles.th}>{t('access.colGuid')}</th>
            <th scope="col" className={styles.th}>{t('access.colFs')}</th>
            <th scope="col" className={mergeClasses(styles.th, styles.num)}>{t('access.colSize')}</th>
            <th scope="col" className={mergeClasses(styles.th, styles.num)}>{t('access.colFree')}</th>
            <th scope="col" className={styles.th}>{t('access.colProtection')}</th>
          </tr>
        </thead>
        <tbody>
          {volumes.map((v) => (
            <tr key={v.guidPath}>
              <th scope="row" className={mergeClasses(styles.td, styles.rowHead)}>{v.label || t('volumes.untitled')}</th>
              <td className={mergeClasses(styles.td, styles.guid)}>{v.guidPath}</td>
              <td className={styles.td}>{v.mediaPresent ? v.fileSystem || t('volumes.unknownFs') : t('access.noMedia')}</td>
              <td className={mergeClasses(styles.td, styles.num)}>{v.capacityBytes === null ? '—' : f.bytes(v.capacityBytes)}</td>
              <td className={mergeClasses(styles.td, styles.num)}>{v.freeBytes === null ? '—' : f.bytes(v.freeBytes)}</td>
              <td className={styles.td}>{protection(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
