/**
 * Restore speed against its floor, `cp -a SRC DST` followed by `sync`, on the same tree in the same
 * run (issue 13). Builds a simulated machine like `npm run bench` section 3 (16 MB files in 8
 * folders), then alternates ours and the baseline, each right after a `sync` so neither pays for
 * the other's dirty pages, and prints the medians and their ratio for each size.
 *
 *   node dist/native/bench/restore-speed-bench.js [--mb 100,1024] [--runs 3] [--ours-only] [--hash-threads N]
 *
 * Linux only (it runs cp and sync); the simulated backend only.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simExtras } from '../ffi/sim-extras.js';
import { VssShadowSource } from '../host/vss-shadow-source.js';
import { VssClient } from '../vss/vss-client.js';
import { planRestore } from '../restore/restore-plan.js';
import { runRestore } from '../restore/restore-run.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const sim = simExtras();
if (!sim) throw new Error('Run on the simulated machine (SHADOWDESK_BACKEND=sim).');
const sizes = (flag('--mb') ?? '100,1024').split(',').map(Number);
const runs = Number(flag('--runs') ?? 3);
/** Profiling: skip the baseline. */
const oursOnly = process.argv.includes('--ours-only');
/** Profiling: hash on N worker threads (0: the main thread) instead of the restore's own choice. */
const hashThreads = flag('--hash-threads') === undefined ? undefined : Number(flag('--hash-threads'));
const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-restore-speed-'));
const out: { mb: number; oursMs: number; baselineMs: number; ratio: number; ours: number[]; baseline: number[] }[] = [];
try {
  for (const mb of sizes) {
    sim.setRoot(path.join(base, `m${mb}`));
    const client = new VssClient();
    client.listVolumes();
    client.resizeStorage('C:', { kind: 'unbounded' });
    const source = new VssShadowSource(client);
    const c = sim.volumeFolder('C:\\');
    const tree = path.join(c, 'Users', 'ana', 'Big');
    const files = Math.max(4, Math.round(mb / 16));
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i < files; i++) {
      chunk.fill(i);
      mkdirSync(path.join(tree, `part-${i % 8}`), { recursive: true });
      writeFileSync(path.join(tree, `part-${i % 8}`, `blob-${i}.bin`), chunk);
    }
    const shadow = client.createShadows({ volumes: ['C:'] }).shadows[0]!;
    const src = path.join(sim.deviceFolder(shadow.deviceObject), 'Users', 'ana', 'Big');
    const ours: number[] = [];
    const baseline: number[] = [];
    /** CPU of this process (every thread) during each of our runs: [user, system] ms. */
    const oursCpu: [number, number][] = [];
    for (let r = 0; r < runs; r++) {
      const dest = `C:\\Restored${r}`;
      const plan = await planRestore(source, { shadowId: shadow.id, paths: ['C:\\Users\\ana\\Big'], to: dest });
      sh('sync', []);
      const cpu0 = process.cpuUsage();
      let t0 = process.hrtime.bigint();
      const res = await runRestore(source, plan, { onConflict: 'replace', dataDir: path.join(base, `data${mb}`), hashThreads });
      ours.push(ms(t0));
      const cpu = process.cpuUsage(cpu0);
      oursCpu.push([cpu.user / 1000, cpu.system / 1000]);
      if (res.state !== 'completed') throw new Error(`restore ${res.state}`);
      rmSync(path.join(c, `Restored${r}`), { recursive: true, force: true });
      if (oursOnly) continue;
      const cpDest = path.join(base, `cp-${mb}-${r}`);
      sh('sync', []);
      t0 = process.hrtime.bigint();
      sh('cp', ['-a', src, cpDest]);
      sh('sync', []);
      baseline.push(ms(t0));
      rmSync(cpDest, { recursive: true, force: true });
    }
    const o = median(ours);
    const b = median(baseline);
    out.push({ mb: files * 16, oursMs: o, baselineMs: b, ratio: o / b, ours, baseline });
    process.stdout.write(`${files * 16} MB: ours ${o.toFixed(0)} ms [${ours.map((x) => x.toFixed(0)).join(' ')}], cp -a + sync ${b.toFixed(0)} ms [${baseline.map((x) => x.toFixed(0)).join(' ')}], ratio ${(o / b).toFixed(2)}\n`);
    process.stdout.write(`  ours' CPU, user + system ms: ${oursCpu.map(([u, y]) => `${u.toFixed(0)}+${y.toFixed(0)}`).join(' ')}\n`);
  }
  if (out.length >= 2) {
    const [a, z] = [out[0]!, out[out.length - 1]!];
    const k = Math.log(z.mb / a.mb);
    process.stdout.write(`scaling exponent: ours ${(Math.log(z.oursMs / a.oursMs) / k).toFixed(2)}, baseline ${(Math.log(z.baselineMs / a.baselineMs) / k).toFixed(2)}\n`);
  }
} finally {
  sim.setRoot(null);
  rmSync(base, { recursive: true, force: true });
}
