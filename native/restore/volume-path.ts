import { realpathSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../vss/app-error.js';

/** A path on a volume, split the way every restore operation takes it. */
export interface VolumePath {
  /** `C:\` */
  volume: string;
  /** Volume-relative path with backslashes and no leading separator; '' is the volume root. */
  relative: string;
}

const INVALID_CHARS = /[<>"|?*]/;
const hasControlChar = (s: string): boolean => [...s].some((ch) => ch.charCodeAt(0) < 0x20);
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function rejected(what: string, why: { en: string; it: string }): AppError {
  return new AppError('PATH_REJECTED', { en: `The path "${what}" was refused: ${why.en}`, it: `Il percorso "${what}" è stato rifiutato: ${why.it}` });
}

/**
 * Normalizes a volume-relative path and refuses anything that could name a place outside the volume
 * or mean something else to Windows: `..`, absolute and drive paths, UNC and device paths, alternate
 * data streams, reserved device names, and names Windows would silently alter (trailing dot or space).
 * Both slashes are accepted. Returns the path's segments.
 */
export function normalizeRelative(text: string): string[] {
  const t = text.replace(/\//g, '\\');
  if (t.startsWith('\\\\')) throw rejected(text, { en: 'network (UNC) and device paths are not allowed here.', it: 'i percorsi di rete (UNC) e di dispositivo non sono ammessi qui.' });
  if (/^[a-z]:/i.test(t)) throw rejected(text, { en: 'give a path inside the volume, without a drive letter.', it: "indicare un percorso all'interno del volume, senza lettera di unità." });
  const segments: string[] = [];
  for (const seg of t.split('\\')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw rejected(text, { en: '".." may not be used to leave a folder.', it: '".." non può essere usato per uscire da una cartella.' });
    if (seg.includes(':')) throw rejected(text, { en: 'alternate data streams (":") are not allowed.', it: 'i flussi di dati alternativi (":") non sono ammessi.' });
    if (INVALID_CHARS.test(seg) || hasControlChar(seg)) throw rejected(text, { en: `"${seg}" contains characters Windows does not allow in names.`, it: `"${seg}" contiene caratteri non ammessi da Windows nei nomi.` });
    if (RESERVED.test(seg)) throw rejected(text, { en: `"${seg}" is a reserved device name.`, it: `"${seg}" è un nome di dispositivo riservato.` });
    if (/[. ]$/.test(seg)) throw rejected(text, { en: `"${seg}" ends with a dot or a space, which Windows would drop.`, it: `"${seg}" termina con un punto o uno spazio, che Windows eliminerebbe.` });
    segments.push(seg);
  }
  return segments;
}

/**
 * Splits a full path as people type it (`C:\Users\ana\report.docx`, `c:/Users/ana`, `C:`) into its
 * volume and its normalized volume-relative part.
 */
export function parseVolumePath(text: string): VolumePath {
  const t = text.trim().replace(/\//g, '\\');
  const m = /^([a-z]):(\\.*)?$/i.exec(t);
  if (!m) {
    throw rejected(text, { en: 'give a full path that starts with a drive letter, like C:\\Users\\ana\\report.docx.', it: "indicare un percorso completo che inizi con la lettera di unità, come C:\\Users\\ana\\report.docx." });
  }
  return { volume: `${m[1]!.toUpperCase()}:\\`, relative: normalizeRelative(m[2] ?? '').join('\\') };
}

/** `C:\` + `Users\ana` → `C:\Users\ana`. */
export function formatVolumePath(p: VolumePath): string {
  return p.relative ? `${p.volume}${p.relative}` : p.volume;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Maps normalized segments onto a native root folder (a shadow copy's or a live volume's) and proves
 * the result stays inside it: the deepest part of the path that exists is resolved through symlinks
 * and junctions, and a path that leads out of the root is refused before any file is opened.
 */
export function resolveInside(root: string, segments: string[]): string {
  const target = path.join(root, ...segments);
  const realRoot = realpathSync.native(root);
  let probe = target;
  for (;;) {
    try {
      const real = realpathSync.native(probe);
      if (!isInside(realRoot, real)) {
        throw rejected(segments.join('\\'), { en: 'it leads outside the volume through a link or junction.', it: "porta fuori dal volume attraverso un collegamento o una giunzione." });
      }
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = path.dirname(probe);
      if (parent === probe || !isInside(root, parent)) return target;
      probe = parent;
    }
  }
}
