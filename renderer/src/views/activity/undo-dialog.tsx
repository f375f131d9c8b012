import { useEffect, useRef } from 'react';
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, MessageBarTitle,
  Spinner, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { DangerButton } from '../../components/danger-button';
import { ErrorBar } from '../../components/error-bar';
import { useFormat } from '../../i18n/use-format';
import { undoNotes, undoOutcome } from '../../store/restore-slice';
import { OnComputerNote, useComputer } from '../../components/on-computer';
import { useAppStore } from '../../store/store';
import { usePhrase } from './use-phrase';

const useStyles = makeStyles({
  surface: { maxWidth: '600px', width: '100%' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { overflowWrap: 'anywhere' },
});

/**
 * Confirms an undo picked from the restore history, saying what will happen to which folder (files
 * removed, replaced files put back, edited files left alone), then shows what it really did.
 */
export function UndoDialog() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const phrase = usePhrase();
  const flow = useAppStore((s) => s.undoFlow);
  const confirmUndo = useAppStore((s) => s.confirmUndo);
  const closeUndo = useAppStore((s) => s.closeUndo);
  const phaseNow = flow?.phase;
  // The computer whose history the restore is from, taken when Undo was pressed.
  const computer = useComputer(flow?.computer ?? null);
  const closeRef = useRef<HTMLButtonElement>(null);
  // The button that had the focus is gone once the undo runs: hand it to Close when the outcome
  // shows, so the keyboard (Escape, Enter) still works and the outcome is read next to it.
  useEffect(() => {
    if (phaseNow === 'done' || phaseNow === 'error') closeRef.current?.focus();
  }, [phaseNow]);
  if (!flow) return null;
  const { record: r, phase, result, error } = flow;
  const running = phase === 'running';
  const refused = result ? result.refused.length > 0 : false;

  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => { if (!d.open) closeUndo(); }}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('activity.undoDialog.title', { on: computer.on })}</DialogTitle>
          <DialogContent className={styles.content}>
            <OnComputerNote computer={computer} />
            {(phase === 'confirm' || running) && (
              <>
                <Text>{t('activity.undoDialog.intro', { folder: r.destination, time: f.dateTime(r.startedAt) })}</Text>
                <ul className={styles.list}>
                  <li className={styles.item}>{t('activity.undoDialog.removes', { count: r.files, bytes: f.bytes(r.bytes) })}</li>
                  <li className={styles.item}>{t('activity.undoDialog.putsBack')}</li>
                  <li className={styles.item}>{t('activity.undoDialog.keepsEdits')}</li>
                </ul>
              </>
            )}
            {running && <Spinner size="small" label={t('activity.undoDialog.running')} />}
            <div role="status">
              {phase === 'done' && result && (
                <MessageBar intent={refused ? 'warning' : 'success'} layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>{refused ? t('activity.undoDialog.doneAttentionTitle') : t('activity.undoDialog.doneTitle')}</MessageBarTitle>
                    <Text block>{phrase(undoOutcome(result))}</Text>
                    <ul className={styles.list}>
                      {undoNotes(result).map((n, i) => <li key={i} className={styles.item}>{phrase(n)}</li>)}
                    </ul>
                  </MessageBarBody>
                </MessageBar>
              )}
            </div>
            {phase === 'error' && error && <ErrorBar error={error} title={t('activity.undo.failed', { folder: r.destination })} />}
          </DialogContent>
          <DialogActions>
            {phase === 'confirm' && <DangerButton onClick={() => void confirmUndo()}>{t('activity.undoDialog.confirm')}</DangerButton>}
            {!running && (
              <Button ref={closeRef} appearance={phase === 'confirm' ? 'secondary' : 'primary'} onClick={closeUndo}>
                {phase === 'confirm' ? t('common.cancel') : t('activity.undoDialog.close')}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
