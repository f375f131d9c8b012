import type { ErrorData } from '../../../native/contract/errors';
import { callApi, toErrorData } from '../api/call-api';
import type { SliceCreator } from './app-state';
import { switchMachine } from './machine-switch';
import { selectLang } from './selectors';
import type { ImageSummary } from '../api/contract-types';

/** Where opening a disk image is: nothing asked, opening, or why it failed (the dialog shows it). */
export interface ImageOpenState {
  status: 'idle' | 'opening' | 'error';
  error: ErrorData | null;
}

/**
 * The disk image every operation works on (a dead PC's disk, read-only), or null for this computer.
 * Opening or closing one changes the machine under every view, so whatever the window had read from
 * the previous one (volumes, copies, writers, folders, previews, versions, search results) is dropped
 * and read again: the old computer's copies are never left on screen.
 */
export interface ImageSlice {
  image: ImageSummary | null;
  imageOpen: ImageOpenState;
  /** Why the last Close image failed (the banner shows it), or null. */
  imageCloseError: ErrorData | null;
  /** Asks the host which image is open now (`serve --image`, the app's command line may have opened one). */
  loadCurrentImage(): Promise<void>;
  /** Opens an image read-only; true when done. A failure stays in `imageOpen.error` for the dialog. */
  openImage(path: string): Promise<boolean>;
  /** Back to this computer's own volumes and copies. */
  closeImage(): Promise<void>;
  /** The app's Open dialog for an image file; null when cancelled or not available here. */
  chooseImageFile(title: string): Promise<string | null>;
  clearImageError(): void;
  /**
   * The Open disk image dialog, when shown, with the path it starts with: '' from the button, the path
   * a launch named (`ShadowDesk --image=PATH`); the user still presses Open, as for every link.
   */
  imageDialog: { path: string } | null;
  showImageDialog(path?: string): void;
  hideImageDialog(): void;
}

/** Creates the disk image slice. */
export const createImageSlice: SliceCreator<ImageSlice> = (set, get) => {
  /** Forgets everything read from the previous machine, then reads again what the window shows. */
  const switchTo = (image: ImageSummary | null) => switchMachine(get, set, { image, imageCloseError: null });

  return {
    image: null,
    imageOpen: { status: 'idle', error: null },
    imageCloseError: null,
    imageDialog: null,

    loadCurrentImage: async () => {
      try {
        const { image } = await callApi('currentImage', {}, selectLang(get()));
        // Opened before the page loaded: what the views read so far may be this computer's.
        if ((image?.path ?? null) !== (get().image?.path ?? null)) await switchTo(image);
      } catch {
        // A host without images answers nothing useful here: this computer it is.
      }
    },

    openImage: async (path) => {
      set({ imageOpen: { status: 'opening', error: null } });
      try {
        const image = await callApi('openImage', { path }, selectLang(get()));
        set({ imageOpen: { status: 'idle', error: null } });
        await switchTo(image);
        return true;
      } catch (e) {
        set({ imageOpen: { status: 'error', error: toErrorData(e) } });
        return false;
      }
    },

    closeImage: async () => {
      set({ imageCloseError: null });
      try {
        await callApi('closeImage', {}, selectLang(get()));
      } catch (e) {
        // Still open: the banner stays, with why.
        set({ imageCloseError: toErrorData(e) });
        return;
      }
      await switchTo(null);
    },

    chooseImageFile: async (title) => {
      try {
        return (await callApi('chooseImageFile', { title }, selectLang(get()))).path;
      } catch {
        return null;
      }
    },

    clearImageError: () => set({ imageOpen: { status: 'idle', error: null } }),
    showImageDialog: (path = '') => set({ imageDialog: { path }, imageOpen: { status: 'idle', error: null } }),
    hideImageDialog: () => set({ imageDialog: null }),
  };
};
