// Lint enforces the layers the architecture depends on, so they cannot erode silently:
// the renderer stays a pure web app, native/ never depends on Electron, and koffi is only
// loaded by the FFI layer that the VSS host process owns.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'net', 'http', 'stream'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-results/**'] },
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
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer is a web page: no Node built-ins.' },
          { group: ['electron', 'koffi', '**/native/**'], message: 'The renderer talks only to window.shadowdesk (the contract).' },
        ],
      }],
    },
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
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['koffi'], message: 'Only the VSS host process loads koffi, through native/ffi.' }],
      }],
    },
  },
);
