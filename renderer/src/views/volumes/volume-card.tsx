import { useId, useState } from 'react';
import { Badge, Button, Card, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  Add20Regular, CalendarClock20Regular, Delete20Regular, HardDrive24Regular, Settings20Regular, UsbStick24Regular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { StorageMeter } from '../../components/storage-meter';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import { DeleteVolumeCopiesDialog, type DeleteVolumeMode } from './delete-volume-copies-dialog';
import { StorageDialog } from './storage-dialog';
import { volumeTitle } from './volume-facts';
import type { ShadowCopy, StorageArea, Volume } from '../../api/contract-types';
import { LatestCopy } from './latest-copy';
import { NextScheduled } from './next-scheduled';
import { VOLUME_CARD_STYLES } from './volume-card-styles';

const useStyles = makeStyles({
  ...VOLUME_CARD_STYLES,
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Props of {@link VolumeCard}. */
export interface VolumeCardProps {
  volume: Volume;
  /** Copies of this volume, oldest first. */
  copies: ShadowCopy[];
  area: StorageArea | undefined;
  /** Every volume (the storage dialog needs the capacity of the storage volume). */
  volumes: Volume[];
}

/**
 * One volume at a glance: capacity and free space, protection (copies, latest), shadow storage
 * used / allocated / maximum; and its actions. A named region, so tests and screen readers can
 * find "the C: card" and its buttons.
 */
export function VolumeCard({ volume, copies, area, volumes }: VolumeCardProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const titleId = useId();
  const createShadows = useAppStore((s) => s.createShadows);
  // The computer this view shows: the action runs there even if another is chosen before it starts.
  const computer = useAppStore((s) => s.computer);
  const showScheduleDialog = useAppStore((s) => s.showScheduleDialog);
  // Where schedules cannot be registered the host says why; the button says so too.
  const schedulesUnsupported = useAppStore((s) => (s.schedules.data && !s.schedules.data.supported ? s.schedules.data.unsupportedReason ?? '' : null));
  const scheduleReasonId = useId();
  const [creating, setCreating] = useState(false);
  const [storageOpen, setStorageOpen] = useState(false);
  const [deleting, setDeleting] = useState<DeleteVolumeMode | null>(null);

  const title = volumeTitle(volume, t('volumes.untitled'));
  const sized = volume.capacityBytes !== null && volume.freeBytes !== null;
  const usedSpace = sized ? volume.capacityBytes! - volume.freeBytes! : 0;
  // null: VSS refused to say without administrator rights; the card says so instead of "not supported".
  const unknown = volume.shadowCopySupported === null;
  const otherPaths = volume.mountPoints.filter((p) => p !== volume.name);
  const latest = copies.at(-1);
  const storageVolume = area ? volumes.find((v) => v.guidPath.toLowerCase() === area.storageVolumeGuidPath.toLowerCase()) : undefined;
  const scale = area ? area.maxBytes ?? storageVolume?.capacityBytes ?? volume.capacityBytes ?? 0 : 0;

  const create = async () => {
    setCreating(true);
    await createShadows([volume.name], false, computer);
    setCreating(false);
  };

  return (
    <Card className={styles.card} role="region" aria-labelledby={titleId} data-testid="volume-card">
      <div className={styles.head}>
        <span className={styles.icon} aria-hidden="true">{volume.driveType === 'removable' ? <UsbStick24Regular /> : <HardDrive24Regular />}</span>
        <div className={styles.titles}>
          <Text as="h2" id={titleId} size={500} weight="semibold">{title}</Text>
          <Text className={styles.sub} size={200}>
            {[
              volume.mediaPresent ? volume.fileSystem || t('volumes.unknownFs') : t('access.noMedia'),
              t(`volumes.driveType.${volume.driveType}`, { defaultValue: volume.driveType }),
            ].join(' · ')}
          </Text>
          {otherPaths.length > 0 && <Text className={styles.sub} size={200}>{t('access.alsoAt', { paths: otherPaths.join(', ') })}</Text>}
        </div>
        <ProtectionBadge volume={volume} copies={copies.length} />
      </div>

      <div className={styles.facts}>
        <div className={styles.fact}>
          <Text className={styles.label}>{t('volumes.space')}</Text>
          {sized ? (
            <>
              <StorageMeter
                label={t('volumes.spaceLabel', { volume: volume.name })}
                valueText={t('volumes.freeOf', { free: f.bytes(volume.freeBytes!), capacity: f.bytes(volume.capacityBytes!) })}
                used={usedSpace}
                max={volume.capacityBytes!}
              />
              <Text size={200}>{t('volumes.freeOf', { free: f.bytes(volume.freeBytes!), capacity: f.bytes(volume.capacityBytes!) })}</Text>
            </>
          ) : (
            <Text size={200}>{t('access.noMediaLong')}</Text>
          )}
        </div>

        <div className={styles.fact}>
          <Text className={styles.label}>{t('volumes.protection')}</Text>
          {unknown ? (
            <Text size={200}>{t('access.protectionUnknown')}</Text>
          ) : !volume.shadowCopySupported ? (
            <Text size={200}>{volume.mediaPresent ? t('volumes.notSupportedLong') : t('access.noMediaProtection')}</Text>
          ) : copies.length === 0 ? (
            <Text size={200}>{t('volumes.noCopiesLong')}</Text>
          ) : (
            <>
              <Text size={300} weight="semibold">{t('volumes.copies', { count: copies.length })}</Text>
              {latest && <LatestCopy createdAt={latest.createdAt} />}
            </>
          )}
          {volume.shadowCopySupported && <NextScheduled volume={volume.name} />}
        </div>

        {unknown && volume.mediaPresent && (
          <div className={styles.fact}>
            <Text className={styles.label}>{t('volumes.storage')}</Text>
            <Text size={200}>{t('access.storageUnknown')}</Text>
          </div>
        )}
        {volume.shadowCopySupported && (
          <div className={styles.fact}>
            <Text className={styles.label}>
              {area ? t('volumes.storageOn', { volume: area.storageVolume }) : t('volumes.storage')}
            </Text>
            {area ? (
              <>
                <StorageMeter
                  label={t('volumes.storageLabel', { volume: volume.name })}
                  valueText={storageText(area, f, t)}
                  used={area.usedBytes}
                  allocated={area.allocatedBytes}
                  max={scale}
                  bySeverity={area.maxBytes !== null}
                />
                <Text size={200}>{storageText(area, f, t)}</Text>
              </>
            ) : (
              <Text size={200}>{t('volumes.noStorage')}</Text>
            )}
          </div>
        )}
      </div>

      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<Add20Regular />}
          // Focusable while disabled, so keyboard and screen-reader users still reach the card's actions
          // (unelevated, every one of them is disabled).
          disabledFocusable={creating || !volume.shadowCopySupported}
          onClick={() => void create()}
        >
          {creating ? t('volumes.creating') : t('volumes.createNow')}
        </Button>
        <Button icon={<Settings20Regular />} disabledFocusable={!volume.shadowCopySupported} onClick={() => setStorageOpen(true)}>
          {t('volumes.configureStorage')}
        </Button>
        <Button
          icon={<CalendarClock20Regular />}
          disabledFocusable={!volume.shadowCopySupported || schedulesUnsupported !== null}
          aria-describedby={schedulesUnsupported ? scheduleReasonId : undefined}
          onClick={() => showScheduleDialog([volume.name])}
        >
          {t('volumes.schedule')}
        </Button>
        <Button appearance="subtle" icon={<Delete20Regular />} disabled={copies.length === 0} onClick={() => setDeleting('oldest')}>
          {t('volumes.deleteOldest')}
        </Button>
        <Button appearance="subtle" icon={<Delete20Regular />} disabled={copies.length === 0} onClick={() => setDeleting('all')}>
          {t('volumes.deleteAll')}
        </Button>
        {schedulesUnsupported && <Text id={scheduleReasonId} size={200} className={styles.sub}>{schedulesUnsupported}</Text>}
      </div>

      {storageOpen && (
        <StorageDialog volume={volume} area={area} copies={copies} volumes={volumes} onClose={() => setStorageOpen(false)} />
      )}
      {deleting && <DeleteVolumeCopiesDialog volume={volume} copies={copies} mode={deleting} onClose={() => setDeleting(null)} />}
    </Card>
  );
}

function storageText(area: StorageArea, f: ReturnType<typeof useFormat>, t: (key: string, values?: Record<string, string>) => string): string {
  return t(area.maxBytes === null ? 'volumes.storageTextUnbounded' : 'volumes.storageText', {
    used: f.bytes(area.usedBytes),
    allocated: f.bytes(area.allocatedBytes),
    max: area.maxBytes === null ? '' : f.bytes(area.maxBytes),
  });
}

function ProtectionBadge({ volume, copies }: { volume: Volume; copies: number }) {
  const { t } = useTranslation();
  if (!volume.mediaPresent) return <Badge appearance="tint" color="informative">{t('access.noMedia')}</Badge>;
  if (volume.shadowCopySupported === null) return <Badge appearance="tint" color="informative">{t('access.badgeUnknown')}</Badge>;
  if (!volume.shadowCopySupported) return <Badge appearance="tint" color="informative">{t('volumes.badge.notSupported')}</Badge>;
  if (copies === 0) return <Badge appearance="tint" color="warning">{t('volumes.badge.unprotected')}</Badge>;
  return <Badge appearance="tint" color="success">{t('volumes.badge.protected')}</Badge>;
}
