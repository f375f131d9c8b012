import type { DoctorReport, Finding, Severity, Writer } from '../../api/contract-types';

/** How a writer's state is coloured: the doctor's severity when it has one, else from the state. */
export type WriterSeverity = Severity | 'ok';

function normId(id: string): string {
  return id.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

/**
 * The doctor's findings about one writer. Finding ids are `writer-…:{writerId}` (plus
 * `:{instanceId}` when several instances share an id), which is how they are matched; the subject
 * (the writer's name) is the fallback.
 */
export function findingsFor(writer: Writer, report: DoctorReport | undefined): Finding[] {
  if (!report) return [];
  const wid = normId(writer.writerId);
  const iid = normId(writer.instanceId);
  return report.findings.filter((f) => {
    if (!f.id.startsWith('writer-')) return false;
    const [, idPart, instancePart] = f.id.split(':');
    if (idPart) return idPart === wid && (!instancePart || instancePart === iid);
    return f.subject === writer.name;
  });
}

/** Findings the Writers view does not attach to a writer (storage, protection, copies lost…). */
export function otherFindings(report: DoctorReport | undefined): Finding[] {
  return report ? report.findings.filter((f) => !f.id.startsWith('writer-')) : [];
}

/** The colour of a writer's state: the doctor's verdict when it has one, else a reading of the state. */
export function writerSeverity(writer: Writer, report: DoctorReport | undefined): WriterSeverity {
  const trouble = report?.writers.find((w) => normId(w.writerId) === normId(writer.writerId) && normId(w.instanceId) === normId(writer.instanceId));
  if (trouble) return trouble.severity;
  if (writer.state.startsWith('FAILED')) return 'critical';
  if (writer.state !== 'STABLE') return 'warning';
  return writer.lastErrorCode !== 0 ? 'warning' : 'ok';
}

/** Fluent Badge colour for a severity. */
export function badgeColor(severity: WriterSeverity): 'success' | 'warning' | 'danger' | 'informative' {
  switch (severity) {
    case 'ok': return 'success';
    case 'info': return 'informative';
    case 'warning': return 'warning';
    case 'critical': return 'danger';
  }
}
