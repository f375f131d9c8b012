import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar,
  MessageBarBody, MessageBarTitle, Radio, RadioGroup, Select, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyList } from '../../components/copy-list';
import { DangerButton } from '../../components/danger-button';
import { useFormat } from '../../i18n/use-format';
import { OnComputerNote, useChosenComputer } from '../../components/on-computer';
import { useAppStore } from '../../store/store';
import { sameVolume, volumeTitle } from './volume-facts';
import type { ShadowCopy, StorageArea, StorageMax, Volume } from '../../api/contract-types';

const GiB = 1024 ** 3;
/**
 * What Windows documents when it cannot be asked: AddDiffArea's maximum "must be at least 320 MB"
 * (Microsoft Learn); the host reports the machine's own minimum (GetMinDiffAreaSize) when it can.
 */
const DOCUMENTED_MIN_BYTES = 320 * 1024 ** 2;

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
 * limit), or creates the association when there is none. A maximum below the smallest Windows
 * accepts is refused here, in words, before anything is asked. Before a shrink below what is in use
 * it lists the copies in the order Windows deletes them (oldest first) without guessing how many
 * will go: Windows does not report what each copy holds, deletes them until the rest fit, and may do
 * so after the call returns, so the result reports the copies gone when the list is read again.
 */
export function StorageDialog({ volume, area, copies, volumes, onClose }: StorageDialogProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const resizeStorage = useAppStore((s) => s.resizeStorage);
  const addStorage = useAppStore((s) => s.addStorage);
  const computer = useChosenComputer();
  const minBytes = useAppStore((s) => s.storageMinBytes) ?? DOCUMENTED_MIN_BYTES;

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
  if (newMax !== null && newMax < minBytes) {
    invalid = t('storage.belowMinimum', { size: f.bytes(newMax), min: f.bytes(minBytes) });
    newMax = null;
  }
  const max: StorageMax | null = invalid
    ? null
    : mode === 'unbounded' ? { kind: 'unbounded' } : mode === 'percent' ? { kind: 'percent', percent: Number(percent) } : { kind: 'bytes', bytes: newMax! };
  const shrink = area !== undefined && newMax !== null && newMax < area.usedBytes;

  const submit = () => {
    if (!max) return;
    onClose();
    void (area ? resizeStorage(volume.name, max, computer.target) : addStorage(volume.name, storageName, max, computer.target));
  };

  const title = volumeTitle(volume, t('volumes.untitled'));
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
          <DialogBody>
            <DialogTitle>{t('storage.title', { volume: title, on: computer.on })}</DialogTitle>
            <DialogContent className={styles.content}>
              <OnComputerNote computer={computer} />
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
                    {copies.length > 0 ? (
                      <>
                        <Text>{t('storage.shrinkOrder', { count: copies.length })}</Text>
                        <CopyList copies={copies} label={t('storage.shrinkOrderLabel', { volume: volume.name })} testId="shrink-casualties" />
                      </>
                    ) : (
                      <Text>{t('storage.shrinkNoCopies')}</Text>
                    )}
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              {shrink && copies.length > 0 ? (
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
