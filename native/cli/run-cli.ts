import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { RemoteError, type ShadowDeskApi } from '../contract/api.js';
import type { ErrorData, Lang } from '../contract/errors.js';
import { AppError } from '../vss/app-error.js';
import { hresultHex } from '../ffi/hresult.js';
import { pickLang } from './lang.js';
import type { CliContext, CliIo } from './cli-context.js';
import { createCommand, deleteCommand, providersCommand, shadowsCommand, storageCommand, volumesCommand, writersCommand } from './manage-commands.js';
import { aboutCommand, auditCommand, doctorCommand } from './diagnose-commands.js';
import { selftestCommand } from './selftest-command.js';
import { diffCommand, lsCommand, restoreCommand, restoresCommand, searchCommand, undoCommand, versionsCommand } from './restore-commands.js';
import { serveCommand } from '../server/serve-command.js';

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
  undo RESTORE_ID                           Put back what a restore replaced
  restores                                  Restore history

Diagnose
  doctor [--markdown]                       Health check: writers, storage, protection, copy cap (exit 3 when critical)
  audit [--since DATE] [--limit N]          Every create, delete, resize and restore, newest first
  about                                     Version, backend (Windows VSS or simulated) and the data folder
  selftest [--markdown]                     Read-only check of this machine: OS, elevation, COM, DLLs, each VSS
                                            listing, pass/fail with the HRESULT (exit 1 when a check fails)

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
`;

const COMMANDS: Record<string, (ctx: CliContext) => Promise<number>> = {
  volumes: volumesCommand,
  shadows: shadowsCommand,
  writers: writersCommand,
  providers: providersCommand,
  storage: storageCommand,
  create: createCommand,
  delete: deleteCommand,
  ls: lsCommand,
  versions: versionsCommand,
  diff: diffCommand,
  search: searchCommand,
  restore: restoreCommand,
  undo: undoCommand,
  restores: restoresCommand,
  doctor: doctorCommand,
  audit: auditCommand,
  about: aboutCommand,
  selftest: selftestCommand,
  serve: serveCommand,
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
export async function runCli(argv: string[], io: CliIo, api: ShadowDeskApi, langOverride?: Lang): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        lang: { type: 'string' },
        volume: { type: 'string', multiple: true, default: [] },
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
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  const lang = langOverride ?? pickLang(o.lang);
  const [command, ...args] = positionals;
  if (o.help || !command) {
    io.out(USAGE);
    return command || o.help ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const ctx: CliContext = {
    api,
    io,
    lang,
    args,
    flags: {
      json: o.json, volume: o.volume, withWriters: o['with-writers'], shadow: o.shadow, set: o.set, oldest: o.oldest, all: o.all,
      max: o.max, on: o.on, detail: o.detail, yes: o.yes, to: o.to, onConflict: o['on-conflict'], plan: o.plan, against: o.against,
      hash: o.hash, since: o.since, limit: o.limit, markdown: o.markdown, port: o.port, open: o.open, allowRemote: o['allow-remote'],
    },
    print: (json, render) => io.out(o.json ? JSON.stringify(json, null, 2) : render()),
  };
  try {
    return await run(ctx);
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
