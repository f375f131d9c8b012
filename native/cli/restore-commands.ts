import path from 'node:path';
import { formatBytes } from '../vss/size-spec.js';
import { parseVolumePath, formatVolumePath } from '../restore/volume-path.js';
import type { BrowseEntry, BrowsePage, ConflictChoice, RestorePlan } from '../restore/types.js';
import type { Bilingual } from '../vss/app-error.js';
import { renderTable } from './table.js';
import { confirmOrRefuse, localDate, usage, type CliContext } from './cli-context.js';

const STATUS_WORDS = {
  en: { same: 'same', changed: 'changed', deleted: 'deleted since', new: 'new since' },
  it: { same: 'uguale', changed: 'modificato', deleted: 'eliminato da allora', new: 'nuovo da allora' },
} as const;

function needArg(ctx: CliContext, index: number, name: string): string {
  const v = ctx.args[index];
  if (!v) throw usage(`Missing ${name}.`, `Manca ${name}.`);
  return v;
}

/** `ls SHADOW [PATH]`: a folder of a shadow copy, each entry marked against now. */
export async function lsCommand(ctx: CliContext): Promise<number> {
  const shadowId = needArg(ctx, 0, 'SHADOW');
  const folder = ctx.args[1] ? parseVolumePath(ctx.args[1]).relative : '';
  const entries: BrowseEntry[] = [];
  let cursor: string | null | undefined = undefined;
  let page: BrowsePage;
  do {
    page = await ctx.api.browse({ shadowId, folder, cursor, pageSize: 5000 });
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  ctx.print({ ...page, entries, nextCursor: null }, () =>
    entries.length === 0
      ? ctx.lang === 'it' ? '(cartella vuota)' : '(empty folder)'
      : renderTable(
          ['Name', 'Size', 'Modified', 'Status'],
          entries.map((e) => [e.kind === 'folder' ? `${e.name}\\` : e.name, e.kind === 'folder' ? '' : formatBytes(e.size), localDate(e.modifiedAt), STATUS_WORDS[ctx.lang][e.status]]),
        ),
  );
  return 0;
}

/** `versions PATH [--hash]`: the distinct versions of a file or folder, including a deleted one. */
export async function versionsCommand(ctx: CliContext): Promise<number> {
  const path = needArg(ctx, 0, 'PATH');
  const list = await ctx.api.versions({ path, hash: ctx.flags.hash });
  ctx.print(list, () => {
    const now = list.current
      ? `Now: ${list.current.kind === 'file' ? formatBytes(list.current.size) : 'folder'}, modified ${localDate(list.current.modifiedAt)}`
      : 'Now: does not exist (deleted)';
    if (list.versions.length === 0) return `${list.path}\n${now}\nNo previous versions.`;
    return [
      list.path,
      now,
      renderTable(
        ['Version of', 'Size', 'Modified', 'Copies', 'Compared with now', 'Shadow copy'],
        list.versions.map((v) => [
          localDate(v.lastSeen),
          v.kind === 'file' ? formatBytes(v.size) : 'folder',
          localDate(v.modifiedAt),
          v.shadowIds.length,
          v.sameAsCurrent ? 'same as now' : 'different',
          v.shadowIds[v.shadowIds.length - 1],
        ]),
      ),
    ].join('\n');
  });
  return 0;
}

/** `diff SHADOW PATH [--against live|SHADOW]` */
export async function diffCommand(ctx: CliContext): Promise<number> {
  const shadowId = needArg(ctx, 0, 'SHADOW');
  const path = needArg(ctx, 1, 'PATH');
  const against = ctx.flags.against ?? 'live';
  const c = await ctx.api.compare({ path, left: { shadowId }, right: against === 'live' ? 'live' : { shadowId: against } });
  ctx.print(c, () => {
    if (c.kind === 'folder') {
      const lines = [
        ...c.added.map((p) => `+ ${p}`),
        ...c.removed.map((p) => `- ${p}`),
        ...c.changed.map((p) => `~ ${p}`),
      ];
      return lines.length ? lines.join('\n') : 'No differences.';
    }
    if (c.kind === 'text') return c.identical ? 'Identical.' : c.patch;
    const side = (f: typeof c.left) => (f.exists ? `${f.label}: ${formatBytes(f.size ?? 0)}, ${f.modifiedAt ? localDate(f.modifiedAt) : ''}, sha256 ${f.sha256}` : `${f.label}: does not exist`);
    return [c.identical ? 'Identical.' : 'Binary files differ.', side(c.left), side(c.right)].join('\n');
  });
  return 0;
}

/** `search PATTERN [--shadow ID]`: across every shadow copy, deleted files included. */
export async function searchCommand(ctx: CliContext): Promise<number> {
  const pattern = needArg(ctx, 0, 'PATTERN');
  const r = await ctx.api.search(
    { pattern, ...(ctx.flags.shadow ? { shadowId: ctx.flags.shadow } : {}), ...(ctx.flags.limit ? { limit: Number(ctx.flags.limit) } : {}) },
    { onProgress: (p) => ctx.io.progress?.(p.shadowsTotal ? p.shadowsDone / p.shadowsTotal : 0, `${p.entriesScanned} entries`) },
  );
  ctx.print(r, () =>
    [
      ...r.hits.map(
        (h) => `${h.path}${h.existsNow ? '' : '  (deleted)'}\n${h.copies.map((c) => `    ${localDate(c.createdAt)}  ${h.kind === 'file' ? formatBytes(c.size) : 'folder'}  ${c.shadowId}`).join('\n')}`,
      ),
      `${r.hits.length} path${r.hits.length === 1 ? '' : 's'} in ${r.shadowsSearched} shadow ${r.shadowsSearched === 1 ? 'copy' : 'copies'} (${r.entriesScanned} entries scanned)${r.truncated ? ', stopped at the limit' : ''}.`,
    ].join('\n'),
  );
  return 0;
}

function conflictChoice(ctx: CliContext): ConflictChoice {
  const v = ctx.flags.onConflict ?? 'keep-both';
  if (v !== 'replace' && v !== 'keep-both' && v !== 'skip') throw usage('--on-conflict is replace, keep-both or skip.', '--on-conflict vale replace, keep-both o skip.');
  return v;
}

/** `restore SHADOW PATH… [--to DIR] [--on-conflict replace|keep-both|skip] [--plan]` */
export async function restoreCommand(ctx: CliContext): Promise<number> {
  const shadowId = needArg(ctx, 0, 'SHADOW');
  const paths = ctx.args.slice(1);
  if (paths.length === 0) throw usage('Give at least one PATH to restore.', 'Indicare almeno un PATH da ripristinare.');
  if (ctx.flags.here) return restoreHereCommand(ctx, shadowId, paths);
  // From an image, --to is a folder of this computer (the image is read-only); else a path like C:\dir.
  const to = ctx.flags.to === undefined ? undefined : ctx.image ? path.resolve(ctx.flags.to) : formatVolumePath(parseVolumePath(ctx.flags.to));
  const target = { shadowId, paths, ...(to ? { to } : {}) };
  const plan = await ctx.api.planRestore(target);
  const onConflict = conflictChoice(ctx);
  if (ctx.flags.plan) {
    ctx.print(plan, () => renderPlan(plan, onConflict, `Restore from the shadow copy of ${localDate(plan.shadowCreatedAt)} to ${plan.destination}:`));
    return 0;
  }
  const ok = await confirmReplacing(ctx, plan, onConflict, (n, list) => ({
    en: `This replaces ${n} existing file${n === 1 ? '' : 's'} (kept aside; "undo" puts them back):\n${list}`,
    it: `Verranno sostituiti ${n} file esistenti (conservati a parte; "undo" li ripristina):\n${list}`,
  }));
  if (!ok) return 1;
  const r = await ctx.api.runRestore(
    { ...target, onConflict },
    { onProgress: (p) => ctx.io.progress?.(p.bytesTotal ? p.bytesDone / p.bytesTotal : p.filesTotal ? p.filesDone / p.filesTotal : 1, p.current) },
  );
  ctx.print(r, () =>
    [
      `Restore ${r.restoreId}: ${r.state}.`,
      ...r.restored.map((t) => `  restored    ${t}`),
      ...r.keptBoth.map((k) => `  kept both   ${k.writtenAs}`),
      ...r.skipped.map((t) => `  skipped     ${t}`),
      ...r.failed.map((f) => `  FAILED      ${f.target}: ${f.error}`),
      r.replaced > 0 ? `${r.replaced} replaced file(s) kept aside: "shadowdesk undo ${r.restoreId}" puts them back.` : '',
    ].filter(Boolean).join('\n'),
  );
  return r.state === 'completed' ? 0 : 1;
}

/**
 * `--computer X restore SHADOW PATH… --to DIR --here`: the copy is on X, DIR is a folder of this
 * computer (resolved here, where the user typed it). planRestoreHere and restoreHere always run on
 * this computer's host (HERE_OPERATION_LIST), which reads the copy from X over ssh and writes, verifies
 * and journals here: `shadowdesk undo` on this computer undoes it.
 */
async function restoreHereCommand(ctx: CliContext, shadowId: string, paths: string[]): Promise<number> {
  const from = ctx.flags.computer;
  if (!from) throw usage('--here brings files from another computer: add --computer TARGET.', '--here porta i file da un altro computer: aggiungere --computer TARGET.');
  if (!ctx.flags.to) throw usage('--here needs --to DIR, a folder of this computer to bring the files into.', '--here richiede --to DIR, una cartella di questo computer in cui portare i file.');
  const to = path.resolve(ctx.flags.to);
  const onConflict = conflictChoice(ctx);
  const plan = await ctx.api.planRestoreHere({ from, shadowId, paths, to });
  if (ctx.flags.plan) {
    ctx.print(plan, () => renderPlan(plan, onConflict, `Bring from the shadow copy of ${localDate(plan.shadowCreatedAt)} on ${from} to ${plan.destination} on this computer:`));
    return 0;
  }
  const ok = await confirmReplacing(ctx, plan, onConflict, (n, list) => ({
    en: `This replaces ${n} file${n === 1 ? '' : 's'} of this computer with ${from}'s (kept aside; "undo" puts them back):\n${list}`,
    it: `Verranno sostituiti ${n} file di questo computer con quelli di ${from} (conservati a parte; "undo" li ripristina):\n${list}`,
  }));
  if (!ok) return 1;
  const r = await ctx.api.restoreHere(
    { from, shadowId, paths, to, onConflict },
    { onProgress: (p) => ctx.io.progress?.(p.bytesTotal ? p.bytesDone / p.bytesTotal : p.filesTotal ? p.filesDone / p.filesTotal : 1, p.current) },
  );
  ctx.print(r, () =>
    [
      `Restore ${r.restoreId} from ${from} into ${to}: ${r.state}.`,
      ...r.restored.map((t) => `  brought     ${t}`),
      ...r.keptBoth.map((k) => `  kept both   ${k.writtenAs}`),
      ...r.skipped.map((t) => `  skipped     ${t}`),
      ...r.failed.map((f) => `  FAILED      ${f.target}: ${f.error}`),
      `"shadowdesk undo ${r.restoreId}" (on this computer) removes what it brought${r.replaced > 0 ? ' and puts back the files it replaced' : ''}.`,
    ].join('\n'),
  );
  return r.state === 'completed' ? 0 : 1;
}

/** `undo RESTORE_ID` */
export async function undoCommand(ctx: CliContext): Promise<number> {
  const restoreId = needArg(ctx, 0, 'RESTORE_ID');
  const ok = await confirmOrRefuse(ctx, {
    en: `This removes the files restore ${restoreId} wrote and puts back the files it replaced.`,
    it: `Verranno rimossi i file scritti dal ripristino ${restoreId} e rimessi al loro posto quelli sostituiti.`,
  });
  if (!ok) return 1;
  const r = await ctx.api.undoRestore({ restoreId });
  ctx.print(r, () =>
    [
      `Undid restore ${r.restoreId}.`,
      ...r.putBack.map((p) => `  put back  ${p}`),
      ...r.removed.map((p) => `  removed   ${p}`),
      ...r.refused.map((f) => `  LEFT AS IS ${f.path}: ${f.reason}`),
    ].join('\n'),
  );
  return r.refused.length === 0 ? 0 : 1;
}

/** `restores`: the restore history, newest first. */
export async function restoresCommand(ctx: CliContext): Promise<number> {
  const list = await ctx.api.listRestores({});
  ctx.print(list, () =>
    list.length === 0
      ? 'No restores yet.'
      : renderTable(['Restore', 'Started', 'State', 'Files', 'Size', 'Destination'], list.map((r) => [r.restoreId, localDate(r.startedAt), r.state, r.files, formatBytes(r.bytes), r.destination])),
  );
  return 0;
}

/** A restore plan as a table under its heading, with what each conflict will do. */
function renderPlan(plan: RestorePlan, onConflict: ConflictChoice, heading: string): string {
  return [
    heading,
    renderTable(['File', 'Size', 'Conflict'], plan.items.map((i) => [i.target, formatBytes(i.size), i.conflict === 'none' ? '' : i.conflict === 'same' ? 'identical (skipped)' : `exists (${onConflict})`])),
    `${plan.totals.files} files, ${formatBytes(plan.totals.bytes)}, ${plan.totals.conflicts} conflicts.`,
  ].join('\n');
}

/** Asks before a restore replaces files (listing the first 20); true when nothing is replaced or the user agreed. */
async function confirmReplacing(ctx: CliContext, plan: RestorePlan, onConflict: ConflictChoice, text: (n: number, list: string) => Bilingual): Promise<boolean> {
  const replacing = plan.items.filter((i) => i.conflict === 'different');
  if (onConflict !== 'replace' || replacing.length === 0) return true;
  const list = replacing.slice(0, 20).map((i) => `  ${i.target}`).join('\n') + (replacing.length > 20 ? `\n  … ${replacing.length - 20} more` : '');
  return confirmOrRefuse(ctx, text(replacing.length, list));
}
