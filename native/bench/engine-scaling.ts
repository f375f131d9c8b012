/**
 * The read path's own benchmark (issue 13): browse (first page, full walk), search and versions
 * against the plain tools on the same tree in the same run, at several sizes, so both the ratios and
 * the growth exponent k (time ∝ n^k) can be read. Usage:
 *   node dist/native/bench/engine-scaling.js [--sizes 10000,100000] [--only browse,search,versions]
 * It builds simulated machines in a temporary folder and removes them afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync, closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simExtras } from '../ffi/sim-extras.js';
import { VssClient } from '../vss/vss-client.js';
import { VssShadowSource } from '../host/vss-shadow-source.js';
import { report } from './bench-kit.js';
import { addCopiesUpTo, firstPageFigures, searchFigures, versionsFigures, walkFigures } from './read-path.js';

const sim = simExtras();
if (!sim) throw new Error('The benchmarks run on the simulated machine (SHADOWDESK_BACKEND=sim).');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg('--sizes') ?? '10000,100000').split(',').map(Number);
const only = new Set((arg('--only') ?? 'browse,search,versions').split(','));
const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-engine-bench-'));
const log = (t: string): void => void process.stdout.write(`${t}\n`);
const out: Record<string, number>[] = [];

function machine(name: string): { client: VssClient; source: VssShadowSource } {
  sim!.setRoot(path.join(base, name));
  const client = new VssClient();
  client.listVolumes();
  client.resizeStorage('C:', { kind: 'unbounded' });
  client.resizeStorage('D:', { kind: 'unbounded' });
  return { client, source: new VssShadowSource(client) };
}

function touch(p: string): void {
  closeSync(openSync(p, 'w'));
}

try {
  for (const big of sizes) {
    if (!only.has('browse') && !only.has('search')) break;
    const { client, source } = machine(`walk-${big}`);
    const d = sim.volumeFolder('D:\\');
    const folder = path.join(d, 'bench', 'big-folder');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < big; i++) touch(path.join(folder, `file-${String(i).padStart(6, '0')}.txt`));
    for (let i = 0; i < big; i++) {
      const sub = path.join(d, 'bench', 'tree', `dir-${Math.floor(i / 500)}`);
      if (i % 500 === 0) mkdirSync(sub, { recursive: true });
      touch(path.join(sub, `doc-${i}.txt`));
    }
    log(`n=${big}: building a shadow copy of ${2 * big} files…`);
    const shadow = client.createShadows({ volumes: ['D:'] }).shadows[0]!;
    const frozen = path.join(sim.deviceFolder(shadow.deviceObject), 'bench', 'big-folder');
    const row: Record<string, number> = { n: big };
    const measured = { source, shadowId: shadow.id, folder: 'bench\\big-folder', frozen, live: folder };
    if (only.has('browse')) {
      const first = await firstPageFigures(measured, 7);
      const r1 = report(`browse ${big}: first page`, first.ours, 'fs.readdir', first.baseline);
      const walk = await walkFigures(measured, 3);
      const r2 = report(`browse ${big}: full walk`, walk.ours, 'readdir+lstat both sides', walk.baseline);
      Object.assign(row, { firstMs: r1.oursMs, firstRatio: r1.ratio, walkMs: r2.oursMs, walkRatio: r2.ratio });
    }
    if (only.has('search')) {
      const found = await searchFigures(source, shadow.id, sim.deviceFolder(shadow.deviceObject), 3);
      const r3 = report(`search ${2 * big} files`, found.ours, 'find -iname', found.baseline);
      Object.assign(row, { searchMs: r3.oursMs, searchRatio: r3.ratio });
    }
    out.push(row);
    sim.setRoot(null);
    rmSync(path.join(base, `walk-${big}`), { recursive: true, force: true });
  }
  if (only.has('versions')) {
    const { client, source } = machine('versions');
    addCopiesUpTo(client, sim, 64);
    const v = await versionsFigures(client, sim, source, 9);
    const r = report(`versions across ${v.copies} copies`, v.ours, 'lstat in each copy', v.baseline);
    out.push({ versionsMs: r.oursMs, versionsBaselineMs: r.baselineMs, versionsRatio: r.ratio });
  }
  const k = (a: Record<string, number>, b: Record<string, number>, f: string): number => Math.log(b[f]! / a[f]!) / Math.log(b.n! / a.n!);
  const rows = out.filter((r) => r.n);
  for (let i = 1; i < rows.length; i++) {
    for (const f of ['firstMs', 'walkMs', 'searchMs']) if (rows[i]![f] !== undefined) log(`k(${f}) ${rows[i - 1]!.n}→${rows[i]!.n}: ${k(rows[i - 1]!, rows[i]!, f).toFixed(2)}`);
  }
  log(JSON.stringify({ engine: out, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
} finally {
  sim.setRoot(null);
  rmSync(base, { recursive: true, force: true });
}
