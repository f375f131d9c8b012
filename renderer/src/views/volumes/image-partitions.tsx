import { useId } from 'react';
import { Card, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { ImageVolume } from '../../api/contract-types';

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
});

/**
 * The partitions of an image that get no card: not NTFS (EFI, a Linux partition), BitLocker, or
 * damaged. Listed with where they are and why they cannot be browsed, so an examiner knows the image
 * was read whole and nothing was skipped silently.
 */
export function ImagePartitions({ parts }: { parts: ImageVolume[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const titleId = useId();
  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId} data-testid="image-partitions">
      <Text as="h2" id={titleId} size={400} weight="semibold">{t('image.otherPartitions')}</Text>
      <Text size={200} className={styles.hint}>{t('image.otherPartitionsHint')}</Text>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col" className={styles.th}>{t('image.colPartition')}</th>
            <th scope="col" className={styles.th}>{t('image.colType')}</th>
            <th scope="col" className={styles.th}>{t('image.colFs')}</th>
            <th scope="col" className={mergeClasses(styles.th, styles.num)}>{t('image.colSize')}</th>
            <th scope="col" className={mergeClasses(styles.th, styles.num)}>{t('image.colOffset')}</th>
            <th scope="col" className={styles.th}>{t('image.colWhy')}</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((p) => (
            <tr key={`${p.partition}-${p.offsetBytes}`}>
              <th scope="row" className={mergeClasses(styles.td, styles.rowHead)}>{p.label ? `${p.partition} · ${p.label}` : String(p.partition)}</th>
              <td className={styles.td}>{p.partitionType}</td>
              <td className={styles.td}>{p.fileSystem || t('volumes.unknownFs')}</td>
              <td className={mergeClasses(styles.td, styles.num)}>{f.bytes(p.sizeBytes)}</td>
              <td className={mergeClasses(styles.td, styles.num)}>{f.number(p.offsetBytes)}</td>
              <td className={styles.td}>{p.problem ? (f.lang === 'it' ? p.problem.it : p.problem.en) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
