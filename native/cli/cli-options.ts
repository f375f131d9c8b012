import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pickLang } from './lang.js';
import type { Lang } from '../contract/errors.js';

/**
 * The command line's options, in one table for parseArgs. It lives apart from run-cli.ts so the
 * entry point can read the command and the language before anything heavy is loaded, and start the
 * VSS host at once, while the rest of the CLI loads.
 */
export const CLI_OPTIONS = {
  json: { type: 'boolean', default: false },
  lang: { type: 'string' },
  volume: { type: 'string', multiple: true, default: [] as string[] },
  'with-writers': { type: 'boolean', default: false },
  shadow: { type: 'string' },
  set: { type: 'string' },
  oldest: { type: 'boolean', default: false },
  all: { type: 'boolean', default: false },
  max: { type: 'string' },
  on: { type: 'string' },
  detail: { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
  to: { type: 'string' },
  'on-conflict': { type: 'string' },
  plan: { type: 'boolean', default: false },
  against: { type: 'string' },
  hash: { type: 'boolean', default: false },
  since: { type: 'string' },
  limit: { type: 'string' },
  markdown: { type: 'boolean', default: false },
  port: { type: 'string' },
  open: { type: 'boolean', default: false },
  'allow-remote': { type: 'boolean', default: false },
  image: { type: 'string' },
  preset: { type: 'string' },
  at: { type: 'string' },
  days: { type: 'string' },
  every: { type: 'string' },
  from: { type: 'string' },
  logon: { type: 'boolean', default: false },
  idle: { type: 'boolean', default: false },
  'idle-minutes': { type: 'string' },
  'keep-hours': { type: 'string' },
  'keep-days': { type: 'string' },
  'keep-weeks': { type: 'string' },
  'keep-months': { type: 'string' },
  'min-free': { type: 'string' },
  account: { type: 'string' },
  until: { type: 'string' },
  schedule: { type: 'string' },
  /** The computer every command works on; after `fleet doctor`, each one is a target of the fleet. */
  computer: { type: 'string', multiple: true },
  hosts: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  csv: { type: 'boolean', default: false },
  here: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

/** Every command the CLI has (run-cli.ts maps each to its implementation). */
export const COMMAND_NAMES = [
  'volumes', 'shadows', 'writers', 'providers', 'storage', 'create', 'delete',
  'ls', 'versions', 'diff', 'search', 'restore', 'undo', 'restores',
  'doctor', 'audit', 'about', 'selftest', 'serve', 'schedule', 'fleet',
] as const;

/**
 * The commands that read or change a machine, so `--image` (or SHADOWDESK_IMAGE) opens the image for
 * them. The restore history, undo, the audit log, about and the self-test are this computer's.
 */
export const IMAGE_COMMANDS: ReadonlySet<string> = new Set([
  'volumes', 'shadows', 'writers', 'providers', 'storage', 'create', 'delete', 'ls', 'versions', 'diff', 'search', 'restore', 'serve',
]);

/** A command's name. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * What the entry point needs before the CLI proper loads: the language of messages and whether to
 * start the host at once (a known command, no --help, arguments that parse), so a mistyped command
 * or --help never starts one. `serve` runs for as long as the user keeps it, and its host starts
 * with the page's first call, as before: nothing to gain there, and the demo machine is then made
 * once the window asks for it, not while a script is still looking at it.
 * `fleet` never goes to another computer (neither --computer nor SHADOWDESK_COMPUTER): it reaches
 * its targets from this one.
 */
export function cliStart(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { lang: Lang; needsHost: boolean; computer: string | undefined } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: CLI_OPTIONS });
    const command = positionals[0];
    return {
      lang: pickLang(values.lang),
      // The fleet doctor always runs from this computer: its --computer options are its targets.
      computer: command === 'fleet' ? undefined : values.computer?.at(-1)?.trim() || env.SHADOWDESK_COMPUTER?.trim() || undefined,
      needsHost: !values.help && ((command !== undefined && command !== 'serve' && (COMMAND_NAMES as readonly string[]).includes(command)) || (command === undefined && values.schedule !== undefined)),
    };
  } catch {
    return { lang: pickLang(undefined), needsHost: false, computer: undefined };
  }
}
