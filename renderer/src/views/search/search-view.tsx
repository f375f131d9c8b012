import { useEffect, useRef, type ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpen24Regular, Search24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import type { SearchHit } from '../../api/contract-types';
import { HitDetails } from './hit-details';
import { hitParentRelative, newestCopy } from './hit-facts';
import { SearchForm } from './search-form';
import { SearchResults, type SearchResultsHandle } from './search-results';
import { SearchAnnouncer, SearchStatus } from './search-status';

const useStyles = makeStyles({
  errors: { padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalS}` },
  split: {
    flexGrow: 1,
    minHeight: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(280px, 340px)',
    gap: tokens.spacingHorizontalL,
    padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}`,
    // A narrow window stacks the details under the results.
    '@media (max-width: 1060px)': { gridTemplateColumns: 'minmax(0, 1fr)', gridTemplateRows: 'minmax(280px, 1fr) auto', overflowY: 'auto' },
  },
  single: { flexGrow: 1, minHeight: 0, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
});

/**
 * Search: a name or pattern across every shadow copy (or one), deleted files included. Results
 * stream in grouped by path, in a virtualized list with the selected one's copies and actions beside
 * it (Previous versions, Show in Browse, Copy path). Stop keeps what was found; the last search is
 * kept in the store, so leaving the view and coming back shows it again.
 */
export function SearchView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const run = useAppStore((s) => s.search);
  const selected = useAppStore((s) => s.searchSelected);
  const shadows = useAppStore((s) => s.shadows);
  const loadShadows = useAppStore((s) => s.loadShadows);
  const selectHit = useAppStore((s) => s.selectSearchHit);
  const loadVersions = useAppStore((s) => s.loadVersions);
  const openFolder = useAppStore((s) => s.openFolder);
  const setView = useAppStore((s) => s.setView);
  const results = useRef<SearchResultsHandle>(null);

  useEffect(() => { void loadShadows(); }, [loadShadows]);

  const hits = run.hits;
  const hit = selected === null ? null : hits.find((h) => h.path === selected) ?? null;
  const countsFinal = run.status === 'done' && !run.truncated;
  const running = run.status === 'running' || run.status === 'stopping';
  const noCopies = shadows.data !== null && shadows.data.length === 0;

  const goTo = (view: 'versions' | 'browse') => {
    setView(view);
    // Land keyboard and screen-reader users on the new view, as the navigation does.
    requestAnimationFrame(() => document.getElementById('main')?.focus());
  };
  const openVersions = (h: SearchHit) => {
    void loadVersions(h.path);
    goTo('versions');
  };
  const showInBrowse = (h: SearchHit) => {
    void openFolder(newestCopy(h).shadowId, hitParentRelative(h));
    goTo('browse');
  };

  let empty: ReactNode = null;
  if (hits.length === 0) {
    if (run.status === 'idle') {
      empty = noCopies
        ? <EmptyState icon={<FolderOpen24Regular />} title={t('search.noCopiesTitle')} body={t('search.noCopiesBody')} />
        : <EmptyState icon={<Search24Regular />} title={t('search.startTitle')} body={t('search.startBody')} />;
    } else if (running) {
      empty = <LoadingState label={t('search.searching')} />;
    } else if (run.status === 'done') {
      empty = <EmptyState icon={<Search24Regular />} title={t('search.noneTitle', { pattern: run.pattern })} body={t('search.noneBody')} />;
    } else if (run.status === 'stopped') {
      empty = <EmptyState icon={<Search24Regular />} title={t('search.stoppedNoneTitle')} />;
    }
  }

  return (
    <>
      <ViewHeader id="view-title" title={t('search.title')} subtitle={t('search.subtitle')} />
      <SearchForm onFocusResults={() => results.current?.focusSelected()} />
      {shadows.error && (
        <div className={styles.errors}>
          <ErrorBar error={shadows.error} title={t('browse.loadCopiesFailed')} onRetry={() => void loadShadows()} />
        </div>
      )}
      <SearchStatus />
      {hits.length > 0 ? (
        <div className={styles.split}>
          <SearchResults
            handle={results}
            hits={hits}
            selected={hit?.path ?? null}
            countsFinal={countsFinal}
            label={t('search.resultsLabel', { count: hits.length, n: f.number(hits.length) })}
            onSelect={selectHit}
            onOpen={openVersions}
          />
          <HitDetails hit={hit} countsFinal={countsFinal} onVersions={openVersions} onBrowse={showInBrowse} />
        </div>
      ) : (
        <div className={styles.single}>{empty}</div>
      )}
      <SearchAnnouncer />
    </>
  );
}
