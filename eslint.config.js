// Lint enforces the layers the architecture depends on, so they cannot erode silently:
// the renderer stays a pure web app, native/ never depends on Electron, and koffi is only
// loaded by the FFI layer that the VSS host process owns.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'net', 'http', 'stream'];

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
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['koffi'], message: 'Only the VSS host process loads koffi, through native/ffi.' }],
      }],
    },
  },
);
