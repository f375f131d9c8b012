import { useEffect, useState } from 'react';
import {
  Badge, Button, Field, Input, ProgressBar, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, HeartPulse20Regular, Open20Regular, Play20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { useFormat } from '../../i18n/use-format';
import { useAppStore } from '../../store/store';
import type { FleetRow } from '../../api/contract-types';
import { download, fleetView, fullestStorage, totalCopies, type FleetFilter, type FleetSortKey } from './fleet-table';

const useStyles = makeStyles({
  scroll: { flexGrow: 1, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-end' },
  // Columns sized by what they hold (Fluent's Table shares the width out evenly by default).
  table: { backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium, minWidth: '960px', tableLayout: 'auto' },
  small: { color: tokens.colorNeutralForeground3 },
  cellCol: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
});

const COLUMNS: FleetSortKey[] = ['target', 'status', 'elevated', 'copies', 'newest', 'storage', 'writers', 'worst'];

/**
 * Fleet health: the doctor on every listed computer at once (a bounded number of connections, a
 * timeout each, on the host), rows arriving as each computer answers; sort, filter, open a computer
 * from its row, and export the report's own CSV and Markdown.
 */
export function FleetView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const fleet = useAppStore((s) => s.fleet);
  const computers = useAppStore((s) => s.computers);
  const loadComputers = useAppStore((s) => s.loadComputers);
  const runFleet = useAppStore((s) => s.runFleet);
  const cancelFleet = useAppStore((s) => s.cancelFleet);
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<FleetFilter>('all');
  const [sort, setSort] = useState<{ key: FleetSortKey; ascending: boolean }>({ key: 'worst', ascending: false });
  useEffect(() => {
    if (computers.status === 'idle') void loadComputers();
  }, [computers.status, loadComputers]);
  const count = computers.data?.length ?? 0;
  const running = fleet.status === 'running';
  const rows = fleetView(fleet.rows, text, filter, sort.key, sort.ascending);
  const stamp = fleet.report?.finishedAt.slice(0, 10) ?? '';
  const sortBy = (key: FleetSortKey) => setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : key === 'target' }));
  return (
    <>
      <ViewHeader id="view-title" title={t('fleet.title')} subtitle={t('fleet.subtitle')}>
        {running
          ? <Button onClick={cancelFleet}>{t('common.cancel')}</Button>
          : <Button appearance="primary" icon={<Play20Regular />} disabledFocusable={count === 0} onClick={() => void runFleet()}>{t('fleet.run', { count })}</Button>}
        <Button icon={<ArrowDownload20Regular />} disabledFocusable={!fleet.report} onClick={() => fleet.report && download(`shadowdesk-fleet-${stamp}.csv`, 'text/csv', fleet.report.csv)}>
          {t('fleet.exportCsv')}
        </Button>
        <Button icon={<ArrowDownload20Regular />} disabledFocusable={!fleet.report} onClick={() => fleet.report && download(`shadowdesk-fleet-${stamp}.md`, 'text/markdown', fleet.report.markdown)}>
          {t('fleet.exportMarkdown')}
        </Button>
      </ViewHeader>
      <div className={styles.scroll}>
        <div className={styles.body}>
          {computers.status === 'ready' && count === 0 && (
            <EmptyState icon={<HeartPulse20Regular />} title={t('fleet.noComputers')} body={t('fleet.noComputersBody')} />
          )}
          {fleet.status === 'error' && fleet.error && <ErrorBar error={fleet.error} title={t('fleet.failed')} onRetry={() => void runFleet()} />}
          {fleet.status === 'cancelled' && <Text role="status">{t('fleet.cancelled', { done: fleet.done, total: fleet.total })}</Text>}
          {(running || fleet.total > 0) && fleet.status !== 'error' && (
            <Field
              label={t('fleet.progressLabel')}
              validationState="none"
              validationMessage={running ? t('fleet.progress', { done: fleet.done, total: fleet.total }) : t('fleet.finished', { count: fleet.total, total: fleet.total })}
            >
              <ProgressBar value={fleet.total > 0 ? fleet.done / fleet.total : undefined} />
            </Field>
          )}
          {fleet.rows.length > 0 && (
            <>
              <div className={styles.filters}>
                <Field label={t('fleet.filterText')}>
                  <Input value={text} onChange={(_, d) => setText(d.value)} />
                </Field>
                <Field label={t('fleet.filterKind')}>
                  <Select value={filter} onChange={(_, d) => setFilter(d.value as FleetFilter)}>
                    <option value="all">{t('fleet.filter.all')}</option>
                    <option value="problems">{t('fleet.filter.problems')}</option>
                    <option value="unreachable">{t('fleet.filter.unreachable')}</option>
                  </Select>
                </Field>
                <Text role="status" className={styles.small}>{t('fleet.shown', { shown: rows.length, total: fleet.rows.length })}</Text>
              </div>
              <Table sortable className={styles.table} aria-label={t('fleet.tableLabel')} size="small" data-testid="fleet-table">
                <TableHeader>
                  <TableRow>
                    {COLUMNS.map((key) => (
                      <TableHeaderCell
                        key={key}
                        sortDirection={sort.key === key ? (sort.ascending ? 'ascending' : 'descending') : undefined}
                        onClick={() => sortBy(key)}
                      >
                        {t(`fleet.col.${key}`)}
                      </TableHeaderCell>
                    ))}
                    <TableHeaderCell><span className="visually-hidden">{t('fleet.col.actions')}</span></TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((row) => <FleetTableRow key={row.target} row={row} />)}
                </TableBody>
              </Table>
            </>
          )}
        </div>
      </div>
    </>
  );
}

/** A computer's row: each column in words, and Open to work on that computer. */
function FleetTableRow({ row }: { row: FleetRow }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const f = useFormat();
  const chooseComputer = useAppStore((s) => s.chooseComputer);
  const setView = useAppStore((s) => s.setView);
  const label = useAppStore((s) => s.computers.data?.find((c) => c.target === row.target)?.label);
  const ok = row.status === 'ok';
  const fullest = fullestStorage(row);
  const open = () => {
    void chooseComputer(row.target);
    setView('volumes');
  };
  return (
    <TableRow data-testid="fleet-row" data-status={row.status}>
      <TableCell>
        <div className={styles.cellCol}>
          <Text weight="semibold">{label ?? row.target}</Text>
          <Text size={200} className={styles.small}>{[label ? row.target : null, row.hostname].filter(Boolean).join(' · ')}</Text>
        </div>
      </TableCell>
      <TableCell>
        <div className={styles.cellCol}>
          <Badge appearance="tint" color={ok ? 'success' : 'danger'}>{t(`fleet.status.${row.status}`)}</Badge>
          {row.error && <Text size={200}>{row.error.message}{row.error.next ? ` ${row.error.next}` : ''}</Text>}
        </div>
      </TableCell>
      <TableCell>{row.elevated === true ? t('fleet.elevatedYes') : row.elevated === false ? t('fleet.elevatedNo') : t('fleet.unknown')}</TableCell>
      <TableCell>
        {ok ? (
          <div className={styles.cellCol}>
            <Text>{t('fleet.copies', { count: totalCopies(row) })}</Text>
            <Text size={200} className={styles.small}>{row.volumes.map((v) => `${v.volume} ${f.number(v.copies)}`).join(' · ')}</Text>
          </div>
        ) : '—'}
      </TableCell>
      <TableCell>{!ok ? '—' : row.newestCopyAgeHours === null ? t('fleet.noCopy') : ageText(t, row.newestCopyAgeHours)}</TableCell>
      <TableCell>{!ok ? '—' : fullest === null ? t('fleet.noLimit') : t('fleet.storage', { percent: f.percent(fullest) })}</TableCell>
      <TableCell>{!ok ? '—' : row.failedWriters.length === 0 ? t('fleet.none') : row.failedWriters.join(', ')}</TableCell>
      <TableCell>
        {row.worst
          ? <Text><Badge appearance="tint" color={row.worst.severity === 'critical' ? 'danger' : row.worst.severity === 'warning' ? 'warning' : 'informative'}>{t(`fleet.severity.${row.worst.severity}`)}</Badge> {row.worst.title}</Text>
          : ok ? t('fleet.noFinding') : '—'}
      </TableCell>
      <TableCell>
        <Button size="small" icon={<Open20Regular />} onClick={open} aria-label={t('computers.openNamed', { name: label ?? row.target })}>{t('computers.open')}</Button>
      </TableCell>
    </TableRow>
  );
}

function ageText(t: (k: string, o?: Record<string, unknown>) => string, hours: number): string {
  if (hours < 1) return t('fleet.ageMinutes');
  if (hours < 48) return t('fleet.ageHours', { count: Math.round(hours) });
  return t('fleet.ageDays', { count: Math.round(hours / 24) });
}
