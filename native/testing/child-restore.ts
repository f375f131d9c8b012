/**
 * Test fixture run as a separate process: starts a restore over plain folders and kills itself
 * (exit code 9, no cleanup of any kind) right after the N-th existing target was moved aside, the
 * most delicate moment of a restore. Tests then prove that recovery in another process puts the
 * user's file back and leaves nothing partial.
 *
 * Argument: one JSON object, {@link ChildRestoreSpec}.
 */
import { planRestore } from '../restore/restore-plan.js';
import { runRestore } from '../restore/restore-run.js';
import { readOnlyDestination, volumeDestination, writeRootOf } from '../restore/destination.js';
import { FsTree } from '../restore/fs-tree.js';
import type { ShadowInfo, ShadowSource } from '../restore/shadow-source.js';
import type { ConflictChoice } from '../restore/types.js';

/** What the parent test hands over: the folders of its FolderSource and what to restore. */
export interface ChildRestoreSpec {
  liveRoots: Record<string, string>;
  shadows: ShadowInfo[];
  shadowRoots: Record<string, string>;
  dataDir: string;
  shadowId: string;
  paths: string[];
  to?: string;
  /**
   * The live volumes are read-only (as in a disk image): `to` is a folder of this computer and
   * in-place restores are refused, like {@link ReadOnlySource}.
   */
  readOnlyLive?: boolean;
  onConflict: ConflictChoice;
  /** Exit after this many targets were moved aside (1 = the first). */
  exitAfterAside: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ChildRestoreSpec;

const liveRoot = (volume: string): string => spec.liveRoots[volume.slice(0, 1).toUpperCase()] ?? '';
const source: ShadowSource = {
  listShadows: () => spec.shadows,
  liveTree: (volume) => new FsTree(liveRoot(volume), { what: `The volume ${volume}` }),
  shadowTree: (shadow) => new FsTree(spec.shadowRoots[shadow.id] ?? '', { what: 'The shadow copy' }),
  destination: (to, volume) => {
    if (!spec.readOnlyLive) return volumeDestination(to ?? volume, liveRoot);
    return readOnlyDestination(to);
  },
  writeRoot: (key) => writeRootOf(key, spec.readOnlyLive ? null : liveRoot),
};

let asides = 0;
const plan = await planRestore(source, { shadowId: spec.shadowId, paths: spec.paths, ...(spec.to ? { to: spec.to } : {}) });
await runRestore(source, plan, {
  onConflict: spec.onConflict,
  dataDir: spec.dataDir,
  testHooks: {
    afterAside: () => {
      if (++asides >= spec.exitAfterAside) process.exit(9);
    },
  },
});
process.stdout.write('finished without being killed\n');
