/**
 * The restore executor: the only code in ShadowDesk that writes to a user's files. Every file is
 * copied to a temporary file beside its target, verified (read back and compared byte for byte with
 * what was read, whose SHA-256 the journal keeps), flushed and given the copy's timestamps before it
 * is renamed into place; a file it replaces is first moved aside (same volume) so undo can put it
 * back; and a journal, rewritten atomically after every step, lets a later process finish or roll
 * back whatever a crash interrupted. A user's path never holds a partial or unverified file.
 */
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import { rootWhat, segmentsUnder, showPath } from './destination.js';
import type { FileTree, TreeStat } from './file-tree.js';
import { CopyBuffers, copyVerified } from './copy-verified.js';
import { lstatOrNull, requireShadow, resolveUnder } from './fs-common.js';
import { hashThreadsHere, makeHashPool, type HashPool } from './hash-pool.js';
import { conflictOf } from './restore-plan.js';
import type { FileAttributesPort, ShadowInfo, ShadowSource } from './shadow-source.js';
import { RESTORED_ATTRIBUTES } from './windows-attributes.js';
import type { ConflictChoice, RestorePlan, RestoreProgress, RestoreResult } from './types.js';
import { createJournal, ownerIdentity, pad, saveJournal, type Journal, type JournalItem } from './restore-journal.js';
import { normalizeRelative } from './volume-path.js';

/** Hooks that let tests stop a restore at its most delicate moment, as a crash would. */
export interface RestoreTestHooks {
  /** Runs right after an existing target was moved aside, before the new file is renamed in. */
  afterAside?: (item: JournalItem) => void;
  /** Runs right after the folders a target needs were made. */
  afterFolders?: (segments: string[]) => void;
  /**
   * Runs after each chunk of a file was written to its temp and before it is read back to be
   * verified, so a test can damage the temp's bytes there. Unlike the hooks above, what it throws is
   * an ordinary failure of that file, not a crash.
   */
  afterChunkWritten?: (temp: string, position: number, length: number) => void;
}

/** Options of {@link runRestore}. */
export interface RunRestoreOptions {
  /** What to do with a target that exists and differs. */
  onConflict: ConflictChoice;
  /** Per-target overrides, keyed by the plan item's `target`. */
  perItem?: Record<string, ConflictChoice>;
  /** Where the journals live (`<dataDir>/restores/<restoreId>/journal.json`). */
  dataDir: string;
  signal?: AbortSignal;
  onProgress?: (p: RestoreProgress) => void;
  /**
   * Threads that hash (0: the main thread). By default {@link hashThreadsHere} for restores of
   * {@link THREADED_FROM} bytes or more, where they pay for their start; the main thread below that.
   */
  hashThreads?: number;
  /**
   * Tests only. What a hook throws escapes runRestore with no cleanup, exactly like a crash. An
   * `afterFolders` hook counts folders in plan order, so with one the files go one at a time.
   */
  testHooks?: RestoreTestHooks;
}

/** Restores this big or bigger hash in worker threads by default (starting one costs ~30 ms). */
export const THREADED_FROM = 32 * 1024 * 1024;

/**
 * Files in flight at once: while one is flushed, verified, journaled and renamed (waits on the disk),
 * the next is copied. Their results still come in plan order (see {@link runRestore}).
 */
export const FILES_IN_FLIGHT = 2;

/**
 * Name of the folder, at the root of the destination (the volume, or the folder of this computer a
 * restore went to), that keeps replaced files until the restore is undone: same file system, so
 * setting a file aside is a rename.
 */
export const UNDO_FOLDER = '.shadowdesk-undo';

const PROGRESS_EVERY_MS = 100;
/** Also report every 8 MiB, so a slow consumer of fast disks still sees a big file move. */
const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;
const FOLD_CASE = process.platform === 'win32';

/** Thrown by a test hook: carries the hook's error out of runRestore untouched. */
class SimulatedCrash extends Error {}

class Cancelled extends Error {}

/**
 * Native path of a journal path, re-checked against its root (links out of it are refused). `root`
 * is the journal's root key (an item's `volume`): `C:\`, or a folder of this computer.
 */
export function nativeOf(source: ShadowSource, root: string, relative: string): string {
  return resolveUnder(source.writeRoot(root), normalizeRelative(relative), rootWhat(root));
}

/** The segments of an item's target below its root (the journal keeps the target as the plan named it). */
export function targetSegmentsOf(item: Pick<JournalItem, 'volume' | 'target'>): string[] {
  return segmentsUnder(item.volume, item.target);
}

/** `report (restored 2026-11-24 17.05).docx`, `report (restored 2026-11-24 17.05 2).docx`, … */
export function keepBothName(name: string, shadowCreatedAt: string, n: number): string {
  const d = new Date(shadowCreatedAt);
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.${pad(d.getMinutes())}`;
  const ext = path.extname(name);
  const base = ext ? name.slice(0, -ext.length) : name;
  return `${base} (restored ${stamp}${n > 1 ? ` ${n}` : ''})${ext}`;
}

/** Removes a file if it is there; used for temp files, whose loss is never a user's loss. */
export async function removeIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function errorText(err: unknown): string {
  if (err instanceof AppError) return err.text.en;
  const e = err as NodeJS.ErrnoException;
  // POSIX says ENOTDIR; Windows says EEXIST when mkdir meets a file of that name.
  if (e.code === 'ENOTDIR' || (e.code === 'EEXIST' && e.syscall === 'mkdir')) return 'a file stands where a folder is needed on the way to it.';
  return err instanceof Error ? err.message : String(err);
}

function exists(code: string): AppError {
  return new AppError(code, {
    en: 'a file appeared at the target during the restore; it was left untouched.',
    it: 'durante il ripristino è comparso un file nella destinazione; non è stato toccato.',
  });
}

/**
 * Puts a finished temp file at its final name without ever overwriting: a hard link fails if the
 * name is taken (then the temp name is dropped). Volumes without hard links fall back to a check
 * and a rename.
 */
async function placeNoClobber(temp: string, final: string): Promise<void> {
  try {
    await link(temp, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw exists('TARGET_APPEARED');
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS', 'EINVAL'].includes(code)) throw err;
    if (await lstatOrNull(final)) throw exists('TARGET_APPEARED');
    await rename(temp, final);
    return;
  }
  await removeIfPresent(temp).catch(() => undefined);
}

/** Best-effort fsync of a folder so renames in it survive a power cut (not possible on Windows). */
async function syncFolder(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals metadata itself.
  }
}

interface Tally {
  filesDone: number;
  filesTotal: number;
  /** Bytes of the files finished (in plan order). */
  bytesBefore: number;
  /** Bytes written so far of each file in flight. */
  inFlight: Map<JournalItem, number>;
  bytesTotal: number;
  lastEmit: number;
  lastBytes: number;
}

interface RunContext {
  source: ShadowSource;
  shadow: ShadowInfo;
  tree: FileTree;
  journal: Journal;
  opts: RunRestoreOptions;
  result: RestoreResult;
  tally: Tally;
  saver: JournalSaver;
  pool: HashPool;
  /** Copy memory not in use by a file in flight. */
  spareBuffers: CopyBuffers[];
  /** Serializes folder creation (two files in flight may need the same new folder). */
  folders: Promise<unknown>;
  /** Set when a test hook simulated a crash: every other file in flight stops where it is, untidied. */
  crashed: boolean;
}

/**
 * Saves one restore's journal one save at a time. A save asked for while one is being written is
 * served by the next one, which starts after it and so holds every change made before the request:
 * with two files in flight, their steps share saves instead of queueing one fsync each.
 */
class JournalSaver {
  #running: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  constructor(
    readonly dataDir: string,
    readonly journal: Journal,
  ) {}

  save(): Promise<void> {
    // A save queued and not yet started will snapshot the journal later: it serves this request too.
    if (this.#next) return this.#next;
    if (!this.#running) return this.#start();
    this.#next ??= this.#running.catch(() => undefined).then(() => {
      this.#next = null;
      return this.#start();
    });
    return this.#next;
  }

  #start(): Promise<void> {
    const p = saveJournal(this.dataDir, this.journal).finally(() => {
      if (this.#running === p) this.#running = null;
    });
    this.#running = p;
    return p;
  }
}

function emit(ctx: RunContext, current: string, force: boolean): void {
  const now = Date.now();
  const t = ctx.tally;
  let bytesDone = t.bytesBefore;
  for (const n of t.inFlight.values()) bytesDone += n;
  if (!ctx.opts.onProgress) return;
  if (!force && now - t.lastEmit < PROGRESS_EVERY_MS && bytesDone - t.lastBytes < PROGRESS_EVERY_BYTES) return;
  t.lastEmit = now;
  t.lastBytes = bytesDone;
  ctx.opts.onProgress({ filesDone: t.filesDone, filesTotal: t.filesTotal, bytesDone, bytesTotal: t.bytesTotal, current });
}

function save(ctx: RunContext): Promise<void> {
  return ctx.saver.save();
}

/** Stops a file where it is when the restore was cancelled, or when another file simulated a crash. */
function checkpoint(ctx: RunContext): void {
  if (ctx.crashed) throw new SimulatedCrash('another file in flight crashed');
  if (ctx.opts.signal?.aborted) throw new Cancelled();
}

function choiceFor(opts: RunRestoreOptions, target: string): ConflictChoice {
  const per = opts.perItem ?? {};
  if (per[target]) return per[target];
  if (FOLD_CASE) {
    const key = Object.keys(per).find((k) => k.toLowerCase() === target.toLowerCase());
    if (key && per[key]) return per[key];
  }
  return opts.onConflict;
}

/** Copies one file into its temp through the shared copy machinery (copy-verified.ts); removes the temp on any failure. */
async function copyToTemp(ctx: RunContext, item: JournalItem, srcSegs: string[], temp: string, st: TreeStat): Promise<string> {
  const buffers = ctx.spareBuffers.pop() ?? new CopyBuffers();
  const afterChunk = ctx.opts.testHooks?.afterChunkWritten;
  try {
    return await copyVerified({
      tree: ctx.tree,
      srcSegs,
      temp,
      st,
      pool: ctx.pool,
      buffers,
      checkpoint: () => checkpoint(ctx),
      afterWrite: afterChunk && ((position, length) => afterChunk(temp, position, length)),
      onBytes: (done) => {
        ctx.tally.inFlight.set(item, done);
        emit(ctx, item.target, false);
      },
    });
  } catch (err) {
    if (!(err instanceof SimulatedCrash)) await removeIfPresent(temp).catch(() => undefined);
    throw err;
  } finally {
    ctx.spareBuffers.push(buffers);
  }
}

/** Creates the folders a target needs, one call at a time (see {@link makeFolders}). */
function ensureFolder(ctx: RunContext, volume: string, segments: string[]): Promise<string> {
  const p = ctx.folders.then(() => makeFolders(ctx, volume, segments));
  ctx.folders = p.catch(() => undefined);
  return p;
}

/** Creates the folders a target needs, checked first, and remembers which ones undo may remove. */
async function makeFolders(ctx: RunContext, volume: string, segments: string[]): Promise<string> {
  const root = ctx.source.writeRoot(volume);
  const native = resolveUnder(root, segments, rootWhat(volume));
  // Which folders are new is found by looking first: mkdir's "first created" result is not
  // reliable on every platform (Windows builds can return undefined), and undo depends on it.
  let from = segments.length + 1;
  for (let n = 1; n <= segments.length; n++) {
    if (!(await lstatOrNull(path.join(root, ...segments.slice(0, n))))) {
      from = n;
      break;
    }
  }
  // Recorded BEFORE they are made: a crash between mkdir and the save must not leave a folder
  // that no journal knows (recovery removes recorded folders only while they are empty).
  if (from <= segments.length) {
    for (let n = from; n <= segments.length; n++) ctx.journal.createdDirs.push({ volume, relative: segments.slice(0, n).join('\\') });
    await save(ctx);
  }
  await mkdir(native, { recursive: true });
  try {
    ctx.opts.testHooks?.afterFolders?.(segments);
  } catch (err) {
    throw new SimulatedCrash('test hook', { cause: err });
  }
  return resolveUnder(root, segments, rootWhat(volume));
}

interface Resolved {
  item: JournalItem;
  srcSegs: string[];
  st: TreeStat;
  segments: string[];
  targetNative: string;
}

/** Re-checks a plan item on both sides (a plan is data and may be stale) before touching anything. */
async function resolveItem(ctx: RunContext, item: JournalItem): Promise<Resolved> {
  const srcSegs = normalizeRelative(item.source);
  const st = await ctx.tree.stat(srcSegs);
  if (!st) {
    throw new AppError('NOT_FOUND', { en: 'it is no longer in the shadow copy.', it: 'non è più nella copia shadow.' });
  }
  if (st.kind !== 'file') {
    throw new AppError('NOT_A_FILE', { en: 'it is not a regular file in the shadow copy.', it: 'non è un file normale nella copia shadow.' });
  }
  const segments = targetSegmentsOf(item);
  if (segments.length === 0) throw new AppError('PATH_REJECTED', { en: 'a volume root is not a file.', it: "la radice di un volume non è un file." });
  const targetNative = nativeOf(ctx.source, item.volume, segments.join('\\'));
  return { item, srcSegs, st, segments, targetNative };
}

function rel(segments: string[]): string {
  return segments.join('\\');
}

/** Moves the existing target into the undo folder, then the verified temp into its place. */
async function replaceTarget(ctx: RunContext, r: Resolved, tempNative: string): Promise<void> {
  const { item } = r;
  const asideSegs = [UNDO_FOLDER, ctx.journal.restoreId, ...r.segments];
  item.aside = rel(asideSegs);
  await save(ctx);
  const asideDir = resolveUnder(ctx.source.writeRoot(item.volume), asideSegs.slice(0, -1), rootWhat(item.volume));
  await mkdir(asideDir, { recursive: true });
  const asideNative = nativeOf(ctx.source, item.volume, item.aside);
  await rename(r.targetNative, asideNative);
  item.state = 'aside';
  await save(ctx);
  try {
    ctx.opts.testHooks?.afterAside?.(item);
  } catch (err) {
    throw new SimulatedCrash('test hook', { cause: err });
  }
  item.final = rel(r.segments);
  await save(ctx);
  try {
    await placeNoClobber(tempNative, r.targetNative);
  } catch (err) {
    // Put the user's file back if its place is still free; otherwise the journal keeps it for undo.
    if (!(await lstatOrNull(r.targetNative))) {
      await rename(asideNative, r.targetNative);
      item.aside = null;
      item.state = 'temp-written';
    }
    throw err;
  }
  ctx.result.restored.push(item.target);
  ctx.result.replaced++;
}

/** Writes under `name (restored …).ext`, trying ` 2`, ` 3`… while those names are taken. */
async function keepBoth(ctx: RunContext, r: Resolved, tempNative: string): Promise<void> {
  const parent = r.segments.slice(0, -1);
  const name = r.segments.at(-1) ?? '';
  for (let n = 1; ; n++) {
    const segs = [...parent, keepBothName(name, ctx.shadow.createdAt, n)];
    r.item.final = rel(segs);
    await save(ctx);
    try {
      await placeNoClobber(tempNative, nativeOf(ctx.source, r.item.volume, r.item.final));
      ctx.result.keptBoth.push({ target: r.item.target, writtenAs: showPath(r.item.volume, r.item.final) });
      return;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'TARGET_APPEARED') || n >= 1000) throw err;
    }
  }
}

/**
 * Restores one file end to end; what it decides is recorded in the journal and the result. It may
 * copy while the file before it is still being finished, but it touches a user's path and records a
 * result only once `gate` (that file's end) has passed, so results keep the plan's order.
 */
async function restoreItem(ctx: RunContext, item: JournalItem, gate: Promise<void>): Promise<void> {
  const r = await resolveItem(ctx, item);
  const conflict = await conflictOf(r.targetNative, r.st.size, ctx.tree, r.srcSegs);
  if (conflict === 'same' || (conflict === 'different' && item.choice === 'skip')) {
    await gate;
    checkpoint(ctx);
    item.state = 'skipped';
    ctx.result.skipped.push(item.target);
    await save(ctx);
    return;
  }
  checkpoint(ctx);
  const parent = r.segments.slice(0, -1);
  await ensureFolder(ctx, item.volume, parent);
  const tempSegs = [...parent, `.${r.segments.at(-1) ?? ''}.shadowdesk-${ctx.journal.restoreId}.tmp`];
  item.temp = rel(tempSegs);
  await save(ctx);
  const tempNative = nativeOf(ctx.source, item.volume, item.temp);
  item.sha256 = await copyToTemp(ctx, item, r.srcSegs, tempNative, r.st);
  // True on disk now (flushed and verified); the next save, which comes before any step below
  // changes a user's path, records it. A crash before that leaves a temp that recovery drops.
  item.state = 'temp-written';
  await gate;
  checkpoint(ctx);
  if (conflict === 'different' && item.choice === 'replace') await replaceTarget(ctx, r, tempNative);
  else if (conflict === 'different') await keepBoth(ctx, r, tempNative);
  else {
    item.final = rel(r.segments);
    await save(ctx);
    await placeNoClobber(tempNative, r.targetNative);
    ctx.result.restored.push(item.target);
  }
  if (item.final) copyAttributes(ctx.source.fileAttributes, r.st, nativeOf(ctx.source, item.volume, item.final));
  await syncFolder(path.dirname(r.targetNative));
  // Recorded by the next save (the next file's first step, or the restore's last save). Until
  // then the journal names `final` and its SHA-256, so recovery finds the file placed and verified
  // and keeps it as placed: the same outcome, without one more fsync per file.
  item.state = 'placed';
}

/**
 * Windows: the copy's readonly/hidden/system/archive/not-indexed bits (as its tree knows them: a
 * Windows copy through kernel32, NTFS inside a disk image from the file's own record) go onto the
 * placed file, so the restored file is the file that was. They are set after placing, not on the temp
 * file: removing the temp's hard link clears a read-only bit the two names share.
 */
function copyAttributes(port: FileAttributesPort | undefined, from: TreeStat, to: string): void {
  if (!port) return;
  const bits = from.attributes;
  if (bits !== null) port.set(to, bits & RESTORED_ATTRIBUTES);
}

/** After a failed or cancelled item: drop its temp, put a moved-aside file back if its place is free. */
async function undoPartial(ctx: RunContext, item: JournalItem): Promise<void> {
  if (item.temp) await removeIfPresent(nativeOf(ctx.source, item.volume, item.temp)).catch(() => undefined);
  if (item.aside && item.state === 'aside') {
    const target = nativeOf(ctx.source, item.volume, targetSegmentsOf(item).join('\\'));
    if (!(await lstatOrNull(target))) {
      await rename(nativeOf(ctx.source, item.volume, item.aside), target);
      item.aside = null;
    }
  }
  item.final = null;
}

async function runItem(ctx: RunContext, item: JournalItem, gate: Promise<void>): Promise<void> {
  try {
    await restoreItem(ctx, item, gate);
  } catch (err) {
    if (err instanceof SimulatedCrash) {
      ctx.crashed = true;
      throw err;
    }
    if (item.state === 'placed') throw err;
    await undoPartial(ctx, item).catch(() => undefined);
    if (err instanceof Cancelled) {
      item.state = 'cancelled';
      await save(ctx);
      throw err;
    }
    await gate;
    if (ctx.crashed) throw new SimulatedCrash('another file in flight crashed');
    item.state = 'failed';
    item.error = errorText(err);
    ctx.result.failed.push({ target: item.target, error: item.error });
    await save(ctx);
  }
}

/**
 * Runs the items with up to `depth` in flight. Each item's end is the next one's gate, so results,
 * progress counts and the journal's story stay in plan order. Answers what stopped the run early:
 * the first Cancelled, SimulatedCrash or unexpected error, after every item in flight has settled.
 */
async function runItems(ctx: RunContext, depth: number): Promise<unknown> {
  const { tally, opts } = ctx;
  let gate: Promise<void> = Promise.resolve();
  const running = new Set<Promise<void>>();
  let stop: unknown = null;
  let crash: SimulatedCrash | null = null;
  for (const item of ctx.journal.items) {
    while (running.size >= depth && stop === null) await Promise.race(running);
    if (stop !== null) break;
    if (opts.signal?.aborted) {
      stop = new Cancelled();
      break;
    }
    emit(ctx, item.target, true);
    const p: Promise<void> = runItem(ctx, item, gate).then(
      () => {
        tally.filesDone++;
        tally.bytesBefore += item.size;
        tally.inFlight.delete(item);
        emit(ctx, item.target, true);
      },
      (err: unknown) => {
        tally.inFlight.delete(item);
        // The hook's own crash is what the caller must see, not the stop it caused elsewhere.
        if (err instanceof SimulatedCrash && err.message === 'test hook') crash ??= err;
        stop ??= err;
      },
    );
    gate = p;
    running.add(p);
    void p.then(() => running.delete(p));
  }
  await Promise.all(running);
  return crash ?? stop;
}

function newJournal(restoreId: string, plan: RestorePlan, source: ShadowSource, shadow: ShadowInfo, opts: RunRestoreOptions, rootKey: string): Journal {
  const owner = ownerIdentity(source.processes);
  return {
    version: 1,
    restoreId,
    state: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    pid: owner.pid,
    processStart: owner.processStart,
    bootId: owner.bootId,
    shadowId: shadow.id,
    shadowCreatedAt: shadow.createdAt,
    destination: plan.destination,
    createdDirs: [],
    items: plan.items.map((i) => ({
      source: i.source,
      target: i.target,
      volume: rootKey,
      choice: choiceFor(opts, i.target),
      state: 'pending',
      size: i.size,
      temp: null,
      aside: null,
      final: null,
      sha256: null,
    })),
  };
}

/**
 * Executes a restore plan. Each file is written atomically and verified; a replaced file is moved
 * into `<volume>\.shadowdesk-undo\<restoreId>\` first so undo can put it back. Items already
 * identical are skipped. The conflict is checked again at run time (the plan may be stale).
 * One file failing does not stop the others.
 *
 * Result state: 'cancelled' when the signal stopped it (files placed so far stay, and stay
 * undoable); otherwise 'failed' when any item failed; otherwise 'completed'.
 */
export async function runRestore(source: ShadowSource, plan: RestorePlan, opts: RunRestoreOptions): Promise<RestoreResult> {
  const shadow = requireShadow(source, plan.shadowId);
  // The plan's destination (its `to`, or the folder its targets share on the copy's volume) names the
  // root every target must lie under; one that does not is refused before anything is written (a
  // plan is data and may be forged).
  const rootKey = source.destination(plan.destination, shadow.volume).rootKey;
  for (const i of plan.items) targetSegmentsOf({ volume: rootKey, target: i.target });
  // The restore folder and its first journal appear together, so a crash never leaves one without the other.
  const journal = await createJournal(opts.dataDir, (id) => newJournal(id, plan, source, shadow, opts, rootKey));
  const restoreId = journal.restoreId;
  const result: RestoreResult = { restoreId, state: 'completed', restored: [], keptBoth: [], skipped: [], failed: [], replaced: 0 };
  const tally: Tally = {
    filesDone: 0,
    filesTotal: plan.items.length,
    bytesBefore: 0,
    inFlight: new Map(),
    bytesTotal: plan.items.reduce((n, i) => n + i.size, 0),
    lastEmit: 0,
    lastBytes: 0,
  };
  const threads = opts.hashThreads ?? (tally.bytesTotal >= THREADED_FROM ? hashThreadsHere() : 0);
  const ctx: RunContext = {
    source,
    shadow,
    tree: source.shadowTree(shadow),
    journal,
    opts,
    result,
    tally,
    saver: new JournalSaver(opts.dataDir, journal),
    pool: makeHashPool(threads),
    spareBuffers: [],
    folders: Promise.resolve(),
    crashed: false,
  };
  let stop: unknown;
  try {
    stop = await runItems(ctx, opts.testHooks?.afterFolders ? 1 : FILES_IN_FLIGHT);
  } finally {
    await ctx.pool.close();
  }
  if (stop instanceof SimulatedCrash) throw stop.cause;
  if (stop !== null && !(stop instanceof Cancelled)) throw stop;
  result.state = stop instanceof Cancelled ? 'cancelled' : result.failed.length > 0 ? 'failed' : 'completed';
  journal.state = result.state;
  journal.finishedAt = new Date().toISOString();
  await save(ctx);
  return result;
}
