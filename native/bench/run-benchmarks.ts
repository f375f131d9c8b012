/**
 * `npm run bench`: the restore engine's speed against plain tools on the same tree in the same run.
 * Ratios, not absolute times, are the figures (these machines are shared and noisy). It builds its
 * own simulated machines in a temporary folder and removes them afterwards.
 *
 * Flags: `--quick` (a tenth of the sizes: a smoke run, its goal lines are only indicative), `--large`
 * (adds the 1,000,000-entry folder, the 2,000,000-file search and the host's memory there: several
 * minutes more), `--json` (the human report goes to stderr, one JSON document to stdout).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simExtras } from '../ffi/sim-extras.js';
import { VssClient } from '../vss/vss-client.js';
import { VssShadowSource } from '../host/vss-shadow-source.js';
import { planRestore } from '../restore/restore-plan.js';
import { runRestore } from '../restore/restore-run.js';
import { benchLog, report, setBenchOutput, type BenchLine } from './bench-kit.js';
import { addCopiesUpTo, firstPageFigures, searchFigures, versionsFigures, walkFigures } from './read-path.js';
import { evaluateGoals, printGoals, printScaling, scalingRow, type ScalingRow } from './bench-goals.js';
import { hostMemoryWhileBrowsing } from './host-memory.js';
import { runBrowserBench, type BrowserFigures } from './browser-bench.js';
import { runCliStartupBench } from './cli-startup-bench.js';
import { runImageBench } from './image-bench.js';
import { runRemoteBench } from './remote-bench.js';

const sim = simExtras();
if (!sim) throw new Error('The benchmarks run on the simulated machine (SHADOWDESK_BACKEND=sim).');
const quick = process.argv.includes('--quick');
const large = process.argv.includes('--large');
const json = process.argv.includes('--json');
if (json) setBenchOutput(process.stderr);
const scale = quick ? 0.1 : 1;
const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-bench-'));
const results: BenchLine[] = [];
const scaling: ScalingRow[] = [];
const log = benchLog;

function machine(name: string): { client: VssClient; source: VssShadowSource; root: string } {
  const root = path.join(base, name);
  sim!.setRoot(root);
  const client = new VssClient();
  client.listVolumes();
  client.resizeStorage('C:', { kind: 'unbounded' });
  client.resizeStorage('D:', { kind: 'unbounded' });
  return { client, source: new VssShadowSource(client), root };
}

/** Figures of one simulated machine: a folder of `n` entries and a tree of `n` more files, copied. */
interface WalkFigures {
  n: number;
  firstPage: number;
  readdir: number;
  walk: number;
  readdirStat: number;
  search: number;
  find: number;
  hostRssMb?: number;
}

/** Builds the machine for size `n`, measures browse (first page, full walk) and search on it. */
async function walkMachine(n: number, withMemory: boolean): Promise<WalkFigures> {
  const { client, source, root } = machine(`walk-${n}`);
  const d = sim!.volumeFolder('D:\\');
  const folder = path.join(d, 'bench', 'big-folder');
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(path.join(folder, `file-${String(i).padStart(7, '0')}.txt`), '');
  for (let i = 0; i < n; i++) {
    const sub = path.join(d, 'bench', 'tree', `dir-${Math.floor(i / 500)}`);
    if (i % 500 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `doc-${i}.txt`), '');
  }
  log(`building a shadow copy of ${2 * n} files…`);
  const shadow = client.createShadows({ volumes: ['D:'] }).shadows[0]!;
  const frozen = path.join(sim!.deviceFolder(shadow.deviceObject), 'bench', 'big-folder');
  const runs = n >= 1_000_000 ? 3 : 7;
  // Each against its floor, interleaved (pairedMedians), so the machine's noise falls on both.
  const measured = { source, shadowId: shadow.id, folder: 'bench\\big-folder', frozen, live: folder };
  const first = await firstPageFigures(measured, runs);
  const walk = await walkFigures(measured, 3);
  const found = await searchFigures(source, shadow.id, sim!.deviceFolder(shadow.deviceObject), 3);
  const figures: WalkFigures = {
    n, firstPage: first.ours, readdir: first.baseline, walk: walk.ours, readdirStat: walk.baseline, search: found.ours, find: found.baseline,
  };
  if (withMemory) figures.hostRssMb = await hostMemoryWhileBrowsing(root, shadow.id, 'bench\\big-folder');
  sim!.setRoot(null);
  rmSync(root, { recursive: true, force: true });
  return figures;
}

try {
  // 1 + 2: browse a folder of n entries, and search a copy of 2n files, at growing n.
  const big = Math.round(100_000 * scale);
  const sizes = [Math.round(10_000 * scale), big, ...(large ? [Math.round(1_000_000 * scale)] : [])];
  const walks: WalkFigures[] = [];
  for (const n of sizes) walks.push(await walkMachine(n, n === sizes.at(-1)));
  log('');
  for (const w of walks) {
    const line = (name: string, ours: number, baseName: string, baseMs: number): void => {
      const r = report(name, ours, baseName, baseMs);
      if (w.n === big) results.push(r);
    };
    line(`browse ${w.n} entries: first page`, w.firstPage, 'fs.readdir', w.readdir);
    line(`browse ${w.n} entries: full walk`, w.walk, 'readdir+lstat both sides', w.readdirStat);
    line(`search a ${2 * w.n}-file shadow copy`, w.search, 'find -iname', w.find);
  }
  const ns = walks.map((w) => w.n);
  scaling.push(scalingRow('browse: first page', 'entries', ns, walks.map((w) => w.firstPage), walks.map((w) => w.readdir)));
  scaling.push(scalingRow('browse: full walk', 'entries', ns, walks.map((w) => w.walk), walks.map((w) => w.readdirStat)));
  scaling.push(scalingRow('search by name', 'files', ns.map((n) => 2 * n), walks.map((w) => w.search), walks.map((w) => w.find)));
  const memory = { entries: walks.at(-1)!.n, hostRssMb: walks.at(-1)!.hostRssMb ?? null };
  log(`the host's peak resident memory, browsing ${memory.entries} entries (first page + full walk): ${memory.hostRssMb?.toFixed(0)} MB`);

  // 3: restoring a tree of 16 MB files, at two sizes, against `cp -a` + `sync` of the same tree.
  const restoreFiles = quick ? [2, 6] : [6, 64];
  {
    const { client, source } = machine('restore');
    const c = sim.volumeFolder('C:\\');
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    for (const files of restoreFiles) {
      const tree = path.join(c, 'Users', 'ana', `Big-${files}`);
      for (let i = 0; i < files; i++) {
        chunk.fill(i + files);
        mkdirSync(path.join(tree, `part-${i % 8}`), { recursive: true });
        writeFileSync(path.join(tree, `part-${i % 8}`, `blob-${i}.bin`), chunk);
      }
    }
    log(`building a shadow copy of ${restoreFiles.reduce((a, b) => a + b, 0) * 16} MB…`);
    const shadow = client.createShadows({ volumes: ['C:'] }).shadows[0]!;
    const dataDir = path.join(base, 'data');
    const ours: number[] = [];
    const floor: number[] = [];
    for (const files of restoreFiles) {
      const src = path.join(sim.deviceFolder(shadow.deviceObject), 'Users', 'ana', `Big-${files}`);
      // Two runs each, alternating who goes first (the one after may reuse page-cache memory the
      // other just freed), the better of each side's two; a `sync` before each, so each flushes
      // only its own writes.
      const mine: number[] = [];
      const theirs: number[] = [];
      const restoreOnce = async (k: number): Promise<void> => {
        const plan = await planRestore(source, { shadowId: shadow.id, paths: [`C:\\Users\\ana\\Big-${files}`], to: `C:\\Restored-${files}-${k}` });
        execFileSync('sync');
        const t0 = process.hrtime.bigint();
        await runRestore(source, plan, { onConflict: 'replace', dataDir });
        mine.push(Number(process.hrtime.bigint() - t0) / 1e6);
      };
      const cpOnce = (k: number): void => {
        execFileSync('sync');
        const t0 = process.hrtime.bigint();
        execFileSync('cp', ['-a', src, path.join(base, `cp-copy-${files}-${k}`)]);
        execFileSync('sync');
        theirs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      };
      await restoreOnce(0);
      cpOnce(0);
      cpOnce(1);
      await restoreOnce(1);
      ours.push(Math.min(...mine));
      floor.push(Math.min(...theirs));
      const r = report(`restore ${files * 16} MB (verified, fsynced, atomic)`, ours.at(-1)!, 'cp -a + sync', floor.at(-1)!);
      if (files === restoreFiles.at(-1)) results.push(r);
    }
    scaling.push(scalingRow('restore', 'MB', restoreFiles.map((f) => f * 16), ours, floor));
  }

  // 4: versions of one file across 8, then 64 shadow copies.
  {
    const { client, source } = machine('versions');
    const counts = [8, 64];
    const ours: number[] = [];
    const floor: number[] = [];
    for (const target of counts) {
      addCopiesUpTo(client, sim, target);
      const v = await versionsFigures(client, sim, source, 9);
      ours.push(v.ours);
      floor.push(v.baseline);
      const r = report(`versions of one file across ${v.copies} copies`, v.ours, 'lstat in each copy', v.baseline);
      if (target === counts.at(-1)) results.push(r);
    }
    scaling.push(scalingRow('versions', 'copies', counts, ours, floor));
  }
  // 5: the command line's start-up, against starting Node at all.
  results.push(...runCliStartupBench(base, quick ? 5 : 9));
  // 6: the window, in a real browser.
  const chromiumPath = process.env.SHADOWDESK_CHROMIUM ?? '/usr/bin/chromium';
  let window: BrowserFigures | null = null;
  if (existsSync(chromiumPath)) {
    const lines = await runBrowserBench(big, log);
    results.push(...lines);
    window = lines.figures;
  }
  else log(`skipped the browser benchmark: no Chromium at ${chromiumPath} (apt install chromium, or set SHADOWDESK_CHROMIUM)`);
  // 7: disk images, against the libyal and ntfs-3g tools on the same files.
  results.push(...(await runImageBench(quick ? 3 : 5)));
  // 8: other computers over ssh, against ssh itself on the same servers.
  results.push(...(await runRemoteBench(base, quick ? 3 : 7, log)));

  log('');
  printScaling(scaling);
  log('');
  const goals = evaluateGoals(results, scaling, memory, window, { quick, large, big });
  printGoals(goals, quick);
  const doc = { scale, large, benchmarks: results, scaling, memory, window, goals };
  if (json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
} finally {
  sim.setRoot(null);
  rmSync(base, { recursive: true, force: true });
}
