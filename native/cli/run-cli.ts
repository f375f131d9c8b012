import { parseArgs } from 'node:util';
import { nameComputer } from '../remote/computer-transport.js';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { RemoteError, type ShadowDeskApi } from '../contract/api.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import { AppError } from '../vss/app-error.js';
import { hresultHex } from '../ffi/hresult.js';
import { pickLang } from './lang.js';
import type { CliContext, CliIo } from './cli-context.js';
import { CLI_OPTIONS, IMAGE_COMMANDS, type CommandName } from './cli-options.js';

export type { CliIo } from './cli-context.js';

const USAGE = `Usage: shadowdesk <command> [options]

Manage
  volumes                                   Volumes, capacity, free space, shadow-copy support
  shadows [--volume C:]                     Shadow copies (every context), grouped by set
  writers [--detail]                        VSS writers with state and last error (--detail: components and files)
  providers                                 Registered shadow copy providers
  storage                                   Shadow storage: used, allocated, maximum
  storage resize --volume C: --max 2GB|10%|unbounded [--on D:]
  storage add --volume C: --on D: --max 2GB|10%|unbounded
  create --volume C: [--volume D:] [--with-writers]
  delete --shadow ID | --set ID | --oldest --volume C: | --all --volume C:

Restore
  ls SHADOW [PATH]                          A folder of a shadow copy, each entry marked against now
  versions PATH [--hash]                    Every distinct version of a file or folder (also a deleted one)
  diff SHADOW PATH [--against live|SHADOW]  Compare a version with now or with another shadow copy
  search PATTERN [--shadow ID]              Find by name (glob or text) across shadow copies
  restore SHADOW PATH... [--to DIR] [--on-conflict replace|keep-both|skip] [--plan]
  --computer TARGET restore SHADOW PATH... --to DIR --here
                                            Bring files from a copy on that computer into DIR on this one
  undo RESTORE_ID                           Put back what a restore replaced
  restores                                  Restore history

Diagnose
  doctor [--markdown]                       Health check: writers, storage, protection, copy cap (exit 3 when critical)
  audit [--since DATE] [--limit N]          Every create, delete, resize and restore, newest first
  fleet doctor --hosts FILE|- | --computer PC [--computer PC…] [--concurrency 5] [--timeout 60] [--csv|--markdown]
                                            The doctor on many computers over SSH, a few at a time, each row
                                            as it answers (exit 4 when one was not checked, 3 when critical)
  about                                     Version, backend (Windows VSS or simulated) and the data folder
  selftest [--markdown]                     Read-only check of this machine: OS, elevation, COM, DLLs, each VSS
                                            listing, pass/fail with the HRESULT (exit 1 when a check fails)

Schedules (Task Scheduler tasks in \\ShadowDesk\\ on Windows; the simulated clock here)
  schedule list                             Each schedule, its next and last run, copies kept, problems
  schedule add NAME --volume C: [--volume D:] WHEN [KEEP] [--with-writers] [--account SYSTEM|DOMAIN\\user]
      WHEN: --preset server-default|hourly|daily|logon|idle | --at 07:00,12:00 [--days mon,tue,…]
            | --every 3h [--from 06:00] | --logon | --idle [--idle-minutes 10]
      KEEP: --keep-hours 24 --keep-days 7 --keep-weeks 4 --keep-months 12 --min-free 5%  (the defaults)
  schedule remove|pause|resume|run NAME     (remove keeps the copies it made)
  schedule retention NAME KEEP [--plan]     Change what it keeps; names the copies that would go first
  schedule tick --until DATE [--logon] [--idle]
                                            Simulated machine: move its clock, running what falls due
  --schedule NAME                           Run a schedule as its task does (no question asked)

App
  serve [--port N] [--open] [--allow-remote]
                                            The window in a browser, served on this machine until Ctrl+C
                                            (--open: in a Chromium/Chrome/Edge app window)

PATH is a full path like C:\\Users\\ana\\report.docx (forward slashes work too); SHADOW is a shadow copy id
or a unique prefix of it.

Options
  --json        Print JSON (camelCase fields) instead of tables
  --lang en|it  Language of messages (default: the system language)
  --yes         Do not ask before changing anything (required when there is no terminal)
  --computer TARGET
                Work on another computer over SSH (host, user@host or an ~/.ssh/config alias; also
                SHADOWDESK_COMPUTER=TARGET): the system's ssh, with your keys, agent and known_hosts, runs
                "shadowdesk host" there (SHADOWDESK_REMOTE_COMMAND overrides it). Never asks a password.
  --image PATH  Work on the shadow copies inside a disk image, read-only: raw/dd, split raw (.001), E01,
                VHD/VHDX, VMDK, qcow2, a block device or a Windows partition (also SHADOWDESK_IMAGE=PATH).
                Restore with --to a folder of this computer.
`;

type Command = (ctx: CliContext) => Promise<number>;
const manage = () => import('./manage-commands.js');
const diagnose = () => import('./diagnose-commands.js');
const restore = () => import('./restore-commands.js');

/**
 * Each command's module is loaded only when that command runs: `volumes` does not pay for the
 * server (http, ws), the restore commands or the doctor, so it answers sooner.
 */
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  volumes: async () => (await manage()).volumesCommand,
  shadows: async () => (await manage()).shadowsCommand,
  writers: async () => (await manage()).writersCommand,
  providers: async () => (await manage()).providersCommand,
  storage: async () => (await manage()).storageCommand,
  create: async () => (await manage()).createCommand,
  delete: async () => (await manage()).deleteCommand,
  ls: async () => (await restore()).lsCommand,
  versions: async () => (await restore()).versionsCommand,
  diff: async () => (await restore()).diffCommand,
  search: async () => (await restore()).searchCommand,
  restore: async () => (await restore()).restoreCommand,
  undo: async () => (await restore()).undoCommand,
  restores: async () => (await restore()).restoresCommand,
  doctor: async () => (await diagnose()).doctorCommand,
  audit: async () => (await diagnose()).auditCommand,
  about: async () => (await diagnose()).aboutCommand,
  selftest: async () => (await import('./selftest-command.js')).selftestCommand,
  serve: async () => (await import('../server/serve-command.js')).serveCommand,
  schedule: async () => (await import('./schedule-commands.js')).scheduleCommand,
  fleet: async () => (await import('./fleet-commands.js')).fleetCommand,
};

/** Any failure as error data in `lang` (remote errors are already data). */
export function toCliErrorData(err: unknown, lang: Lang): ErrorData {
  if (err instanceof RemoteError) return err.data;
  if (err instanceof AppError) return err.toData(lang);
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

function formatError(e: ErrorData): string {
  const head = e.hresult !== undefined ? `${e.hresultName} (${hresultHex(e.hresult)}): ${e.message}` : e.message;
  return [head, e.next, e.detail].filter(Boolean).join('\n  ');
}

/** Runs one CLI invocation over `api`; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo, api: ShadowDeskApi, langOverride?: Lang, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: CLI_OPTIONS,
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  const lang = langOverride ?? pickLang(o.lang);
  const [command, ...args] = positionals;
  const taskRun = !o.help && !command && o.schedule !== undefined;
  if (!taskRun && (o.help || !command)) {
    io.out(USAGE);
    return command || o.help ? 0 : 2;
  }
  const load = taskRun
    ? async () => (ctx: CliContext) => import('./schedule-commands.js').then((m) => m.runScheduleCommand(ctx, o.schedule!, 'schedule'))
    : Object.hasOwn(COMMANDS, command!) ? COMMANDS[command as CommandName] : undefined;
  if (!load) {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const imagePath = o.image ?? (env.SHADOWDESK_IMAGE || undefined);
  // The last --computer wins; after `fleet`, each one is a target of the fleet, and none is "the" computer.
  const computer = command === 'fleet' ? undefined : o.computer?.at(-1)?.trim() || env.SHADOWDESK_COMPUTER?.trim() || undefined;
  const ctx: CliContext = {
    api,
    io,
    lang,
    args,
    image: null,
    flags: {
      json: o.json, volume: o.volume, withWriters: o['with-writers'], shadow: o.shadow, set: o.set, oldest: o.oldest, all: o.all,
      max: o.max, on: o.on, detail: o.detail, yes: o.yes, to: o.to, onConflict: o['on-conflict'], plan: o.plan, against: o.against,
      hash: o.hash, since: o.since, limit: o.limit, markdown: o.markdown, port: o.port, open: o.open, allowRemote: o['allow-remote'],
      preset: o.preset, at: o.at, days: o.days, every: o.every, from: o.from, logon: o.logon, idle: o.idle, idleMinutes: o['idle-minutes'],
      keepHours: o['keep-hours'], keepDays: o['keep-days'], keepWeeks: o['keep-weeks'], keepMonths: o['keep-months'], minFree: o['min-free'],
      account: o.account, until: o.until,
      computers: o.computer ?? [], hosts: o.hosts, concurrency: o.concurrency, timeout: o.timeout, csv: o.csv,
      computer, here: o.here,
    },
    // With --computer, --json names it in every object, so output gathered from several computers stays apart.
    print: (json, render) => io.out(o.json ? JSON.stringify(computer ? nameComputer(json, computer) : json, null, 2) : render()),
  };
  try {
    // Resolved here, against the folder the user typed it in: the host may run elsewhere.
    if (imagePath && command && IMAGE_COMMANDS.has(command)) ctx.image = await api.openImage({ path: path.resolve(imagePath) });
    return await (await load())(ctx);
  } catch (err) {
    const data = toCliErrorData(err, lang);
    io.err(o.json ? JSON.stringify({ error: data }, null, 2) : formatError(data));
    return data.code === 'USAGE' ? 2 : 1;
  }
}

/** Terminal confirmation, available only when both ends are a TTY. */
export function terminalConfirm(): CliIo['confirm'] {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question: string) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^(y|yes|s|si|sì)$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}
