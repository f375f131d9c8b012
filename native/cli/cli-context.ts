import type { ShadowDeskApi } from '../contract/api.js';
import type { Lang } from '../contract/errors.js';
import { AppError } from '../vss/app-error.js';
import type { ImageSummary } from '../image/image-types.js';

/** Where the CLI writes and how it asks; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks a yes/no question; undefined when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
  /** Long work reports here (a terminal progress bar); undefined when nobody watches. */
  progress?: (fraction: number, label: string) => void;
  /** Reads all of standard input (`--hosts -`); the process's own stdin when not given. */
  readStdin?: () => Promise<string>;
}

/** Parsed flags shared by every command. */
export interface CliFlags {
  json: boolean;
  volume: string[];
  withWriters: boolean;
  shadow: string | undefined;
  set: string | undefined;
  oldest: boolean;
  all: boolean;
  max: string | undefined;
  on: string | undefined;
  detail: boolean;
  yes: boolean;
  to: string | undefined;
  onConflict: string | undefined;
  plan: boolean;
  against: string | undefined;
  hash: boolean;
  since: string | undefined;
  limit: string | undefined;
  markdown: boolean;
  /** serve: TCP port (0 or absent: a free one). */
  port: string | undefined;
  /** serve: open an app window in a Chromium-family browser. */
  open: boolean;
  /** serve: accept connections from other machines. */
  allowRemote: boolean;
  /** schedule add: when, and what to keep. */
  preset: string | undefined;
  at: string | undefined;
  days: string | undefined;
  every: string | undefined;
  from: string | undefined;
  logon: boolean;
  idle: boolean;
  idleMinutes: string | undefined;
  keepHours: string | undefined;
  keepDays: string | undefined;
  keepWeeks: string | undefined;
  keepMonths: string | undefined;
  minFree: string | undefined;
  account: string | undefined;
  /** schedule tick: the simulated clock's new now. */
  until: string | undefined;
  /** fleet doctor: the targets given with --computer (every one, in order). */
  computers: string[];
  /** fleet doctor: a file of targets, one a line, or `-` for standard input. */
  hosts: string | undefined;
  concurrency: string | undefined;
  timeout: string | undefined;
  csv: boolean;
  /** The other computer (--computer or SHADOWDESK_COMPUTER), for what names it: restore --here brings files from it. */
  computer?: string | undefined;
  /** restore: bring the files from --computer into --to, a folder of this computer. */
  here?: boolean;
}

/** Everything a command needs. */
export interface CliContext {
  api: ShadowDeskApi;
  io: CliIo;
  lang: Lang;
  flags: CliFlags;
  args: string[];
  /** The disk image opened with --image (or SHADOWDESK_IMAGE) that the command works on, else null. */
  image: ImageSummary | null;
  /** Prints `json` with --json, else the text `render` makes. */
  print(json: unknown, render: () => string): void;
}

/** A usage mistake, in both languages; exits with code 2. */
export function usage(en: string, it: string): AppError {
  return new AppError('USAGE', { en, it });
}

/**
 * Asks before a destructive action, naming what it will do. Without a terminal the action needs
 * --yes, so scripts opt in explicitly and nothing is ever destroyed by default.
 */
export async function confirmOrRefuse(ctx: CliContext, text: { en: string; it: string }): Promise<boolean> {
  if (ctx.flags.yes) return true;
  if (!ctx.io.confirm) {
    throw new AppError('CONFIRMATION_REQUIRED', { en: `${text.en}\nAdd --yes to confirm.`, it: `${text.it}\nAggiungere --yes per confermare.` });
  }
  const ok = await ctx.io.confirm(`${text[ctx.lang]}\n${ctx.lang === 'it' ? 'Continuare? [s/N] ' : 'Continue? [y/N] '}`);
  if (!ok) ctx.io.err(ctx.lang === 'it' ? 'Nessuna modifica.' : 'Nothing changed.');
  return ok;
}

/** Dates as people read them, in the local time zone. */
export function localDate(iso: string): string {
  return new Date(iso).toLocaleString();
}
