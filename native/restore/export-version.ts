import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';
import { localStamp } from './compare.js';
import type { FileTree, TreeStat } from './file-tree.js';
import { hashFile, hashTreeFile, lstatOrNull } from './fs-common.js';
import { shadowOnVolume } from './fs-common.js';
import { notFound } from './preview.js';
import type { ShadowSource } from './shadow-source.js';
import { formatVolumePath, parseVolumePath } from './volume-path.js';

/** Options of {@link exportVersion}: one file of one shadow copy. */
export interface ExportOptions {
  shadowId: string;
  /** Full path, `C:\Users\ana\report.txt`. */
  path: string;
}

/** The folder of ShadowDesk's data folder that holds the read-only copies handed to other programs. */
export const OPENED_FOLDER = 'opened';

const CHUNK = 1024 * 1024;
/** Read-only copies not asked for in this long are removed: they are handed over, not kept. */
export const OPENED_KEEP_MS = 7 * 24 * 3600 * 1000;

/**
 * Copies one file of a shadow copy to `<dataDir>/opened/<key>/<its name>`, read-only and with its
 * modified time, so another program (its default application, or Explorer after a drag) can open the
 * version without any way to mistake it for the live file or change the copy. The key is per copy and
 * path, so two versions of one file never meet, and asking again reuses the identical export: a
 * document still open in Word keeps working. It writes only inside ShadowDesk's data folder; the path
 * is confined to the copy and a link is never followed.
 */
export async function exportVersion(source: ShadowSource, dataDir: string, opts: ExportOptions): Promise<{ file: string }> {
  const vp = parseVolumePath(opts.path);
  const segments = vp.relative ? vp.relative.split('\\') : [];
  const shown = formatVolumePath(vp);
  const shadow = shadowOnVolume(source, opts.shadowId, vp.volume);
  const name = segments.at(-1);
  if (name === undefined) throw notAFile(shown, 'folder');
  const tree = source.shadowTree(shadow);
  // The parent is proven to stay inside the copy; the item itself is described, never followed.
  const stats = await tree.stat(segments);
  if (!stats) throw notFound(shown, shadow);
  if (stats.kind === 'link') throw notAFile(shown, 'link');
  if (stats.kind === 'folder') throw notAFile(shown, 'folder');

  const key = createHash('sha256').update(`${shadow.id.toLowerCase()}|${vp.volume}|${vp.relative.toLowerCase()}`).digest('hex').slice(0, 20);
  const folder = path.join(dataDir, OPENED_FOLDER, key);
  const file = path.join(folder, name);
  await pruneOpened(path.join(dataDir, OPENED_FOLDER), key, Date.now() - OPENED_KEEP_MS);
  await mkdir(folder, { recursive: true });
  // The folder's time says when its copy was last asked for (see pruneOpened).
  const now = new Date();
  await utimes(folder, now, now).catch(() => undefined);
  const existing = await lstatOrNull(file);
  if (existing && (await sameExport(existing, file, stats, tree, segments))) return { file };

  const temp = path.join(folder, `.${randomBytes(6).toString('hex')}.partial`);
  let input;
  try {
    input = await tree.open(segments);
  } catch (err) {
    // The item was swapped for something else between the stat and the open: copy only a regular file.
    if (err instanceof AppError && err.code === 'NOT_A_FILE') throw notAFile(shown, 'other');
    throw err;
  }
  try {
    const output = await open(temp, 'wx');
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (let position = 0; ; ) {
        const bytesRead = await input.read(buf, 0, buf.length, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        let off = 0;
        while (off < bytesRead) off += (await output.write(buf, off, bytesRead - off)).bytesWritten;
      }
    } finally {
      await output.close();
    }
    // Times first: Windows refuses to set the times of a file once it is read-only.
    // Seconds as numbers keep the sub-millisecond part a Date would round away.
    await utimes(temp, stats.atimeMs / 1000, stats.mtimeMs / 1000);
    if (existing) {
      // A different file under this name (edited after its read-only bit was cleared): replaced.
      await chmod(file, 0o644).catch(() => undefined);
      await unlink(file).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw inUse(shown, shadow.createdAt);
      });
    }
    await rename(temp, file);
    await chmod(file, 0o444);
    return { file };
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  } finally {
    await input.close();
  }
}

/**
 * Removes the read-only copies last asked for before `cutoff`, so the data folder does not grow with
 * every file ever opened. Best effort: a copy still open in its application (Windows refuses to
 * delete it) stays until a later pass.
 */
async function pruneOpened(opened: string, keep: string, cutoff: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(opened);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === keep) continue;
    const dir = path.join(opened, name);
    try {
      const st = await stat(dir);
      if (!st.isDirectory() || st.mtimeMs >= cutoff) continue;
      for (const f of await readdir(dir)) await chmod(path.join(dir, f), 0o644);
      await rm(dir, { recursive: true });
    } catch {
      // In use or already gone: left for a later pass.
    }
  }
}

/** The export already there is this version: same size and time, same bytes, still read-only. */
async function sameExport(existing: Stats, file: string, source: TreeStat, tree: FileTree, segments: string[]): Promise<boolean> {
  if (!existing.isFile() || existing.size !== source.size || Math.floor(existing.mtimeMs) !== Math.floor(source.mtimeMs)) return false;
  if ((existing.mode & 0o222) !== 0) return false;
  return (await hashFile(file)) === (await hashTreeFile(tree, segments));
}

function notAFile(shown: string, what: 'folder' | 'link' | 'other'): AppError {
  const text = {
    folder: {
      en: `"${shown}" is a folder. Only a file can be opened or dragged out; open the folder to pick its files, or restore it.`,
      it: `"${shown}" è una cartella. Solo un file può essere aperto o trascinato fuori; aprire la cartella per sceglierne i file, oppure ripristinarla.`,
    },
    link: {
      en: `"${shown}" is a link or junction. ShadowDesk never follows links in a copy.`,
      it: `"${shown}" è un collegamento o una giunzione. ShadowDesk non segue mai i collegamenti in una copia.`,
    },
    other: {
      en: `"${shown}" is not a regular file, so it cannot be opened.`,
      it: `"${shown}" non è un file normale, quindi non può essere aperto.`,
    },
  }[what];
  return new AppError('NOT_A_FILE', text);
}

function inUse(shown: string, createdAt: string): AppError {
  return new AppError('IN_USE', {
    en: `An earlier read-only copy of "${shown}" (copy of ${localStamp(createdAt)}) is open in another program. Close it and try again.`,
    it: `Una copia di sola lettura precedente di "${shown}" (copia del ${localStamp(createdAt)}) è aperta in un altro programma. Chiuderla e riprovare.`,
  });
}
