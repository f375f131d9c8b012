/**
 * `npm run bench`: the restore engine's speed against plain tools on the same tree in the same run.
 * Ratios, not absolute times, are the figures (these machines are shared and noisy). It builds its
 * own simulated machines in a temporary folder and removes them afterwards.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, lstatSync, rmSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simExtras } from '../ffi/sim-extras.js';
import { VssClient } from '../vss/vss-client.js';
import { VssShadowSource } from '../host/vss-shadow-source.js';
import { browse, clearBrowseCache } from '../restore/browse.js';
import { search } from '../restore/search.js';
import { listVersions } from '../restore/versions.js';
import { planRestore } from '../restore/restore-plan.js';
import { runRestore } from '../restore/restore-run.js';
import { commandMs, medianMs, report } from './bench-kit.js';
import { runBrowserBench } from './browser-bench.js';
import { runCliStartupBench } from './cli-startup-bench.js';
import { runImageBench } from './image-bench.js';
import { runRemoteBench } from './remote-bench.js';

const sim = simExtras();
if (!sim) throw new Error('The benchmarks run on the simulated machine (SHADOWDESK_BACKEND=sim).');
const quick = process.argv.includes('--quick');
const scale = quick ? 0.1 : 1;
const base = mkdtempSync(path.join(tmpdir(), 'shadowdesk-bench-'));
const results: ReturnType<typeof report>[] = [];
const log = (t: string) => process.stdout.write(`${t}\n`);

function machine(name: string): { client: VssClient; source: VssShadowSource } {
  sim!.setRoot(path.join(base, name));
  const client = new VssClient();
  client.listVolumes();
  client.resizeStorage('C:', { kind: 'unbounded' });
  client.resizeStorage('D:', { kind: 'unbounded' });
  return { client, source: new VssShadowSource(client) };
}

try {
  // 1 + 2: a 100,000-entry folder and a 200,000-file shadow copy of D:.
  const big = Math.round(100_000 * scale);
  {
    const { client, source } = machine('walk');
    const d = sim.volumeFolder('D:\\');
    const folder = path.join(d, 'bench', 'big-folder');
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < big; i++) writeFileSync(path.join(folder, `file-${String(i).padStart(6, '0')}.txt`), '');
    for (let i = 0; i < big; i++) {
      const sub = path.join(d, 'bench', 'tree', `dir-${Math.floor(i / 500)}`);
      if (i % 500 === 0) mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `doc-${i}.txt`), '');
    }
    log(`building a shadow copy of ${2 * big} files…`);
    const shadow = client.createShadows({ volumes: ['D:'] }).shadows[0]!;
    const frozen = path.join(sim.deviceFolder(shadow.deviceObject), 'bench', 'big-folder');
    log('');
    const first = await medianMs(5, async () => {
      clearBrowseCache();
      await browse(source, { shadowId: shadow.id, folder: 'bench\\big-folder', pageSize: 200 });
    });
    results.push(report(`browse ${big} entries: first page`, first, 'fs.readdir', await medianMs(5, () => readdir(frozen))));
    const walk = await medianMs(3, async () => {
      clearBrowseCache();
      let cursor: string | null | undefined;
      do cursor = (await browse(source, { shadowId: shadow.id, folder: 'bench\\big-folder', cursor, pageSize: 5000 })).nextCursor;
      while (cursor);
    });
    const readdirStat = await medianMs(3, () => {
      for (const n of readdirSync(frozen)) {
        lstatSync(path.join(frozen, n));
        try { lstatSync(path.join(folder, n)); } catch { /* deleted since */ }
      }
    });
    results.push(report(`browse ${big} entries: full walk`, walk, 'readdir+lstat both sides', readdirStat));
    const root = sim.deviceFolder(shadow.deviceObject);
    const ours = await medianMs(3, () => search(source, { pattern: 'no-such-name-xyz', shadowId: shadow.id }));
    results.push(report(`search a ${2 * big}-file shadow copy`, ours, 'find -iname', commandMs('find', [root, '-iname', '*no-such-name-xyz*'])));
  }
  // 3: restoring a 1 GB tree.
  {
    const { client, source } = machine('restore');
    const c = sim.volumeFolder('C:\\');
    const tree = path.join(c, 'Users', 'ana', 'Big');
    const files = Math.max(4, Math.round(64 * scale));
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i < files; i++) {
      chunk.fill(i);
      mkdirSync(path.join(tree, `part-${i % 8}`), { recursive: true });
      writeFileSync(path.join(tree, `part-${i % 8}`, `blob-${i}.bin`), chunk);
    }
    log(`building a shadow copy of ${files * 16} MB…`);
    const shadow = client.createShadows({ volumes: ['C:'] }).shadows[0]!;
    const plan = await planRestore(source, { shadowId: shadow.id, paths: ['C:\\Users\\ana\\Big'], to: 'C:\\Restored' });
    const dataDir = path.join(base, 'data');
    const t0 = process.hrtime.bigint();
    await runRestore(source, plan, { onConflict: 'replace', dataDir });
    const ours = Number(process.hrtime.bigint() - t0) / 1e6;
    const src = path.join(sim.deviceFolder(shadow.deviceObject), 'Users', 'ana', 'Big');
    const cp = commandMs('cp', ['-a', src, path.join(base, 'cp-copy')]);
    results.push(report(`restore ${files * 16} MB (hash-verified, atomic)`, ours, 'cp -a', cp));
  }
  // 4: versions of one file across 64 shadow copies.
  {
    const { client, source } = machine('versions');
    const file = path.join(sim.volumeFolder('C:\\'), 'Users', 'ana', 'Documents', 'report.txt');
    let n = client.listShadows({ volume: 'C:' }).length;
    for (let i = 0; n < 64; i++, n++) {
      if (i % 4 === 0) {
        writeFileSync(file, `revision ${i}\n`);
        const t = new Date(Date.now() - (64 - i) * 3600_000);
        utimesSync(file, t, t);
      }
      client.createShadows({ volumes: ['C:'] });
    }
    const shadows = client.listShadows({ volume: 'C:' });
    const copies = shadows.map((s) => path.join(sim.deviceFolder(s.deviceObject), 'Users', 'ana', 'Documents', 'report.txt'));
    const ours = await medianMs(5, () => listVersions(source, 'C:\\Users\\ana\\Documents\\report.txt'));
    const baseline = await medianMs(5, () => {
      for (const p of copies) {
        try { statSync(p); } catch { /* absent from this copy */ }
      }
    });
    results.push(report(`versions of one file across ${shadows.length} copies`, ours, 'stat in each copy', baseline));
  }
  // 5: the command line's start-up, against starting Node at all.
  results.push(...runCliStartupBench(base, quick ? 5 : 9));
  // 6: the window, in a real browser.
  const chromiumPath = process.env.SHADOWDESK_CHROMIUM ?? '/usr/bin/chromium';
  if (existsSync(chromiumPath)) results.push(...(await runBrowserBench(big, log)));
  else log(`skipped the browser benchmark: no Chromium at ${chromiumPath} (apt install chromium, or set SHADOWDESK_CHROMIUM)`);
  // 7: disk images, against the libyal and ntfs-3g tools on the same files.
  results.push(...(await runImageBench(quick ? 3 : 5)));
  // 8: other computers over ssh, against ssh itself on the same servers.
  results.push(...(await runRemoteBench(base, quick ? 3 : 7, log)));
  log('');
  log(JSON.stringify({ benchmarks: results }, null, 2));
} finally {
  sim.setRoot(null);
  rmSync(base, { recursive: true, force: true });
}
