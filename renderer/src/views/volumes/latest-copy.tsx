import { Text, Tooltip } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';

/**
 * "Latest: Dec 3, 2013, 6:37 AM (13 years ago)", with the full date on hover: how every volume card,
 * this computer's or a disk image's, says how fresh its protection is.
 */
export function LatestCopy({ createdAt }: { createdAt: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Tooltip content={f.dateTimeLong(createdAt)} relationship="description">
      <Text size={200}>{t('volumes.latest', { date: f.dateTime(createdAt), relative: f.relative(createdAt) })}</Text>
    </Tooltip>
  );
}
