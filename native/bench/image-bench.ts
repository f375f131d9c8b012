import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { openDiskImage } from '../image/disk-image.js';
import { bigFolderVolume, GIB_FILE_SIZE, gibFileVolume, toolsSkip, vsstestRaw, vsstestSkip } from '../testing/ntfs-fixtures.js';
import { benchLog, medianMs, report } from './bench-kit.js';

/**
 * The disk-image reader against the libyal and ntfs-3g command-line tools on the same files, in the
 * same run, as ratios (part of `npm run bench`; also runs alone): the store listing against `vshadowinfo`,
 * a 100,000-entry folder against `fsntfsinfo -H` (whole tree) and `ntfsls`, and reading 1 GiB against
 * `ntfscat`. The tools' times include their process start; ours include opening and closing the image.
 */
export async function runImageBench(runs = 5): Promise<ReturnType<typeof report>[]> {
  const lines: ReturnType<typeof report>[] = [];
  const skip = vsstestSkip() || toolsSkip({ vshadowinfo: 'libvshadow-utils', fsntfsinfo: 'libfsntfs-utils', ntfsls: 'ntfs-3g', ntfscat: 'ntfs-3g', 'qemu-img': 'qemu-utils' });
  if (skip) {
    benchLog(`image bench skipped: ${skip}`);
    return lines;
  }
  const tool = (cmd: string, args: string[]): Promise<number> => medianMs(runs, () => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    if (r.status !== 0) throw new Error(`${cmd} failed`);
  });

  const raw = vsstestRaw();
  const stores = await medianMs(runs, () => {
    const img = openDiskImage(raw);
    if (img.summary.volumes[0]?.stores.length !== 2) throw new Error('expected two stores');
    img.close();
  });
  lines.push(report('image: open + list 2 VSS stores (1 GiB raw)', stores, 'vshadowinfo', await tool('vshadowinfo', [raw])));

  const big = bigFolderVolume();
  const list = await medianMs(runs, async () => {
    const img = openDiskImage(big);
    try {
      const r = await img.liveTree('C:').readdir(['many']);
      if (!Array.isArray(r) || r.length !== 100000) throw new Error('expected 100,000 entries');
    } finally {
      img.close();
    }
  });
  lines.push(report('image: list a 100,000-entry folder', list, 'fsntfsinfo -H (tree)', await tool('fsntfsinfo', ['-H', big])));
  lines.push(report('image: list a 100,000-entry folder', list, 'ntfsls -p /many', await tool('ntfsls', ['-p', '/many', big])));

  const gib = gibFileVolume();
  const buf = Buffer.alloc(1 << 20);
  const read = await medianMs(Math.min(runs, 3), async () => {
    const img = openDiskImage(gib);
    try {
      const f = await img.liveTree('C:').open(['one-gib.bin']);
      let pos = 0;
      for (;;) {
        const n = await f.read(buf, 0, buf.length, pos);
        if (n === 0) break;
        pos += n;
      }
      await f.close();
      if (pos !== GIB_FILE_SIZE) throw new Error(`read ${pos} bytes`);
    } finally {
      img.close();
    }
  });
  const cat = await medianMs(Math.min(runs, 3), () => {
    const r = spawnSync('sh', ['-c', `ntfscat '${gib}' /one-gib.bin > /dev/null`]);
    if (r.status !== 0) throw new Error('ntfscat failed');
  });
  lines.push(report(`image: read 1 GiB in 1 MiB requests (${(GIB_FILE_SIZE / 1048576 / (read / 1000)).toFixed(0)} MiB/s)`, read, 'ntfscat > /dev/null', cat));
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runImageBench(Number(process.argv[2] ?? 5));
}
