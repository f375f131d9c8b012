#!/usr/bin/env node
import { HostClient } from '../host/host-client.js';
import { cliStart } from './cli-options.js';

/**
 * Entry point of `shadowdesk` (`npx shadowdesk …`, `npm run shadowdesk -- …`). The CLI is a front
 * end like the app: it starts the VSS host and speaks the contract to it, so it never loads koffi
 * itself. To answer at once, the host is started before anything else is loaded: its start-up
 * (Node, koffi, the stand-in or VSS) runs while this process loads the commands.
 */
const argv = process.argv.slice(2);
if (argv[0] === 'host' && argv.length === 1) {
  // `shadowdesk host`: this process is the host, speaking the protocol on stdin/stdout. It is what
  // `--computer` runs on the other computer over ssh.
  await import('../host/host-main.js');
} else {
  const { lang, needsHost, computer } = cliStart(argv);
  let host: HostClient | import('../remote/computer-transport.js').ComputerTransport = new HostClient({ lang });
  if (computer) {
    // The other computer's host over ssh; a host here only for what runs here (bringing files here, the fleet).
    const [{ computerSpawner }, { ComputerTransport }] = await Promise.all([import('../remote/ssh-host.js'), import('../remote/computer-transport.js')]);
    const local = host;
    host = new ComputerTransport(new HostClient({ lang, spawn: computerSpawner(computer) }), () => local);
  }
  if (needsHost) host.start();
  const { runCliProcess, processStreams } = await import('./cli-process.js');
  process.exitCode = await runCliProcess(argv, host, lang, processStreams());
}
