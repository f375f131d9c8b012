import { useEffect, useId, useState } from 'react';
import { Badge, Button, Text, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  Checkmark20Regular, Copy20Regular, DocumentBulletListClock20Regular, Document48Regular, Folder48Regular, FolderOpen20Regular,
  DocumentSearch32Regular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/use-format';
import type { SearchHit } from '../../api/contract-types';
import { changedFromOlder, copiesNewestFirst, hitName } from './hit-facts';
import { copyText } from './copy-text';

const useStyles = makeStyles({
  pane: {
    minHeight: 0,
    minWidth: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  empty: { alignItems: 'center', justifyContent: 'center', textAlign: 'center', color: tokens.colorNeutralForeground3 },
  emptyIcon: { display: 'flex', color: tokens.colorNeutralForeground4 },
  head: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  bigIcon: { display: 'flex', color: tokens.colorNeutralForeground3, flexShrink: 0 },
  bigFolder: { display: 'flex', color: tokens.colorPaletteMarigoldForeground1, flexShrink: 0 },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  title: { overflowWrap: 'anywhere' },
  path: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere', userSelect: 'text', paddingTop: '4px' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  copyFailed: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  note: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  copies: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  copy: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: `${tokens.spacingVerticalS} 0`,
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  copyLine: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  relative: { color: tokens.colorNeutralForeground3 },
  tags: { display: 'flex', gap: tokens.spacingHorizontalXS, marginLeft: 'auto' },
  facts: { color: tokens.colorNeutralForeground2, fontVariantNumeric: 'tabular-nums' },
  pathLine: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
});

/** Props of {@link HitDetails}. */
export interface HitDetailsProps {
  hit: SearchHit | null;
  /** Copy counts are final; otherwise a note says other copies may hold it too. */
  countsFinal: boolean;
  onVersions(hit: SearchHit): void;
  onBrowse(hit: SearchHit): void;
}

/**
 * The selected result: its full path, whether it is still there, the actions (Previous versions,
 * Show in Browse, Copy path) and every copy holding it, newest first, marking where it changed.
 */
export function HitDetails({ hit, countsFinal, onVersions, onBrowse }: HitDetailsProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const headingId = useId();
  if (!hit) {
    return (
      <section className={mergeClasses(styles.pane, styles.empty)} aria-labelledby={headingId}>
        <span className={styles.emptyIcon} aria-hidden="true"><DocumentSearch32Regular /></span>
        <Text as="h2" id={headingId} weight="semibold" size={400}>{t('search.detailsEmptyTitle')}</Text>
        <Text>{t('search.detailsEmptyBody')}</Text>
      </section>
    );
  }
  // Keyed by path so the "Copied" state of one result never shows on the next.
  return <Details key={hit.path} hit={hit} countsFinal={countsFinal} onVersions={onVersions} onBrowse={onBrowse} />;
}

function Details({ hit, countsFinal, onVersions, onBrowse }: HitDetailsProps & { hit: SearchHit }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const headingId = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (copied !== 'copied') return;
    const timer = setTimeout(() => setCopied('idle'), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  const name = hitName(hit);
  const copies = copiesNewestFirst(hit);
  const n = copies.length;

  return (
    <section className={styles.pane} aria-labelledby={headingId} data-testid="search-details">
      <div className={styles.head}>
        <span className={hit.kind === 'folder' ? styles.bigFolder : styles.bigIcon} aria-hidden="true">
          {hit.kind === 'folder' ? <Folder48Regular /> : <Document48Regular />}
        </span>
        <div className={styles.titles}>
          <Text as="h2" id={headingId} size={500} weight="semibold" className={styles.title}>{name}</Text>
          <span className={styles.pathLine}>
            <Text className={styles.path}>{hit.path}</Text>
            <Tooltip content={copied === 'copied' ? t('common.copied') : t('search.copyPath')} relationship="description" withArrow>
              <Button
                size="small"
                appearance="subtle"
                icon={copied === 'copied' ? <Checkmark20Regular /> : <Copy20Regular />}
                aria-label={t('search.copyPath')}
                onClick={() => void copyText(hit.path).then((ok) => setCopied(ok ? 'copied' : 'failed'))}
              />
            </Tooltip>
          </span>
          <span>
            <Badge appearance="tint" shape="rounded" color={hit.existsNow ? 'success' : 'danger'}>
              {hit.existsNow ? t('search.existsNow') : t('search.deletedLong')}
            </Badge>
          </span>
        </div>
      </div>
      <div role="status" className={copied === 'failed' ? styles.copyFailed : 'visually-hidden'} data-testid="copy-status">
        {copied === 'failed' ? t('search.copyFailed') : copied === 'copied' ? t('search.copiedPath') : ''}
      </div>

      <div className={styles.actions}>
        <Tooltip content={t('search.previousVersionsHint')} relationship="description" withArrow>
          <Button appearance="primary" icon={<DocumentBulletListClock20Regular />} onClick={() => onVersions(hit)}>
            {t('search.previousVersions')}
          </Button>
        </Tooltip>
        <Tooltip content={t('search.showInBrowseHint')} relationship="description" withArrow>
          <Button icon={<FolderOpen20Regular />} onClick={() => onBrowse(hit)}>{t('search.showInBrowse')}</Button>
        </Tooltip>
      </div>

      <div className={styles.section}>
        <Text as="h3" weight="semibold">{t('search.copiesHeading', { count: n, n: f.number(n) })}</Text>
        {!countsFinal && <Text className={styles.note}>{t('search.copiesPartial')}</Text>}
        <ul className={styles.copies} aria-label={t('search.copiesCaption', { name })} data-testid="search-copies">
          {copies.map((c, i) => {
            const changed = changedFromOlder(copies, i);
            return (
              <li key={c.shadowId} className={styles.copy}>
                <span className={styles.copyLine}>
                  <Text weight="semibold" size={200}>{f.dateTime(c.createdAt)}</Text>
                  <Text size={200} className={styles.relative}>{f.relative(c.createdAt)}</Text>
                  <span className={styles.tags}>
                    {i === 0 && <Badge size="small" appearance="outline" color="brand" shape="rounded">{t('search.newest')}</Badge>}
                    {changed && <Badge size="small" appearance="tint" color="warning" shape="rounded" title={t('search.changedHint')}>{t('search.changed')}</Badge>}
                    {changed && <span className="visually-hidden">{t('search.changedHint')}</span>}
                  </span>
                </span>
                <Text size={200} className={styles.facts}>
                  {hit.kind === 'file'
                    ? t('search.copyFacts', { size: f.bytes(c.size), modified: f.dateTime(c.modifiedAt) })
                    : t('search.copyFactsFolder', { modified: f.dateTime(c.modifiedAt) })}
                </Text>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
