#!/usr/bin/env node
import { createApi } from '../contract/api.js';
import { HostClient } from '../host/host-client.js';
import { pickLang } from './lang.js';
import { ProgressBar } from './progress-bar.js';
import { runCli, terminalConfirm } from './run-cli.js';

/**
 * Entry point of `shadowdesk` / `npm run shadowdesk -- …`. The CLI is a front end like the app: it
 * starts the VSS host and speaks the contract to it, so it never loads koffi itself.
 */
const argv = process.argv.slice(2);
const langFlag = argv.indexOf('--lang');
const lang = pickLang(langFlag >= 0 ? argv[langFlag + 1] : undefined);
const host = new HostClient({ lang });
const bar = new ProgressBar();
try {
  process.exitCode = await runCli(
    argv,
    {
      out: (t) => process.stdout.write(`${t}\n`),
      err: (t) => process.stderr.write(`${t}\n`),
      confirm: terminalConfirm(),
      progress: (f, label) => bar.update(f, label),
    },
    createApi(host),
    lang,
  );
} finally {
  bar.done();
  await host.close();
}
