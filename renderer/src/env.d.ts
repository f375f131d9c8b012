import type { ShadowDeskApi } from '../../native/contract/api';

declare global {
  interface Window {
    /**
     * The contract's API, injected by `shadowdesk serve` or the Electron preload before the app's
     * scripts run. Optional here because a page opened any other way (vite dev) has none.
     */
    readonly shadowdesk?: ShadowDeskApi;
  }

  /** package.json's version, defined at build time by vite.config.ts. */
  const __APP_VERSION__: string;
}

export {};
