import { useId, useState } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../native/contract/errors';
import { formatHresult } from '../i18n/format';
import { AdminRequiredBar, isAccessDenied } from './admin-required';

const useStyles = makeStyles({
  next: { display: 'block', marginTop: tokens.spacingVerticalXS },
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: `${tokens.spacingVerticalS} 0 0`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    wordBreak: 'break-word',
    whiteSpace: 'pre-wrap',
  },
  term: { fontWeight: tokens.fontWeightSemibold, fontFamily: tokens.fontFamilyBase },
  def: { margin: 0 },
});

/** Props of {@link ErrorBar}. */
export interface ErrorBarProps {
  error: ErrorData;
  /** A short heading, e.g. "Could not load volumes". */
  title?: string;
  onRetry?: () => void;
  onDismiss?: () => void;
}

/**
 * How every failure is shown: the plain sentence and the next step first; the code, the HRESULT's
 * name and hex and the technical detail behind a "Details" toggle, for the helpdesk ticket. VSS
 * refusing the caller's rights (E_ACCESSDENIED) is no failure to retry: it says what is needed instead.
 */
export function ErrorBar(props: ErrorBarProps) {
  if (isAccessDenied(props.error)) return <AdminRequiredBar title={props.title} />;
  return <FailureBar {...props} />;
}

function FailureBar({ error, title, onRetry, onDismiss }: ErrorBarProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        {title && <MessageBarTitle>{title}</MessageBarTitle>}
        {error.message}
        {error.next && <span className={styles.next}>{error.next}</span>}
        {open && (
          <dl id={detailsId} className={styles.details} aria-label={t('error.detailsLabel')}>
            <dt className={styles.term}>{t('error.code')}</dt>
            <dd className={styles.def}>{error.code}</dd>
            {error.hresult !== undefined && (
              <>
                <dt className={styles.term}>HRESULT</dt>
                <dd className={styles.def}>
                  {error.hresultName ? `${error.hresultName} (${formatHresult(error.hresult)})` : formatHresult(error.hresult)}
                </dd>
              </>
            )}
            {error.detail && (
              <>
                <dt className={styles.term}>{t('error.detail')}</dt>
                <dd className={styles.def}>{error.detail}</dd>
              </>
            )}
          </dl>
        )}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setOpen(!open)}>
          {open ? t('error.hideDetails') : t('error.details')}
        </Button>
        {onRetry && <Button size="small" onClick={onRetry}>{t('common.tryAgain')}</Button>}
        {onDismiss && <Button size="small" appearance="subtle" onClick={onDismiss}>{t('common.dismiss')}</Button>}
      </MessageBarActions>
    </MessageBar>
  );
}
