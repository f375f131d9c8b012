import { useId } from 'react';
import { Checkbox, Label, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Warning12Filled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { volumeTitle } from '../views/volumes/volume-facts';
import type { Volume } from '../api/contract-types';

const useStyles = makeStyles({
  group: { display: 'flex', flexDirection: 'column' },
  pickOne: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorPaletteDarkOrangeForeground1 },
});

/**
 * Checkboxes for the volumes a dialog acts on (Create a copy, New schedule), saying under them when
 * none is chosen. One labelled group, not a Field: a Field gives its one control an id, and every
 * checkbox inside would share it, so a click on "Data (D:)" would toggle the first box.
 */
export function VolumeChoice({ label, volumes, chosen, onChange, pickOne }: {
  label: string;
  volumes: Volume[];
  chosen: ReadonlySet<string>;
  onChange(next: Set<string>): void;
  /** What to say while nothing is chosen. */
  pickOne: string;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const labelId = useId();
  const pickOneId = useId();
  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(name);
    else next.delete(name);
    onChange(next);
  };
  const none = volumes.every((v) => !chosen.has(v.name));
  return (
    <div className={styles.group} role="group" aria-labelledby={labelId} aria-describedby={none ? pickOneId : undefined}>
      <Label id={labelId}>{label}</Label>
      {volumes.map((v) => (
        <Checkbox key={v.guidPath} label={volumeTitle(v, t('volumes.untitled'))} checked={chosen.has(v.name)} onChange={(_, d) => toggle(v.name, d.checked === true)} />
      ))}
      {none && (
        <Text id={pickOneId} size={200} className={styles.pickOne}>
          <Warning12Filled aria-hidden />
          {pickOne}
        </Text>
      )}
    </div>
  );
}
