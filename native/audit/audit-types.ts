/* An audit log entry as plain data: what crosses the contract to every front end. */

/** The actions worth a line: every one that creates, destroys or replaces data. */
export type AuditAction =
  | 'create' | 'delete' | 'resize-storage' | 'add-storage' | 'restore' | 'undo-restore'
  | 'schedule-add' | 'schedule-change' | 'schedule-remove';

/** How an action ended; 'cancelled' is kept apart from 'failed' because a user choice is not a fault. */
export type AuditOutcome = 'ok' | 'failed' | 'cancelled';

/**
 * One line of the log. `detail` carries action-specific facts (for a create, `deletedToMakeRoom`: the
 * ids VSS deleted under storage pressure), kept loose so new actions need no schema change.
 */
export interface AuditEntry {
  /** ISO 8601 timestamp of when the action ended. */
  at: string;
  action: AuditAction;
  /** What was acted on: a volume (`C:\`), a shadow copy or set id, a restore destination. */
  target: string;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
  /** The schedule that did it: a scheduled create, or its thinning's delete. Absent for a person's action. */
  schedule?: string;
  /** Who did it (account name), when the caller knows. */
  user?: string;
  error?: { code: string; message: string };
}
