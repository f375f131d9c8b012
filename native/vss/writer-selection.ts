import type { RawComponent, RawFiledesc, RawWriterMetadata } from '../ffi/raw-types.js';

/** A volume as the selection needs it: its GUID path and where it is mounted. */
export interface SelectionVolume {
  guidPath: string;
  mountPoints: string[];
}

/** Expands `%NAME%` the way ExpandEnvironmentStringsW does (unknown names stay as they are). */
function expandEnv(path: string, env: NodeJS.ProcessEnv): string {
  return path.replace(/%([^%]+)%/g, (whole, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined && env[key] !== undefined ? env[key]! : whole;
  });
}

function withBackslash(p: string): string {
  return p.endsWith('\\') ? p : `${p}\\`;
}

/**
 * The volume (its GUID path, lower case) a writer's file path lies on: the longest mount point that
 * prefixes it, or the `\\?\Volume{…}\` it starts with. A path on no known volume gives the path itself,
 * as vshadow's VssFileDescriptor::Initialize does, so it never matches a volume of the set.
 */
export function volumeOfPath(path: string, volumes: SelectionVolume[], env: NodeJS.ProcessEnv = process.env): string {
  const p = withBackslash(expandEnv(path, env).replace(/\//g, '\\')).toLowerCase();
  let best: { guid: string; len: number } | undefined;
  for (const v of volumes) {
    for (const root of [v.guidPath, ...v.mountPoints]) {
      const r = withBackslash(root).toLowerCase();
      if (p.startsWith(r) && (!best || r.length > best.len)) best = { guid: v.guidPath.toLowerCase(), len: r.length };
    }
  }
  return best?.guid ?? p;
}

interface Node {
  component: RawComponent;
  fullPath: string;
  topLevel: boolean;
  excluded: boolean;
}

function fullPathOf(c: RawComponent): string {
  const logical = c.logicalPath ?? '';
  const p = logical ? `${withBackslash(logical)}${c.name}` : c.name;
  return p.startsWith('\\') ? p : `\\${p}`;
}

function isAncestor(a: Node, b: Node): boolean {
  if (b.fullPath.length <= a.fullPath.length) return false;
  const pa = withBackslash(a.fullPath).toLowerCase();
  return withBackslash(b.fullPath).toLowerCase().startsWith(pa);
}

function filesOf(c: RawComponent): RawFiledesc[] {
  return [...c.files, ...(c.databaseFiles ?? []), ...(c.logFiles ?? [])];
}

/**
 * Does this writer take part in a shadow copy of `setVolumes`? The rule is vshadow's
 * (VssClient::SelectComponentsForBackup in select.cpp): a component whose files touch a volume outside
 * the set is left out, and so is every component above a left-out one; a writer takes part when one of
 * its components can still be included (a selectable one, or a top-level one), unless a top-level
 * non-selectable component was left out. vshadow then checks only the writers it selected
 * (CheckSelectedWriterStatus / IsWriterSelected), which is what the create does with the result.
 */
export function writerTakesPart(writer: RawWriterMetadata, setVolumes: Set<string>, volumes: SelectionVolume[], env: NodeJS.ProcessEnv = process.env): boolean {
  const nodes: Node[] = writer.components.map((c) => ({ component: c, fullPath: fullPathOf(c), topLevel: true, excluded: false }));
  for (const n of nodes) n.topLevel = !nodes.some((m) => m !== n && isAncestor(m, n));
  for (const n of nodes) {
    n.excluded = filesOf(n.component).some((f) => !setVolumes.has(volumeOfPath(f.path, volumes, env)));
  }
  for (const n of nodes) {
    if (!n.excluded && nodes.some((d) => d.excluded && isAncestor(n, d))) n.excluded = true;
  }
  const includable = (n: Node) => !n.excluded && (n.component.selectable || n.topLevel);
  if (!nodes.some(includable)) return false;
  return !nodes.some((n) => n.topLevel && !n.component.selectable && n.excluded);
}

/** The instance ids of the writers that take part in a shadow copy of `setVolumes` (GUID paths). */
export function selectWriters(metadata: RawWriterMetadata[], setVolumes: string[], volumes: SelectionVolume[], env: NodeJS.ProcessEnv = process.env): Set<string> {
  const set = new Set(setVolumes.map((v) => v.toLowerCase()));
  return new Set(metadata.filter((w) => writerTakesPart(w, set, volumes, env)).map((w) => w.instanceId.toLowerCase()));
}
