import { useId } from 'react';
import { Badge, Button, Card, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, CalendarClock20Regular, Delete20Regular, HardDrive24Regular, Settings20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { ImageStore, ImageVolume, Volume } from '../../api/contract-types';
import { LatestCopy } from './latest-copy';
import { VOLUME_CARD_STYLES } from './volume-card-styles';

const useStyles = makeStyles({
  ...VOLUME_CARD_STYLES,
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  problem: { color: tokens.colorPaletteDarkOrangeForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  reason: { color: tokens.colorNeutralForeground3 },
});

/** Props of {@link ImageVolumeCard}. */
export interface ImageVolumeCardProps {
  /** The NTFS volume of the image, as openImage described it. */
  part: ImageVolume;
  /** Its row of listVolumes (free space), when the host listed it. */
  volume: Volume | undefined;
}

/**
 * One NTFS volume inside an opened disk image: what an examiner needs to place it (partition number
 * and offset, partition type, capacity) and its shadow copies, each unreadable one with its reason.
 * Create, storage, schedule and delete are shown disabled with the reason, so nobody hunts for them: an image
 * is opened read-only.
 */
export function ImageVolumeCard({ part, volume }: ImageVolumeCardProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const titleId = useId();
  const reasonId = useId();
  const letter = part.letter ?? '';
  const title = `${part.label || t('volumes.untitled')} (${letter})`;
  const stores = part.stores;
  const latest = stores.at(-1);
  const unreadable = stores.filter((s) => !s.readable || s.problem);
  const problemOf = (p: { en: string; it: string }) => (f.lang === 'it' ? p.it : p.en);
  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId} data-testid="image-volume-card">
      <div className={styles.head}>
        <span className={styles.icon} aria-hidden="true"><HardDrive24Regular /></span>
        <div className={styles.titles}>
          <Text as="h2" id={titleId} size={500} weight="semibold">{title}</Text>
          <Text className={styles.sub} size={200}>
            {[part.fileSystem || t('volumes.unknownFs'), t('image.machine'), ...(part.hasWindows ? [t('image.windows')] : [])].join(' · ')}
          </Text>
        </div>
        <Badge appearance="tint" color={stores.length > 0 ? 'success' : 'informative'}>{t('volumes.copies', { count: stores.length })}</Badge>
      </div>

      <div className={styles.facts}>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('image.capacity')}</Text>
          <Text size={300} weight="semibold">{f.bytes(part.sizeBytes)}</Text>
          {volume?.capacityBytes != null && volume.freeBytes != null && (
            <Text size={200}>{t('volumes.freeOf', { free: f.bytes(volume.freeBytes), capacity: f.bytes(volume.capacityBytes) })}</Text>
          )}
        </div>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('image.partition')}</Text>
          <Text size={200}>{t('image.partitionFact', { number: part.partition, offset: f.number(part.offsetBytes) })}</Text>
          <Text size={200}>{`${t('image.partitionType')}: ${part.partitionType}`}</Text>
        </div>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('image.copiesInImage')}</Text>
          {stores.length === 0 ? (
            <Text size={200}>{t('volumes.noCopiesLong')}</Text>
          ) : (
            <>
              <Text size={300} weight="semibold">
                {t('volumes.copies', { count: stores.length })}
                {unreadable.length > 0 && ` · ${t('image.unreadable', { count: unreadable.length })}`}
              </Text>
              {latest && <LatestCopy createdAt={latest.createdAt} />}
            </>
          )}
        </div>
      </div>

      {part.problem && <Text className={styles.problem} size={200}>{problemOf(part.problem)}</Text>}
      {unreadable.length > 0 && (
        <ul className={styles.problems} aria-label={t('image.storeProblemsLabel', { volume: letter })}>
          {unreadable.map((s: ImageStore) => (
            <li key={s.id} className={styles.problem}>
              <Text size={200}>{t('image.storeProblem', { date: f.dateTime(s.createdAt), problem: s.problem ? problemOf(s.problem) : '' })}</Text>
            </li>
          ))}
        </ul>
      )}

      <div className={styles.actions}>
        <Button appearance="primary" icon={<Add20Regular />} disabledFocusable aria-describedby={reasonId}>{t('volumes.createNow')}</Button>
        <Button icon={<Settings20Regular />} disabledFocusable aria-describedby={reasonId}>{t('volumes.configureStorage')}</Button>
        <Button icon={<CalendarClock20Regular />} disabledFocusable aria-describedby={reasonId}>{t('volumes.schedule')}</Button>
        <Button appearance="subtle" icon={<Delete20Regular />} disabledFocusable aria-describedby={reasonId}>{t('volumes.deleteOldest')}</Button>
        <Button appearance="subtle" icon={<Delete20Regular />} disabledFocusable aria-describedby={reasonId}>{t('volumes.deleteAll')}</Button>
        <Text id={reasonId} size={200} className={styles.reason}>{t('image.readOnly')}</Text>
      </div>
    </Card>
  );
}
