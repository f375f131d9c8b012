/**
 * The window's preload, bundled by build/vite.preload.config.ts into one CommonJS file
 * (dist/electron/preload.cjs), since a sandboxed preload can require nothing but Electron's own
 * renderer modules. The operation names are the contract's, written in at build time.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeContract } from './expose-contract.js';

declare const __SHADOWDESK_OPERATIONS__: readonly string[];

exposeContract(contextBridge, ipcRenderer, __SHADOWDESK_OPERATIONS__);
