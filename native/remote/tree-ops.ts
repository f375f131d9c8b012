import type { InputOf } from '../contract/operations.js';
import type { HostSession } from '../host/host-session.js';
import type { FileTree, TreeStat } from '../restore/file-tree.js';
import { readTreeAt, requireShadow } from '../restore/fs-common.js';
import type { ShadowSource } from '../restore/shadow-source.js';
import { AppError } from '../vss/app-error.js';
import type { TreeListResult, TreeReadResult, TreeRef, TreeStatResult } from './computer-types.js';

/*
 * The tree operations another computer's ShadowDesk calls on this one to read a copy's files for
 * "Restore to… this computer". They only read, through the same FileTrees the restore engine reads
 * (which keep every rule: links described and never followed, every folder proven to stay inside its
 * root), over whatever the host works on now (this computer, or an open disk image).
 */

/**
 * The segments again, checked here too: the contract's schema already refuses separators, `.` and
 * `..`, but these operations hand out a computer's files to whoever holds its ssh key, so the rule is
 * kept where the files are read, not only where the request is parsed.
 */
function checked(segments: readonly string[]): string[] {
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || /[\\/\0]/.test(s)) {
      throw new AppError('PATH_REJECTED', {
        en: `The name "${s}" was refused: one name of a folder or file is expected, without separators.`,
        it: `Il nome "${s}" è stato rifiutato: è atteso un solo nome di cartella o file, senza separatori.`,
      });
    }
  }
  return [...segments];
}

/** `c:`, `C:\` → `C:\`, as the sources name volumes; anything else is passed on for the source to refuse in words. */
function volumeName(volume: string): string {
  const m = /^([a-z]):\\?$/i.exec(volume.trim());
  return m ? `${m[1]!.toUpperCase()}:\\` : volume;
}

function treeOf(source: ShadowSource, ref: TreeRef): FileTree {
  return 'shadowId' in ref ? source.shadowTree(requireShadow(source, ref.shadowId)) : source.liveTree(volumeName(ref.volume));
}

/**
 * A stat as plain data: the trees' stats may be classes whose fields are getters (FsStat reads
 * Windows attributes on first use), which a JSON boundary would drop.
 */
function plainStat(s: TreeStat): TreeStat {
  return {
    kind: s.kind, size: s.size, mtimeMs: s.mtimeMs, atimeMs: s.atimeMs, birthtimeMs: s.birthtimeMs,
    attributes: s.attributes, mode: s.mode, ...(s.streams ? { streams: s.streams.map((x) => ({ name: x.name, size: x.size })) } : {}),
  };
}

/** A folder's entries in one tree of this computer (a copy, or a volume now); read-only. */
export async function treeList(session: HostSession, i: InputOf<'treeList'>): Promise<TreeListResult> {
  return session.use(async ({ source }) => {
    const entries = await treeOf(source, i.tree).readdir(checked(i.segments));
    return { entries: Array.isArray(entries) ? entries.map((e) => ({ name: e.name, kind: e.kind })) : entries };
  });
}

/** One entry of a tree, a link described (with its target as stored), never followed; read-only. */
export async function treeStat(session: HostSession, i: InputOf<'treeStat'>): Promise<TreeStatResult> {
  return session.use(async ({ source }) => {
    const tree = treeOf(source, i.tree);
    const segments = checked(i.segments);
    const stat = await tree.stat(segments);
    return { stat: stat ? plainStat(stat) : null, link: stat?.kind === 'link' ? await tree.readlink(segments) : null };
  });
}

/**
 * Up to `length` bytes of a regular file from `offset`, base64 (the protocol is JSON lines), and
 * whether they reach the end of the file: a read that fills `length` looks one byte further, so the
 * caller never needs a call that returns nothing to learn the end. Read-only; a link or folder is
 * refused by the tree (NOT_A_FILE).
 */
export async function treeRead(session: HostSession, i: InputOf<'treeRead'>): Promise<TreeReadResult> {
  return session.use(async ({ source }) => {
    const file = await treeOf(source, i.tree).open(checked(i.segments));
    try {
      const data = await readTreeAt(file, i.length, i.offset);
      const eof = data.length < i.length || (await file.read(Buffer.alloc(1), 0, 1, i.offset + data.length)) === 0;
      return { data: data.toString('base64'), eof };
    } finally {
      await file.close();
    }
  });
}
