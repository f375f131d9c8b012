import { useEffect, useId, useState } from 'react';
import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Label,
  MessageBar, MessageBarBody, Select, Spinner, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { Warning12Filled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { VolumeChoice } from '../../components/volume-choice';
import { WEEKDAY_ORDER, describeRetention, weekdayName } from '../../i18n/describe-schedule';
import { useFormat } from '../../i18n/use-format';
import { DEFAULT_RETENTION } from '../../store/schedules-slice';
import { OnComputerNote, useChosenComputer } from '../../components/on-computer';
import { useAppStore } from '../../store/store';
import type { ScheduleDefinition, ScheduleTrigger, Weekday } from '../../api/contract-types';
import { RetentionFields, fromDraft, toDraft, type RetentionDraft } from './retention-fields';
import {
  PRESET_CHOICES, customTrigger, driveLetters, parseTimes, presetTrigger, validScheduleName, type PresetChoice,
} from './schedule-presets';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  group: { display: 'flex', flexDirection: 'column' },
  days: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS },
  hint: { color: tokens.colorNeutralForeground3 },
  pickOne: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorPaletteDarkOrangeForeground1 },
  retention: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  check: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minHeight: '24px' },
});

/** How long typing may pause before the definition is checked again. */
const CHECK_DELAY_MS = 300;

/**
 * The New schedule dialog, shown when the store says so (from the Schedules view, or a volume card
 * with its volume chosen): rendered by every view that can open it.
 */
export function NewScheduleDialogHost() {
  const dialog = useAppStore((s) => s.scheduleDialog);
  const hide = useAppStore((s) => s.hideScheduleDialog);
  return dialog ? <NewScheduleDialog initial={dialog.volumes} onClose={hide} /> : null;
}

/**
 * Defines a schedule: a name, the volumes, when (the Server dialog's default, a preset or any days and
 * times), with or without writers, and its retention. While it is filled in the host says what it
 * would run into (the copy cap, shadow storage) and when the first copy comes, before anything is
 * added; after Add, the warnings it was added with stay on screen until closed.
 */
function NewScheduleDialog({ initial, onClose }: { initial: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const volumes = useAppStore((s) => s.volumes.data) ?? [];
  const existing = useAppStore((s) => s.schedules.data?.schedules);
  const now = useAppStore((s) => s.schedules.data?.now);
  const check = useAppStore((s) => s.scheduleCheck);
  const checkSchedule = useAppStore((s) => s.checkSchedule);
  const add = useAppStore((s) => s.scheduleAdd);
  const addSchedule = useAppStore((s) => s.addSchedule);
  const computer = useChosenComputer();

  // Volumes people keep files on that VSS can copy (the partitions without a mount point stay out).
  const supported = volumes.filter((v) => v.shadowCopySupported === true && v.mountPoints.length > 0);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial));
  const [preset, setPreset] = useState<PresetChoice>('server-default');
  const [days, setDays] = useState<Weekday[]>(['mon', 'tue', 'wed', 'thu', 'fri']);
  const [timesText, setTimesText] = useState('07:00, 12:00');
  const [withWriters, setWithWriters] = useState(false);
  const [draft, setDraft] = useState<RetentionDraft>(() => toDraft(DEFAULT_RETENTION));
  const [retentionOpen, setRetentionOpen] = useState(false);
  const [typedName, setTypedName] = useState<string | null>(null);

  const volumeList = supported.filter((v) => chosen.has(v.name)).map((v) => v.name);
  const times = parseTimes(timesText);
  const trigger: ScheduleTrigger | null = preset === 'custom' ? customTrigger(days, times) : presetTrigger(preset);
  // Until the user types a name, it follows the choices: "Weekdays C", "Hourly C D".
  const name = typedName ?? [t(`schedules.newDialog.defaultName.${preset}`), driveLetters(volumeList)].filter(Boolean).join(' ');
  const nameTaken = (existing ?? []).some((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  const nameError = !validScheduleName(name) ? t('schedules.newDialog.nameInvalid') : nameTaken ? t('schedules.newDialog.nameTaken') : undefined;
  const retention = fromDraft(draft);
  const definition: ScheduleDefinition | null =
    !nameError && volumeList.length > 0 && trigger && retention
      ? { name: name.trim(), volumes: volumeList, trigger, retention, withWriters }
      : null;
  const definitionKey = definition ? JSON.stringify(definition) : null;

  useEffect(() => {
    if (!definitionKey) return;
    const timer = setTimeout(() => void checkSchedule(JSON.parse(definitionKey) as ScheduleDefinition), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [definitionKey, checkSchedule]);

  const daysLabel = useId();
  const retentionId = useId();

  const submit = async () => {
    if (!definition || add.status === 'adding') return;
    const done = await addSchedule(definition, computer.target);
    // Added without a warning: nothing more to say. With warnings, they stay shown until closed.
    if (done && useAppStore.getState().scheduleAdd.warnings.length === 0) onClose();
  };

  const checked = check.key === definitionKey && check.status === 'ready' ? check.data : null;
  const checking = definitionKey !== null && !checked && !(check.key === definitionKey && check.status === 'error');
  const firstRun = !checked || !trigger
    ? null
    : checked.nextRunAt
      ? t('schedules.newDialog.firstRun', { relative: f.relative(checked.nextRunAt, now), date: f.dateTime(checked.nextRunAt) })
      : t(trigger.kind === 'idle' ? 'schedules.newDialog.firstRunIdle' : 'schedules.newDialog.firstRunLogon');

  // Added without a warning: the dialog is done (submit closes it once the list is read again).
  if (add.status === 'added' && add.warnings.length === 0) return null;
  if (add.status === 'added') {
    return (
      <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('schedules.newDialog.addedTitle', { name: definition?.name ?? name })}</DialogTitle>
            <DialogContent className={styles.content}>
              <Text>{t('schedules.newDialog.addedWarnings')}</Text>
              {add.warnings.map((w, i) => (
                <MessageBar key={`${w.kind}-${w.volume}-${i}`} intent="warning" layout="multiline">
                  <MessageBarBody>{w.message}</MessageBarBody>
                </MessageBar>
              ))}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={onClose}>{t('schedules.newDialog.close')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    );
  }

  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <DialogBody>
            <DialogTitle>{t('schedules.newDialog.title', { on: computer.on })}</DialogTitle>
            <DialogContent className={styles.content}>
              <OnComputerNote computer={computer} />
              <Field label={t('schedules.newDialog.name')} hint={nameError ? undefined : t('schedules.newDialog.nameHint')} validationState={nameError ? 'error' : 'none'} validationMessage={nameError}>
                <Input value={name} maxLength={64} onChange={(_, d) => setTypedName(d.value)} />
              </Field>

              <VolumeChoice
                label={t('schedules.newDialog.volumes')}
                volumes={supported}
                chosen={chosen}
                onChange={setChosen}
                pickOne={t('schedules.newDialog.pickVolume')}
              />

              <Field label={t('schedules.newDialog.when')}>
                <Select value={preset} onChange={(_, d) => setPreset(d.value as PresetChoice)}>
                  {PRESET_CHOICES.map((p) => <option key={p} value={p}>{t(`schedules.newDialog.preset.${p}`)}</option>)}
                </Select>
              </Field>

              {preset === 'custom' && (
                <>
                  <div className={styles.group} role="group" aria-labelledby={daysLabel}>
                    <Label id={daysLabel}>{t('schedules.newDialog.days')}</Label>
                    <div className={styles.days}>
                      {WEEKDAY_ORDER.map((d) => (
                        <Checkbox
                          key={d}
                          label={weekdayName(d, f.lang)}
                          checked={days.includes(d)}
                          onChange={(_, e) => setDays(WEEKDAY_ORDER.filter((x) => (x === d ? e.checked === true : days.includes(x))))}
                        />
                      ))}
                    </div>
                    {days.length === 0 && (
                      <Text size={200} className={styles.pickOne}>
                        <Warning12Filled aria-hidden />
                        {t('schedules.newDialog.pickDay')}
                      </Text>
                    )}
                  </div>
                  <Field
                    label={t('schedules.newDialog.times')}
                    hint={times ? t('schedules.newDialog.timesHint') : undefined}
                    validationState={times ? 'none' : 'error'}
                    validationMessage={times ? undefined : t('schedules.newDialog.timesInvalid')}
                  >
                    <Input value={timesText} onChange={(_, d) => setTimesText(d.value)} />
                  </Field>
                </>
              )}

              <Checkbox checked={withWriters} onChange={(_, d) => setWithWriters(d.checked === true)} label={t('schedules.newDialog.withWriters')} />
              <Text size={200} className={styles.hint}>{t('create.writersExplained')}</Text>

              <div className={styles.group}>
                <Label>{t('schedules.newDialog.retention')}</Label>
                <div className={styles.retention}>
                  <Text size={200}>{retention ? describeRetention(retention, t, f.lang) : t('schedules.newDialog.retentionInvalid')}</Text>
                  <Button
                    size="small"
                    appearance="subtle"
                    aria-expanded={retentionOpen}
                    aria-controls={retentionOpen ? retentionId : undefined}
                    onClick={() => setRetentionOpen(!retentionOpen)}
                  >
                    {retentionOpen ? t('schedules.newDialog.retentionHide') : t('schedules.newDialog.retentionChange')}
                  </Button>
                </div>
              </div>
              {retentionOpen && <div id={retentionId}><RetentionFields draft={draft} onChange={setDraft} /></div>}

              <div className={styles.check} aria-live="polite" data-testid="schedule-check">
                {checking && <Spinner size="tiny" label={t('schedules.newDialog.checking')} />}
                {check.key === definitionKey && check.error && <ErrorBar error={check.error} title={t('schedules.newDialog.checkFailed')} />}
                {firstRun && <Text weight="semibold">{firstRun}</Text>}
                {checked?.warnings.map((w, i) => (
                  <MessageBar key={`${w.kind}-${w.volume}-${i}`} intent="warning" layout="multiline">
                    <MessageBarBody>{w.message}</MessageBarBody>
                  </MessageBar>
                ))}
              </div>
              {add.status === 'error' && add.error && (
                <ErrorBar error={add.error} title={t('schedules.newDialog.addFailed')} />
              )}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={!definition || add.status === 'adding'}>
                {add.status === 'adding' ? t('schedules.newDialog.adding') : t('schedules.newDialog.add')}
              </Button>
              <Button onClick={onClose}>{t('common.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
