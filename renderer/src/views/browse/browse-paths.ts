/*
 * Browse keeps folders volume-relative ('' is the root, `Users\ana` below it), as the browse
 * operation takes them; people and the other operations see full paths (`C:\Users\ana`).
 */

/** The volume-relative folder as its parts; '' is the root. */
export function parts(folder: string): string[] {
  return folder === '' ? [] : folder.split('\\');
}

/** The folder above; the root's parent is the root. */
export function parentOf(folder: string): string {
  return parts(folder).slice(0, -1).join('\\');
}

/** A folder inside another: `Users` + `ana` → `Users\ana`. */
export function childOf(folder: string, name: string): string {
  return folder === '' ? name : `${folder}\\${name}`;
}

/** The root and every folder down to `folder`, top first: `a\b` → ['', 'a', 'a\b']. */
export function lineage(folder: string): string[] {
  const p = parts(folder);
  return ['', ...p.map((_, i) => p.slice(0, i + 1).join('\\'))];
}

/** `C:\` + `Users\ana` + `todo.txt` → `C:\Users\ana\todo.txt`; without a name, the folder itself. */
export function fullPath(volume: string, folder: string, name = ''): string {
  const root = volume.endsWith('\\') ? volume : `${volume}\\`;
  return root + [...parts(folder), ...(name ? [name] : [])].join('\\');
}
