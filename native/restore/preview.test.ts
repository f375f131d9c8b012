import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FolderSource } from '../testing/folder-source.js';
import { inProcessApi } from '../testing/in-process-api.js';
import { assertNoLeaks, freshMachine } from '../testing/sim-machine.js';
import { SYMLINK_SKIP } from '../testing/symlink-support.js';
import { AppError } from '../vss/app-error.js';
import { IMAGE_PREVIEW_LIMIT, TEXT_PREVIEW_BYTES, preview } from './preview.js';
import { localStamp } from './compare.js';

let src: FolderSource | undefined;
afterEach(() => {
  src?.dispose();
  src = undefined;
});

const day = (d: number): Date => new Date(`2026-11-${String(d).padStart(2, '0')}T09:00:00Z`);
const code = (want: string) => (e: unknown) => e instanceof AppError && e.code === want;

function put(s: FolderSource, rel: string, data: string | Buffer, mtime = day(1)): string {
  const file = path.join(s.liveRoot('C'), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
  utimesSync(file, mtime, mtime);
  return file;
}

/** A real 1×1 PNG, as Paint would write one. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de' +
    '0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082',
  'hex',
);

test('preview: a UTF-8 text file in a copy shows the copy\'s text, not today\'s, with its size and time', async () => {
  src = new FolderSource();
  put(src, 'Users/ana/report.txt', 'Quarterly report\r\nCaffè e appunti ✓\r\n', day(1));
  const shadow = src.snapshot('C', day(2));
  put(src, 'Users/ana/report.txt', 'rewritten today\n', day(3));

  const p = await preview(src, { path: 'C:\\Users\\ana\\report.txt', source: { shadowId: shadow.id } });
  assert.equal(p.kind, 'text');
  if (p.kind !== 'text') return;
  assert.equal(p.text, 'Quarterly report\r\nCaffè e appunti ✓\r\n');
  assert.equal(p.encoding, 'utf-8');
  assert.equal(p.truncated, false);
  assert.equal(p.path, 'C:\\Users\\ana\\report.txt');
  assert.equal(p.size, Buffer.byteLength('Quarterly report\r\nCaffè e appunti ✓\r\n'));
  assert.equal(p.modifiedAt, day(1).toISOString());

  const now = await preview(src, { path: 'c:/Users/ana/report.txt', source: 'live' });
  assert.equal(now.kind === 'text' && now.text, 'rewritten today\n', 'the live side reads what is there now');
});

test('preview: UTF-16 LE and BE with a byte order mark, UTF-8 with a BOM, and ANSI (Windows-1252) text decode', async () => {
  src = new FolderSource();
  const words = 'Perché no? Ça va. 日本\r\n';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(words, 'utf16le')]);
  const be = Buffer.from(le.subarray(2)).swap16();
  put(src, 'le.txt', le);
  put(src, 'be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  put(src, 'bom8.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(words, 'utf8')]));
  put(src, 'ansi.txt', Buffer.from([0x43, 0x61, 0x66, 0x66, 0xe8, 0x20, 0x80, 0x35, 0x0d, 0x0a])); // "Caffè €5" in cp1252
  const shadow = src.snapshot('C', day(2));
  const at = (name: string) => preview(src!, { path: `C:\\${name}`, source: { shadowId: shadow.id } });

  for (const [name, encoding] of [['le.txt', 'utf-16le'], ['be.txt', 'utf-16be'], ['bom8.txt', 'utf-8']] as const) {
    const p = await at(name);
    assert.equal(p.kind, 'text', name);
    if (p.kind !== 'text') continue;
    assert.equal(p.encoding, encoding, name);
    assert.equal(p.text, words, `${name}: the byte order mark is not part of the text`);
  }
  const ansi = await at('ansi.txt');
  assert.deepEqual(ansi.kind === 'text' && { text: ansi.text, encoding: ansi.encoding }, { text: 'Caffè €5\r\n', encoding: 'windows-1252' });
});

test('preview: a long text is cut at the limit and says so; a character split by the cut is dropped, not garbled', async () => {
  src = new FolderSource();
  const line = 'è'.repeat(99) + '\n'; // 199 bytes per line: the cut lands inside a two-byte character
  const big = line.repeat(Math.ceil((TEXT_PREVIEW_BYTES * 2) / Buffer.byteLength(line)));
  put(src, 'log.txt', big);
  put(src, 'wide.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab'.repeat(5000), 'utf16le')]));
  const shadow = src.snapshot('C', day(2));

  const p = await preview(src, { path: 'C:\\log.txt', source: { shadowId: shadow.id } });
  assert.equal(p.kind, 'text');
  if (p.kind !== 'text') return;
  assert.equal(p.truncated, true);
  assert.equal(p.shownBytes, TEXT_PREVIEW_BYTES);
  assert.equal(p.size, Buffer.byteLength(big));
  assert.ok(big.startsWith(p.text), 'what is shown is exactly the start of the file');
  assert.ok(!p.text.includes('\ufffd'));
  assert.ok(Buffer.byteLength(p.text) > TEXT_PREVIEW_BYTES - 2);

  const small = await preview(src, { path: 'C:\\log.txt', source: { shadowId: shadow.id }, maxBytes: 1001 });
  assert.ok(small.kind === 'text' && small.truncated && small.shownBytes === 1001 && big.startsWith(small.text));
  const wide = await preview(src, { path: 'C:\\wide.txt', source: { shadowId: shadow.id }, maxBytes: 1001 });
  assert.equal(wide.kind === 'text' && wide.text, `${'ab'.repeat(249)}a`, 'UTF-16 is cut on a whole character (BOM + 499 characters)');
});

test('preview: an image comes as its bytes with the type its content says; a fake .png is not an image', async () => {
  src = new FolderSource();
  put(src, 'Pictures/dot.png', PNG);
  put(src, 'Pictures/photo.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]));
  put(src, 'Pictures/not-really.png', 'just words\n');
  put(src, 'Pictures/logo.svg', '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n');
  const shadow = src.snapshot('C', day(2));
  const at = (name: string) => preview(src!, { path: `C:\\Pictures\\${name}`, source: { shadowId: shadow.id } });

  const png = await at('dot.png');
  assert.equal(png.kind, 'image');
  if (png.kind !== 'image') return;
  assert.equal(png.mime, 'image/png');
  assert.equal(png.truncated, false);
  assert.deepEqual(Buffer.from(png.dataBase64, 'base64'), PNG, 'byte for byte');
  assert.equal(png.size, PNG.length);
  const jpg = await at('photo.jpg');
  assert.equal(jpg.kind === 'image' && jpg.mime, 'image/jpeg');
  assert.equal((await at('not-really.png')).kind, 'text', 'the name does not make it an image');
  const svg = await at('logo.svg');
  assert.equal(svg.kind === 'image' && svg.mime, 'image/svg+xml', 'SVG goes to an <img>, where scripts never run');
});

test('preview: binary data, a folder and an image above the limit give facts, not content', async () => {
  src = new FolderSource();
  put(src, 'app.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]));
  put(src, 'controls.dat', Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41))));
  put(src, 'big.png', PNG.subarray(0, 16));
  put(src, 'Docs/a.txt', 'a');
  const shadow = src.snapshot('C', day(2));
  // Grow the frozen image past the limit sparsely (its PNG signature stays), rather than write 8 MiB.
  truncateSync(path.join(src.shadowRoot(shadow), 'big.png'), IMAGE_PREVIEW_LIMIT + 1);
  const at = (name: string) => preview(src!, { path: `C:\\${name}`, source: { shadowId: shadow.id } });

  const exe = await at('app.exe');
  assert.deepEqual({ kind: exe.kind, size: exe.size }, { kind: 'binary', size: 9 });
  assert.equal((await at('controls.dat')).kind, 'binary', 'no NUL, but a third of the bytes are control characters');
  const folder = await at('Docs');
  assert.deepEqual({ kind: folder.kind, size: folder.size, path: folder.path }, { kind: 'folder', size: 0, path: 'C:\\Docs' });
  const big = await at('big.png');
  assert.equal(big.kind, 'too-large');
  if (big.kind !== 'too-large') return;
  assert.equal(big.size, IMAGE_PREVIEW_LIMIT + 1);
  assert.equal(big.limit, IMAGE_PREVIEW_LIMIT);
  assert.ok(!('dataBase64' in big));
});

test('preview: a file deleted since the copy still previews from the copy; now it is NOT_FOUND, in words', async () => {
  src = new FolderSource();
  put(src, 'Desktop/todo.txt', 'TODO\n[ ] book train tickets\n');
  const shadow = src.snapshot('C', day(2));
  unlinkSync(path.join(src.liveRoot('C'), 'Desktop', 'todo.txt'));

  const p = await preview(src, { path: 'C:\\Desktop\\todo.txt', source: { shadowId: shadow.id } });
  assert.equal(p.kind === 'text' && p.text, 'TODO\n[ ] book train tickets\n');
  await assert.rejects(preview(src, { path: 'C:\\Desktop\\todo.txt', source: 'live' }), (e: unknown) =>
    code('NOT_FOUND')(e) && (e as AppError).message.includes('C:\\Desktop\\todo.txt'));
  await assert.rejects(preview(src, { path: 'C:\\Desktop\\never.txt', source: { shadowId: shadow.id } }), (e: unknown) =>
    code('NOT_FOUND')(e) && (e as AppError).message.includes(localStamp(shadow.createdAt)));
});

test('preview: ".." and other escapes, unknown copies and copies of another volume are refused before anything is read', async () => {
  src = new FolderSource(['C', 'D']);
  put(src, 'a.txt', 'x');
  const c = src.snapshot('C', day(2));
  const d = src.snapshot('D', day(2));
  writeFileSync(path.join(src.base, 'secret.txt'), 'not yours');
  for (const bad of ['C:\\..\\secret.txt', 'C:\\Users\\..\\..\\secret.txt', 'C:/../secret.txt', 'C:\\a.txt:stream', '\\\\server\\share\\a.txt', 'C:\\con']) {
    await assert.rejects(preview(src, { path: bad, source: { shadowId: c.id } }), code('PATH_REJECTED'), bad);
    await assert.rejects(preview(src, { path: bad, source: 'live' }), code('PATH_REJECTED'), bad);
  }
  await assert.rejects(preview(src, { path: 'C:\\a.txt', source: { shadowId: '{deadbeef-0000-0000-0000-000000000000}' } }), code('SHADOW_NOT_FOUND'));
  await assert.rejects(preview(src, { path: 'C:\\a.txt', source: { shadowId: d.id } }), code('WRONG_VOLUME'));
});

test('preview: a link inside a copy is shown as a link and never followed, and a path through a linked folder that leads out is refused', { skip: SYMLINK_SKIP }, async () => {
  src = new FolderSource();
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'shadowdesk-preview-outside-'));
  try {
    writeFileSync(path.join(elsewhere, 'secret.txt'), 'outside the volume');
    put(src, 'keep.txt', 'k');
    const shadow = src.snapshot('C', day(2));
    const root = src.shadowRoot(shadow);
    symlinkSync(path.join(elsewhere, 'secret.txt'), path.join(root, 'link.txt'), 'file');
    symlinkSync(elsewhere, path.join(root, 'out'), 'dir');

    const link = await preview(src, { path: 'C:\\link.txt', source: { shadowId: shadow.id } });
    assert.equal(link.kind, 'link');
    assert.ok(!JSON.stringify(link).includes('outside the volume'), 'the target\'s content never appears');
    await assert.rejects(preview(src, { path: 'C:\\out\\secret.txt', source: { shadowId: shadow.id } }), code('PATH_REJECTED'));
    assert.equal(readFileSync(path.join(elsewhere, 'secret.txt'), 'utf8'), 'outside the volume');
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('preview through the contract on the simulated machine: the demo photo from a copy, a deleted file, and bad input refused', async () => {
  const m = freshMachine();
  const host = inProcessApi(m);
  try {
    const copy = m.client.listShadows({ volume: 'C:' }).at(-1)!;
    const frozen = readFileSync(path.join(m.sim.deviceFolder(copy.deviceObject), 'Users', 'ana', 'Pictures', 'holiday.png'));
    const photo = await host.api.preview({ path: 'C:\\Users\\ana\\Pictures\\holiday.png', source: { shadowId: copy.id } });
    assert.equal(photo.kind, 'image');
    assert.ok(photo.kind === 'image' && Buffer.from(photo.dataBase64, 'base64').equals(frozen), 'the copy\'s bytes, whole');
    const todo = await host.api.preview({ path: 'C:\\Users\\ana\\Desktop\\todo.txt', source: { shadowId: copy.id } });
    assert.ok(todo.kind === 'text' && todo.text.startsWith('TODO\r\n'), 'deleted since, still readable from the copy');
    await assert.rejects(host.api.preview({ path: 'C:\\Users\\ana\\Desktop\\todo.txt', source: 'live' }), /does not exist now/);
    const invalid = (e: unknown) => (e as { data?: { code?: string } }).data?.code === 'INVALID_INPUT';
    await assert.rejects(host.api.preview({ path: 'C:\\a.txt', source: 'live', maxBytes: 64 * 1024 * 1024 }), invalid, 'above the 4 MiB text cap');
    await assert.rejects(host.api.preview({ path: 'C:\\a.txt', source: { shadowId: '' } }), invalid);
  } finally {
    host.dispose();
    assertNoLeaks(m.sim);
    m.dispose();
  }
});
