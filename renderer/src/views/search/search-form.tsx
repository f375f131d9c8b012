import { useId, useMemo, useRef, type KeyboardEvent } from 'react';
import { Button, Field, Input, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss20Regular, Search20Regular, Stop20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}`,
  },
  // Inputs and button share one baseline row; the hint sits under it, so nothing needs nudging.
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  hint: { color: tokens.colorNeutralForeground3 },
  pattern: { flexGrow: 1, flexBasis: '320px', maxWidth: '560px' },
  scope: { flexBasis: '260px', minWidth: '220px' },
  button: { minWidth: '104px' },
});

/** Props of {@link SearchForm}. */
export interface SearchFormProps {
  /** Moves focus into the results (ArrowDown from the box), when there are any. */
  onFocusResults(): void;
}

/**
 * The search box (Enter searches, Escape clears, ↓ goes to the results), the "look in" scope and
 * one Search/Stop button: a single element whose role changes, so focus stays on it while it runs.
 */
export function SearchForm({ onFocusResults }: SearchFormProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const text = useAppStore((s) => s.searchText);
  const scope = useAppStore((s) => s.searchScope);
  const status = useAppStore((s) => s.search.status);
  const hasResults = useAppStore((s) => s.search.status !== 'idle');
  const shadows = useAppStore((s) => s.shadows.data);
  const setText = useAppStore((s) => s.setSearchText);
  const setScope = useAppStore((s) => s.setSearchScope);
  const runSearch = useAppStore((s) => s.runSearch);
  const stopSearch = useAppStore((s) => s.stopSearch);
  const clearSearch = useAppStore((s) => s.clearSearch);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const running = status === 'running' || status === 'stopping';

  const copies = useMemo(() => [...(shadows ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), [shadows]);
  // A copy deleted since it was chosen falls back to every copy.
  const scopeValue = scope && copies.some((c) => c.id === scope) ? scope : '';

  const clear = () => {
    clearSearch();
    input.current?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape' && (text !== '' || hasResults)) {
      e.preventDefault();
      if (running) stopSearch();
      else clear();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      onFocusResults();
    }
  };

  return (
    <form
      role="search"
      aria-label={t('search.formLabel')}
      className={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        // Nothing typed: say where to type rather than a disabled button that explains nothing.
        if (text.trim() === '') return input.current?.focus();
        if (scope !== null && scopeValue === '') setScope(null);
        void runSearch();
      }}
    >
      <div className={styles.row}>
        <Field label={t('search.pattern')} className={styles.pattern}>
          <Input
            aria-describedby={hintId}
            ref={input}
            value={text}
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('search.patternPlaceholder')}
            contentBefore={<Search20Regular aria-hidden="true" />}
            contentAfter={
              text !== '' || hasResults ? (
                <Button size="small" appearance="transparent" icon={<Dismiss20Regular />} aria-label={t('search.clear')} title={t('search.clear')} onClick={clear} />
              ) : undefined
            }
            onChange={(_, d) => setText(d.value)}
            onKeyDown={onKey}
          />
        </Field>
        <Field label={t('search.scope')} className={styles.scope}>
          <Select value={scopeValue} onChange={(_, d) => setScope(d.value === '' ? null : d.value)}>
            <option value="">{t('search.scopeAll', { count: copies.length, n: f.number(copies.length) })}</option>
            {copies.map((c) => (
              <option key={c.id} value={c.id}>{t('search.scopeCopy', { volume: c.volume, date: f.dateTime(c.createdAt) })}</option>
            ))}
          </Select>
        </Field>
        <Button
          className={styles.button}
          type={running ? 'button' : 'submit'}
          appearance={running ? 'secondary' : 'primary'}
          icon={running ? <Stop20Regular /> : <Search20Regular />}
          disabled={status === 'stopping'}
          onClick={running ? stopSearch : undefined}
        >
          {status === 'stopping' ? t('search.stopping') : running ? t('search.stop') : t('search.start')}
        </Button>
      </div>
      <Text id={hintId} size={200} className={styles.hint}>{t('search.patternHint')}</Text>
    </form>
  );
}
