import { defineConfig } from '@playwright/test';

/**
 * The Electron shell, driven by Playwright's `_electron` against the real runtime on a fresh
 * simulated machine. Run through build/scripts/test-electron.mjs (npm run test:electron), which
 * reports "skipped: no Electron runtime" with the reason where the runtime is not downloaded.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: '../../test-results/playwright-electron',
});
