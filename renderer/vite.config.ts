import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The app's version, shown in Settings → About; read from the one package.json so it cannot drift. */
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Builds the renderer into dist/renderer, where `shadowdesk serve` and the Electron shell load it.
 * base './' keeps asset URLs relative (file:// in Electron, any path on the server); Vite emits no
 * inline scripts, which the CSP (`script-src 'self'`) requires.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  build: {
    outDir: '../dist/renderer',
    // ES2021: class static blocks are lowered. Chromium runs either, but electronegativity (npm test
    // scans exactly this output) cannot analyse ES2022 static blocks and would skip the file.
    target: 'es2021',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
  },
});
