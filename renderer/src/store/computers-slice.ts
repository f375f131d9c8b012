import type { ErrorData } from '../../../native/contract/errors';
import { callApi, isCancelled, onComputer, toErrorData } from '../api/call-api';
import type { ComputerCheck, ComputerEntry, FleetReport, FleetRow } from '../api/contract-types';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { switchMachine } from './machine-switch';
import { selectLang } from './selectors';

/** A check of one computer: running, or its answer (a failed call is kept as an unreachable check). */
export interface CheckState {
  status: 'checking' | 'done';
  check: ComputerCheck | null;
}

/** The fleet doctor as the Fleet view shows it: rows streaming in, then the report with its exports. */
export interface FleetState {
  status: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
  rows: FleetRow[];
  done: number;
  total: number;
  report: FleetReport | null;
  error: ErrorData | null;
}

/**
 * Other computers (issue 12): the helpdesk's list (kept by the host in its data folder), a check of
 * who answers on each, and the computer chosen for the window. Every call goes to the chosen one
 * (callApi reads it), so choosing drops what was read from the previous computer and reads again.
 */
export interface ComputersSlice {
  /** The chosen computer's SSH target, or null for this computer. Kept for the session (sessionStorage). */
  computer: string | null;
  computers: Loadable<ComputerEntry[]>;
  /** The latest check per target this session (the list's lastCheck is the host's older one). */
  checks: Record<string, CheckState>;
  /** The last failure of a call to the chosen computer (CONNECTION_LOST, SSH_UNREACHABLE…), until one succeeds. */
  connectionError: ErrorData | null;
  loadComputers(): Promise<void>;
  /** Connects now and says who answers; the answer stays in `checks` (and the host keeps it as lastCheck). */
  checkComputer(target: string): Promise<ComputerCheck | null>;
  /** Adds a computer (or renames it) and checks it; the entry, or the refusal. */
  addComputer(target: string, label?: string): Promise<{ entry: ComputerEntry | null; error: ErrorData | null }>;
  /** Removes a computer from the list (nothing on it changes); back to this computer if it was chosen. */
  removeComputer(target: string): Promise<ErrorData | null>;
  /** Makes every view work on `target` (null = this computer), dropping what was read from the previous one. */
  chooseComputer(target: string | null): Promise<void>;
  /** After a lost link: checks the chosen computer again (the host reconnects) and reads the views again. */
  reconnect(): Promise<void>;
  /** Records a failed call to `computer` (callApi does), so the header says the link is lost. */
  noteComputerError(computer: string, error: ErrorData): void;
  fleet: FleetState;
  /** Runs the doctor on every listed computer, rows arriving as each answers. */
  runFleet(): Promise<void>;
  cancelFleet(): void;
}

const CHOSEN_KEY = 'shadowdesk.computer';

/** Errors that say the chosen computer cannot be reached (as opposed to an operation that failed there). */
// native/remote/ssh-host.ts LINK_FAILURE_CODES (the renderer may import only the contract's types), and the handshake's refusals.
const LINK_ERRORS = new Set(['CONNECTION_LOST', 'SSH_UNREACHABLE', 'SSH_HOST_KEY', 'SSH_AUTH_REFUSED', 'SSH_CLIENT_MISSING', 'REMOTE_NO_SHADOWDESK', 'REMOTE_HOST_FAILED', 'HOST_TOO_OLD', 'PROTOCOL_MISMATCH']);

function readChosen(): string | null {
  try {
    return sessionStorage.getItem(CHOSEN_KEY);
  } catch {
    return null;
  }
}

function storeChosen(target: string | null): void {
  try {
    if (target === null) sessionStorage.removeItem(CHOSEN_KEY);
    else sessionStorage.setItem(CHOSEN_KEY, target);
  } catch {
    // No session storage: the choice still holds until the page reloads.
  }
}

/** A call that failed before any answer, kept as the check that says why. */
function failedCheck(target: string, error: ErrorData): ComputerCheck {
  return { target, at: new Date().toISOString(), ok: false, error };
}

let fleetAbort: AbortController | null = null;

/** Creates the computers slice. */
export const createComputersSlice: SliceCreator<ComputersSlice> = (set, get) => ({
  computer: readChosen(),
  computers: idle(),
  checks: {},
  connectionError: null,
  fleet: { status: 'idle', rows: [], done: 0, total: 0, report: null, error: null },

  loadComputers: async () => {
    set({ computers: loading(get().computers) });
    try {
      const list = await callApi('listComputers', {}, selectLang(get()), onComputer(null));
      set({ computers: ready(list.computers) });
    } catch (e) {
      set({ computers: failed(get().computers, toErrorData(e)) });
    }
  },

  checkComputer: async (target) => {
    set({ checks: { ...get().checks, [target]: { status: 'checking', check: get().checks[target]?.check ?? null } } });
    let check: ComputerCheck;
    try {
      check = await callApi('checkComputer', { target }, selectLang(get()), onComputer(null));
    } catch (e) {
      check = failedCheck(target, toErrorData(e));
    }
    set({ checks: { ...get().checks, [target]: { status: 'done', check } } });
    // A good answer from the chosen computer means the link is back.
    if (check.ok && get().computer === target) set({ connectionError: null });
    if (get().computers.status !== 'idle') void get().loadComputers();
    return check;
  },

  addComputer: async (target, label) => {
    let entry: ComputerEntry;
    try {
      entry = await callApi('addComputer', { target, ...(label ? { label } : {}) }, selectLang(get()), onComputer(null));
    } catch (e) {
      return { entry: null, error: toErrorData(e) };
    }
    await get().loadComputers();
    void get().checkComputer(entry.target);
    return { entry, error: null };
  },

  removeComputer: async (target) => {
    try {
      await callApi('removeComputer', { target }, selectLang(get()), onComputer(null));
    } catch (e) {
      return toErrorData(e);
    }
    const { [target]: _gone, ...checks } = get().checks;
    set({ checks });
    if (get().computer === target) await get().chooseComputer(null);
    await get().loadComputers();
    return null;
  },

  chooseComputer: async (target) => {
    if (target === get().computer) return;
    // An open disk image stands in for this computer's volumes: it is closed first (another computer
    // cannot see it), and the switch waits for that, so nothing of the image stays on screen.
    if (get().image) {
      await get().closeImage();
      if (get().image) return;
    }
    storeChosen(target);
    // Dialogs hold a flow for the previous computer: closed, so nothing confirmed there runs here.
    set({ restore: null, undoFlow: null });
    await switchMachine(get, set, { computer: target, connectionError: null });
  },

  reconnect: async () => {
    const target = get().computer;
    if (target === null) return;
    const check = await get().checkComputer(target);
    if (!check?.ok || get().computer !== target) {
      if (check?.error && get().computer === target) set({ connectionError: check.error });
      return;
    }
    await switchMachine(get, set, { connectionError: null });
  },

  noteComputerError: (computer, error) => {
    if (computer === get().computer && LINK_ERRORS.has(error.code)) set({ connectionError: error });
  },

  runFleet: async () => {
    const targets = (get().computers.data ?? []).map((c) => c.target);
    fleetAbort?.abort();
    const abort = new AbortController();
    fleetAbort = abort;
    set({ fleet: { status: 'running', rows: [], done: 0, total: targets.length, report: null, error: null } });
    const mine = () => fleetAbort === abort;
    try {
      const report = await callApi('fleetDoctor', { targets }, selectLang(get()), {
        ...onComputer(null),
        signal: abort.signal,
        onProgress: (p) => {
          if (!mine()) return;
          const f = get().fleet;
          set({ fleet: { ...f, rows: [...f.rows.filter((r) => r.target !== p.row.target), p.row], done: p.done, total: p.total } });
        },
      });
      if (mine()) set({ fleet: { status: 'done', rows: report.rows, done: report.rows.length, total: report.rows.length, report, error: null } });
    } catch (e) {
      const error = toErrorData(e);
      if (mine()) set({ fleet: { ...get().fleet, status: abort.signal.aborted || isCancelled(error) ? 'cancelled' : 'error', error } });
    } finally {
      if (mine()) fleetAbort = null;
    }
  },

  cancelFleet: () => fleetAbort?.abort(),
});
