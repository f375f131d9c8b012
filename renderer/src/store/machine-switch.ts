import type { AppState } from './app-state';
import { idle } from './loadable';

type Set = (patch: Partial<AppState>) => void;

/**
 * Changes the machine every view works on (a disk image opened or closed, another computer chosen)
 * and reads again what the window shows. Whatever was read from the previous machine (volumes,
 * copies, storage, writers, schedules, folders, previews, versions, search results, the audit log,
 * the restore history, its rights) is dropped first, so the old machine's copies are never left on
 * screen under the new machine's name, where someone could delete them on the wrong computer.
 */
export async function switchMachine(get: () => AppState, set: Set, patch: Partial<AppState>): Promise<void> {
  const s = get();
  const hadWriters = s.writers.status !== 'idle';
  const hadProviders = s.providers.status !== 'idle';
  const hadHistory = s.restoreHistory.status !== 'idle';
  const hadSchedules = s.schedules.status !== 'idle';
  const hadAudit = s.auditLog.status !== 'idle';
  const hadElevation = s.elevation.status !== 'idle';
  set({
    ...patch,
    volumes: idle(),
    storage: idle(),
    storageMinBytes: null,
    shadows: idle(),
    providers: idle(),
    shadowsVolume: null,
    writers: idle(),
    writerDetails: idle(),
    doctor: idle(),
    searchScope: null,
    schedules: idle(),
    restoreHistory: idle(),
    auditLog: idle(),
    elevation: idle(),
  });
  s.resetBrowse();
  s.clearSearch();
  await Promise.all([
    s.loadVolumes(),
    s.loadShadows(),
    hadWriters ? s.loadWriters() : undefined,
    hadProviders ? s.loadProviders() : undefined,
    hadHistory ? s.loadRestoreHistory() : undefined,
    hadSchedules ? s.loadSchedules() : undefined,
    hadAudit ? s.loadAudit() : undefined,
    hadElevation ? s.loadElevation() : undefined,
  ]);
}
