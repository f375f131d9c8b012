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
  const spawn = computer ? (await import('../remote/ssh-host.js')).computerSpawner(computer) : undefined;
  const host = new HostClient({ lang, ...(spawn ? { spawn } : {}) });
  if (needsHost) host.start();
  const { runCliProcess, processStreams } = await import('./cli-process.js');
  process.exitCode = await runCliProcess(argv, host, lang, processStreams());
}
