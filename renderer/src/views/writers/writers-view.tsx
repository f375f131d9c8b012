import { useEffect, useState } from 'react';
import {
  Button, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowClockwise20Regular, ClipboardTextLtr20Regular, PlugConnected24Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../components/error-bar';
import { EmptyState, LoadingState } from '../../components/states';
import { ViewHeader } from '../../components/view-header';
import { selectImageOpen } from '../../store/selectors';
import { useAppStore } from '../../store/store';
import { findingsFor, otherFindings, writerSeverity } from './writer-health';
import { WriterRow } from './writer-row';
import { FindingAction } from './finding-action';

const useStyles = makeStyles({
  scroll: { flexGrow: 1, overflowY: 'auto', padding: `0 ${tokens.spacingHorizontalXXL} ${tokens.spacingVerticalL}` },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '1100px' },
  status: { alignSelf: 'center', color: tokens.colorNeutralForeground2 },
  findings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  finding: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const ORDER = { critical: 0, warning: 1, info: 2, ok: 3 } as const;

/**
 * Writers: each one's state coloured by severity, what a failure means and what to do next (from
 * the doctor), components and files on demand, and the ticket-ready report one click away.
 */
export function WritersView() {
  const { t } = useTranslation();
  const styles = useStyles();
  const writers = useAppStore((s) => s.writers);
  const doctor = useAppStore((s) => s.doctor);
  const details = useAppStore((s) => s.writerDetails);
  const reportCopy = useAppStore((s) => s.reportCopy);
  const loadWriters = useAppStore((s) => s.loadWriters);
  const loadDetails = useAppStore((s) => s.loadWriterDetails);
  const copyReport = useAppStore((s) => s.copyReport);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  // Writers run on a live Windows: an image (a disk at rest) has none, which is no failure to show.
  const image = useAppStore(selectImageOpen);

  useEffect(() => {
    if (!image) void loadWriters();
  }, [loadWriters, image]);

  const refresh = () => {
    void loadWriters();
    if (details.status !== 'idle') void loadDetails();
  };
  const toggle = (instanceId: string) => {
    const next = new Set(open);
    if (!next.delete(instanceId)) next.add(instanceId);
    setOpen(next);
    if (details.status === 'idle') void loadDetails();
  };

  const report = doctor.data?.report;
  const rows = (writers.data ?? [])
    .map((w) => ({ writer: w, severity: writerSeverity(w, report), findings: findingsFor(w, report) }))
    .sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.writer.name.localeCompare(b.writer.name));
  const others = otherFindings(report);
  const busy = writers.status === 'loading' || doctor.status === 'loading';

  return (
    <>
      <ViewHeader id="view-title" title={t('writers.title')} subtitle={t('writers.subtitle')}>
        <span role="status" className={styles.status}>
          {reportCopy.status === 'copied' && <Text>{t('writers.reportCopied')}</Text>}
        </span>
        {!image && (
          <>
            <Button icon={<ClipboardTextLtr20Regular />} onClick={() => void copyReport()} disabledFocusable={reportCopy.status === 'copying'}>
              {t('writers.copyReport')}
            </Button>
            <Button icon={<ArrowClockwise20Regular />} onClick={refresh} disabledFocusable={busy}>{t('common.refresh')}</Button>
          </>
        )}
      </ViewHeader>
      <div className={styles.scroll}>
        {image ? (
          <div className={styles.list}>
            <EmptyState icon={<PlugConnected24Regular />} title={t('image.noWritersTitle')} body={t('image.noWritersBody')} />
          </div>
        ) : (
        <div className={styles.list}>
          {reportCopy.error && <ErrorBar error={reportCopy.error} title={t('writers.reportFailed')} />}
          {writers.error && <ErrorBar error={writers.error} title={t('writers.loadFailed')} onRetry={refresh} />}
          {doctor.error && <ErrorBar error={doctor.error} title={t('writers.doctorFailed')} onRetry={refresh} />}
          {others.length > 0 && (
            <MessageBar intent={others.some((f) => f.severity === 'critical') ? 'error' : others.some((f) => f.severity === 'warning') ? 'warning' : 'info'} layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t('writers.otherFindings', { count: others.length })}</MessageBarTitle>
                <div className={styles.findings}>
                  {others.map((f) => (
                    <div key={f.id} className={styles.finding}>
                      <Text size={200}>{f.title} — {f.next}</Text>
                      <FindingAction finding={f} />
                    </div>
                  ))}
                </div>
              </MessageBarBody>
            </MessageBar>
          )}
          {writers.data === null && writers.status !== 'error' && <LoadingState label={t('writers.loading')} />}
          {writers.data !== null && rows.length === 0 && (
            <EmptyState icon={<PlugConnected24Regular />} title={t('writers.emptyTitle')} body={t('writers.emptyBody')} />
          )}
          {rows.map(({ writer, severity, findings }) => (
            <WriterRow
              key={writer.instanceId}
              writer={writer}
              severity={severity}
              findings={findings}
              details={details}
              open={open.has(writer.instanceId)}
              onToggle={() => toggle(writer.instanceId)}
              onRetryDetails={() => void loadDetails()}
            />
          ))}
        </div>
        )}
      </div>
    </>
  );
}
