import { Fragment, useState } from 'react';
import { Badge, Button, Field, Input, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { DocumentBulletListClock24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import { RestoreDialog } from '../restore/restore-dialog';
import type { Comparison, Version } from '../../api/contract-types';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalM}`,
  },
  path: { flexGrow: 1, maxWidth: '640px' },
  body: {
    flexGrow: 1,
    minHeight: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}`,
  },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '1100px' },
  card: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow2,
  },
  cardText: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: '240px' },
  meta: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  current: { color: tokens.colorNeutralForeground2 },
  diff: {
    margin: 0,
    maxHeight: '420px',
    maxWidth: '1100px',
    overflow: 'auto',
    padding: tokens.spacingVerticalS,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    whiteSpace: 'pre',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  line: { display: 'block', padding: `0 ${tokens.spacingHorizontalS}` },
  added: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorNeutralForeground1 },
  removed: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorNeutralForeground1 },
  hunk: { color: tokens.colorNeutralForeground3 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content repeat(2, minmax(0, 1fr))', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, maxWidth: '900px' },
  factHead: { fontWeight: tokens.fontWeightSemibold },
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

function DiffView({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  if (comparison.kind === 'text' && !comparison.identical) {
    const lines = comparison.patch.replace(/\n$/, '').split('\n');
    return (
      <pre className={styles.diff} role="region" aria-label={t('versions.diffLabel')} tabIndex={0} data-testid="diff">
        {lines.map((line, i) => {
          const cls = line.startsWith('+++') || line.startsWith('---') || line.startsWith('@@')
            ? styles.hunk
            : line.startsWith('+') ? styles.added : line.startsWith('-') ? styles.removed : undefined;
          return <span key={i} className={mergeClasses(styles.line, cls)}>{line || ' '}</span>;
        })}
      </pre>
    );
  }
  if (comparison.kind === 'folder') {
    return (
      <div role="region" aria-label={t('versions.diffLabel')} data-testid="diff">
        <Text>{t('versions.folderDiff', { added: comparison.added.length, removed: comparison.removed.length, changed: comparison.changed.length })}</Text>
      </div>
    );
  }
  const side = (s: typeof comparison.left) => [
    s.exists ? (s.size === null ? '—' : f.bytes(s.size)) : t('versions.missing'),
    s.modifiedAt ? f.dateTime(s.modifiedAt) : '—',
    s.sha256 ?? '—',
  ];
  const l = side(comparison.left);
  const r = side(comparison.right);
  return (
    <div role="region" aria-label={t('versions.diffLabel')} data-testid="diff">
      <Text weight="semibold">{comparison.identical ? t('versions.identical') : t('versions.binaryDifferent')}</Text>
      <div className={styles.facts}>
        <span />
        <span className={styles.factHead}>{t('versions.thatVersion')}</span>
        <span className={styles.factHead}>{t('versions.now')}</span>
        {[t('versions.size'), t('versions.modified'), 'SHA-256'].map((label, i) => (
          <Fragment key={label}>
            <span className={styles.meta}>{label}</span>
            <span className={i === 2 ? styles.hash : undefined}>{l[i]}</span>
            <span className={i === 2 ? styles.hash : undefined}>{r[i]}</span>
          </Fragment>
        ))}
      </div>
    </div>
  );
}

/**
 * Previous versions of one path (also a deleted one): the distinct versions, newest first, each
 * with Restore (through the restore plan dialog) and Compare with current.
 */
export function VersionsView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const versionsPath = useAppStore((s) => s.versionsPath);
  const list = useAppStore((s) => s.versionList);
  const comparison = useAppStore((s) => s.comparison);
  const loadVersions = useAppStore((s) => s.loadVersions);
  const compareWithCurrent = useAppStore((s) => s.compareWithCurrent);
  const planRestore = useAppStore((s) => s.planRestore);
  const restoring = useAppStore((s) => s.restore !== null);
  const [path, setPath] = useState(versionsPath || 'C:\\Users\\ana\\Documents\\report.txt');
  const submit = () => { if (path.trim()) void loadVersions(path.trim()); };
  const data = list.data;
  const holder = (v: Version) => v.shadowIds[v.shadowIds.length - 1]!;

  return (
    <>
      <ViewHeader id="view-title" title={t('versions.title')} subtitle={t('versions.subtitle')} />
      <form className={styles.form} onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Field label={t('versions.path')} className={styles.path}>
          <Input value={path} onChange={(_, d) => setPath(d.value)} placeholder="C:\Users\ana\Documents\report.txt" />
        </Field>
        <Button type="submit" appearance="primary" disabled={path.trim() === ''}>{t('versions.show')}</Button>
      </form>
      <div className={styles.body}>
        {list.error && <ErrorBar error={list.error} title={t('versions.loadFailed')} onRetry={submit} />}
        {list.status === 'loading' && <LoadingState label={t('versions.loading')} />}
        {list.status === 'idle' && (
          <EmptyState icon={<DocumentBulletListClock24Regular />} title={t('versions.startTitle')} body={t('versions.startBody')} />
        )}
        {data && list.status === 'ready' && (
          <>
            <Text className={styles.current} role="status">
              {data.current
                ? t('versions.currentIs', { path: data.path, size: f.bytes(data.current.size), modified: f.dateTime(data.current.modifiedAt) })
                : t('versions.currentMissing', { path: data.path })}
            </Text>
            {data.versions.length === 0 && (
              <EmptyState icon={<DocumentBulletListClock24Regular />} title={t('versions.noneTitle')} body={t('versions.noneBody')} />
            )}
            {data.versions.length > 0 && (
              <ul className={styles.list} aria-label={t('versions.listLabel', { count: data.versions.length })}>
                {data.versions.map((v) => {
                  const date = f.dateTime(v.lastSeen);
                  return (
                    <li key={holder(v)} className={styles.card} data-testid="version">
                      <div className={styles.cardText}>
                        <Text weight="semibold">{t('versions.fromCopy', { date })}</Text>
                        <Text size={200} className={styles.meta}>
                          {`${v.kind === 'file' ? `${f.bytes(v.size)} · ` : ''}${t('versions.modifiedAt', { date: f.dateTime(v.modifiedAt) })} · ${t('versions.inCopies', { count: v.shadowIds.length })}`}
                        </Text>
                      </div>
                      <Badge appearance="tint" color={v.sameAsCurrent ? 'informative' : 'warning'} shape="rounded">
                        {v.sameAsCurrent ? t('versions.same') : t('versions.different')}
                      </Badge>
                      <div className={styles.actions}>
                        <Button onClick={() => void planRestore({ shadowId: holder(v), paths: [data.path] })} aria-label={t('versions.restoreAria', { date })}>
                          {t('versions.restore')}
                        </Button>
                        {data.current && v.kind === 'file' && (
                          <Button onClick={() => void compareWithCurrent(data.path, holder(v))} aria-label={t('versions.compareAria', { date })}>
                            {t('versions.compare')}
                          </Button>
                        )}
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
            {comparison.status === 'loading' && <LoadingState label={t('versions.comparing')} />}
            {comparison.error && <ErrorBar error={comparison.error} title={t('versions.compareFailed')} />}
            {comparison.data && comparison.status === 'ready' && <DiffView comparison={comparison.data} />}
          </>
        )}
      </div>
      {restoring && <RestoreDialog />}
    </>
  );
}
