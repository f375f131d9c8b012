/**
 * Runs the VSS host the way an Electron utility process does, under plain Node: no stdin, messages
 * to and from the parent on `process.parentPort` (here carried by Node's IPC channel), which (like
 * Electron's) keeps the process alive until the host exits by itself. Used by utility-host.test.ts
 * through fakeUtilityProcess (fake-electron.ts).
 *
 *   node parent-port-shim.js <host-main.js>   (forked with an IPC channel, stdin ignored)
 */
import { pathToFileURL } from 'node:url';

const entry = process.argv[2];
if (!entry || !process.send) {
  console.error('usage: fork parent-port-shim.js <host entry> with an IPC channel');
  process.exit(2);
}
const send = process.send.bind(process);
const parentPort = {
  on(event: 'message', listener: (message: { data: unknown; ports: unknown[] }) => void): void {
    if (event === 'message') process.on('message', (data) => listener({ data, ports: [] }));
  },
  postMessage(message: unknown): void {
    send(message as string);
  },
};
Object.defineProperty(process, 'parentPort', { value: parentPort });
await import(pathToFileURL(entry).href);
