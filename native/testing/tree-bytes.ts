import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Total size of the regular files below `dir`: what one frozen copy of it costs in the stand-in. */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}
