// Lint enforces the layers the architecture depends on, so they cannot erode silently:
// the renderer stays a pure web app, native/ never depends on Electron, and koffi is only
// loaded by the FFI layer that the VSS host process owns.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'net', 'http', 'stream'];

const electronPatterns = [
  { group: ['koffi'], message: 'Only the VSS host process loads koffi, through native/ffi.' },
  {
    group: ['**/ffi/*', '**/ffi/**', '**/vss/vss-client.js', '**/host/handlers.js', '**/host/vss-shadow-source.js', '**/host/host-main.js', '**/testing/sim-machine.js'],
    message: 'The main process calls VSS through the contract (HostClient over a utility process), never in-process.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer is a web page that talks only to window.shadowdesk. It may name the contract's
      // types (erased at build time), and nothing else from native/, Node, Electron or koffi.
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer is a web page: no Node built-ins.' },
          { group: ['electron', 'electron/*', 'koffi'], message: 'The renderer talks only to window.shadowdesk (the contract).' },
          { group: ['**/native/contract/*'], allowTypeImports: true, message: 'Only the contract\'s types may be imported from native/.' },
          { group: ['**/native/*', '**/native/**', '!**/native/contract', '!**/native/contract/*'], message: 'The renderer talks only to window.shadowdesk (the contract).' },
        ],
      }],
    },
  },
  {
    // electron-builder's configuration and hook are CommonJS (it loads them with require).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['e2e/**/*.ts', 'renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron', 'electron/*'], message: 'native/ must run under plain Node: never import Electron.' }],
      }],
    },
  },
  {
    files: ['native/**/*.ts'],
    ignores: ['native/ffi/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['koffi'], message: 'Only the FFI layer (native/ffi), run inside the VSS host process, loads koffi.' },
          { group: ['electron', 'electron/*'], message: 'native/ must run under plain Node: never import Electron.' },
        ],
      }],
    },
  },
  {
    // Front ends (the CLI, and later the server and the app) reach VSS only through the contract and
    // the host process; they never load the FFI in their own process.
    files: ['native/cli/**/*.ts', 'native/contract/**/*.ts', 'native/server/**/*.ts'],
    ignores: ['native/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['koffi', 'electron', 'electron/*'], message: 'Front ends never load koffi or Electron here.' },
          {
            group: ['**/ffi/*', '!**/ffi/guid.js', '!**/ffi/hresult.js', '**/vss/vss-client.js', '**/host/handlers.js', '**/host/vss-shadow-source.js', '**/host/host-main.js'],
            message: 'Front ends call VSS through the contract (HostClient), not in-process.',
          },
        ],
      }],
    },
  },
  {
    // The Electron main process is a front end too: it reaches VSS only through the host (a utility
    // process), never loads koffi or the FFI itself, and only the two IPC wrappers (ipc-handlers.ts,
    // preload/expose-contract.ts) touch ipcMain/ipcRenderer, which main.ts and preload.ts hand them.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only main.ts and preload.ts take ipcMain/ipcRenderer from Electron, to hand them to the IPC wrappers.' }],
        patterns: electronPatterns,
      }],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: electronPatterns }],
    },
  },
  {
    // The preload runs in the (sandboxed) renderer: browser globals, no Node built-ins.
    files: ['electron/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: nodeBuiltins, message: 'A sandboxed preload has no Node built-ins.' }],
      }],
    },
  },
);
