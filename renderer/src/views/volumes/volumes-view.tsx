import { useEffect } from 'react';
import { Button, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular, HardDrive20Regular, HardDrive24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { AdminRequiredBar, isAccessDenied } from '../../components/admin-required';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { selectOtherComputer } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { NewScheduleDialogHost } from '../schedules/new-schedule-dialog';
import { ImagePartitions } from './image-partitions';
import { ImageVolumeCard } from './image-volume-card';
import { OpenImageDialog } from './open-image-dialog';
import { SystemPartitions } from './system-partitions';
import { VolumeCard } from './volume-card';
import { copiesOf, storageOf } from './volume-facts';

const useStyles = makeStyles({
  scroll: { flexGrow: 1, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '1100px' },
});

/**
 * Volumes: capacity, protection and shadow storage of every volume, with its actions; or, while a
 * disk image is open, the image's partitions and the shadow copies inside them (read-only).
 */
export function VolumesView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const volumes = useAppStore((s) => s.volumes);
  const storage = useAppStore((s) => s.storage);
  const shadows = useAppStore((s) => s.shadows);
  const loadVolumes = useAppStore((s) => s.loadVolumes);
  const loadShadows = useAppStore((s) => s.loadShadows);
  const loadSchedules = useAppStore((s) => s.loadSchedules);
  const image = useAppStore((s) => s.image);
  const imageDialog = useAppStore((s) => s.imageDialog);
  const showImageDialog = useAppStore((s) => s.showImageDialog);
  const otherComputer = useAppStore(selectOtherComputer);
  const hideImageDialog = useAppStore((s) => s.hideImageDialog);

  useEffect(() => {
    void loadVolumes();
    void loadShadows();
    // Each card says when its next scheduled copy comes.
    void loadSchedules();
  }, [loadVolumes, loadShadows, loadSchedules]);

  const refresh = () => {
    void loadVolumes();
    void loadShadows();
    void loadSchedules();
  };
  const busy = volumes.status === 'loading' || storage.status === 'loading' || shadows.status === 'loading';
  const all = volumes.data ?? [];
  // Volumes with a drive letter or a folder get a card; the EFI and recovery partitions (no mount
  // point) a compact table below, as Disk Management keeps them apart.
  const list = all.filter((v) => v.mountPoints.length > 0);
  const unmounted = all.filter((v) => v.mountPoints.length === 0);
  // Without administrator rights VSS refuses both the copies and the storage: one plain statement.
  const needsAdmin = isAccessDenied(storage.error) || isAccessDenied(shadows.error);

  return (
    <>
      <ViewHeader id="view-title" title={t('volumes.title')} subtitle={image ? t('image.volumesSubtitle') : t('volumes.subtitle')}>
        {/* An image is a file of this computer, opened by the host of the computer in use: not on another one. */}
        {otherComputer ? (
          <Tooltip content={t('computers.imageOnlyHere')} relationship="description" withArrow>
            <Button icon={<HardDrive20Regular />} disabledFocusable>{t('image.open')}</Button>
          </Tooltip>
        ) : (
          <Button icon={<HardDrive20Regular />} onClick={() => showImageDialog()}>{t('image.open')}</Button>
        )}
        <Button icon={<ArrowClockwise20Regular />} onClick={refresh} disabledFocusable={busy}>{t('common.refresh')}</Button>
      </ViewHeader>
      <div className={styles.scroll}>
        <div className={styles.list}>
          {volumes.error && <ErrorBar error={volumes.error} title={t('volumes.loadFailed')} onRetry={refresh} />}
          {needsAdmin && <AdminRequiredBar title={t('access.volumesTitle')} titleSaysWhy />}
          {storage.error && !isAccessDenied(storage.error) && <ErrorBar error={storage.error} title={t('volumes.storageFailed')} onRetry={refresh} />}
          {shadows.error && !isAccessDenied(shadows.error) && <ErrorBar error={shadows.error} title={t('shadows.loadFailed')} onRetry={refresh} />}
          {volumes.data === null && volumes.status !== 'error' && <LoadingState label={t('volumes.loading')} />}
          {!image && volumes.data !== null && all.length === 0 && (
            <EmptyState icon={<HardDrive24Regular />} title={t('volumes.emptyTitle')} body={t('volumes.emptyBody')} />
          )}
          {image && (
            <>
              {image.volumes.filter((p) => p.letter !== null).map((p) => (
                <ImageVolumeCard key={`${p.partition}-${p.offsetBytes}`} part={p} volume={all.find((v) => v.name.toUpperCase() === `${p.letter!.toUpperCase()}\\`)} />
              ))}
              {image.volumes.some((p) => p.letter === null) && <ImagePartitions parts={image.volumes.filter((p) => p.letter === null)} />}
            </>
          )}
          {!image && list.map((v) => (
            <VolumeCard
              key={v.guidPath}
              volume={v}
              volumes={list}
              copies={copiesOf(v, shadows.data ?? [])}
              area={storageOf(v, storage.data ?? [])}
            />
          ))}
          {!image && unmounted.length > 0 && <SystemPartitions volumes={unmounted} shadows={shadows.data ?? []} />}
        </div>
      </div>
      {imageDialog && <OpenImageDialog initialPath={imageDialog.path} onClose={hideImageDialog} />}
      <NewScheduleDialogHost />
    </>
  );
}
