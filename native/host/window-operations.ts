import { AppError, type Bilingual } from '../vss/app-error.js';

/** The contract operations that belong to the app's window rather than to VSS. */
export type WindowOperation = 'chooseFolder' | 'showInFolder' | 'openVersion' | 'dragOut' | 'chooseImageFile';

const TEXT: Record<WindowOperation, Bilingual> = {
  chooseFolder: {
    en: 'Choosing a folder in a dialog works in the ShadowDesk app on Windows. Type the folder\'s path instead.',
    it: 'La scelta di una cartella da una finestra di dialogo funziona nell\'app ShadowDesk su Windows. Digitare invece il percorso della cartella.',
  },
  showInFolder: {
    en: 'Showing a file in Explorer works in the ShadowDesk app on Windows.',
    it: 'La visualizzazione di un file in Esplora file funziona nell\'app ShadowDesk su Windows.',
  },
  openVersion: {
    en: 'Opening a version in its default application works in the ShadowDesk app on Windows. Restore it to a folder instead.',
    it: 'L\'apertura di una versione nell\'applicazione predefinita funziona nell\'app ShadowDesk su Windows. Ripristinarla invece in una cartella.',
  },
  chooseImageFile: {
    en: 'Choosing a disk image in a dialog works in the ShadowDesk app. Type or paste the image\'s path instead.',
    it: 'La scelta di un\'immagine disco da una finestra di dialogo funziona nell\'app ShadowDesk. Digitare o incollare invece il percorso dell\'immagine.',
  },
  dragOut: {
    en: 'Dragging files out of a shadow copy works in the ShadowDesk app on Windows. Restore them to a folder instead.',
    it: 'Il trascinamento di file fuori da una copia shadow funziona nell\'app ShadowDesk su Windows. Ripristinarli invece in una cartella.',
  },
};

/** Why a window operation cannot run here, in both languages. */
export function windowOnlyText(op: WindowOperation): Bilingual {
  return TEXT[op];
}

/**
 * The Electron app answers the window operations itself (electron/shell-operations.ts); reaching
 * the host means the caller is the CLI or a browser, which have no such window.
 */
export function notInThisFrontEnd(op: WindowOperation): never {
  throw new AppError('NOT_AVAILABLE_HERE', windowOnlyText(op));
}
