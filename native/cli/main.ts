#!/usr/bin/env node
import { runCli, terminalConfirm } from './run-cli.js';

/** Entry point of `shadowdesk` / `npm run shadowdesk -- …`. */
const code = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  confirm: terminalConfirm(),
});
process.exitCode = code;
