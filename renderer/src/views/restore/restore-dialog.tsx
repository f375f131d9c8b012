import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, ProgressBar, Radio, RadioGroup,
  Select, Spinner, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { OnComputerNote, useComputer } from '../../components/on-computer';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import type { ConflictChoice, PlanItem } from '../../api/contract-types';

const useStyles = makeStyles({
  surface: { maxWidth: '720px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    maxHeight: '240px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  itemText: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  path: { overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  meta: { color: tokens.colorNeutralForeground3 },
  choice: { minWidth: '150px' },
  results: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

const CHOICES: ConflictChoice[] = ['keep-both', 'replace', 'skip'];
const CHOICE_KEY: Record<ConflictChoice, string> = { 'keep-both': 'restore.keepBoth', replace: 'restore.replace', skip: 'restore.skip' };

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('\\') + 1) || p;
}

/**
 * The restore plan dialog: what will be written and where a file is already there (a choice for
 * all and per item), then progress with Cancel, then the outcome with Undo.
 */
export function RestoreDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const flow = useAppStore((s) => s.restore);
  const runRestore = useAppStore((s) => s.runRestore);
  const cancelRestore = useAppStore((s) => s.cancelRestore);
  const undoRestore = useAppStore((s) => s.undoRestore);
  const closeRestore = useAppStore((s) => s.closeRestore);
  const windowOperations = useAppStore((s) => s.about.data?.windowOperations ?? false);
  const showInFolder = useAppStore((s) => s.showInFolder);
  const [forAll, setForAll] = useState<ConflictChoice>('keep-both');
  const [perItem, setPerItem] = useState<Record<string, ConflictChoice>>({});
  // The computer the restore was planned on (taken when the dialog opened): named, and where it runs.
  const computer = useComputer(flow?.computer ?? null);
  const thisComputer = useComputer(null);
  if (!flow) return null;
  const { phase, plan, progress, result, undo } = flow;
  const conflicting = (i: PlanItem) => i.conflict === 'different';
  const title = flow.here
    ? t('computers.restoreHereTitle', { folder: flow.target.to, from: computer.name })
    : flow.target.to ? t('restore.titleTo', { folder: flow.target.to, on: computer.on }) : t('restore.title', { on: computer.on });
  // Files written on another computer are not this computer's to show in Explorer.
  const writtenHere = flow.here || flow.computer === null;

  const conflictText = (i: PlanItem) =>
    i.conflict === 'none' ? t('restore.conflictNone') : i.conflict === 'same' ? t('restore.conflictSame') : t('restore.conflictDifferent');

  return (
    <Dialog open modalType={phase === 'running' ? 'alert' : 'modal'} onOpenChange={(_, d) => { if (!d.open && phase !== 'running') closeRestore(); }}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={styles.content}>
            <OnComputerNote computer={flow.here ? thisComputer : computer} />
            {phase === 'planning' && <Spinner label={t('restore.planning')} />}
            {phase === 'error' && flow.error && <ErrorBar error={flow.error} title={t('restore.failed')} />}
            {phase === 'plan' && plan && (
              <>
                <Text>
                  {t('restore.summary', { count: plan.totals.files, bytes: f.bytes(plan.totals.bytes), date: f.dateTime(plan.shadowCreatedAt) })}
                  {plan.totals.conflicts > 0 && ` ${t('restore.conflicts', { count: plan.totals.conflicts })}`}
                  {plan.totals.identical > 0 && ` ${t('restore.identical', { count: plan.totals.identical })}`}
                </Text>
                {plan.totals.conflicts > 0 && (
                  <Field label={t('restore.forAll')}>
                    <RadioGroup layout="horizontal" value={forAll} onChange={(_, d) => setForAll(d.value as ConflictChoice)}>
                      {CHOICES.map((c) => <Radio key={c} value={c} label={t(CHOICE_KEY[c])} />)}
                    </RadioGroup>
                  </Field>
                )}
                <ul className={styles.list} role="list" aria-label={t('restore.itemsLabel')} tabIndex={0}>
                  {plan.items.map((item) => (
                    <li key={item.target} className={styles.item}>
                      <div className={styles.itemText}>
                        <span className={styles.path}>{item.target}</span>
                        <Text size={200} className={styles.meta}>{`${f.bytes(item.size)} · ${f.dateTime(item.modifiedAt)} · ${conflictText(item)}`}</Text>
                      </div>
                      {conflicting(item) && (
                        <Select
                          className={styles.choice}
                          aria-label={t('restore.choiceFor', { name: baseName(item.target) })}
                          value={perItem[item.target] ?? forAll}
                          onChange={(_, d) => setPerItem({ ...perItem, [item.target]: d.value as ConflictChoice })}
                        >
                          {CHOICES.map((c) => <option key={c} value={c}>{t(CHOICE_KEY[c])}</option>)}
                        </Select>
                      )}
                    </li>
                  ))}
                </ul>
                {plan.skippedLinks && plan.skippedLinks.length > 0 && (
                  <Text size={200} className={styles.meta}>{t('restore.skippedLinks', { count: plan.skippedLinks.length })}</Text>
                )}
              </>
            )}
            {phase === 'running' && (
              <Field
                label={t('restore.running')}
                validationState="none"
                validationMessage={progress
                  ? t('restore.progress', { done: progress.filesDone, total: progress.filesTotal, bytesDone: f.bytes(progress.bytesDone), bytesTotal: f.bytes(progress.bytesTotal) })
                  : t('restore.starting')}
              >
                <ProgressBar value={progress && progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : undefined} thickness="large" />
              </Field>
            )}
            {phase === 'cancelled' && <Text role="status">{t('restore.cancelled')}</Text>}
            {phase === 'done' && result && (
              <div role="status" className={styles.content}>
                <Text weight="semibold">{t('restore.restored', { count: result.restored.length + result.keptBoth.length })}</Text>
                {result.keptBoth.length > 0 && (
                  <>
                    <Text>{t('restore.keptBothIntro')}</Text>
                    <ul className={styles.results}>
                      {result.keptBoth.map((k) => <li key={k.target}>{t('restore.keptBothItem', { name: baseName(k.target), as: baseName(k.writtenAs) })}</li>)}
                    </ul>
                  </>
                )}
                {result.skipped.length > 0 && <Text>{t('restore.skipped', { count: result.skipped.length })}</Text>}
                {result.failed.length > 0 && (
                  <ul className={styles.results}>
                    {result.failed.map((x) => <li key={x.target}>{t('restore.failedItem', { name: x.target, error: x.error })}</li>)}
                  </ul>
                )}
                {undo.status === 'running' && <Spinner size="tiny" label={t('restore.undoing')} />}
                {undo.status === 'done' && undo.result && (
                  <Text>
                    {t('restore.undone', { count: undo.result.putBack.length + undo.result.removed.length })}
                    {undo.result.refused.map((r) => ` ${r.code === 'edited' ? t('activity.undo.refusedEdited', { path: r.path }) : t('activity.undo.refusedOccupied', { path: r.path, aside: r.keptAt ?? '' })}`).join('')}
                  </Text>
                )}
                {undo.status === 'error' && undo.error && <ErrorBar error={undo.error} title={t('restore.undoFailed')} />}
              </div>
            )}
          </DialogContent>
          <DialogActions>
            {phase === 'plan' && plan && (
              <Button appearance="primary" onClick={() => void runRestore(forAll, perItem)} disabled={plan.items.length === 0}>
                {t('restore.confirm')}
              </Button>
            )}
            {phase === 'running' && <Button onClick={cancelRestore}>{t('common.cancel')}</Button>}
            {phase === 'done' && result && undo.status === 'idle' && result.restored.length + result.keptBoth.length > 0 && (
              <Button onClick={() => void undoRestore()}>{t('restore.undo')}</Button>
            )}
            {phase === 'done' && result && windowOperations && writtenHere && undo.status !== 'done' && (result.restored[0] ?? result.keptBoth[0]?.writtenAs) && (
              <Button onClick={() => void showInFolder((result.restored[0] ?? result.keptBoth[0]!.writtenAs))}>{t('restore.showInExplorer')}</Button>
            )}
            {phase !== 'running' && (
              <Button appearance={phase === 'done' || phase === 'cancelled' || phase === 'error' ? 'primary' : 'secondary'} onClick={closeRestore}>
                {phase === 'plan' || phase === 'planning' ? t('common.cancel') : t('restore.close')}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
