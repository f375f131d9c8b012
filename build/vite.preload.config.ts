import { defineConfig } from 'vite';
import { OPERATION_NAMES } from '../native/contract/operations.js';

/**
 * Bundles the Electron preload (electron/preload/preload.ts) into one CommonJS file,
 * dist/electron/preload.cjs: a sandboxed preload can `require` only Electron's renderer modules, not
 * our own files. The contract's operation names are written in as a literal, so the preload carries
 * neither zod nor the schemas, yet cannot expose anything the contract does not name. Not minified:
 * it is small, and electronegativity reads it.
 */
export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  define: {
    __SHADOWDESK_OPERATIONS__: JSON.stringify(OPERATION_NAMES),
  },
  build: {
    outDir: '../dist/electron',
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    target: 'es2022',
    lib: {
      entry: '../electron/preload/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rollupOptions: {
      external: ['electron'],
    },
  },
});
