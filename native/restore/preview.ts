import { AppError } from '../vss/app-error.js';
import { localStamp } from './compare.js';
import type { TreeStat } from './file-tree.js';
import { readTreeAt, shadowOnVolume } from './fs-common.js';
import type { ShadowInfo, ShadowSource } from './shadow-source.js';
import type { ImageMime, Preview, PreviewFacts, TextEncodingName } from './types.js';
import { formatVolumePath, parseVolumePath } from './volume-path.js';

/** Options of {@link preview}: one path, seen in a shadow copy or as it is now. */
export interface PreviewOptions {
  /** Full path, `C:\Users\ana\report.txt`. */
  path: string;
  source: 'live' | { shadowId: string };
  /** Most bytes of text to read; {@link TEXT_PREVIEW_BYTES} when absent, never above {@link TEXT_PREVIEW_MAX}. */
  maxBytes?: number;
}

/** Enough text to recognise a document; a preview is a glance, not an editor. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;
/** The most text a caller may ask for: the window must stay responsive while it lays the text out. */
export const TEXT_PREVIEW_MAX = 4 * 1024 * 1024;
/** Images above this are not read: a photo this big is recognised by its name and date, not worth 11 MB of JSON. */
export const IMAGE_PREVIEW_LIMIT = 8 * 1024 * 1024;
/** How much of the start decides what a file is (NULs, magic numbers, an `<svg` tag). */
const SNIFF = 8 * 1024;
/** Above this share of control characters a file that decodes is still not text a person reads. */
const MAX_CONTROL_SHARE = 0.02;

/**
 * Shows one file or folder of a shadow copy (or of the volume now) the way a person checks it: text
 * decoded (UTF-8, UTF-16 with a byte order mark, or the Windows ANSI code page), images as bytes with a
 * type taken from their content, and facts for everything else. It only reads: paths are confined to
 * the copy, a link is reported and never followed, and big files are capped rather than read whole.
 */
export async function preview(source: ShadowSource, opts: PreviewOptions): Promise<Preview> {
  const vp = parseVolumePath(opts.path);
  const segments = vp.relative ? vp.relative.split('\\') : [];
  const shown = formatVolumePath(vp);
  const shadow = opts.source === 'live' ? null : shadowOnVolume(source, opts.source.shadowId, vp.volume);
  const tree = shadow ? source.shadowTree(shadow) : source.liveTree(vp.volume);
  // The parent is proven to stay inside the tree; the item itself is described, so a link is seen as one.
  const stats = await tree.stat(segments);
  if (!stats) throw notFound(shown, shadow);
  const facts = factsOf(shown, stats);
  if (stats.kind === 'link') return { ...facts, kind: 'link' };
  if (stats.kind === 'folder') return { ...facts, kind: 'folder', size: 0 };

  let file;
  try {
    file = await tree.open(segments);
  } catch (err) {
    // Swapped for something else between the stat and the open (not a regular file now): facts only.
    if (err instanceof AppError && err.code === 'NOT_A_FILE') return { ...facts, kind: 'binary' };
    throw err;
  }
  try {
    const now = facts;
    const size = stats.size;
    const head = await readTreeAt(file, Math.min(size, SNIFF));
    const mime = imageMime(head, size, vp.relative);
    if (mime) {
      if (size > IMAGE_PREVIEW_LIMIT) return { ...now, kind: 'too-large', limit: IMAGE_PREVIEW_LIMIT };
      const bytes = await readTreeAt(file, size);
      return { ...now, kind: 'image', mime, dataBase64: bytes.toString('base64'), truncated: false };
    }
    const encoding = bomEncoding(head);
    if (encoding === 'utf-32' || (encoding === null && head.includes(0))) return { ...now, kind: 'binary' };
    const limit = textLimit(opts.maxBytes, encoding);
    const wanted = Math.min(size, limit);
    const bytes = wanted <= head.length ? head.subarray(0, wanted) : await readTreeAt(file, wanted);
    const truncated = size > bytes.length;
    const text = decodeText(bytes, encoding, truncated);
    if (!text) return { ...now, kind: 'binary' };
    return { ...now, kind: 'text', text: text.text, encoding: text.encoding, truncated, shownBytes: bytes.length };
  } finally {
    await file.close();
  }
}

function factsOf(shown: string, s: TreeStat): PreviewFacts {
  return {
    path: shown,
    size: s.kind === 'folder' ? 0 : s.size,
    modifiedAt: new Date(s.mtimeMs).toISOString(),
    ...(s.streams && s.streams.length > 0 ? { streams: s.streams.map((x) => ({ name: x.name, size: x.size })) } : {}),
  };
}

const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/**
 * The image type from the file's first bytes (a `.png` that is really text stays text), and SVG from
 * its name plus an `<svg` tag near the start. SVG is only ever shown as an `<img>`, where scripts do
 * not run.
 */
export function imageMime(head: Buffer, size: number, relative: string): ImageMime | null {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (head.subarray(0, 6).toString('latin1') === 'GIF87a' || head.subarray(0, 6).toString('latin1') === 'GIF89a') return 'image/gif';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  // "BM" alone starts plenty of text files; the header's own file size and DIB header size must agree.
  if (head.length >= 18 && starts([0x42, 0x4d]) && head.readUInt32LE(2) === size && BMP_HEADER_SIZES.has(head.readUInt32LE(14))) return 'image/bmp';
  if (/\.svg$/i.test(relative) && /<svg[\s>]/i.test(head.subarray(0, 4096).toString('utf8'))) return 'image/svg+xml';
  return null;
}

/** The encoding a byte order mark announces; UTF-32 is recognised only to be refused as text. */
function bomEncoding(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32' | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return head[2] === 0 && head[3] === 0 ? 'utf-32' : 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return 'utf-32';
  return null;
}

function textLimit(maxBytes: number | undefined, encoding: string | null): number {
  const asked = maxBytes === undefined || !Number.isFinite(maxBytes) ? TEXT_PREVIEW_BYTES : Math.floor(maxBytes);
  const limit = Math.min(TEXT_PREVIEW_MAX, Math.max(16, asked));
  // UTF-16 comes in pairs of bytes; an odd cut would leave half a character.
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? limit - (limit % 2) : limit;
}

/**
 * Decodes text strictly: with a BOM as it says, else UTF-8, else Windows-1252 (what Notepad saved as
 * "ANSI" for years). Undefined when it is not text a person reads. When the bytes were cut, a
 * character split by the cut is dropped (streaming decode) instead of failing the whole preview.
 */
function decodeText(bytes: Buffer, bom: 'utf-8' | 'utf-16le' | 'utf-16be' | null, truncated: boolean): { text: string; encoding: TextEncodingName } | undefined {
  const strict = (encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): string | undefined => {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: truncated });
    } catch {
      return undefined;
    }
  };
  if (bom) {
    const text = strict(bom);
    return text === undefined || tooManyControls(text) ? undefined : { text, encoding: bom };
  }
  const utf8 = strict('utf-8');
  if (utf8 !== undefined) return tooManyControls(utf8) ? undefined : { text: utf8, encoding: 'utf-8' };
  const ansi = decodeWindows1252(bytes);
  return tooManyControls(ansi) ? undefined : { text: ansi, encoding: 'windows-1252' };
}

/** 0x80–0x9F of Windows-1252; 0 where the code page leaves a byte undefined (kept as a C1 control). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Windows-1252 by hand: Node's TextDecoder('windows-1252') decodes as ISO-8859-1, which turns the
 * euro sign and curly quotes of every "ANSI" document into invisible control characters.
 */
function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (ch) => {
    const mapped = CP1252_HIGH[ch.charCodeAt(0) - 0x80]!;
    return mapped === 0 ? ch : String.fromCharCode(mapped);
  });
}

/** Control characters other than tab, line breaks, form feed and escape mean data, not prose. */
function tooManyControls(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls > Math.max(0, text.length * MAX_CONTROL_SHARE);
}

/** "Not in the copy of …" (or "does not exist now"), in both languages. */
export function notFound(shown: string, shadow: ShadowInfo | null): AppError {
  return shadow
    ? new AppError('NOT_FOUND', {
        en: `"${shown}" is not in the shadow copy of ${localStamp(shadow.createdAt)}.`,
        it: `"${shown}" non è nella copia shadow del ${localStamp(shadow.createdAt)}.`,
      })
    : new AppError('NOT_FOUND', { en: `"${shown}" does not exist now.`, it: `"${shown}" non esiste più.` });
}
