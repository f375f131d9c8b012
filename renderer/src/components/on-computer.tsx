import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Desktop16Regular, Laptop16Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { AppState } from '../store/app-state';
import { useAppStore } from '../store/store';

const useStyles = makeStyles({
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** The name a computer goes by in the window: the label the helpdesk gave it, else its SSH target. */
export function selectComputerLabel(s: AppState, target: string | null): string | null {
  if (target === null) return null;
  return s.computers.data?.find((c) => c.target === target)?.label ?? target;
}

/** The chosen computer as every confirmation names it. */
export interface ChosenComputer {
  /** Its SSH target (what calls are sent to), or null for this computer. */
  target: string | null;
  /** "ana-laptop", "Ana's laptop", or "this computer" in the UI language. */
  name: string;
  /**
   * What a dialog title adds after what it acts on: " on ana-laptop" for another computer, nothing
   * for this one (whose titles stay as they were; the note in the dialog still says "This computer").
   */
  on: string;
}

/** Names a computer (null = this one) as confirmations do. */
export function useComputer(target: string | null): ChosenComputer {
  const { t } = useTranslation();
  const label = useAppStore((s) => selectComputerLabel(s, target));
  const name = label ?? t('computers.thisComputerLower');
  return { target, name, on: target === null ? '' : t('computers.onSuffix', { name }) };
}

/**
 * The computer a dialog acts on, read when it renders: a destructive dialog names it and passes this
 * `target` to its action on confirm, so what runs is what the user read, even after a switch.
 */
export function useChosenComputer(): ChosenComputer {
  return useComputer(useAppStore((s) => s.computer));
}

/**
 * "On ana-laptop" (a coloured badge) or "On this computer", in every dialog that changes a machine,
 * so nobody deletes copies on the wrong computer.
 */
export function OnComputerNote({ computer }: { computer: ChosenComputer }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <span className={styles.line} data-testid="on-computer">
      <Text>{t('computers.onLabel')}</Text>
      {computer.target === null
        ? <Badge appearance="tint" color="informative" icon={<Desktop16Regular />}>{t('computers.thisComputer')}</Badge>
        : <Badge appearance="filled" color="severe" icon={<Laptop16Regular />}>{computer.name}</Badge>}
    </span>
  );
}
