import type { ReactNode } from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}`,
  },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  subtitle: { color: tokens.colorNeutralForeground3 },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** Props of {@link ViewHeader}. */
export interface ViewHeaderProps {
  id: string;
  title: string;
  subtitle?: string;
  children?: ReactNode;
}

/** The title of a view (its h1, which names the main region) and its commands, Windows 11 style. */
export function ViewHeader({ id, title, subtitle, children }: ViewHeaderProps) {
  const styles = useStyles();
  return (
    <div className={styles.header}>
      <div className={styles.titles}>
        <Text as="h1" id={id} size={700} weight="semibold">{title}</Text>
        {subtitle && <Text className={styles.subtitle}>{subtitle}</Text>}
      </div>
      {children && <div className={styles.toolbar}>{children}</div>}
    </div>
  );
}
