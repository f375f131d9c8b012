import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { HardDrive20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../components/error-bar';
import { useFormat } from '../i18n/use-format';
import { useAppStore } from '../store/store';
import type { ImageSummary } from '../api/contract-types';

const useStyles = makeStyles({
  bar: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL} 0` },
  name: { wordBreak: 'break-all' },
  hint: { display: 'block' },
});

/** The file name of an image path, whichever separator it was written with. */
export function imageFileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/**
 * Says, above every view, that what is shown is a disk image opened read-only and not this computer
 * (a helpdesk that forgets would look for a dead PC's files on its own C:), names the image (its full
 * path on hover), and takes the user back to this computer with Close image.
 */
export function ImageBanner() {
  const { t } = useTranslation();
  const styles = useStyles();
  const image = useAppStore((s) => s.image);
  const closeImage = useAppStore((s) => s.closeImage);
  const closeError = useAppStore((s) => s.imageCloseError);
  if (!image) return null;
  return (
    <div className={styles.bar}>
      <MessageBar intent="info" layout="multiline" icon={<HardDrive20Regular />} data-testid="image-banner">
        <MessageBarBody>
          <MessageBarTitle>{t('image.bannerTitle')}</MessageBarTitle>
          <Text className={styles.name} title={image.path}>
            <ImageLine image={image} />
          </Text>
          <span className="visually-hidden">{` (${image.path})`}</span>
          <span className={styles.hint}>{t('image.bannerHint')}</span>
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => void closeImage()}>{t('image.close')}</Button>
        </MessageBarActions>
      </MessageBar>
      {closeError && <ErrorBar error={closeError} title={t('image.closeFailed')} />}
    </div>
  );
}

/** "vsstest.qcow2 — qcow2, 1 GiB, no partition table". */
function ImageLine({ image }: { image: ImageSummary }) {
  const { t } = useTranslation();
  const f = useFormat();
  return t('image.bannerText', {
    name: imageFileName(image.path),
    format: t(`image.format.${image.format}`, { defaultValue: image.format }),
    size: f.bytes(image.sizeBytes),
    partitioning: t(`image.partitioning.${image.partitioning}`),
  });
}
