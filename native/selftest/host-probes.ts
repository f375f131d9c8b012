import { hostname } from 'node:os';
import type { VssClient } from '../vss/vss-client.js';
import { ensureComInitialized } from '../ffi/com-init.js';
import { allLibraryPaths, currentLibraryPlan, probeLibrary } from '../ffi/libraries.js';
import { osVersion } from '../ffi/os-version.js';
import { enableBackupPrivileges } from '../ffi/privileges.js';
import { currentElevation } from '../elevation/elevation.js';
import { appVersion } from '../about/about.js';
import type { SelftestProbes } from './selftest.js';

/**
 * The self-test's probes in the VSS host: the real COM start-up, library plan and token, and
 * VssClient's listings only (no create, delete or resize is reachable from here).
 */
export function hostProbes(client: VssClient, env: NodeJS.ProcessEnv = process.env): SelftestProbes {
  return {
    version: appVersion(),
    machine: hostname(),
    osVersion: () => osVersion(),
    elevation: () => currentElevation(env),
    backupPrivilege: () => (process.platform === 'win32' ? enableBackupPrivileges().backup : undefined),
    comStartup: () => ensureComInitialized(),
    libraries: () => {
      const plan = currentLibraryPlan(env);
      return { backend: plan.backend, packaged: plan.packaged, ignoredEnv: plan.ignoredEnv, paths: allLibraryPaths(plan) };
    },
    loadLibrary: (_name, file) => probeLibrary(file),
    listVolumes: () => client.listVolumes(),
    listShadows: () => client.listShadows(),
    listProviders: () => client.listProviders(),
    listWriters: () => client.listWriters(),
    writerDetails: () => client.writerDetails(),
    listStorage: () => client.listStorage(),
  };
}
