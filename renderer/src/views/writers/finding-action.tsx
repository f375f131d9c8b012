import { useState } from 'react';
import { Button } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/store';
import type { Finding } from '../../api/contract-types';

/**
 * The one-click fix for a health-check finding: the doctor's next step as a button rather than the
 * CLI command the terminal report prints. Creating a copy runs here (it destroys nothing); storage
 * and deletion open Volumes, where those actions confirm what they will cost.
 */
export function FindingAction({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  const createShadows = useAppStore((s) => s.createShadows);
  // The computer this view shows: the action runs there even if another is chosen before it starts.
  const computer = useAppStore((s) => s.computer);
  const loadDoctor = useAppStore((s) => s.loadDoctor);
  const setView = useAppStore((s) => s.setView);
  const [busy, setBusy] = useState(false);
  const action = finding.action;
  if (!action) return null;
  if (action.kind === 'create-copy') {
    return (
      <Button
        size="small"
        disabledFocusable={busy}
        onClick={() => {
          setBusy(true);
          void createShadows([action.volume], false, computer).then(() => loadDoctor()).finally(() => setBusy(false));
        }}
      >
        {t('writers.action.createCopy', { volume: action.volume })}
      </Button>
    );
  }
  return (
    <Button size="small" onClick={() => setView('volumes')}>
      {t(action.kind === 'delete-oldest' ? 'writers.action.deleteOldest' : 'writers.action.configureStorage', { volume: action.volume })}
    </Button>
  );
}
