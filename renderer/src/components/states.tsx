import type { ReactNode } from 'react';
import { Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXL}`,
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
  },
  icon: { fontSize: '48px', color: tokens.colorNeutralForeground3, display: 'flex' },
  body: { maxWidth: '48ch' },
});

/** The loading state of a view: a labelled spinner (announced by screen readers). */
export function LoadingState({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.box}>
      <Spinner label={label} labelPosition="below" />
    </div>
  );
}

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  body?: string;
  action?: ReactNode;
}

/** The empty state of a view: says what is missing, why that may be, and offers the next action. */
export function EmptyState({ icon, title, body, action }: EmptyStateProps) {
  const styles = useStyles();
  return (
    <div className={styles.box} role="status">
      <span className={styles.icon} aria-hidden="true">{icon}</span>
      <Text as="h2" size={500} weight="semibold">{title}</Text>
      {body && <Text className={styles.body}>{body}</Text>}
      {action}
    </div>
  );
}
