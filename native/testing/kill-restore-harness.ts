/**
 * The random-kill harness of the restore engine (issue 9, section 4). It runs a 120-file restore
 * through the real command line and its VSS host on a simulated machine, kills both with SIGKILL at
 * a random moment, starts the next host (`restores`, whose start recovers interrupted restores), and
 * checks what a user relies on after a crash:
 *
 * - every file is whole: byte-identical to the version before the restore or to the restored one
 *   (a file the restore would have created may also be absent; a replaced file may never be);
 * - nothing stray is left in the user's folders (no `.name.shadowdesk-ID.tmp`, no empty folder the
 *   restore created, nothing in `.shadowdesk-undo` that no journal keeps for undo) nor in the data
 *   folder (no restore folder without its journal, no journal still "running" with its owner dead);
 * - undo of the recovered restore puts every file back as it was, and leaves nothing behind;
 * - a rerun of the same restore completes.
 *
 * It needs Linux (process groups, `/proc`), because it kills the CLI together with its host exactly
 * as a crash or `kill -9` of the session would; `npm run test:kill` and a few kills in `npm test`
 * run it. It only ever writes inside its own temporary folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './seeded-random.js';

/** Where the kill fell, judged from the journal the killed restore left. */
export type KillPhase =
  | 'before the restore began'
  | 'restore folder reserved'
  | 'journal written, no file yet'
  | 'between files'
  | 'copying to the temp file'
  | 'temp file written and verified'
  | 'moving the old file aside'
  | 'old file aside, placing the new one'
  | 'placing a new file'
  | 'after the restore finished';

/** Options of {@link runKillHarness}. */
export interface KillHarnessOptions {
  kills: number;
  /** The compiled `dist/` folder to run (its `native/cli/main.js`); defaults to this build's. */
  distDir?: string;
  /** Seed of the random kill moments, so a failing run can be repeated. */
  seed?: number;
  /** One line per kill, for the script's output. */
  log?: (line: string) => void;
  /** Every n-th kill kills only the host (the CLI lives on and reports HOST_CRASHED); 0 = never. */
  hostOnlyEvery?: number;
  /** Every n-th kill falls in the start-up (CLI, host, plan) instead of the restore itself; 0 = never. */
  startupEvery?: number;
}

/** One kill and what was found after it. */
export interface KillOutcome {
  n: number;
  /** From the CLI's spawn (a start-up kill) or from the moment the restore's record appeared. */
  delayMs: number;
  from: 'spawn' | 'restore';
  target: 'cli+host' | 'host';
  phase: KillPhase;
  /** The killed host was still a zombie (state Z) when the next host started. */
  zombieAtNextStart: boolean;
  failures: string[];
}

/** The harness's findings. */
export interface KillReport {
  kills: number;
  outcomes: KillOutcome[];
  failedKills: number;
  phases: Record<string, number>;
  failuresByKind: Record<string, number>;
  zombiesAtNextStart: number;
  fullRestoreMs: number;
  startupMs: number;
  elapsedMs: number;
}

const FILES = 120;
const FOLDER = ['Users', 'ana', 'KillTest'];
const FOLDER_PATH = `C:\\${FOLDER.join('\\')}`;
const TEMP_NAME = /^\..+\.shadowdesk-\d{8}-\d{6}-[0-9a-f]{4}\.tmp$/;

/** One file of the data set: what is live before the restore, and what the copy holds. */
interface FileCase {
  /** Path under the KillTest folder, `/`-separated. */
  rel: string;
  old: Buffer | null;
  restored: Buffer;
}

/**
 * 120 files: 100 that exist and differ (replaced, so each is moved aside first), 12 deleted since
 * the copy (created), and 8 in a folder deleted since the copy (the restore creates the folder).
 * Sizes run from a few bytes to 2 MiB, so kills land in copies as well as between files.
 */
function dataSet(): FileCase[] {
  const out: FileCase[] = [];
  for (let i = 0; i < FILES; i++) {
    const size = i % 40 === 7 ? 2 * 1024 * 1024 : 16 + ((i * 7919) % 96) * 1024;
    const restored = randomBytes(size);
    if (i < 100) out.push({ rel: `${i % 3 === 0 ? 'sub/' : ''}file-${i}.bin`, old: randomBytes(1 + ((i * 131) % 4096)), restored });
    else if (i < 112) out.push({ rel: `new-${i}.bin`, old: null, restored });
    else out.push({ rel: `gone/file-${i}.bin`, old: null, restored });
  }
  return out;
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function procStat(pid: number): { state: string; ppid: number; pgrp: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: f[0] ?? '?', ppid: Number(f[1]), pgrp: Number(f[2]) };
  } catch {
    return null;
  }
}

/** The processes of a process group (the CLI and the host it spawned). */
function groupMembers(pgrp: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (procStat(Number(name))?.pgrp === pgrp) out.push(Number(name));
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Every file under a folder, relative, `/`-separated; folders end with `/`. */
function walk(dir: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) out.push(`${rel}/`, ...walk(path.join(dir, e.name), `${rel}/`));
    else out.push(rel);
  }
  return out;
}

interface JournalLike {
  restoreId: string;
  state: string;
  items: { target: string; state: string; temp: string | null; aside: string | null; final: string | null }[];
}

/** The harness's simulated machine and the command line it drives. */
class Machine {
  readonly base: string;
  readonly simRoot: string;
  readonly dataDir: string;
  readonly cli: string;
  readonly env: NodeJS.ProcessEnv;
  readonly files = dataSet();
  shadowId = '';

  constructor(distDir: string) {
    this.base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-kill-'));
    this.simRoot = path.join(this.base, 'sim');
    this.dataDir = path.join(this.base, 'data');
    this.cli = path.join(distDir, 'native', 'cli', 'main.js');
    this.env = { ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: this.simRoot, SHADOWDESK_DATA_DIR: this.dataDir, SHADOWDESK_LANG: 'en', LANG: 'C' };
    delete this.env.NODE_TEST_CONTEXT;
  }

  get volume(): string {
    return path.join(this.simRoot, 'volumes', 'C');
  }

  get folder(): string {
    return path.join(this.volume, ...FOLDER);
  }

  run(args: string[]): { status: number | null; out: string; err: string } {
    const r = spawnSync(process.execPath, [this.cli, ...args], { env: this.env, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, out: r.stdout, err: r.stderr };
  }

  json<T>(args: string[]): T {
    const r = this.run([...args, '--json']);
    if (r.status !== 0) throw new Error(`shadowdesk ${args.join(' ')} exited ${r.status}: ${r.err}${r.out}`);
    return JSON.parse(r.out) as T;
  }

  /** Builds the machine: the copy holds the restored versions, the live folder the old ones. */
  setUp(): void {
    this.json(['volumes']);
    this.run(['storage', 'resize', '--volume', 'C:', '--max', 'unbounded', '--yes']);
    for (const f of this.files) this.write(f.rel, f.restored);
    const made = this.json<{ shadows: { id: string }[] }>(['create', '--volume', 'C:']);
    this.shadowId = made.shadows[0]?.id ?? '';
    if (!this.shadowId) throw new Error('no shadow copy was made');
    this.reset();
  }

  write(rel: string, content: Buffer): void {
    const file = path.join(this.folder, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  /** Puts the live files back to the state before any restore, and forgets every restore. */
  reset(): void {
    rmSync(this.folder, { recursive: true, force: true });
    rmSync(path.join(this.volume, '.shadowdesk-undo'), { recursive: true, force: true });
    rmSync(path.join(this.dataDir, 'restores'), { recursive: true, force: true });
    for (const f of this.files) if (f.old) this.write(f.rel, f.old);
  }

  restoreArgs(): string[] {
    return ['restore', this.shadowId, FOLDER_PATH, '--on-conflict', 'replace', '--yes'];
  }

  journals(): { dirs: string[]; journals: JournalLike[]; strays: string[] } {
    const dir = path.join(this.dataDir, 'restores');
    const dirs: string[] = [];
    const journals: JournalLike[] = [];
    const strays: string[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return { dirs, journals, strays };
    }
    for (const name of names) {
      const full = path.join(dir, name);
      if (!lstatSync(full).isDirectory()) {
        strays.push(name);
        continue;
      }
      dirs.push(name);
      const inside = readdirSync(full);
      if (!inside.includes('journal.json')) {
        strays.push(`${name}/ (no journal${inside.length ? `: ${inside.join(', ')}` : ''})`);
        continue;
      }
      for (const other of inside.filter((n) => n !== 'journal.json')) strays.push(`${name}/${other}`);
      journals.push(JSON.parse(readFileSync(path.join(full, 'journal.json'), 'utf8')) as JournalLike);
    }
    return { dirs, journals, strays };
  }

  /** Reads the live file of a case, or null. */
  live(rel: string): Buffer | null {
    try {
      return readFileSync(path.join(this.folder, ...rel.split('/')));
    } catch {
      return null;
    }
  }

  /**
   * Checks the user's folders against what the journals keep: `allowed` says which version each
   * file may have. Returns one line per violation.
   */
  check(allowed: 'old-or-restored' | 'old' | 'restored'): string[] {
    const problems: string[] = [];
    for (const f of this.files) {
      const got = this.live(f.rel);
      const ok =
        allowed === 'old' ? (got === null ? f.old === null : f.old !== null && got.equals(f.old))
        : allowed === 'restored' ? got !== null && got.equals(f.restored)
        : got === null ? f.old === null : got.equals(f.restored) || (f.old !== null && got.equals(f.old));
      if (!ok) problems.push(`not whole (${allowed}): ${f.rel} is ${got === null ? 'missing' : `${got.length} bytes ${sha(got).slice(0, 8)}`}`);
    }
    const { journals, strays } = this.journals();
    for (const s of strays) problems.push(`stray in the data folder: restores/${s}`);
    for (const j of journals) if (j.state === 'running') problems.push(`journal still running: ${j.restoreId}`);
    const known = new Set(this.files.map((f) => f.rel));
    for (const rel of walk(this.folder)) {
      if (rel.endsWith('/')) {
        if (walk(path.join(this.folder, ...rel.split('/'))).filter((x) => !x.endsWith('/')).length === 0) problems.push(`empty folder left: ${rel}`);
        continue;
      }
      const name = rel.split('/').at(-1) ?? '';
      if (TEMP_NAME.test(name)) problems.push(`temp left: ${rel}`);
      else if (!known.has(rel)) problems.push(`unexpected file: ${rel}`);
    }
    // The undo area may hold exactly the files a journal keeps for undo (placed, with an aside).
    const kept = new Set<string>();
    for (const j of journals) for (const i of j.items) if (i.aside && i.state === 'placed') kept.add(i.aside.split('\\').join('/'));
    const undoRoot = path.join(this.volume, '.shadowdesk-undo');
    for (const rel of walk(undoRoot)) {
      if (rel.endsWith('/')) {
        if (walk(path.join(undoRoot, ...rel.split('/'))).filter((x) => !x.endsWith('/')).length === 0) problems.push(`empty undo folder left: .shadowdesk-undo/${rel}`);
      } else if (!kept.has(`.shadowdesk-undo/${rel}`)) problems.push(`undo area holds a file no journal keeps: .shadowdesk-undo/${rel}`);
    }
    if (existsSync(undoRoot) && walk(undoRoot).length === 0) problems.push('empty .shadowdesk-undo left');
    for (const rel of walk(this.volume)) if (TEMP_NAME.test(rel.split('/').at(-1) ?? '') && !rel.startsWith(`${FOLDER.join('/')}/`)) problems.push(`temp left: ${rel}`);
    return problems;
  }

  dispose(): void {
    rmSync(this.base, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Names the phase a kill hit from the journal (or the lack of one) the killed restore left. */
export function phaseOf(reservedWithoutJournal: boolean, j: JournalLike | undefined): KillPhase {
  if (!j) return reservedWithoutJournal ? 'restore folder reserved' : 'before the restore began';
  if (j.state !== 'running') return 'after the restore finished';
  const done = new Set(['placed', 'skipped', 'failed', 'cancelled', 'rolled-back']);
  const current = j.items.find((i) => !done.has(i.state));
  if (!current) return 'between files';
  if (current.state === 'pending' && !current.temp) return j.items.some((i) => done.has(i.state)) ? 'between files' : 'journal written, no file yet';
  if (current.state === 'pending') return 'copying to the temp file';
  if (current.state === 'aside') return 'old file aside, placing the new one';
  if (current.aside) return 'moving the old file aside';
  return current.final ? 'placing a new file' : 'temp file written and verified';
}

/** Waits until every killed process is a zombie or gone (SIGKILL is delivered, not yet reaped). */
async function waitDead(pids: number[]): Promise<void> {
  for (let t = 0; t < 200; t++) {
    if (pids.every((p) => { const s = procStat(p); return s === null || s.state === 'Z' || s.state === 'X'; })) return;
    await sleep(10);
  }
}

function recordNames(m: Machine): Set<string> {
  try {
    return new Set(readdirSync(path.join(m.dataDir, 'restores')));
  } catch {
    return new Set();
  }
}

/** Waits until the data folder holds a new restore record (or the CLI has exited). */
async function untilRecord(m: Machine, exited: () => boolean, known: Set<string> = new Set()): Promise<void> {
  const dir = path.join(m.dataDir, 'restores');
  for (;;) {
    try {
      if (readdirSync(dir).some((n) => !known.has(n))) return;
    } catch {
      // Not made yet.
    }
    if (exited()) return;
    await sleep(2);
  }
}

/** An unkilled restore through the CLI, timed: until its record appears, and until the CLI exits. */
async function timedRestore(m: Machine): Promise<{ startupMs: number; totalMs: number; state: string }> {
  const known = recordNames(m);
  const t0 = Date.now();
  const child = spawn(process.execPath, [m.cli, ...m.restoreArgs(), '--json'], { env: m.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  let done = false;
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => ((done = true), r(code))));
  await untilRecord(m, () => done, known);
  const startupMs = Date.now() - t0;
  const code = await exit;
  let state: string;
  try {
    state = (JSON.parse(out) as { state: string }).state;
  } catch {
    state = `exit ${code}: ${err.trim()}`;
  }
  return { startupMs, totalMs: Date.now() - t0, state };
}

/**
 * Runs the harness: one unkilled restore to learn how long the start-up (CLI, host, plan) and the
 * restore itself take, then `kills` killed ones. Every `startupEvery`-th kill falls in the start-up,
 * timed from the CLI's spawn; the others fall in the restore, timed from the moment its record
 * appears in the data folder, up to just past its unkilled end (re-estimated from each unkilled
 * rerun). Within each group the moments are
 * stratified (kill i of k lands at a random point of the i-th of k equal slices), so even a few
 * kills spread over the whole run, however slow a loaded machine makes the start-up.
 */
export async function runKillHarness(opts: KillHarnessOptions): Promise<KillReport> {
  if (process.platform !== 'linux') throw new Error('The kill harness needs Linux (process groups and /proc).');
  const distDir = opts.distDir ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const random = seededRandom(opts.seed ?? 1);
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const m = new Machine(distDir);
  const outcomes: KillOutcome[] = [];
  try {
    m.setUp();
    const calib = await timedRestore(m);
    if (calib.state !== 'completed') throw new Error(`the unkilled restore ended ${calib.state}`);
    const fullRestoreMs = calib.totalMs;
    // How long start-up and restore take now: the calibration, then every unkilled rerun (a loaded
    // machine speeds up and slows down, and a stale estimate would aim kills past the end).
    let startupMs = calib.startupMs;
    let restoreMs = calib.totalMs - calib.startupMs;
    const firstProblems = m.check('restored');
    if (firstProblems.length) throw new Error(`the unkilled restore left: ${firstProblems.join('; ')}`);
    m.reset();

    const isStartup = (n: number): boolean => !!opts.startupEvery && n % opts.startupEvery === 1 % opts.startupEvery;
    const startupKills = Array.from({ length: opts.kills }, (_, i) => i + 1).filter(isStartup).length;
    const restoreKills = opts.kills - startupKills;
    let a = 0;
    let b = 0;
    for (let n = 1; n <= opts.kills; n++) {
      const from: KillOutcome['from'] = isStartup(n) ? 'spawn' : 'restore';
      const delayMs = from === 'spawn'
        ? Math.round(((a++ + random()) / Math.max(1, startupKills)) * startupMs)
        : Math.round(((b++ + random()) / Math.max(1, restoreKills)) * restoreMs * 1.05);
      const target: KillOutcome['target'] = opts.hostOnlyEvery && n % opts.hostOnlyEvery === 0 ? 'host' : 'cli+host';
      const failures: string[] = [];
      const child = spawn(process.execPath, [m.cli, ...m.restoreArgs(), '--json'], { env: m.env, detached: true, stdio: 'ignore' });
      let done = false;
      const exited = new Promise<void>((r) => child.once('exit', () => ((done = true), r())));
      if (from === 'restore') await untilRecord(m, () => done);
      await sleep(delayMs);
      const cliPid = child.pid ?? 0;
      // Killing only the host needs a host: wait for the CLI to start it.
      for (let t = 0; target === 'host' && t < 400 && groupMembers(cliPid).length < 2; t++) await sleep(5);
      const members = groupMembers(cliPid);
      const host = members.filter((p) => p !== cliPid);
      try {
        if (target === 'host') for (const p of host) process.kill(p, 'SIGKILL');
        else process.kill(-cliPid, 'SIGKILL');
      } catch {
        // Everything had already exited: the kill came after the end.
      }
      if (target === 'host') await Promise.race([exited, sleep(30_000)]);
      else await exited;
      await waitDead(host);

      const before = m.journals();
      const killed = before.journals[0];
      const reservedOnly = before.strays.some((s) => /no journal|reserving/.test(s));
      const phase = phaseOf(reservedOnly, killed);
      const zombieAtNextStart = host.some((p) => procStat(p)?.state === 'Z');

      // The next start: a new host recovers whatever the dead one left.
      const listed = m.run(['restores', '--json']);
      if (listed.status !== 0) failures.push(`next start failed: ${listed.err.trim()}`);
      failures.push(...m.check('old-or-restored'));

      // Undo of the recovered restore puts everything back as it was.
      const after = m.journals().journals[0];
      if (after && after.state !== 'undone') {
        const u = m.run(['undo', after.restoreId, '--yes', '--json']);
        if (u.status !== 0) failures.push(`undo of the recovered restore failed: ${u.err.trim()}${u.out.trim()}`);
        else failures.push(...m.check('old').map((p) => `after undo: ${p}`));
      }

      // And the same restore, run again, completes.
      const again = await timedRestore(m);
      const state = again.state;
      if (state === 'completed') {
        startupMs = (startupMs + again.startupMs) / 2;
        restoreMs = (restoreMs + again.totalMs - again.startupMs) / 2;
      }
      if (state !== 'completed') failures.push(`rerun ended ${state}`);
      else failures.push(...m.check('restored').map((p) => `after rerun: ${p}`));

      // One line each: a CLI's JSON answer quoted in a failure spans several.
      for (let i = 0; i < failures.length; i++) failures[i] = (failures[i] ?? '').replace(/\s+/g, ' ').trim();
      outcomes.push({ n, delayMs, from, target, phase, zombieAtNextStart, failures });
      log(`kill ${String(n).padStart(3)} at ${from === 'spawn' ? 'start-up' : 'restore '} +${String(delayMs).padStart(5)} ms (${target}, ${phase}${zombieAtNextStart ? ', zombie' : ''}): ${failures.length ? `FAILED: ${failures.slice(0, 3).join('; ')}${failures.length > 3 ? ` (+${failures.length - 3})` : ''}` : 'ok'}`);
      m.reset();
    }
    const phases: Record<string, number> = {};
    const failuresByKind: Record<string, number> = {};
    for (const o of outcomes) {
      phases[o.phase] = (phases[o.phase] ?? 0) + 1;
      for (const kind of new Set(o.failures.map((f) => f.split(':')[0] ?? f))) failuresByKind[kind] = (failuresByKind[kind] ?? 0) + 1;
    }
    return {
      kills: outcomes.length,
      outcomes,
      failedKills: outcomes.filter((o) => o.failures.length > 0).length,
      phases,
      failuresByKind,
      zombiesAtNextStart: outcomes.filter((o) => o.zombieAtNextStart).length,
      fullRestoreMs,
      startupMs: calib.startupMs,
      elapsedMs: Date.now() - started,
    };
  } finally {
    m.dispose();
  }
}
