import type { BaseWindow, Dialog, Shell } from 'electron';
import { RemoteError } from '../native/contract/api.js';
import type { Lang } from '../native/contract/errors.js';
import type { InputOf, OperationName } from '../native/contract/operations.js';
import { windowOnlyText, type WindowOperation } from '../native/host/window-operations.js';

/** What Electron's webContents.startDrag takes: the files, and the image shown under the pointer. */
export interface DragItem {
  file: string;
  files: string[];
  icon: string;
}

/** How many exported files the main process remembers for drags (oldest forgotten first). */
const DRAG_CACHE_LIMIT = 2000;

/** One read-only copy made (or being made) for a drag. */
type Prepared = { state: 'pending'; done: Promise<void> } | { state: 'ready'; file: string } | { state: 'failed'; error: unknown };

/** The page that asked (Electron's WebContents): a drag starts from it. */
export interface DragSource {
  startDrag(item: DragItem): void;
}

/** Who asked, and in which language: what a local operation may need besides its input. */
export interface LocalContext {
  lang: Lang;
  sender: DragSource;
}

/** A contract operation the main process answers itself (it needs the window, not VSS). */
export type LocalOperation = (input: unknown, context: LocalContext) => Promise<unknown>;

/** What the shell operations need from Electron, and from the VSS host. */
export interface ShellDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  shell: Pick<Shell, 'showItemInFolder' | 'openPath'>;
  /** The app's window, to attach the folder chooser to. */
  window: () => BaseWindow | undefined;
  /** Asks the VSS host for a read-only copy of one file of a shadow copy (the exportVersion operation). */
  exportVersion: (input: InputOf<'exportVersion'>, lang: Lang) => Promise<{ file: string }>;
  /** The PNG shown under the pointer while files are dragged out. */
  dragIcon: string;
  platform?: NodeJS.Platform;
}

/** A full path on a local drive (`C:\…`): never a UNC or device path, which could reach the network. */
function drivePath(path: string | undefined): string | undefined {
  return path !== undefined && /^[A-Za-z]:\\/.test(path) && !path.includes('\0') ? path : undefined;
}

/**
 * What the Open dialog for a disk image lists: the containers the image backend reads (E01/Ex01,
 * VHD/VHDX, VMDK, qcow2, raw and split raw), then anything, since raw images carry any name.
 */
export function imageFilters(lang: Lang): { name: string; extensions: string[] }[] {
  return [
    { name: lang === 'it' ? 'Immagini disco' : 'Disk images', extensions: ['E01', 'Ex01', 'vhd', 'vhdx', 'vmdk', 'qcow2', 'img', 'dd', 'raw', '001', 'bin'] },
    { name: lang === 'it' ? 'Tutti i file' : 'All files', extensions: ['*'] },
  ];
}

function notHere(lang: Lang, what: WindowOperation): RemoteError {
  return new RemoteError({ code: 'NOT_AVAILABLE_HERE', message: windowOnlyText(what)[lang] });
}

/**
 * The contract operations that belong to the window rather than to VSS: Windows' folder chooser
 * for "Restore to…", "Show in Explorer" for a restored file, opening a version read-only in its
 * default application, and dragging files out of a copy. The last two hand the shell a read-only
 * copy the host made in ShadowDesk's data folder (exportVersion), never a path inside the shadow
 * copy (other programs cannot read \\?\GLOBALROOT paths) and never the live file. Off Windows the
 * simulated machine's paths (C:\…) are not files of this computer, so all say they are not
 * available, as the VSS host does for the CLI and the browser. The Open dialog for a disk image is
 * the exception: an image is a file of this computer wherever the app runs.
 */
export function createShellOperations(deps: ShellDeps): Partial<Record<OperationName, LocalOperation>> {
  const onWindows = (deps.platform ?? process.platform) === 'win32';
  // The copies made for drags, by shadow copy and path: a shadow copy never changes, so a copy once
  // made stays right for as long as the app runs.
  const prepared = new Map<string, Prepared>();
  const keyOf = (shadowId: string, path: string): string => `${shadowId}\n${path.toLowerCase()}`;
  const forgetFailed = (shadowId: string, path: string): void => {
    if (prepared.get(keyOf(shadowId, path))?.state === 'failed') prepared.delete(keyOf(shadowId, path));
  };
  const prepare = (shadowId: string, path: string, lang: Lang): Promise<void> => {
    const key = keyOf(shadowId, path);
    const known = prepared.get(key);
    if (known?.state === 'pending') return known.done;
    if (known?.state === 'ready') return Promise.resolve();
    const done = deps.exportVersion({ shadowId, path }, lang).then(
      ({ file }) => {
        prepared.set(key, { state: 'ready', file });
      },
      (error: unknown) => {
        prepared.set(key, { state: 'failed', error });
      },
    );
    prepared.set(key, { state: 'pending', done });
    while (prepared.size > DRAG_CACHE_LIMIT) prepared.delete(prepared.keys().next().value!);
    return done;
  };
  return {
    chooseFolder: async (raw, { lang }) => {
      if (!onWindows) throw notHere(lang, 'chooseFolder');
      const input = raw as InputOf<'chooseFolder'>;
      const window = deps.window();
      const options = {
        ...(input.title ? { title: input.title } : {}),
        ...(drivePath(input.defaultPath) ? { defaultPath: input.defaultPath } : {}),
        properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] as ('openDirectory' | 'createDirectory' | 'dontAddToRecent')[],
      };
      const chosen = window ? await deps.dialog.showOpenDialog(window, options) : await (deps.dialog.showOpenDialog as (o: typeof options) => ReturnType<Dialog['showOpenDialog']>)(options);
      return { path: chosen.canceled ? null : (chosen.filePaths[0] ?? null) };
    },
    // A disk image is a real file of this computer on every platform (a dead PC's disk imaged to
    // /srv/cases or D:\images), so, unlike the folder chooser for the simulated machine's C:\, the
    // image chooser is offered everywhere the app runs.
    chooseImageFile: async (raw, { lang }) => {
      const input = raw as InputOf<'chooseImageFile'>;
      const window = deps.window();
      const options = {
        ...(input.title ? { title: input.title } : {}),
        properties: ['openFile', 'dontAddToRecent'] as ('openFile' | 'dontAddToRecent')[],
        filters: imageFilters(lang),
      };
      const chosen = window ? await deps.dialog.showOpenDialog(window, options) : await (deps.dialog.showOpenDialog as (o: typeof options) => ReturnType<Dialog['showOpenDialog']>)(options);
      return { path: chosen.canceled ? null : (chosen.filePaths[0] ?? null) };
    },
    showInFolder: async (raw, { lang }) => {
      if (!onWindows) throw notHere(lang, 'showInFolder');
      const path = drivePath((raw as InputOf<'showInFolder'>).path);
      if (!path) throw new RemoteError({ code: 'INVALID_INPUT', message: lang === 'it' ? 'Il percorso deve trovarsi su un\'unità locale (C:\\…).' : 'The path must be on a local drive (C:\\…).' });
      deps.shell.showItemInFolder(path);
      return { shown: true };
    },
    openVersion: async (raw, { lang }) => {
      if (!onWindows) throw notHere(lang, 'openVersion');
      const input = raw as InputOf<'openVersion'>;
      const { file } = await deps.exportVersion({ shadowId: input.shadowId, path: input.path }, lang);
      const failure = await deps.shell.openPath(file);
      if (failure) {
        throw new RemoteError({
          code: 'OPEN_FAILED',
          message: lang === 'it' ? `Windows non è riuscito ad aprire la copia di sola lettura: ${failure}` : `Windows could not open the read-only copy: ${failure}`,
        });
      }
      return { opened: true };
    },
    // Dragging out, by Electron's rules: webContents.startDrag must be called while the page's
    // dragstart gesture is still on (Electron's "Native File Drag & Drop" tutorial calls it straight
    // from the dragstart message); on Windows it runs OLE's DoDragDrop, which ends at once when the
    // mouse button is already up (see FakeWebContents.startDrag). Making the read-only copies takes
    // the host from milliseconds to minutes, so they are made before the drag (prepareDragOut, sent
    // by the page on hover and on pressing the button) and dragOut starts the drag synchronously,
    // before any await, when every copy is ready; otherwise it starts none (a drag that Windows
    // would drop is a lie) and says to drag again in a moment, while the copies are finished.
    prepareDragOut: async (raw, { lang }) => {
      if (!onWindows) throw notHere(lang, 'dragOut');
      const input = raw as InputOf<'prepareDragOut'>;
      await Promise.all(input.paths.map((path) => prepare(input.shadowId, path, lang)));
      for (const path of input.paths) {
        const entry = prepared.get(keyOf(input.shadowId, path));
        if (entry?.state === 'failed') throw entry.error;
      }
      return { ready: true };
    },
    dragOut: (raw, { lang, sender }) => {
      if (!onWindows) return Promise.reject(notHere(lang, 'dragOut'));
      const input = raw as InputOf<'dragOut'>;
      const entries = input.paths.map((path) => prepared.get(keyOf(input.shadowId, path)));
      const failed = entries.find((e) => e?.state === 'failed');
      // A file the host refused (a folder, a deleted copy): no drag at all, rather than one missing a file.
      if (failed?.state === 'failed') {
        for (const path of input.paths) forgetFailed(input.shadowId, path);
        return Promise.reject(failed.error);
      }
      if (entries.every((e) => e?.state === 'ready')) {
        const files = entries.map((e) => (e as { file: string }).file);
        sender.startDrag({ file: files[0]!, files, icon: deps.dragIcon });
        return Promise.resolve({ started: true });
      }
      for (const path of input.paths) void prepare(input.shadowId, path, lang);
      return Promise.reject(
        new RemoteError({
          code: 'DRAG_NOT_READY',
          message:
            lang === 'it'
              ? 'ShadowDesk sta ancora preparando le copie di sola lettura da consegnare a Windows. Trascinare di nuovo tra un momento.'
              : 'ShadowDesk is still making the read-only copies to hand to Windows. Drag again in a moment.',
        }),
      );
    },
  };
}
