import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../contract/api.js';
import { HostClient } from '../host/host-client.js';

/**
 * The real host process's peak resident memory (VmHWM, in MB) while it browses `folder` of a copy:
 * the first page, then every page to the end, as the window does for a big folder. Why the real
 * host and not this process: the window talks to that process, and what it keeps per folder (the
 * sorted listing, caches) is what decides whether a 1,000,000-entry folder fits.
 */
export async function hostMemoryWhileBrowsing(simRoot: string, shadowId: string, folder: string): Promise<number> {
  const client = new HostClient({ env: { ...process.env, SHADOWDESK_BACKEND: 'sim', SHADOWDESK_SIM_ROOT: simRoot, SHADOWDESK_DATA_DIR: path.join(simRoot, 'bench-data') } });
  try {
    const api = createApi(client);
    let page = await api.browse({ shadowId, folder, pageSize: 200 });
    while (page.nextCursor) page = await api.browse({ shadowId, folder, cursor: page.nextCursor, pageSize: 5000 });
    const pid = client.pid;
    if (pid === undefined) throw new Error('the host is not running');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (!hwm) throw new Error('no VmHWM in /proc/PID/status');
    return Number(hwm[1]) / 1024;
  } finally {
    await client.close();
  }
}
