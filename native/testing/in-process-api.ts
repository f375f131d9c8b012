import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApi, type ShadowDeskApi } from '../contract/api.js';
import type { Lang } from '../contract/errors.js';
import { createHandlers } from '../host/handlers.js';
import { InProcessTransport } from '../host/in-process.js';
import { VssShadowSource } from '../host/vss-shadow-source.js';
import { HostSession } from '../host/host-session.js';
import { imageOpeners } from '../host/image-openers.js';
import type { SimMachine } from './sim-machine.js';
import type { ComputerPool } from '../remote/computer-pool.js';

/** The contract over a fresh sim machine, in this process: the host's handlers without the pipe. */
export interface InProcessApi {
  api: ShadowDeskApi;
  dataDir: string;
  dispose(): void;
}

/** Builds the API the CLI and the app use, wired to `machine` and a fresh data folder. */
export function inProcessApi(machine: SimMachine, lang: Lang = 'en', pool?: ComputerPool): InProcessApi {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shadowdesk-data-'));
  const session = new HostSession({ client: machine.client, source: new VssShadowSource(machine.client) }, imageOpeners());
  const handlers = createHandlers({ session, dataDir, ...(pool ? { pool } : {}) });
  return {
    api: createApi(new InProcessTransport(handlers, lang, pool ? (computer, op, input, options) => pool.call(computer, op, input, options) : undefined)),
    dataDir,
    dispose: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
