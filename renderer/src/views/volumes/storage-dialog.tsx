import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar,
  MessageBarBody, MessageBarTitle, Radio, RadioGroup, Select, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyList } from '../../components/copy-list';
import { DangerButton } from '../../components/danger-button';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import { planShrink, sameVolume, volumeTitle } from './volume-facts';
import type { ShadowCopy, StorageArea, StorageMax, Volume } from '../../api/contract-types';

const GiB = 1024 ** 3;

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  current: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  warning: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  warnBody: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
});

type Mode = 'size' | 'percent' | 'unbounded';

/** Props of {@link StorageDialog}. */
export interface StorageDialogProps {
  volume: Volume;
  area: StorageArea | undefined;
  /** Copies of this volume, oldest first. */
  copies: ShadowCopy[];
  volumes: Volume[];
  onClose(): void;
}

/**
 * Sets the shadow storage maximum of a volume (as GB, a percentage of the storage volume, or no
 * limit), or creates the association when there is none. Before a shrink below what is in use it
 * names the copies Windows will delete, oldest first, and the confirm button says so.
 */
export function StorageDialog({ volume, area, copies, volumes, onClose }: StorageDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const resizeStorage = useAppStore((s) => s.resizeStorage);
  const addStorage = useAppStore((s) => s.addStorage);

  const storageCandidates = volumes.filter((v) => v.shadowCopySupported && v.driveType === 'fixed');
  const [storageName, setStorageName] = useState(area?.storageVolume ?? volume.name);
  const storageVolume = area
    ? volumes.find((v) => sameVolume(v.guidPath, area.storageVolumeGuidPath))
    : volumes.find((v) => v.name === storageName);
  // A volume whose storage can be configured is in its drive (its size is known).
  const capacity = storageVolume?.capacityBytes ?? volume.capacityBytes ?? 0;

  const initialMax = area ? area.maxBytes : Math.floor(capacity * 0.1);
  const [mode, setMode] = useState<Mode>(area && area.maxBytes === null ? 'unbounded' : 'size');
  const [gb, setGb] = useState(initialMax === null ? '' : String(Math.round((initialMax / GiB) * 100) / 100));
  const [percent, setPercent] = useState(initialMax === null ? '10' : String(Math.max(1, Math.round((initialMax / capacity) * 100))));

  let newMax: number | null = null;
  let invalid: string | null = null;
  if (mode === 'size') {
    const n = Number(gb);
    if (gb.trim() === '' || !Number.isFinite(n) || n <= 0) invalid = t('storage.invalidSize');
    else if (n * GiB > capacity) invalid = t('storage.tooBig', { capacity: f.bytes(capacity) });
    else newMax = Math.max(1, Math.round(n * GiB));
  } else if (mode === 'percent') {
    const n = Number(percent);
    if (percent.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 100) invalid = t('storage.invalidPercent');
    else newMax = Math.max(1, Math.floor((n / 100) * capacity));
  }
  const max: StorageMax | null = invalid
    ? null
    : mode === 'unbounded' ? { kind: 'unbounded' } : mode === 'percent' ? { kind: 'percent', percent: Number(percent) } : { kind: 'bytes', bytes: newMax! };
  const shrink = area && newMax !== null ? planShrink(area.usedBytes, newMax, copies) : null;

  const submit = () => {
    if (!max) return;
    onClose();
    void (area ? resizeStorage(volume.name, max) : addStorage(volume.name, storageName, max));
  };

  const title = volumeTitle(volume, t('volumes.untitled'));
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <DialogBody>
            <DialogTitle>{t('storage.title', { volume: title })}</DialogTitle>
            <DialogContent className={styles.content}>
              {area ? (
                <Text className={styles.current}>
                  {t('storage.current', {
                    used: f.bytes(area.usedBytes),
                    allocated: f.bytes(area.allocatedBytes),
                    max: area.maxBytes === null ? t('storage.noLimit') : f.bytes(area.maxBytes),
                    on: area.storageVolume,
                  })}
                </Text>
              ) : (
                <>
                  <Text className={styles.current}>{t('storage.none')}</Text>
                  <Field label={t('storage.storageVolume')} hint={t('storage.storageVolumeHint')}>
                    <Select value={storageName} onChange={(_, d) => setStorageName(d.value)}>
                      {storageCandidates.map((v) => (
                        <option key={v.guidPath} value={v.name}>{volumeTitle(v, t('volumes.untitled'))}</option>
                      ))}
                    </Select>
                  </Field>
                </>
              )}

              <Field label={t('storage.maximum')}>
                <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as Mode)}>
                  <Radio value="size" label={t('storage.modeSize')} />
                  <Radio value="percent" label={t('storage.modePercent', { volume: storageVolume?.name ?? storageName })} />
                  <Radio value="unbounded" label={t('storage.modeUnbounded')} />
                </RadioGroup>
              </Field>

              {mode === 'size' && (
                <Field
                  label={t('storage.sizeLabel')}
                  validationState={invalid ? 'error' : 'none'}
                  validationMessage={invalid ?? undefined}
                  hint={newMax !== null ? t('storage.equals', { size: f.bytes(newMax), percent: f.percent(newMax / capacity) }) : undefined}
                >
                  <Input type="number" inputMode="decimal" min={0} step="any" value={gb} onChange={(_, d) => setGb(d.value)} contentAfter="GB" />
                </Field>
              )}
              {mode === 'percent' && (
                <Field
                  label={t('storage.percentLabel')}
                  validationState={invalid ? 'error' : 'none'}
                  validationMessage={invalid ?? undefined}
                  hint={newMax !== null ? t('storage.equalsBytes', { size: f.bytes(newMax) }) : undefined}
                >
                  <Input type="number" inputMode="decimal" min={0} max={100} step="any" value={percent} onChange={(_, d) => setPercent(d.value)} contentAfter="%" />
                </Field>
              )}
              {mode === 'unbounded' && <Text size={200}>{t('storage.unboundedHint')}</Text>}

              {shrink && area && newMax !== null && (
                <MessageBar intent="warning" layout="multiline" data-testid="shrink-warning">
                  <MessageBarBody className={styles.warnBody}>
                    <MessageBarTitle>{t('storage.shrinkTitle')}</MessageBarTitle>
                    <Text>
                      {t('storage.shrinkBody', { max: f.bytes(newMax), used: f.bytes(area.usedBytes), volume: volume.name })}
                    </Text>
                    {shrink.likely.length > 0 ? (
                      <>
                        <Text>{t('storage.shrinkLikely', { count: shrink.likely.length })}</Text>
                        <CopyList copies={shrink.likely} label={t('storage.shrinkLikelyLabel')} testId="shrink-casualties" />
                        {shrink.next.length > 0 ? (
                          <>
                            <Text>{t('storage.shrinkNext')}</Text>
                            <CopyList copies={shrink.next} start={shrink.likely.length + 1} label={t('storage.shrinkNextLabel')} testId="shrink-next" />
                          </>
                        ) : (
                          <Text weight="semibold">{t('storage.shrinkAll', { volume: volume.name })}</Text>
                        )}
                      </>
                    ) : (
                      <Text>{t('storage.shrinkNoCopies')}</Text>
                    )}
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              {shrink && shrink.likely.length > 0 ? (
                <DangerButton type="submit" disabled={!max}>{t('storage.applyShrink')}</DangerButton>
              ) : (
                <Button type="submit" appearance="primary" disabled={!max}>{t('storage.apply')}</Button>
              )}
              <Button onClick={onClose}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
