/**
 * Runs the VSS host the way an Electron utility process does, under plain Node: no stdin, requests
 * arriving as messages on `process.parentPort`, which (like Electron's) keeps the process alive until
 * the host exits by itself. Used by utility-host.test.ts through a stand-in `utilityProcess.fork`.
 *
 *   node parent-port-shim.js <host-main.js>   (forked with an IPC channel, stdin ignored)
 */
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry || !process.send) {
  console.error('usage: fork parent-port-shim.js <host entry> with an IPC channel');
  process.exit(2);
}
const parentPort = {
  on(event: 'message', listener: (message: { data: unknown }) => void): void {
    if (event === 'message') process.on('message', (data) => listener({ data }));
  },
};
Object.defineProperty(process, 'parentPort', { value: parentPort });
await import(pathToFileURL(entry).href);
