import type { ErrorData } from '../../../native/contract/errors';
import { callApi, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { failed, idle, loading, ready, type Loadable } from './loadable';
import { selectLang } from './selectors';
import { singleFlight } from './single-flight';
import type { DoctorReport, Writer, WriterDetail } from '../api/contract-types';

/** Where "Copy report" is: the view says "Copied" or shows why it could not. */
export interface ReportCopyState {
  status: 'idle' | 'copying' | 'copied' | 'error';
  error: ErrorData | null;
}

/** Writers, their metadata, and the health check that explains them. */
export interface WritersSlice {
  writers: Loadable<Writer[]>;
  writerDetails: Loadable<WriterDetail[]>;
  doctor: Loadable<{ report: DoctorReport; markdown: string }>;
  reportCopy: ReportCopyState;
  /** Loads writers and the doctor's findings (which explain failed writers) in parallel. */
  loadWriters(): Promise<void>;
  /** Loads components and files of every writer (a slower call: asked for on demand). */
  loadWriterDetails(): Promise<void>;
  /** Runs the health check again (also after a language switch: findings are in words). */
  loadDoctor(): Promise<void>;
  /** Copies the doctor's Markdown report to the clipboard. */
  copyReport(): Promise<void>;
}

const once = singleFlight();

/** Creates the writers slice. */
export const createWritersSlice: SliceCreator<WritersSlice> = (set, get) => ({
  writers: idle(),
  writerDetails: idle(),
  doctor: idle(),
  reportCopy: { status: 'idle', error: null },

  loadWriters: () =>
    once('writers', async () => {
      set({ writers: loading(get().writers) });
      const doctor = get().loadDoctor();
      try {
        set({ writers: ready(await callApi('listWriters', {}, selectLang(get()))) });
      } catch (e) {
        set({ writers: failed(get().writers, toErrorData(e)) });
      }
      await doctor;
    }),

  loadWriterDetails: () =>
    once('writerDetails', async () => {
      set({ writerDetails: loading(get().writerDetails) });
      try {
        set({ writerDetails: ready(await callApi('writerDetails', {}, selectLang(get()))) });
      } catch (e) {
        set({ writerDetails: failed(get().writerDetails, toErrorData(e)) });
      }
    }),

  loadDoctor: () =>
    once('doctor', async () => {
      set({ doctor: loading(get().doctor) });
      try {
        set({ doctor: ready(await callApi('doctor', {}, selectLang(get()))) });
      } catch (e) {
        set({ doctor: failed(get().doctor, toErrorData(e)) });
      }
    }),

  copyReport: async () => {
    set({ reportCopy: { status: 'copying', error: null } });
    try {
      if (!get().doctor.data || get().doctor.status === 'loading') await get().loadDoctor();
      const doctor = get().doctor;
      if (!doctor.data) throw { data: doctor.error ?? { code: 'UNEXPECTED', message: 'No report.' } };
      await navigator.clipboard.writeText(doctor.data.markdown);
      set({ reportCopy: { status: 'copied', error: null } });
      // "Copied" is a confirmation, not a state to keep: it fades after a few seconds.
      setTimeout(() => { if (get().reportCopy.status === 'copied') set({ reportCopy: { status: 'idle', error: null } }); }, 5000);
    } catch (e) {
      const error = toErrorData(e);
      set({
        reportCopy: {
          status: 'error',
          error: error.code === 'UNEXPECTED' || error.code === 'NotAllowedError'
            ? { code: 'CLIPBOARD', message: clipboardMessage(selectLang(get())), detail: error.message }
            : error,
        },
      });
    }
  },
});

function clipboardMessage(lang: 'en' | 'it'): string {
  return lang === 'it'
    ? 'Non è stato possibile copiare il report negli Appunti.'
    : 'The report could not be copied to the clipboard.';
}
