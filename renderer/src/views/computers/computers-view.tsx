import { useEffect, useState } from 'react';
import { Badge, Button, Card, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, ArrowClockwise20Regular, Delete20Regular, Desktop20Regular, Laptop20Regular, Open20Regular, PlugConnected20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../../native/contract/errors';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import type { ComputerEntry } from '../../api/contract-types';
import { CheckResult } from './check-result';
import { RemoveComputerDialog } from './remove-computer-dialog';

const useStyles = makeStyles({
  scroll: { flexGrow: 1, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '1100px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fields: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  target: { flexGrow: 2, minWidth: '240px' },
  label: { flexGrow: 1, minWidth: '180px' },
  row: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  names: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/**
 * The helpdesk's computers: add one (checked live, so the user sees who answers, or why nobody
 * does, before and after adding), check, open (every view then works on it) and remove (confirmed).
 * "This computer" is always first.
 */
export function ComputersView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const computers = useAppStore((s) => s.computers);
  const loadComputers = useAppStore((s) => s.loadComputers);
  const chosen = useAppStore((s) => s.computer);
  const chooseComputer = useAppStore((s) => s.chooseComputer);
  const setView = useAppStore((s) => s.setView);
  const [removing, setRemoving] = useState<ComputerEntry | null>(null);
  useEffect(() => {
    void loadComputers();
  }, [loadComputers]);
  const open = (target: string | null) => {
    void chooseComputer(target);
    setView('volumes');
  };
  const list = computers.data ?? [];
  return (
    <>
      <ViewHeader id="view-title" title={t('computers.title')} subtitle={t('computers.subtitle')}>
        <Button icon={<ArrowClockwise20Regular />} onClick={() => void loadComputers()} disabledFocusable={computers.status === 'loading'}>
          {t('common.refresh')}
        </Button>
        <Button onClick={() => setView('fleet')} disabledFocusable={list.length === 0}>{t('computers.openFleet')}</Button>
      </ViewHeader>
      <div className={styles.scroll}>
        <div className={styles.list}>
          <AddComputerCard />
          {computers.error && <ErrorBar error={computers.error} title={t('computers.loadFailed')} onRetry={() => void loadComputers()} />}
          <Card className={styles.row} data-testid="computer-row" aria-label={t('computers.thisComputer')} role="region">
            <div className={styles.head}>
              <Desktop20Regular aria-hidden="true" />
              <div className={styles.names}>
                <Text weight="semibold">{t('computers.thisComputer')}</Text>
                <Text size={200} className={styles.meta}>{t('computers.thisComputerHint')}</Text>
              </div>
              {chosen === null
                ? <Badge appearance="tint" color="brand">{t('computers.inUse')}</Badge>
                : <Button icon={<Open20Regular />} onClick={() => open(null)}>{t('computers.open')}</Button>}
            </div>
          </Card>
          {computers.status === 'loading' && !computers.data && <LoadingState label={t('computers.loading')} />}
          {computers.status === 'ready' && list.length === 0 && (
            <EmptyState icon={<Laptop20Regular />} title={t('computers.emptyTitle')} body={t('computers.emptyBody')} />
          )}
          {list.map((c) => (
            <ComputerRow key={c.target} computer={c} inUse={chosen === c.target} onOpen={() => open(c.target)} onRemove={() => setRemoving(c)} />
          ))}
        </div>
      </div>
      {removing && <RemoveComputerDialog computer={removing} onClose={() => setRemoving(null)} />}
    </>
  );
}

/** One computer of the list: its name, target and last check, with Check, Open and Remove. */
function ComputerRow({ computer, inUse, onOpen, onRemove }: { computer: ComputerEntry; inUse: boolean; onOpen(): void; onRemove(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const check = useAppStore((s) => s.checks[computer.target]);
  const checkComputer = useAppStore((s) => s.checkComputer);
  const name = computer.label ?? computer.target;
  const last = computer.lastCheck;
  const lastText = !last
    ? t('computers.neverChecked')
    : last.ok
      ? t('computers.lastOk', { relative: f.relative(last.at), hostname: last.hostname ?? computer.target })
      : t('computers.lastFailed', { relative: f.relative(last.at), message: last.error?.message ?? '' });
  return (
    <Card className={styles.row} data-testid="computer-row" aria-label={name} role="region">
      <div className={styles.head}>
        <Laptop20Regular aria-hidden="true" />
        <div className={styles.names}>
          <Text weight="semibold">{name}</Text>
          <Text size={200} className={styles.meta}>{computer.label ? `${computer.target} · ${lastText}` : lastText}</Text>
        </div>
        {inUse && <Badge appearance="filled" color="severe">{t('computers.inUse')}</Badge>}
        <div className={styles.actions}>
          <Button icon={<PlugConnected20Regular />} disabledFocusable={check?.status === 'checking'} onClick={() => void checkComputer(computer.target)} aria-label={t('computers.checkNamed', { name })}>
            {t('computers.check')}
          </Button>
          {!inUse && <Button appearance="primary" icon={<Open20Regular />} onClick={onOpen} aria-label={t('computers.openNamed', { name })}>{t('computers.open')}</Button>}
          <Button appearance="subtle" icon={<Delete20Regular />} onClick={onRemove} aria-label={t('computers.removeNamed', { name })}>{t('computers.remove')}</Button>
        </div>
      </div>
      <CheckResult target={computer.target} state={check} />
    </Card>
  );
}

/** Adds a computer: what to type for ssh, an optional name, Check first if wanted, then Add (which checks too). */
function AddComputerCard() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [target, setTarget] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const [adding, setAdding] = useState(false);
  const [checked, setChecked] = useState<string | null>(null);
  const checkComputer = useAppStore((s) => s.checkComputer);
  const addComputer = useAppStore((s) => s.addComputer);
  const check = useAppStore((s) => (checked ? s.checks[checked] : undefined));
  const trimmed = target.trim();
  const runCheck = () => {
    if (!trimmed) return;
    setChecked(trimmed);
    void checkComputer(trimmed);
  };
  const add = async () => {
    if (!trimmed) return;
    setAdding(true);
    setError(null);
    const r = await addComputer(trimmed, label.trim() || undefined);
    setAdding(false);
    if (r.error) {
      setError(r.error);
      return;
    }
    // The new row shows its own check (started by addComputer); the form is ready for the next one.
    setTarget('');
    setLabel('');
    setChecked(null);
  };
  return (
    <Card>
      <form className={styles.form} onSubmit={(e) => { e.preventDefault(); void add(); }} aria-label={t('computers.addTitle')}>
        <Text as="h2" weight="semibold" size={400}>{t('computers.addTitle')}</Text>
        <div className={styles.fields}>
          <Field className={styles.target} label={t('computers.target')} hint={t('computers.targetHint')} required>
            <Input value={target} onChange={(_, d) => { setTarget(d.value); setError(null); }} placeholder="ana-laptop" />
          </Field>
          <Field className={styles.label} label={t('computers.label')} hint={t('computers.labelHint')}>
            <Input value={label} onChange={(_, d) => setLabel(d.value)} />
          </Field>
        </div>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<Add20Regular />} disabled={!trimmed || adding}>{t('computers.add')}</Button>
          <Button icon={<PlugConnected20Regular />} disabled={!trimmed || check?.status === 'checking'} onClick={runCheck}>{t('computers.checkFirst')}</Button>
        </div>
        {error && <ErrorBar error={error} title={t('computers.addFailed', { target: trimmed })} />}
        {checked && checked === trimmed && <CheckResult target={checked} state={check} />}
      </form>
    </Card>
  );
}
