import { MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { useFormat } from '../../i18n/use-format';
import type { CheckState } from '../../store/computers-slice';

/**
 * What checking a computer found, before and after adding it: who answers there (its own name,
 * ShadowDesk's version, how fast) and any limit to know before acting (not an administrator), or
 * the one sentence saying why nobody answers, with its next step.
 */
export function CheckResult({ target, state }: { target: string; state: CheckState | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!state) return null;
  if (state.status === 'checking') return <Spinner size="tiny" labelPosition="after" label={t('computers.checking', { target })} />;
  const check = state.check;
  if (!check) return null;
  if (!check.ok) {
    return check.error
      ? <ErrorBar error={check.error} title={t('computers.unreachable', { target })} />
      : <Text>{t('computers.unreachable', { target })}</Text>;
  }
  return (
    <>
      <MessageBar intent="success" layout="multiline" data-testid="check-ok">
        <MessageBarBody>
          <MessageBarTitle>{t('computers.reached', { target, hostname: check.hostname ?? target })}</MessageBarTitle>
          {t('computers.reachedDetail', {
            version: check.version ?? '?',
            backend: t(`computers.backend.${check.backend ?? 'unknown'}`, { defaultValue: check.backend ?? '?' }),
            ms: f.number(check.connectMs ?? 0),
          })}
          {' '}
          {check.elevated === true ? t('computers.elevatedYes') : check.elevated === false ? t('computers.elevatedNo') : ''}
        </MessageBarBody>
      </MessageBar>
      {check.notice && (
        <MessageBar intent="warning" layout="multiline" data-testid="check-notice">
          <MessageBarBody>
            {check.notice.message}
            {check.notice.next && <> {check.notice.next}</>}
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
