import { AppError, type Bilingual } from '../vss/app-error.js';

/** The contract operations that belong to the app's window rather than to VSS. */
export type WindowOperation = 'chooseFolder' | 'showInFolder';

/** Why a window operation cannot run here, in both languages. */
export function windowOnlyText(op: WindowOperation): Bilingual {
  return op === 'chooseFolder'
    ? {
        en: 'Choosing a folder in a dialog works in the ShadowDesk app on Windows. Type the folder\'s path instead.',
        it: 'La scelta di una cartella da una finestra di dialogo funziona nell\'app ShadowDesk su Windows. Digitare invece il percorso della cartella.',
      }
    : {
        en: 'Showing a file in Explorer works in the ShadowDesk app on Windows.',
        it: 'La visualizzazione di un file in Esplora file funziona nell\'app ShadowDesk su Windows.',
      };
}

/**
 * The Electron app answers the window operations itself (electron/shell-operations.ts); reaching
 * the host means the caller is the CLI or a browser, which have no such window.
 */
export function notInThisFrontEnd(op: WindowOperation): never {
  throw new AppError('NOT_AVAILABLE_HERE', windowOnlyText(op));
}
