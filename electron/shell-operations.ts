import type { BaseWindow, Dialog, Shell } from 'electron';
import { RemoteError } from '../native/contract/api.js';
import type { Lang } from '../native/contract/errors.js';
import type { InputOf, OperationName } from '../native/contract/operations.js';
import { windowOnlyText, type WindowOperation } from '../native/host/window-operations.js';

/** A contract operation the main process answers itself (it needs the window, not VSS). */
export type LocalOperation = (input: unknown, context: { lang: Lang }) => Promise<unknown>;

/** What the shell operations need from Electron. */
export interface ShellDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  shell: Pick<Shell, 'showItemInFolder'>;
  /** The app's window, to attach the folder chooser to. */
  window: () => BaseWindow | undefined;
  platform?: NodeJS.Platform;
}

/** A full path on a local drive (`C:\…`): never a UNC or device path, which could reach the network. */
function drivePath(path: string | undefined): string | undefined {
  return path !== undefined && /^[A-Za-z]:\\/.test(path) && !path.includes('\0') ? path : undefined;
}

function notHere(lang: Lang, what: WindowOperation): RemoteError {
  return new RemoteError({ code: 'NOT_AVAILABLE_HERE', message: windowOnlyText(what)[lang] });
}

/**
 * The contract operations that belong to the window rather than to VSS: Windows' folder chooser
 * for "Restore to…", and "Show in Explorer" for a restored file. Off Windows the simulated
 * machine's paths (C:\…) are not folders of this computer, so both say they are not available, as
 * the VSS host does for the CLI and the browser.
 */
export function createShellOperations(deps: ShellDeps): Partial<Record<OperationName, LocalOperation>> {
  const onWindows = (deps.platform ?? process.platform) === 'win32';
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
    showInFolder: async (raw, { lang }) => {
      if (!onWindows) throw notHere(lang, 'showInFolder');
      const path = drivePath((raw as InputOf<'showInFolder'>).path);
      if (!path) throw new RemoteError({ code: 'INVALID_INPUT', message: lang === 'it' ? 'Il percorso deve trovarsi su un\'unità locale (C:\\…).' : 'The path must be on a local drive (C:\\…).' });
      deps.shell.showItemInFolder(path);
      return { shown: true };
    },
  };
}
