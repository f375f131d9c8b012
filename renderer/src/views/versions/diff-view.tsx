import { Fragment } from 'react';
import { Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { Comparison } from '../../api/contract-types';

const useStyles = makeStyles({
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
  fill: { maxHeight: 'none', maxWidth: 'none', height: '100%', boxSizing: 'border-box' },
  line: { display: 'block', padding: `0 ${tokens.spacingHorizontalS}` },
  added: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorNeutralForeground1 },
  removed: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorNeutralForeground1 },
  hunk: { color: tokens.colorNeutralForeground3 },
  facts: { display: 'grid', gridTemplateColumns: 'max-content repeat(2, minmax(0, 1fr))', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, maxWidth: '900px' },
  factHead: { fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground3 },
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  folder: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  paths: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, maxHeight: '240px', overflowY: 'auto' },
});

/** Props of {@link DiffView}. */
export interface DiffViewProps {
  comparison: Comparison;
  /** Grow to the container (a dialog) instead of the inline size the versions list uses. */
  fill?: boolean;
}

/** Paths listed per group in a folder comparison; the counts say how many there are in all. */
const FOLDER_LIST_CAP = 200;

/**
 * A comparison of a version with now, as people read one: a coloured unified diff for text, size,
 * time and SHA-256 side by side for anything else, counts (and the paths) for a folder. Shared by
 * Previous versions and Browse's "Compare with current", so both say the same thing the same way.
 */
export function DiffView({ comparison, fill = false }: DiffViewProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  if (comparison.kind === 'text' && !comparison.identical) {
    const lines = comparison.patch.replace(/\n$/, '').split('\n');
    return (
      <pre className={mergeClasses(styles.diff, fill && styles.fill)} role="region" aria-label={t('versions.diffLabel')} tabIndex={0} data-testid="diff">
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
    const groups = [
      ['versions.addedPaths', comparison.added],
      ['versions.removedPaths', comparison.removed],
      ['versions.changedPaths', comparison.changed],
    ] as const;
    return (
      <div role="region" aria-label={t('versions.diffLabel')} data-testid="diff" className={styles.folder}>
        <Text>{t('versions.folderDiff', { added: comparison.added.length, removed: comparison.removed.length, changed: comparison.changed.length })}</Text>
        {groups.filter(([, paths]) => paths.length > 0).map(([key, paths]) => (
          <Fragment key={key}>
            <Text weight="semibold">{t(key, { count: paths.length })}</Text>
            <ul className={styles.paths}>
              {paths.slice(0, FOLDER_LIST_CAP).map((p) => <li key={p}>{p}</li>)}
              {paths.length > FOLDER_LIST_CAP && <li>{t('versions.andMore', { count: paths.length - FOLDER_LIST_CAP })}</li>}
            </ul>
          </Fragment>
        ))}
        {comparison.truncated && <Text className={styles.meta}>{t('versions.folderTruncated')}</Text>}
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
