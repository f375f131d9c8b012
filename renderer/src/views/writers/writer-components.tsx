import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { Document16Regular, Folder16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { WriterDetail } from '../../api/contract-types';

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  component: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  meta: { color: tokens.colorNeutralForeground3, display: 'block' },
  files: { margin: `${tokens.spacingVerticalXS} 0 0`, padding: 0, listStyle: 'none' },
  file: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
});

/**
 * A writer's components and the files each one covers (path, file pattern, recursive), from
 * writerDetails: what the writer promises to make consistent in a copy.
 */
export function WriterComponents({ detail, id }: { detail: WriterDetail | undefined; id: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (!detail) return <Text id={id}>{t('writers.noDetail')}</Text>;
  if (detail.components.length === 0) return <Text id={id}>{t('writers.noComponents')}</Text>;
  return (
    <ul id={id} className={styles.list} aria-label={t('writers.componentsOf', { writer: detail.name })}>
      {detail.components.map((c, i) => (
        <li key={`${c.logicalPath ?? ''}\\${c.name}:${i}`} className={styles.component}>
          <Text weight="semibold">{c.caption || c.name}</Text>
          <Text size={200} className={styles.meta}>
            {[c.logicalPath ? `${c.logicalPath}\\${c.name}` : c.name, c.type, c.selectable ? t('writers.selectable') : t('writers.notSelectable')].join(' · ')}
          </Text>
          {c.files.length > 0 && (
            <ul className={styles.files}>
              {c.files.map((file, j) => (
                <li key={j} className={styles.file}>
                  {file.recursive ? <Folder16Regular aria-hidden="true" /> : <Document16Regular aria-hidden="true" />}
                  <span>
                    {file.path}{file.path.endsWith('\\') ? '' : '\\'}{file.filespec}
                    {file.recursive ? ` ${t('writers.recursive')}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
